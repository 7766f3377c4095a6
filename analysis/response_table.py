"""The responses table: one column per item code, one row per response, as NumPy arrays.

Answers are ``float64`` columns with ``nan`` for "not answered"; text (free text, project, wave, pairing code)
is an ``object`` column of ``str`` (``""`` when empty). A multiple-choice item ``CODE`` arrives as one 0/1
column per option, ``CODE__option``.

Example
-------
>>> table = ResponseTable.from_rows([{"project": "A", "Q1": 4}, {"project": "B", "Q1": None}])
>>> len(table), table.names
(2, ('project', 'Q1'))
>>> table["Q1"]
array([ 4., nan])
>>> table.select(table["project"] == "A")["Q1"]
array([4.])
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import numpy as np

from analysis.errors import AnalysisError
from instruments.model import Instrument, ItemType

METADATA_COLUMNS = (
    "response_id",
    "project",
    "collection",
    "wave",
    "submitted_at",
    "language",
    "pairing_code",
    "pair_id",
)
"""Columns of the Responses sheet that are not answers (the exporter writes them first, in this order)."""

RESPONSES_SHEETS = ("Responses", "Vastaukset", "Svar")
"""Sheet names :func:`read_table` looks for (en, fi, sv) before falling back to the first sheet."""

OPTION_SEPARATOR = "__"
"""A multiple-choice option column is ``ITEM + OPTION_SEPARATOR + option code``, e.g. ``D_GROUNDS__3``."""


@dataclass(frozen=True, eq=False)
class ResponseTable:
    """Columns by name, all of the same length. Build with :meth:`from_columns` or :meth:`from_rows`.

    Attributes
    ----------
    columns : Mapping[str, numpy.ndarray]
        Name -> 1-d array: ``float64`` (``nan`` = missing) or ``object`` holding ``str``.
    """

    columns: Mapping[str, np.ndarray]

    @classmethod
    def from_columns(cls, columns: Mapping[str, Iterable[object]]) -> ResponseTable:
        """A table from name -> values; each column becomes numeric when all its values are numbers or empty.

        >>> ResponseTable.from_columns({"a": [1, None], "b": ["x", 2]})["b"]
        array(['x', '2'], dtype=object)
        """
        arrays = {str(name): as_column(values) for name, values in columns.items()}
        lengths = {name: len(array) for name, array in arrays.items()}
        if len(set(lengths.values())) > 1:
            raise AnalysisError(f"columns have different lengths: {lengths}")
        return cls(arrays)

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, object]]) -> ResponseTable:
        """A table from dicts (one per response); a key missing from a row is an empty cell."""
        rows = list(rows)
        names: dict[str, None] = {}
        for row in rows:
            names.update(dict.fromkeys(row))
        return cls.from_columns({name: [row.get(name) for row in rows] for name in names})

    @classmethod
    def from_answers(cls, rows: Iterable[Mapping[str, object]], instrument: Instrument) -> ResponseTable:
        """A table from stored responses: answers by item code, a multiple-choice answer as a list of codes.

        Each multiple-choice item becomes one 0/1 column per option of its choice list (``CODE__option``):
        1 when chosen, 0 when the item was answered without it, empty when the item was not answered.

        >>> from instruments.model import (Choice, ChoiceList, Instrument, Item, RespondentGroup, Section,
        ...                                Text)
        >>> item = Item(code="M", type=ItemType.MULTIPLE, text=Text(fi="M"), choices="c")
        >>> choices = ChoiceList("c", (Choice(1, Text(fi="a")), Choice(2, Text(fi="b"))))
        >>> instrument = Instrument(id="x", version="1", title=Text(fi="X"), languages=("fi",),
        ...                         respondent_group=RespondentGroup.YOUTH, choice_lists={"c": choices},
        ...                         sections=(Section("s", Text(fi="S"), (item,)),))
        >>> table = ResponseTable.from_answers([{"wave": "pre", "M": [2]}, {"wave": "pre", "M": []}], instrument)
        >>> table.names, table["M__2"]
        (('wave', 'M__1', 'M__2'), array([ 1., nan]))
        """
        multiple = {
            item.code: [c.code for c in instrument.choice_list(item).choices]
            for item in instrument.items
            if item.type is ItemType.MULTIPLE and instrument.choice_list(item) is not None
        }
        flat = []
        for row in rows:
            out: dict[str, object] = {}
            for name, value in row.items():
                if name not in multiple:
                    out[name] = value
                    continue
                chosen = set(value) if isinstance(value, (list, tuple, set, frozenset)) and value else None
                for code in multiple[name]:
                    out[f"{name}{OPTION_SEPARATOR}{code}"] = None if chosen is None else float(code in chosen)
            flat.append(out)
        return cls.from_rows(flat)

    @classmethod
    def concat(cls, tables: Iterable[ResponseTable]) -> ResponseTable:
        """One table of the rows of `tables`, in order (chunks read one after another, joined once).

        Columns are joined array by array, never through Python values, and each column's chunks are let go as
        soon as it is joined, so a table built from chunks costs its arrays and one column more. A column
        numeric in one chunk and text in another becomes text (the numbers written as :meth:`text` writes
        them); a column a chunk lacks is empty in its rows.

        >>> joined = ResponseTable.concat([ResponseTable.from_columns({"a": [1, None], "b": ["x", "y"]}),
        ...                                ResponseTable.from_columns({"a": ["z"]})])
        >>> joined["a"], joined["b"]
        (array(['1', '', 'z'], dtype=object), array(['x', 'y', ''], dtype=object))
        """
        lengths: list[int] = []
        pieces: dict[str, dict[int, np.ndarray]] = {}
        for index, table in enumerate(tables):
            lengths.append(len(table))
            for name, array in table.columns.items():
                pieces.setdefault(name, {})[index] = array
        columns = {}
        for name in list(pieces):
            found = pieces.pop(name)
            parts = [found.pop(i, None) for i in range(len(lengths))]
            parts = [np.full(n, np.nan) if part is None else part for part, n in zip(parts, lengths, strict=True)]
            if any(part.dtype == object for part in parts):
                parts = [part if part.dtype == object else _numbers_as_text(part) for part in parts]
            columns[name] = np.concatenate(parts)
        return cls(columns)

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()))) if self.columns else 0

    def __contains__(self, name: object) -> bool:
        return name in self.columns

    def __getitem__(self, name: str) -> np.ndarray:
        try:
            return self.columns[name]
        except KeyError:
            raise AnalysisError(f"no column {name!r} in the responses", column=name) from None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.columns)

    def is_numeric(self, name: str) -> bool:
        return self[name].dtype.kind == "f"

    def with_columns(self, columns: Mapping[str, np.ndarray]) -> ResponseTable:
        """A new table with `columns` added (or replaced); arrays are shared, not copied."""
        wrong = [name for name, array in columns.items() if len(array) != len(self) and self.columns]
        if wrong:
            raise AnalysisError(f"new column {wrong[0]!r} has {len(columns[wrong[0]])} rows, not {len(self)}")
        return ResponseTable({**self.columns, **columns})

    def select(self, rows: np.ndarray) -> ResponseTable:
        """The rows picked by a boolean mask or an index array."""
        return ResponseTable({name: array[rows] for name, array in self.columns.items()})

    def text(self, name: str) -> np.ndarray:
        """Column `name` as text (numbers written without a trailing ``.0``; missing as ``""``)."""
        array = self[name]
        return array if array.dtype == object else _numbers_as_text(array)


def as_column(values: Iterable[object]) -> np.ndarray:
    """One column as ``float64`` when every value is a number or empty, otherwise as ``object`` text.

    >>> as_column([1, "2", "", None])
    array([ 1.,  2., nan, nan])
    >>> as_column(["a", 1.0, None])
    array(['a', '1', ''], dtype=object)
    """
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiub":
        return values.astype(np.float64, copy=False)
    values = list(values)
    if not any(isinstance(v, str) for v in values):
        try:  # the common case, numbers and None only: NumPy converts them in one step
            return np.array(values, dtype=np.float64)
        except (TypeError, ValueError):
            pass
    numbers = np.empty(len(values), dtype=np.float64)
    for i, value in enumerate(values):
        number = _number(value)
        if number is None:
            return np.array([value_text(v) for v in values], dtype=object)
        numbers[i] = number
    return numbers


def value_text(value: object) -> str:
    """A cell as text: ``None``/NaN -> ``""``, whole floats without ``.0``, strings stripped."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _number(value: object) -> float | None:
    """The value as a float (``nan`` for empty), or None when it is text that is not a number."""
    if value is None or isinstance(value, bool):
        return float("nan") if value is None else float(value)
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    text = str(value).strip()
    if not text:
        return float("nan")
    try:
        return float(text.replace(",", ".")) if text.count(",") <= 1 and "." not in text else float(text)
    except ValueError:
        return None


