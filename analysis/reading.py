"""Responses files as R, SPSS, Excel and LibreOffice write them, read into a table with its labels.

:func:`read_responses` is the edge where a person's file becomes a :class:`ResponsesFile`. What it accepts:

- **CSV** (``.csv``, ``.txt``, ``.tsv``): UTF-8 with or without a byte-order mark, or Windows-1252 (what Excel's
  plain "CSV" writes in Western Europe; a note says so); comma, semicolon or tab between fields (the first row
  decides); decimal comma or point (``3,5`` and ``3.5``); line ends CRLF or LF. ``NA`` is a missing value (R's
  ``write.csv``), like an empty cell.
- **Workbooks** (``.xlsx``, ``.xls``, ``.ods``): the sheet named Responses, Vastaukset or Svar, else the first
  sheet that is not a codebook (a cell ``NA`` is missing there too, as R's CSV saved as a workbook has it); a
  sheet named Codebook, Koodikirja or Kodbok gives labels (:mod:`analysis.label_files`).
- **SPSS** (``.sav``, ``.zsav``): the data, with SPSS's user-missing values as missing, and the variable and value
  labels.

An unnamed first column whose every value is different is a row-name column (R's ``write.csv`` writes 1..n,
pandas 0..n-1, others an id): it is left out, and a note says so. Rows without any value are skipped. Every
problem is an :class:`~analysis.errors.AnalysisError` naming the file, and the row or column.

Example
-------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "r.csv"
>>> _ = path.write_text('"","gender","A1"\\n"1",1,4\\n"2",NA,NA\\n', encoding="utf-8")
>>> found = read_responses(path)
>>> found.table.names, found.table["A1"], found.rows
(('gender', 'A1'), array([ 4., nan]), (2, 3))
>>> print(found.notes[0])
r.csv: the first column has no name and a different value on every row (1, 2, ...): read as row names and left out
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import numpy as np

from analysis.errors import AnalysisError
from analysis.label_files import CODEBOOK_SHEETS, labels_from_rows
from analysis.labels import NO_LABELS, ColumnLabels
from analysis.response_table import ResponseTable, value_text

RESPONSES_SHEETS = ("Responses", "Vastaukset", "Svar")
"""Sheet names :func:`read_responses` looks for (en, fi, sv) before falling back to the first data sheet."""

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
SPSS_SUFFIXES = (".sav", ".zsav")
SUFFIXES = CSV_SUFFIXES + WORKBOOK_SUFFIXES + SPSS_SUFFIXES

MISSING_TEXT = frozenset({"NA"})
"""Cells of a CSV file that mean "no value": R's ``NA`` (empty cells too)."""


@dataclass(frozen=True, eq=False)
class ResponsesFile:
    """A responses file, read.

    Attributes
    ----------
    table : ResponseTable
    labels : ColumnLabels
        The file's own labels: an SPSS file's variable and value labels, a workbook's codebook sheet.
    notes : tuple of str
        What reading did that the reader should know (a row-name column left out, the text encoding guessed).
    rows : tuple of int
        The file's row number of each data row (the header is row 1; rows without values are skipped).
    """

    table: ResponseTable
    labels: ColumnLabels = NO_LABELS
    notes: tuple[str, ...] = ()
    rows: tuple[int, ...] = field(default=())


