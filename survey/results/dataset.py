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

The rows come from :func:`survey.results.rows.response_rows` (the one shape of a stored response) in batches,
so a collection of a hundred thousand responses streams through in chunks (:func:`response_stream`) or builds
one table.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from flask import current_app

from analysis.export.columns import ResponseStream
from analysis.response_table import ResponseTable
from instruments.loader import version_key
from instruments.model import Instrument
from survey.collect.collections import response_counts
from survey.models import Collection
from survey.pairing_codes import new_table_key, part_hashes, unseal
from survey.questionnaires import get_instrument
from survey.results.rows import ResponseRow, response_rows


class DatasetError(ValueError):
    """The collections cannot make one table (no collections, or different questionnaires)."""


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
    collections: Sequence[Collection],
    instrument: Instrument | None = None,
    *,
    pairing: bool = True,
    released: bool = False,
    now: datetime | None = None,
) -> ResponseTable:
    """Every stored response of `collections` as one table (see the module docstring for the columns).

    With ``pairing=False`` the ``pairing_code`` column is left empty and no code is opened (a table that will
    not be paired, e.g. of one wave). With ``released``, only the answers published at `now`
    (:func:`survey.results.rows.response_rows`): what a report reads.

    Examples
    --------
    With a collection and two stored responses (see ``docs/survey.md``)::

        table = response_table([collection])
        table["P_VOICE"]          # array([3., 1.])
        table["P_TOPICS__1"]      # array([1., 0.])
    """
    instrument = instrument or instrument_of(collections)
    key = new_table_key() if pairing else None
    rows = [row for batch in _batches(collections, instrument, key, released, now) for row in batch]
    if not rows:
        return ResponseTable.from_answers([_empty_row(instrument)], instrument).select(slice(0, 0))
    return ResponseTable.from_answers(rows, instrument)


def response_stream(collections: Sequence[Collection], instrument: Instrument | None = None) -> ResponseStream:
    """The same rows as :func:`response_table`, as chunks of :data:`survey.results.rows.BATCH_ROWS` rows."""
    instrument = instrument or instrument_of(collections)
    count = sum(response_counts(collections).values())
    key = new_table_key()  # one for all chunks: they are parts of one table
    chunks = (ResponseTable.from_answers(batch, instrument) for batch in _batches(collections, instrument, key))
    return ResponseStream(count=count, chunks=chunks)


def _batches(
    collections: Sequence[Collection],
    instrument: Instrument,
    table_key: bytes | None,
    released: bool = False,
    now: datetime | None = None,
) -> Iterator[list[dict[str, object]]]:
    codes = [item.code for item in instrument.answered_items]
    pairing = _PairingColumn(current_app.config["ARVIO_PAIRING_KEY"], table_key)
    for batch in response_rows(collections, released=released, now=now):
        yield [_row(row, codes, pairing) for row in batch]


class _PairingColumn:
    """Sealed codes as the table's part hashes; a code that does not open (another key) becomes empty, and so
    does every code when there is no table key (a table that is not paired)."""

    def __init__(self, programme_key: str, table_key: bytes | None) -> None:
        self.programme_key, self.table_key = programme_key, table_key

    def __call__(self, sealed: str | None) -> str:
        parts = unseal(self.programme_key, sealed) if sealed and self.table_key else None
        return part_hashes(self.table_key, parts) if parts else ""


def _row(row: ResponseRow, codes: list[str], pairing: _PairingColumn) -> dict[str, object]:
    """A stored response in the table's wide layout: metadata, the pairing column, then one column per item."""
    wide: dict[str, object] = {
        "response_id": row.response_id,
        "project": row.project,
        "collection": row.collection,
        "wave": row.wave,
        "submitted_at": row.submitted_at,
        "language": row.language,
        "pairing_code": pairing(row.sealed),
    }
    wide.update({code: row.answers.get(code) for code in codes})
    return wide


def _empty_row(instrument: Instrument) -> dict[str, object]:
    row: dict[str, object] = dict.fromkeys(
        ("response_id", "project", "collection", "wave", "submitted_at", "language", "pairing_code"), ""
    )
    row.update(dict.fromkeys(item.code for item in instrument.answered_items))
    return row