def _numbers_as_text(array: np.ndarray) -> np.ndarray:
    return np.array([value_text(float(v)) for v in array], dtype=object)


def read_table(path: str | Path) -> ResponseTable:
    r"""Read a wide responses file: ``.csv`` (UTF-8, with or without BOM, comma or semicolon) or ``.xlsx``.

    The first row holds the column names. In a workbook the sheet named Responses, Vastaukset or Svar is read,
    otherwise the first sheet.

    Raises
    ------
    AnalysisError
        Naming the file, and the row or column, when it cannot be read.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "r.csv"
    >>> _ = path.write_text("\ufeffproject;A1\nA;4\nB;\n", encoding="utf-8")
    >>> read_table(path)["A1"]
    array([ 4., nan])
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise AnalysisError(f"{path.name}: responses must be a .csv or .xlsx file, not {suffix or 'no suffix'!r}")
    try:
        rows = _csv_rows(path) if suffix == ".csv" else _xlsx_rows(path)
    except OSError as error:
        raise AnalysisError(f"{path.name}: cannot read the file ({error.strerror or error})") from None
    return _table_from_rows(path.name, rows)


def _csv_rows(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise AnalysisError(f"{path.name}: line {line} is not UTF-8 text; save the file as CSV UTF-8") from None
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=lambda d: len(next(csv.reader([first_line], delimiter=d), [])))
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise AnalysisError(f"{path.name}: not a readable CSV file ({error})") from None


def _xlsx_rows(path: Path) -> list[list[object]]:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = workbook.sheet_names
        name = next((n for n in RESPONSES_SHEETS if n in names), names[0] if names else None)
        if name is None:
            raise AnalysisError(f"{path.name}: the workbook has no sheets")
        return workbook.get_sheet_by_name(name).to_python()
    except (CalamineError, ValueError) as error:
        if isinstance(error, AnalysisError):
            raise
        raise AnalysisError(f"{path.name}: not a readable .xlsx workbook ({error})") from None


def _table_from_rows(file_name: str, rows: Sequence[Sequence[object]]) -> ResponseTable:
    rows = [row for row in rows if any(value_text(_plain_cell(c)) for c in row)]
    if not rows:
        raise AnalysisError(f"{file_name}: the file is empty")
    header = [value_text(_plain_cell(c)) for c in rows[0]]
    while header and not header[-1]:
        header.pop()
    _check_header(file_name, header)
    if len(rows) == 1:
        raise AnalysisError(f"{file_name}: the file has a header row but no responses")
    width = len(header)
    body = []
    for number, row in enumerate(rows[1:], start=2):
        extra = [c for c in row[width:] if value_text(_plain_cell(c))]
        if extra:
            raise AnalysisError(f"{file_name}: row {number} has more cells than the header ({len(row)} > {width})")
        body.append([_plain_cell(c) for c in row[:width]] + [None] * (width - len(row)))
    columns = zip(*body, strict=True) if body else ([] for _ in header)
    return ResponseTable.from_columns(dict(zip(header, columns, strict=True)))


def _check_header(file_name: str, header: list[str]) -> None:
    for index, name in enumerate(header, start=1):
        if not name:
            raise AnalysisError(f"{file_name}: column {index} of the header row has no name")
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise AnalysisError(f"{file_name}: column {name!r} appears twice in the header row", column=name)
        seen.add(name)


def _plain_cell(value: object) -> object:
    """Workbook dates and times as ISO text; everything else unchanged."""
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return value
