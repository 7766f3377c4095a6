"""Respondent links: what the respondent pages need of a collection, read once every few seconds.

Every respondent request starts from its link's collection. Reading it from the database each time was the
largest single cost of a page view (a connection, a transaction and an ORM query), so each process keeps a
:class:`PublicCollection` snapshot per link for ``ARVIO_LINK_CACHE_SECONDS`` (default 5). Opening and closing
by the clock is decided from the snapshot's times at each request, so it is exact; a change made by staff (closing
early, new dates or texts) reaches the pages within those seconds, at once in the process that made it.
Sending answers never relies on the snapshot: :func:`survey.respond.responses.submit_draft` checks the collection
in the database, in the transaction that stores the response.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime

from flask import Flask, current_app, has_app_context
from sqlalchemy import event

from survey.collect.collections import find_by_token
from survey.models import Collection
from survey.models.collections import OpeningTimes

_CACHE = "arvio_public_collections"


@dataclass(frozen=True)
class PublicCollection(OpeningTimes):
    """A read-only copy of a collection's respondent-facing settings, safe to share between requests."""

    id: int
    token: str
    instrument_id: str
    instrument_version: str
    respondent_group: str
    languages: tuple[str, ...]
    opens_at: datetime
    closes_at: datetime | None
    closed_at: datetime | None
    retention_until: date | None
    ask_pairing_code: bool
    intro: dict[str, str]
    consent: dict[str, str]
    project_name: str = ""  # named on the start page, with the organiser
    organiser: str = ""  # the lead (or only) implementing organisation

    @classmethod
    def of(cls, collection: Collection) -> PublicCollection:
        project = collection.project
        organiser = project.lead or next(iter(project.organisations), None)
        return cls(
            id=collection.id,
            token=collection.token,
            instrument_id=collection.instrument_id,
            instrument_version=collection.instrument_version,
            respondent_group=collection.respondent_group,
            languages=tuple(collection.languages),
            opens_at=collection.opens_at,
            closes_at=collection.closes_at,
            closed_at=collection.closed_at,
            retention_until=collection.retention_until,
            ask_pairing_code=collection.ask_pairing_code,
            intro=dict(collection.intro or {}),
            consent=dict(collection.consent or {}),
            project_name=project.name,
            organiser=organiser.name if organiser else "",
        )


def find_public(token: str) -> PublicCollection | None:
    """The collection of the respondent link `token`, from this process's copy if it is fresh enough."""
    cache = current_app.extensions[_CACHE]
    now = time.monotonic()
    cached = cache.get(token)
    if cached is not None and now - cached[1] < current_app.config["ARVIO_LINK_CACHE_SECONDS"]:
        return cached[0]
    collection = find_by_token(token)
    if collection is None:
        return None  # not cached: random tokens must not fill the memory
    public = PublicCollection.of(collection)
    cache[token] = (public, now)
    return public


def _forget_changed(_mapper, _connection, collection: Collection) -> None:
    if has_app_context() and _CACHE in current_app.extensions:
        current_app.extensions[_CACHE].pop(collection.token, None)


def init_app(app: Flask) -> None:
    app.extensions[_CACHE] = {}
    if not event.contains(Collection, "after_update", _forget_changed):
        event.listen(Collection, "after_update", _forget_changed)
        event.listen(Collection, "after_delete", _forget_changed)