def read_responses(path: str | Path) -> ResponsesFile:
    """Read a wide responses file (one row per response, one column per item code), by its suffix.

    Raises
    ------
    AnalysisError
        Naming the file, and the row or column, when it cannot be read.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise AnalysisError(
            f"{path.name}: responses must be a CSV file (.csv), a workbook (.xlsx, .xls, .ods) or an SPSS file "
            f"(.sav), not {suffix or 'a file without a suffix'}"
        )
    try:
        path.stat()  # a missing file is "cannot read", whatever reads it
        if suffix in SPSS_SUFFIXES:
            return _read_sav(path)
        if suffix in CSV_SUFFIXES:
            rows, notes = csv_rows(path)
            return _from_rows(path.name, rows, NO_LABELS, notes)
        rows, labels, notes = _workbook_rows(path)
        return _from_rows(path.name, rows, labels, notes)
    except OSError as error:
        raise AnalysisError(f"{path.name}: cannot read the file ({error.strerror or error})") from None


def csv_rows(path: Path) -> tuple[list[list[str]], list[str]]:
    """The rows of a CSV file as text (``NA`` as empty), and notes on how it was read."""
    data = path.read_bytes()
    notes = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise AnalysisError(f"{path.name}: row {line} is not UTF-8 text; save the file as CSV UTF-8") from None
        notes.append(
            f"{path.name}: not UTF-8 (row {line}): read as Windows-1252, as Excel writes plain CSV; check the "
            "letters ä, ö and å, or save the file as CSV UTF-8"
        )
    if "\x00" in text:
        raise AnalysisError(f"{path.name}: not a text file (it holds NUL characters); save it as CSV UTF-8")
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=lambda d: len(next(csv.reader([first_line], delimiter=d), [])))
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise AnalysisError(f"{path.name}: not a readable CSV file ({error})") from None
    return [["" if cell.strip() in MISSING_TEXT else cell for cell in row] for row in rows], notes


def _workbook_rows(path: Path) -> tuple[list[list[object]], ColumnLabels, list[str]]:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = workbook.sheet_names
        folded = {name.strip().casefold(): name for name in names}
        codebook = next((folded[n.casefold()] for n in CODEBOOK_SHEETS if n.casefold() in folded), None)
        wanted = next((folded[n.casefold()] for n in RESPONSES_SHEETS if n.casefold() in folded), None)
        name = wanted or next((n for n in names if n != codebook), None)
        if name is None:
            raise AnalysisError(f"{path.name}: the workbook has no sheet of responses")
        rows = [  # R's NA stays text when R's CSV is opened in Excel or LibreOffice and saved as a workbook
            [None if isinstance(cell, str) and cell.strip() in MISSING_TEXT else cell for cell in row]
            for row in workbook.get_sheet_by_name(name).to_python()
        ]
        labels, notes = NO_LABELS, []
        if codebook is not None:
            sheet = f"{path.name}, sheet {codebook}"
            try:
                labels = labels_from_rows(workbook.get_sheet_by_name(codebook).to_python(), sheet)
            except AnalysisError as error:  # a codebook of another layout: the responses can still be analysed
                notes.append(f"{error}; the sheet was not read")
        return rows, labels, notes
    except (CalamineError, ValueError) as error:
        if isinstance(error, AnalysisError):
            raise
        raise AnalysisError(f"{path.name}: not a readable workbook ({error})") from None


def _read_sav(path: Path) -> ResponsesFile:
    import pyreadstat

    try:
        frame, meta = pyreadstat.read_sav(str(path), user_missing=False)
    except (pyreadstat.ReadstatError, pyreadstat.PyreadstatError, UnicodeError, ValueError) as error:
        raise AnalysisError(f"{path.name}: not a readable SPSS .sav file ({error})") from None
    if frame.shape[0] == 0:
        raise AnalysisError(f"{path.name}: the file has variables but no responses")
    columns = {}
    for name in frame.columns:
        values = frame[name]
        if values.dtype.kind in "fiub":
            columns[str(name)] = values.to_numpy(dtype=np.float64, na_value=np.nan)
        else:  # text, and dates as ISO text (NaT, SPSS's missing date, as empty)
            columns[str(name)] = [None if v is None or v != v else _plain_cell(v) for v in values.tolist()]
    names = {c: label for c, label in (meta.column_names_to_labels or {}).items() if label and label != c}
    labels = ColumnLabels.of(names, meta.variable_value_labels or {})
    table = ResponseTable.from_columns(columns)
    return ResponsesFile(table, labels, (), tuple(range(1, len(table) + 1)))


def _from_rows(
    file_name: str, rows: Sequence[Sequence[object]], labels: ColumnLabels, notes: list[str]
) -> ResponsesFile:
    numbered = [(n, row) for n, row in enumerate(rows, start=1) if any(value_text(_plain_cell(c)) for c in row)]
    if not numbered:
        raise AnalysisError(f"{file_name}: the file is empty")
    header_row, header_cells = numbered[0]
    header = [value_text(_plain_cell(c)) for c in header_cells]
    while header and not header[-1]:
        header.pop()
    if len(numbered) == 1:
        raise AnalysisError(f"{file_name}: the file has a header row but no responses")
    width = len(header)
    body = []
    for number, row in numbered[1:]:
        extra = [c for c in row[width:] if value_text(_plain_cell(c))]
        if extra:
            raise AnalysisError(f"{file_name}: row {number} has more cells than the header ({len(row)} > {width})")
        body.append([_plain_cell(c) for c in row[:width]] + [None] * (width - len(row)))
    if _row_names(header, body):
        notes.append(
            f"{file_name}: the first column has no name and a different value on every row "
            f"({value_text(body[0][0])}, {value_text(body[1][0]) if len(body) > 1 else '...'}, ...): read as row "
            "names and left out"
        )
        header, body = header[1:], [row[1:] for row in body]
    _check_header(file_name, header, header_row)
    columns = zip(*body, strict=True) if body else ([] for _ in header)
    table = ResponseTable.from_columns(dict(zip(header, columns, strict=True)))
    return ResponsesFile(table, labels, tuple(notes), tuple(n for n, _ in numbered[1:]))


def _row_names(header: list[str], body: list[list[object]]) -> bool:
    """Whether the first column is a row-name column: no name of its own, a value on every row, all different."""
    if len(header) < 2 or header[0] or not all(header[1:]):
        return False
    values = [value_text(row[0]) for row in body]
    return all(values) and len(set(values)) == len(values)


def _check_header(file_name: str, header: list[str], row: int) -> None:
    where = "the header row" if row == 1 else f"the header row (row {row})"
    for index, name in enumerate(header, start=1):
        if not name:
            raise AnalysisError(f"{file_name}: column {index} of {where} has no name")
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise AnalysisError(f"{file_name}: column {name!r} appears twice in {where}", column=name)
        seen.add(name)


def _plain_cell(value: object) -> object:
    """Workbook and SPSS dates and times as ISO text; everything else unchanged."""
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return value
