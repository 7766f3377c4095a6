"""What a project team does with its collections beyond creating and closing them: open one now, copy one to a
new wave, and follow the responses day by day. Each function commits its own unit of work."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from instruments.model import Instrument
from survey.collect.collections import CollectionError, create_collection, set_retention
from survey.db import db, utcnow
from survey.models import Collection, CollectionStatus, Response, User
from survey.questionnaires import library

MAX_DAYS = 120
"""Days shown in the daily counts; a longer collection shows its last days."""


def library_instruments(respondent_group: str | None = None) -> list[Instrument]:
    """Instruments of the app's library (all versions), optionally of one respondent group only."""
    found = list(library()) if hasattr(library(), "__iter__") else []
    return [i for i in found if respondent_group in (None, "", i.respondent_group.value)]


def open_collection(collection: Collection, retention_until: date | None = None, now: datetime | None = None):
    """Open now: give the retention date when it has none (required), and move the opening time to now.

    Raises :class:`CollectionError` for a collection that is closed or still has no retention date.
    """
    now = now or utcnow()
    if collection.status(now) is CollectionStatus.CLOSED:
        raise CollectionError("status", "closed")
    if retention_until is not None:
        set_retention(collection, retention_until)
    if collection.retention_until is None:
        raise CollectionError("retention_until", "required")
    if collection.opens_at > now:
        collection.opens_at = now
    db.session.commit()
    return collection


def copy_collection(collection: Collection, wave: str, *, created_by: User | None = None) -> Collection:
    """The same questionnaire and settings in a new wave, with a new link, opening now.

    The retention date is kept when it is still ahead; the closing time is not copied.
    """
    today = utcnow().date()
    retention = (
        collection.retention_until if collection.retention_until and collection.retention_until >= today else None
    )
    return create_collection(
        collection.project,
        collection.instrument_id,
        collection.instrument_version,
        wave=wave,
        languages=list(collection.languages),
        retention_until=retention,
        ask_pairing_code=collection.ask_pairing_code,
        intro=dict(collection.intro or {}),
        consent=dict(collection.consent or {}),
        label=collection.label,
        created_by=created_by,
    )


@dataclass(frozen=True)
class DailyCount:
    day: date
    responses: int


def daily_counts(collection: Collection, today: date | None = None) -> list[DailyCount]:
    """Responses per calendar day (UTC) from the opening day to today or the closing day, zeros included."""
    day_column = func.date(Response.submitted_at)
    query = select(day_column, func.count()).where(Response.collection_id == collection.id).group_by(day_column)
    counts = {_as_date(day): n for day, n in db.session.execute(query)}
    today = today or utcnow().date()
    end = collection.closed_at or collection.closes_at
    last = min(today, end.date()) if end else today
    first = min([collection.opens_at.date(), *counts])
    last = max([last, *counts])
    first = max(first, last - timedelta(days=MAX_DAYS - 1))
    return [DailyCount(day, counts.get(day, 0)) for day in _days(first, last)]


def _as_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])  # SQLite returns the day as text


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)
