"""A stored response as a row: the one shape the dataset, the JSON API and every download read.

:func:`response_rows` reads the responses of some collections in the order they were sent (time, then id), in
batches of plain column tuples (``yield_per``), never ORM objects: a hundred thousand responses pass through
without the whole set in memory. Each becomes a :class:`ResponseRow`; its time is written one way everywhere,
RFC 3339 in UTC to the second (``2026-11-02T09:00:00Z``).

Example
-------
With a collection and two stored responses (see ``docs/survey.md``)::

    for batch in response_rows([collection]):
        for row in batch:
            row.as_dict()   # {"response_id": 1, "project": "P01", ..., "submitted_at": "2026-11-02T09:00:00Z"}

>>> from datetime import datetime
>>> utc_text(datetime(2026, 11, 2, 9, 0, 0, 123456))
'2026-11-02T09:00:00Z'
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from survey.db import db
from survey.models import Collection, Response

BATCH_ROWS = 5_000
"""Rows fetched from the database at a time."""


def utc_text(moment: datetime) -> str:
    """A stored (naive UTC) time as RFC 3339 text, to the second: ``2026-11-02T09:00:00Z``."""
    return moment.replace(microsecond=0).isoformat() + "Z"


def collection_names(collections: Sequence[Collection]) -> dict[int, str]:
    """The ``collection`` column, by collection id: the staff's own label, or the collection's number when it has
    none; a label two of the collections share gets the number too, so every name stands for one collection
    (the analysis tells release units apart by it)."""
    labels = [c.label for c in collections if c.label]
    return {
        c.id: (c.label if labels.count(c.label) == 1 else f"{c.label} #{c.id}") if c.label else f"#{c.id}"
        for c in collections
    }


@dataclass(frozen=True)
class ResponseRow:
    """One stored response, outside the database.

    ``sealed`` is the sealed pairing code (:mod:`survey.pairing_codes`): it never leaves the server, so
    :meth:`as_dict` leaves it out.
    """

    response_id: int
    project: str
    collection: str
    wave: str
    submitted_at: str
    language: str
    answers: dict[str, object]
    sealed: str | None = None

    def as_dict(self) -> dict[str, object]:
        """The row as the API writes it: metadata, then ``answers`` (item code -> answer)."""
        return {
            "response_id": self.response_id,
            "project": self.project,
            "collection": self.collection,
            "wave": self.wave,
            "submitted_at": self.submitted_at,
            "language": self.language,
            "answers": self.answers,
        }


def response_rows(
    collections: Sequence[Collection], *, offset: int = 0, limit: int | None = None
) -> Iterator[list[ResponseRow]]:
    """The responses of `collections` in the order they were sent, :data:`BATCH_ROWS` at a time.

    `offset` and `limit` give one page of them (the API's paged listing). The collections are read now, the
    responses as the batches are taken: a streamed download reads them after its view has returned.
    """
    about = _about(collections)
    query = select(
        Response.id,
        Response.collection_id,
        Response.submitted_at,
        Response.language,
        Response.answers,
        Response.sealed_pairing_code,
    )
    query = _in_order(query, about)
    if offset:
        query = query.offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return _read(query, about)


def sealed_codes(collections: Sequence[Collection]) -> Iterator[list[tuple[int, str, str, str | None]]]:
    """``(response id, collection, wave, sealed code)`` of every response, in the order of
    :func:`response_rows`, :data:`BATCH_ROWS` at a time: what pairing needs, without the answers."""
    about = _about(collections)
    query = _in_order(select(Response.id, Response.collection_id, Response.sealed_pairing_code), about)
    result = db.session.execute(query.execution_options(yield_per=BATCH_ROWS))
    for batch in result.partitions():
        yield [(i, about[c].collection, about[c].wave, sealed) for i, c, sealed in batch]


@dataclass(frozen=True)
class _About:
    """What a row takes from its collection (one string object shared by all its rows)."""

    project: str
    collection: str
    wave: str


def _about(collections: Sequence[Collection]) -> dict[int, _About]:
    names = collection_names(collections)
    return {c.id: _About(c.project.code, names[c.id], c.wave) for c in collections}


def _in_order(query, about: dict[int, _About]):
    return query.where(Response.collection_id.in_(list(about))).order_by(Response.submitted_at, Response.id)


def _read(query, about: dict[int, _About]) -> Iterator[list[ResponseRow]]:
    result = db.session.execute(query.execution_options(yield_per=BATCH_ROWS))
    for batch in result.partitions():
        yield [
            ResponseRow(
                response_id=response_id,
                project=about[collection_id].project,
                collection=about[collection_id].collection,
                wave=about[collection_id].wave,
                submitted_at=utc_text(submitted_at),
                language=sys.intern(language),
                answers=answers or {},
                sealed=sealed,
            )
            for response_id, collection_id, submitted_at, language, answers, sealed in batch
        ]
