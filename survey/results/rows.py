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
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_, select

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
    (the analysis tells release units apart by it; see :func:`release_name` for reopened collections)."""
    labels = [c.label for c in collections if c.label]
    return {
        c.id: (c.label if labels.count(c.label) == 1 else f"{c.label} #{c.id}") if c.label else f"#{c.id}"
        for c in collections
    }


def release_name(name: str, release: int) -> str:
    """The name of a collection's `release` (0 = the answers before it was first reopened): the answers given
    after the team reopened a collection are a release unit of their own, published when it closes again
    (docs/privacy.md), so they are named apart: ``Koulu X`` and ``Koulu X (2)``.

    >>> release_name("Koulu X", 0), release_name("Koulu X", 1)
    ('Koulu X', 'Koulu X (2)')
    """
    return name if release == 0 else f"{name} ({release + 1})"


class _Names:
    """The ``collection`` value of a response: its collection's name, with the release for reopened ones."""

    def __init__(self, collections: Sequence[Collection]) -> None:
        self.names = collection_names(collections)
        self.starts = {c.id: c.reopened_at() for c in collections if c.reopenings}
        taken = set(self.names.values())
        self.clash = {  # another collection's label looks like one of this one's releases
            cid
            for cid, starts in self.starts.items()
            if any(release_name(self.names[cid], k) in taken for k in range(1, len(starts) + 1))
        }

    def __call__(self, collection_id: int, submitted_at: datetime) -> str:
        starts = self.starts.get(collection_id)
        if not starts:
            return self.names[collection_id]
        name = self.names[collection_id]
        if collection_id in self.clash:
            name = f"{name} #{collection_id}"
        return release_name(name, bisect_right(starts, submitted_at))


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
    collections: Sequence[Collection],
    *,
    offset: int = 0,
    limit: int | None = None,
    released: bool = False,
    now: datetime | None = None,
) -> Iterator[list[ResponseRow]]:
    """The responses of `collections` in the order they were sent, :data:`BATCH_ROWS` at a time.

    `offset` and `limit` give one page of them (the API's paged listing). With `released`, only the answers
    published at `now` (default: the current time): of a reopened collection not yet closed again, those sent
    before it was reopened (:meth:`survey.models.Collection.unreleased_since`). The collections are read now,
    the responses as the batches are taken: a streamed download reads them after its view has returned.
    """
    about, names = _about(collections), _Names(collections)
    query = select(
        Response.id,
        Response.collection_id,
        Response.submitted_at,
        Response.language,
        Response.answers,
        Response.sealed_pairing_code,
    )
    query = _in_order(query, collections, released, now)
    if offset:
        query = query.offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return _read(query, about, names)


def count_rows(collections: Sequence[Collection], *, released: bool = False, now: datetime | None = None) -> int:
    """How many rows :func:`response_rows` gives for the same arguments."""
    query = select(func.count()).select_from(Response).where(_of(collections, released, now))
    return db.session.scalar(query) or 0


def sealed_codes(
    collections: Sequence[Collection], *, released: bool = False, now: datetime | None = None
) -> Iterator[list[tuple[int, str, str, str | None]]]:
    """``(response id, collection, wave, sealed code)`` of the responses :func:`response_rows` gives for the
    same arguments, in its order, :data:`BATCH_ROWS` at a time: what pairing needs, without the answers."""
    about, names = _about(collections), _Names(collections)
    query = select(Response.id, Response.collection_id, Response.submitted_at, Response.sealed_pairing_code)
    query = _in_order(query, collections, released, now)
    result = db.session.execute(query.execution_options(yield_per=BATCH_ROWS))
    for batch in result.partitions():
        yield [(i, names(c, at), about[c].wave, sealed) for i, c, at, sealed in batch]


@dataclass(frozen=True)
class _About:
    """What a row takes from its collection (one string object shared by all its rows)."""

    project: str
    wave: str


def _about(collections: Sequence[Collection]) -> dict[int, _About]:
    return {c.id: _About(c.project.code, c.wave) for c in collections}


def _of(collections: Sequence[Collection], released: bool, now: datetime | None):
    """The responses of `collections`; with `released`, only the published ones."""
    ids = [c.id for c in collections]
    if not released:
        return Response.collection_id.in_(ids)
    cuts = {c.id: c.unreleased_since(now) for c in collections}
    whole = [cid for cid, since in cuts.items() if since is None]
    parts = [
        and_(Response.collection_id == cid, Response.submitted_at < since) for cid, since in cuts.items() if since
    ]
    return or_(Response.collection_id.in_(whole), *parts)


def _in_order(query, collections: Sequence[Collection], released: bool, now: datetime | None):
    return query.where(_of(collections, released, now)).order_by(Response.submitted_at, Response.id)


def _read(query, about: dict[int, _About], names: _Names) -> Iterator[list[ResponseRow]]:
    result = db.session.execute(query.execution_options(yield_per=BATCH_ROWS))
    for batch in result.partitions():
        yield [
            ResponseRow(
                response_id=response_id,
                project=about[collection_id].project,
                collection=names(collection_id, submitted_at),
                wave=about[collection_id].wave,
                submitted_at=utc_text(submitted_at),
                language=sys.intern(language),
                answers=answers or {},
                sealed=sealed,
            )
            for response_id, collection_id, submitted_at, language, answers, sealed in batch
        ]
