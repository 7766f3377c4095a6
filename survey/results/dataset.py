"""Stored responses as the analysis library's table: the wide layout of the workbook's Responses sheet.

One row per response: the metadata columns of :data:`analysis.response_table.METADATA_COLUMNS` (``response_id``,
``project``, ``collection``, ``wave``, ``submitted_at``, ``language``, ``pairing_code``), then every answered
item of the instrument in questionnaire order (background items included; a multiple-choice item as one 0/1
column per option, ``CODE__option``). The pairing code is the stored form: the parts' keyed hashes joined
with ``-``, which :mod:`analysis.pairing` matches part by part.

The query reads plain column tuples in batches (``yield_per``), never ORM objects one by one, so a collection
of a hundred thousand responses streams through in chunks (:func:`response_stream`) or builds one table.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy import func, select

from analysis.export.columns import ResponseStream
from analysis.response_table import ResponseTable
from instruments.loader import version_key
from instruments.model import Instrument
from survey.db import db
from survey.models import Collection, Project, Response
from survey.questionnaires import get_instrument

BATCH_ROWS = 5_000
"""Rows fetched from the database at a time (and rows per chunk of a stream)."""


class DatasetError(ValueError):
    """The collections cannot make one table (no collections, or different questionnaires)."""


def collection_name(collection: Collection) -> str:
    """The ``collection`` column: the staff's own label, or the collection's number when it has none."""
    return collection.label or f"#{collection.id}"


def instrument_of(collections: Sequence[Collection]) -> Instrument:
    """The one instrument the collections share: the same id; of several versions, the newest.

    Items of an older version that the newest lacks are left out; items the older one lacks stay empty.
    """
    if not collections:
        raise DatasetError("no collections were chosen")
    ids = {c.instrument_id for c in collections}
    if len(ids) > 1:
        raise DatasetError(f"collections of different questionnaires cannot be combined: {', '.join(sorted(ids))}")
    newest = max(collections, key=lambda c: version_key(c.instrument_version))
    return get_instrument(newest.instrument_id, newest.instrument_version)


def response_count(collections: Sequence[Collection]) -> int:
    ids = [c.id for c in collections]
    if not ids:
        return 0
    return db.session.scalar(select(func.count()).where(Response.collection_id.in_(ids))) or 0


def response_table(collections: Sequence[Collection], instrument: Instrument | None = None) -> ResponseTable:
    """Every stored response of `collections` as one table (see the module docstring for the columns).

    Examples
    --------
    With a collection and two stored responses (see ``docs/survey.md``)::

        table = response_table([collection])
        table["P_VOICE"]          # array([3., 1.])
        table["P_TOPICS__1"]      # array([1., 0.])
    """
    instrument = instrument or instrument_of(collections)
    rows = [row for batch in _batches(collections, instrument) for row in batch]
    if not rows:
        return ResponseTable.from_answers([_empty_row(instrument)], instrument).select(slice(0, 0))
    return ResponseTable.from_answers(rows, instrument)


def response_stream(collections: Sequence[Collection], instrument: Instrument | None = None) -> ResponseStream:
    """The same rows as :func:`response_table`, as chunks of :data:`BATCH_ROWS` for the file writers."""
    instrument = instrument or instrument_of(collections)
    count = response_count(collections)
    chunks = (ResponseTable.from_answers(batch, instrument) for batch in _batches(collections, instrument))
    return ResponseStream(count=count, chunks=chunks)


def _batches(collections: Sequence[Collection], instrument: Instrument) -> Iterator[list[dict[str, object]]]:
    names = {c.id: collection_name(c) for c in collections}
    query = (
        select(
            Response.id,
            Project.code,
            Response.collection_id,
            Collection.wave,
            Response.submitted_at,
            Response.language,
            Response.pairing_code_hash,
            Response.answers,
        )
        .join(Collection, Collection.id == Response.collection_id)
        .join(Project, Project.id == Collection.project_id)
        .where(Response.collection_id.in_(list(names)))
        .order_by(Response.submitted_at, Response.id)
        .execution_options(yield_per=BATCH_ROWS)
    )
    codes = [item.code for item in instrument.answered_items]
    result = db.session.execute(query)
    for partition in result.partitions():
        yield [_row(values, names, codes) for values in partition]


def _row(values, names: dict[int, str], codes: list[str]) -> dict[str, object]:
    response_id, project, collection_id, wave, submitted_at, language, pairing, answers = values
    row: dict[str, object] = {
        "response_id": response_id,
        "project": project,
        "collection": names[collection_id],
        "wave": wave,
        "submitted_at": submitted_at.replace(microsecond=0).isoformat(),
        "language": language,
        "pairing_code": pairing or "",
    }
    answers = answers or {}
    row.update({code: answers.get(code) for code in codes})
    return row


def _empty_row(instrument: Instrument) -> dict[str, object]:
    row: dict[str, object] = dict.fromkeys(
        ("response_id", "project", "collection", "wave", "submitted_at", "language", "pairing_code"), ""
    )
    row.update(dict.fromkeys(item.code for item in instrument.answered_items))
    return row
