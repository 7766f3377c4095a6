"""Stored responses as the analysis library's table: the wide layout of the workbook's Responses sheet.

One row per response: the metadata columns of :data:`analysis.response_table.METADATA_COLUMNS` (``response_id``,
``project``, ``collection``, ``wave``, ``submitted_at``, ``language``, ``pairing_code``), then every answered
item of the instrument in questionnaire order (background items included; a multiple-choice item as one 0/1
column per option, ``CODE__option``).

The ``pairing_code`` column is for the analysis only: each sealed code is opened and given as one keyed hash
per part, joined with ``-`` (:func:`survey.pairing_codes.part_hashes`), which :mod:`analysis.pairing`
matches part by part, a mistyped part included. The key is made fresh for every table and never kept, so equal
parts are equal only within one table; the files and the API carry pseudonymous pair ids instead
(:func:`survey.results.reports.report_for`).

The query reads plain column tuples in batches (``yield_per``), never ORM objects one by one, so a collection
of a hundred thousand responses streams through in chunks (:func:`response_stream`) or builds one table.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from flask import current_app
from sqlalchemy import select

from analysis.export.columns import ResponseStream
from analysis.response_table import ResponseTable
from instruments.loader import version_key
from instruments.model import Instrument
from survey.collect.collections import response_counts
from survey.db import db
from survey.models import Collection, Project, Response
from survey.pairing_codes import new_table_key, part_hashes, unseal
from survey.questionnaires import get_instrument

BATCH_ROWS = 5_000
"""Rows fetched from the database at a time (and rows per chunk of a stream)."""


class DatasetError(ValueError):
    """The collections cannot make one table (no collections, or different questionnaires)."""


def collection_names(collections: Sequence[Collection]) -> dict[int, str]:
    """The ``collection`` column, by collection id: the staff's own label, or the collection's number when it has
    none; a label two of the collections share gets the number too, so every name stands for one collection
    (the analysis tells release units apart by it)."""
    labels = [c.label for c in collections if c.label]
    return {
        c.id: (c.label if labels.count(c.label) == 1 else f"{c.label} #{c.id}") if c.label else f"#{c.id}"
        for c in collections
    }


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


def response_table(
    collections: Sequence[Collection], instrument: Instrument | None = None, *, pairing: bool = True
) -> ResponseTable:
    """Every stored response of `collections` as one table (see the module docstring for the columns).

    With ``pairing=False`` the ``pairing_code`` column is left empty and no code is opened (a table that will
    not be paired, e.g. of one wave).

    Examples
    --------
    With a collection and two stored responses (see ``docs/survey.md``)::

        table = response_table([collection])
        table["P_VOICE"]          # array([3., 1.])
        table["P_TOPICS__1"]      # array([1., 0.])
    """
    instrument = instrument or instrument_of(collections)
    key = new_table_key() if pairing else None
    rows = [row for batch in _batches(collections, instrument, key) for row in batch]
    if not rows:
        return ResponseTable.from_answers([_empty_row(instrument)], instrument).select(slice(0, 0))
    return ResponseTable.from_answers(rows, instrument)


def response_stream(collections: Sequence[Collection], instrument: Instrument | None = None) -> ResponseStream:
    """The same rows as :func:`response_table`, as chunks of :data:`BATCH_ROWS` for the file writers."""
    instrument = instrument or instrument_of(collections)
    count = sum(response_counts(collections).values())
    key = new_table_key()  # one for all chunks: they are parts of one table
    chunks = (ResponseTable.from_answers(batch, instrument) for batch in _batches(collections, instrument, key))
    return ResponseStream(count=count, chunks=chunks)


def _batches(
    collections: Sequence[Collection], instrument: Instrument, table_key: bytes | None
) -> Iterator[list[dict[str, object]]]:
    names = collection_names(collections)
    query = (
        select(
            Response.id,
            Project.code,
            Response.collection_id,
            Collection.wave,
            Response.submitted_at,
            Response.language,
            Response.sealed_pairing_code,
            Response.answers,
        )
        .join(Collection, Collection.id == Response.collection_id)
        .join(Project, Project.id == Collection.project_id)
        .where(Response.collection_id.in_(list(names)))
        .order_by(Response.submitted_at, Response.id)
        .execution_options(yield_per=BATCH_ROWS)
    )
    codes = [item.code for item in instrument.answered_items]
    pairing = _PairingColumn(current_app.config["ARVIO_PAIRING_KEY"], table_key)
    result = db.session.execute(query)
    for partition in result.partitions():
        yield [_row(values, names, codes, pairing) for values in partition]


class _PairingColumn:
    """Sealed codes as the table's part hashes; a code that does not open (another key) becomes empty, and so
    does every code when there is no table key (a table that is not paired)."""

    def __init__(self, programme_key: str, table_key: bytes | None) -> None:
        self.programme_key, self.table_key = programme_key, table_key

    def __call__(self, sealed: str | None) -> str:
        parts = unseal(self.programme_key, sealed) if sealed and self.table_key else None
        return part_hashes(self.table_key, parts) if parts else ""


def _row(values, names: dict[int, str], codes: list[str], pairing: _PairingColumn) -> dict[str, object]:
    response_id, project, collection_id, wave, submitted_at, language, sealed, answers = values
    row: dict[str, object] = {
        "response_id": response_id,
        "project": project,
        "collection": names[collection_id],
        "wave": wave,
        "submitted_at": submitted_at.replace(microsecond=0).isoformat(),
        "language": language,
        "pairing_code": pairing(sealed),
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
