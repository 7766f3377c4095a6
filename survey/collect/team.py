"""What a project team does with its collections beyond creating them: open one now, close and reopen it, copy it
to a new wave, see whether its link can be handed out, and follow the responses day by day. Each function commits
its own unit of work."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from instruments.loader import version_key
from instruments.model import Instrument
from survey.accounts import audit
from survey.collect.collections import CollectionError, close_collection, create_collection, set_retention
from survey.db import db, utcnow
from survey.models import Collection, CollectionStatus, Project, Response, User
from survey.questionnaires import library

MAX_DAYS = 120
"""Days shown in the daily counts; a longer collection shows its last days."""


def library_instruments(respondent_group: str | None = None) -> list[Instrument]:
    """Instruments of the app's library (all versions), optionally of one respondent group only."""
    found = list(library()) if hasattr(library(), "__iter__") else []
    return [i for i in found if respondent_group in (None, "", i.respondent_group.value)]


def respondent_group_names() -> dict[str, str]:
    """Respondent groups as the staff pages name them, in the order forms list them."""
    return {
        "children": _("Children (about 8–12)"),
        "youth": _("Young people (13–29)"),
        "parents": _("Parents and guardians"),
        "professionals": _("Professionals"),
        "adults": _("Adults"),
        "other": _("Other respondents"),
    }


def newest_versions(instruments: list[Instrument]) -> list[Instrument]:
    """The newest version of each questionnaire: what a new collection is offered (older versions stay in the
    library for the collections and responses that name them)."""
    newest: dict[str, Instrument] = {}
    for instrument in instruments:
        known = newest.get(instrument.id)
        if known is None or version_key(instrument.version) > version_key(known.version):
            newest[instrument.id] = instrument
    return sorted(newest.values(), key=lambda i: i.id)


def offered_instruments(project: Project, every_group: bool = False) -> tuple[list[Instrument], bool]:
    """The questionnaires the new-collection form offers the project, and whether they are filtered: those for
    the respondent groups the register gives for the project, or every questionnaire when it gives none (or
    when `every_group` is asked for)."""
    every = newest_versions(library_instruments())
    groups = set(project.respondent_groups or ())
    if every_group or not groups:
        return every, False
    return [i for i in every if i.respondent_group.value in groups], True


LINK_READY = (CollectionStatus.OPEN, CollectionStatus.NOT_YET_OPEN)
"""Statuses in which the link, QR code and poster are handed out: open, or ready and waiting for its opening
time (the link then tells respondents when it opens)."""


def link_ready(collection: Collection, now: datetime | None = None) -> bool:
    return collection.status(now) in LINK_READY


def can_reopen(collection: Collection, now: datetime | None = None) -> bool:
    """A collection closed early by its team can be reopened within its period: before its planned closing time
    (if it has one) and before its retention date."""
    now = now or utcnow()
    return (
        collection.closed_at is not None
        and (collection.closes_at is None or now < collection.closes_at)
        and collection.retention_until is not None
        and collection.retention_until >= now.date()
    )


def close_now(collection: Collection, user: User | None, now: datetime | None = None) -> Collection:
    """Close early (drafts are deleted) and write it to the audit log."""
    if collection.status(now) is CollectionStatus.CLOSED:
        return collection
    close_collection(collection, now)
    audit.record(
        user, "collection.close", f"collection:{collection.id}", {"release": len(collection.reopenings) + 1}
    )
    return collection


def reopen_collection(collection: Collection, user: User | None, now: datetime | None = None) -> Collection:
    """Open a collection closed early again, within its period (:func:`can_reopen`), and audit it.

    The answers it had are published already and stay as they were; the answers given after reopening are a
    release unit of their own, kept out of the results until the collection closes again (docs/privacy.md).
    Raises :class:`CollectionError` (``status``) when it cannot be reopened.
    """
    now = now or utcnow()
    if not can_reopen(collection, now):
        raise CollectionError("status", "cannot reopen")
    closed_at = collection.closed_at
    collection.reopenings = [
        *(collection.reopenings or ()),
        {"closed_at": closed_at.isoformat(), "reopened_at": now.isoformat()},
    ]
    collection.closed_at = None
    db.session.commit()
    audit.record(
        user,
        "collection.reopen",
        f"collection:{collection.id}",
        {"closed_at": closed_at.isoformat(), "release": len(collection.reopenings) + 1},
    )
    return collection


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
