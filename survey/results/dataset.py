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

import numpy as np
from flask import current_app

from analysis.export.columns import ResponseStream
from analysis.response_table import OPTION_SEPARATOR, ResponseTable, value_text
from instruments.loader import version_key
from instruments.model import Instrument, ItemType
from survey.models import Collection
from survey.pairing_codes import new_table_key, part_hashes, unseal
from survey.questionnaires import get_instrument
from survey.results.rows import ResponseRow, count_rows, response_rows, sealed_codes


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

    The table is built chunk by chunk, column by column (:meth:`ResponseTable.concat`): never a row of Python
    values per response. With ``pairing=False`` the ``pairing_code`` column is left empty and no code is
    opened (a table that will not be paired, e.g. of one wave). With ``released``, only the answers published at
    `now` (:func:`survey.results.rows.response_rows`): what a report reads.

    Examples
    --------
    With a collection and two stored responses (see ``docs/survey.md``)::

        table = response_table([collection])
        table["P_VOICE"]          # array([3., 1.])
        table["P_TOPICS__1"]      # array([1., 0.])
    """
    instrument = instrument or instrument_of(collections)
    key = new_table_key() if pairing else None
    table = ResponseTable.concat(_chunks(collections, instrument, key, released, now))
    return table if table.columns else _empty_table(instrument)


def response_stream(
    collections: Sequence[Collection],
    instrument: Instrument | None = None,
    *,
    pairing: bool = True,
    released: bool = False,
    now: datetime | None = None,
) -> ResponseStream:
    """The same rows as :func:`response_table`, as chunks of :data:`survey.results.rows.BATCH_ROWS` rows, read
    from the database as they are taken."""
    instrument = instrument or instrument_of(collections)
    count = count_rows(collections, released=released, now=now)
    key = new_table_key() if pairing else None  # one for all chunks: they are parts of one table
    return ResponseStream(count=count, chunks=_chunks(collections, instrument, key, released, now))


def pairing_table(
    collections: Sequence[Collection], *, released: bool = False, now: datetime | None = None
) -> ResponseTable:
    """Only what pairing reads, for the responses of `collections` (with `released`, the published ones):
    ``response_id``, ``collection``, ``wave`` and ``pairing_code`` (part hashes under a new table key), in the
    rows' order. No answer is read, so pairing a selection costs a few small columns, not its table."""
    pairing = _PairingColumn(current_app.config["ARVIO_PAIRING_KEY"], new_table_key())
    ids: list[np.ndarray] = []
    texts: dict[str, list[np.ndarray]] = {"collection": [], "wave": [], "pairing_code": []}
    for batch in sealed_codes(collections, released=released, now=now):
        ids.append(np.array([row[0] for row in batch], dtype=np.float64))
        texts["collection"].append(_text([row[1] for row in batch]))
        texts["wave"].append(_text([row[2] for row in batch]))
        texts["pairing_code"].append(_text([pairing(row[3]) for row in batch]))
    columns = {"response_id": np.concatenate(ids) if ids else np.empty(0)}
    columns.update({name: np.concatenate(parts) if parts else _text([]) for name, parts in texts.items()})
    return ResponseTable(columns)


def _chunks(
    collections: Sequence[Collection],
    instrument: Instrument,
    table_key: bytes | None,
    released: bool = False,
    now: datetime | None = None,
) -> Iterator[ResponseTable]:
    """The rows of `collections`, one table per batch read (see the module docstring for the columns).

    The collections are read now, the responses as the tables are taken: a streamed download takes them after
    its view has returned, when the objects of the view's database session can no longer be read.
    """
    batches = response_rows(collections, released=released, now=now)
    pairing = _PairingColumn(current_app.config["ARVIO_PAIRING_KEY"], table_key)
    texts = {item.code for item in instrument.answered_items if item.type in (ItemType.TEXT, ItemType.LONGTEXT)}
    others = [item.code for item in instrument.answered_items if item.code not in texts]
    return (_chunk(batch, instrument, pairing, texts, others) for batch in batches)


def _chunk(
    batch: list[ResponseRow], instrument: Instrument, pairing: _PairingColumn, texts: set[str], others: list[str]
) -> ResponseTable:
    answers = ResponseTable.from_answers([{c: row.answers.get(c) for c in others} for row in batch], instrument)
    columns = {
        "response_id": np.array([row.response_id for row in batch], dtype=np.float64),
        "project": _text([row.project for row in batch]),
        "collection": _text([row.collection for row in batch]),
        "wave": _text([row.wave for row in batch]),
        "submitted_at": _text([row.submitted_at for row in batch]),
        "language": _text([row.language for row in batch]),
        "pairing_code": _text([pairing(row.sealed) for row in batch]),
    }
    for name in _answer_columns(instrument):  # free text stays text even when all of a chunk's look like numbers
        columns[name] = (
            _text([value_text(row.answers.get(name)) for row in batch]) if name in texts else answers[name]
        )
    return ResponseTable(columns)


def _answer_columns(instrument: Instrument) -> list[str]:
    """The item columns in questionnaire order: a multiple-choice item as one column per option."""
    names: list[str] = []
    for item in instrument.answered_items:
        choices = instrument.choice_list(item)
        if item.type is ItemType.MULTIPLE and choices is not None:
            names.extend(f"{item.code}{OPTION_SEPARATOR}{choice.code}" for choice in choices.choices)
        else:
            names.append(item.code)
    return names


def _text(values: list) -> np.ndarray:
    column = np.empty(len(values), dtype=object)
    column[:] = values
    return column


class _PairingColumn:
    """Sealed codes as the table's part hashes; a code that does not open (another key) becomes empty, and so
    does every code when there is no table key (a table that is not paired)."""

    def __init__(self, programme_key: str, table_key: bytes | None) -> None:
        self.programme_key, self.table_key = programme_key, table_key

    def __call__(self, sealed: str | None) -> str:
        parts = unseal(self.programme_key, sealed) if sealed and self.table_key else None
        return part_hashes(self.table_key, parts) if parts else ""


def _empty_table(instrument: Instrument) -> ResponseTable:
    row: dict[str, object] = dict.fromkeys(
        ("response_id", "project", "collection", "wave", "submitted_at", "language", "pairing_code"), ""
    )
    row.update(dict.fromkeys(item.code for item in instrument.answered_items))
    return ResponseTable.from_answers([row], instrument).select(slice(0, 0))
