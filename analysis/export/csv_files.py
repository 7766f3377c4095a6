"""Responses as CSV: wide (one row per response, the Responses sheet's columns) and long (response, item, value).

Files are UTF-8 with a byte-order mark, so Excel reads ä, ö and å right. Two dialects:

- ``"comma"``: comma between fields, a point in decimals (R, Python, SPSS, Excel in English).
- ``"semicolon"``: semicolon between fields and a comma in decimals (``3,5``): what Excel expects in a Finnish
  or Swedish locale, where a comma-separated file opens as one column and ``3.5`` becomes a date or text.

Text that could start a formula gets a leading apostrophe (``'=1``); numbers are never changed. Dates and times
are UTC, written ``2026-03-01 08:30:00``.

Example
-------
>>> import io
>>> out = io.StringIO()
>>> write_rows(out, [["id", "S_A", "T1"], ["r1", 3.5, "=1+1"], ["r2", -2, None]], dialect="semicolon")
>>> out.getvalue().splitlines()
['id;S_A;T1', "r1;3,5;'=1+1", 'r2;-2;']
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import TextIO

from analysis.export.columns import Column, ResponseStream, chunk_values, layout, open_responses
from analysis.export.safe import ExportError, atomic_path, csv_text
from analysis.response_table import METADATA_COLUMNS, ResponseTable
from instruments.model import Instrument

DIALECTS = {"comma": (",", "."), "semicolon": (";", ",")}
"""Dialect name -> (field delimiter, decimal separator)."""

LONG_HEADER = ("response", "item", "value")


def write_rows(out: TextIO, rows: Iterable[Sequence[object]], *, dialect: str = "comma") -> None:
    """Write rows of plain values as CSV text, formula-safe, numbers in the dialect's decimals."""
    write = _row_writer(out, dialect)
    for row in rows:
        write(row)


def _row_writer(out: TextIO, dialect: str) -> Callable[[Sequence[object]], object]:
    if dialect not in DIALECTS:
        raise ExportError(f"unknown CSV dialect {dialect!r}; choose one of {', '.join(DIALECTS)}")
    delimiter, decimal = DIALECTS[dialect]
    # CRLF line ends (RFC 4180) also make the writer quote a field that holds a lone carriage return
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    return lambda row: writer.writerow([_field(value, decimal) for value in row])


def _field(value: object, decimal: str) -> object:
    if value is None:
        return ""
    if type(value) is float:
        return repr(value).replace(".", decimal) if decimal != "." else value
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    return csv_text(value)


def write_csv_wide(
    instrument: Instrument,
    responses: ResponseTable | ResponseStream,
    path: str | os.PathLike,
    *,
    language: str = "fi",
    labels: bool = False,
    dialect: str = "comma",
) -> Path:
    """One row per response with the columns of the workbook's Responses sheet (codes, or labels)."""
    return _write(path, wide_rows(instrument, responses, language=language, labels=labels), dialect)


def write_csv_long(
    instrument: Instrument,
    responses: ResponseTable | ResponseStream,
    path: str | os.PathLike,
    *,
    language: str = "fi",
    labels: bool = False,
    dialect: str = "comma",
) -> Path:
    """One row per answer: response id (or row number), column name and value; empty answers are left out."""
    return _write(path, long_rows(instrument, responses, language=language, labels=labels), dialect)


def wide_rows(
    instrument: Instrument, responses: ResponseTable | ResponseStream, *, language: str, labels: bool
) -> Iterator[Sequence[object]]:
    """The rows of the wide file, the header first; a stream's chunks are read as the rows are taken."""
    chunks, columns = _open(instrument, responses)
    yield [column.name for column in columns]
    for chunk in chunks:
        yield from zip(*chunk_values(columns, chunk, labels=labels, language=language), strict=True)


def long_rows(
    instrument: Instrument, responses: ResponseTable | ResponseStream, *, language: str, labels: bool
) -> Iterator[Sequence[object]]:
    """The rows of the long file, the header first; a stream's chunks are read as the rows are taken."""
    chunks, columns = _open(instrument, responses)
    answers = [column for column in columns if column.name not in METADATA_COLUMNS]
    yield LONG_HEADER
    first = 1
    for chunk in chunks:
        ids = chunk.text("response_id").tolist() if "response_id" in chunk else range(first, first + len(chunk))
        values = chunk_values(answers, chunk, labels=labels, language=language)
        for index, response in enumerate(ids):
            for column, column_values in zip(answers, values, strict=True):
                value = column_values[index]
                if value is not None:
                    yield (response, column.name, value)
        first += len(chunk)


def csv_bytes(rows: Iterable[Sequence[object]], *, dialect: str = "comma") -> Iterator[bytes]:
    """The file `rows` make, as UTF-8 with a byte-order mark, given a piece of about 256 KiB at a time while
    the rows are still being made: what a web response streams.

    >>> b"".join(csv_bytes([["a", "b"], [1, 2.5]], dialect="semicolon"))
    b'\\xef\\xbb\\xbfa;b\\r\\n1;2,5\\r\\n'
    """
    buffer = io.StringIO()
    buffer.write("\ufeff")
    write = _row_writer(buffer, dialect)
    for row in rows:
        write(row)
        if buffer.tell() >= _PIECE_CHARS:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


_PIECE_CHARS = 256 * 1024


def _open(
    instrument: Instrument, responses: ResponseTable | ResponseStream
) -> tuple[Iterator[ResponseTable], tuple[Column, ...]]:
    _, chunks = open_responses(responses)
    first = next(chunks, None)
    if first is None:
        return iter(()), layout(instrument, ResponseTable({}))
    return _chain(first, chunks), layout(instrument, first)


def _chain(first: ResponseTable, rest: Iterator[ResponseTable]) -> Iterator[ResponseTable]:
    yield first
    yield from rest


def _write(path: str | os.PathLike, rows: Iterable[Sequence[object]], dialect: str) -> Path:
    with atomic_path(path) as temporary, open(temporary, "w", encoding="utf-8-sig", newline="") as out:
        write_rows(out, rows, dialect=dialect)
    return Path(path)
