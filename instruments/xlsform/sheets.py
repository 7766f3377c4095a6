"""Reading the sheets of an XLSForm workbook into rows of named, typed cells.

The first row of a sheet names the columns. A column may carry a language after ``::`` the way ODK and
KoboToolbox write it (``label::fi``, ``label::Finnish (fi)``, ``label::Svenska (sv)``); a plain ``label``
belongs to the form's default language. Header names are matched without regard to case or surrounding spaces,
blank rows are skipped, and every problem names its sheet, row and column.

Example
-------
>>> column_of("Label :: English (en)", translated={"label"}, default_language="fi")
Column(header='Label :: English (en)', name='label', language='en')
>>> column_of("label", translated={"label"}, default_language="sv").language
'sv'
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

import python_calamine

from instruments.errors import Problem
from instruments.model import DEFAULT_LANGUAGE, LANGUAGES

LANGUAGE_NAMES = {
    "finnish": "fi", "suomi": "fi", "finska": "fi",
    "swedish": "sv", "svenska": "sv", "ruotsi": "sv",
    "english": "en", "englanti": "en", "engelska": "en",
}  # fmt: skip
"""Language names people write in headers (``label::Suomi``), besides the codes themselves."""

HEADER_NAMES = {"fi": "Finnish (fi)", "sv": "Swedish (sv)", "en": "English (en)"}
"""How exports name the languages in headers: KoboToolbox's ``Name (code)`` convention."""

YES_NO_LIST = "arvio_yes_no"
"""The list exports write for yes/no items without a list of their own (:data:`~instruments.model.YES_NO`)."""


class Problems:
    """The problems found so far in one workbook, each at a sheet, row and column."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.found: list[Problem] = []

    def add(self, sheet: str, row: int | None, column: str, message: str) -> None:
        place = f"{sheet} row {row}" if row is not None else f"{sheet} sheet"
        self.found.append(Problem(self.file, place, column, message))

    def add_file(self, message: str) -> None:
        self.found.append(Problem(self.file, "-", "-", message))


UNKNOWN_COLUMN = "Arvio does not support this column; leave it empty or remove it (see docs/xlsform.md)"


def check_columns(row: Row, allowed: set[str], ignored: set[str], problems: Problems, known=frozenset()) -> None:
    """Report every value in a column outside `allowed`, except presentation-only columns (`ignored`, by the
    part of the header before ``::``) and KoboToolbox's own ``$`` columns. `known` columns exist elsewhere in
    the sheet but not on this kind of row."""
    for column in row.cells:
        base = column.name.split("::")[0]
        if column.name in allowed or base in ignored or base.startswith("$"):
            continue
        if column.name in known:
            problems.add(row.sheet, row.number, column.header, f"the {column.name} column is not supported here")
        else:
            problems.add(row.sheet, row.number, column.header, UNKNOWN_COLUMN)


@dataclass(frozen=True)
class Column:
    header: str  # as written, for messages
    name: str  # lower-case base name: label, hint, type, media::image
    language: str | None = None  # for translated columns


@dataclass
class Row:
    sheet: str
    number: int  # the spreadsheet's row number, 1-based, header included
    cells: dict[Column, object] = field(default_factory=dict)

    def get(self, name: str) -> object:
        """The value in the untranslated column `name`, or None when it is blank or absent."""
        return next((v for c, v in self.cells.items() if c.name == name and c.language is None), None)

    def text(self, name: str) -> str:
        value = self.get(name)
        return "" if value is None else _as_text(value)

    def texts(self, name: str) -> dict[str, str]:
        """The translations in the `name` columns, exactly as written: ``{language: text}``."""
        return {c.language: _exact(v) for c, v in self.cells.items() if c.name == name and c.language}

    def header(self, name: str) -> str:
        """The column's header as written, for messages (the name itself if the column is absent)."""
        return next((c.header for c in self.cells if c.name == name), name)


def read_sheets(path: str | os.PathLike, problems: Problems) -> dict[str, list[list[object]]]:
    """Every sheet of the workbook as a grid of values, keyed by its lower-case name."""
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(os.fspath(path))
        grids = {}
        for name in workbook.sheet_names:
            grids[name.strip().lower()] = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except (python_calamine.CalamineError, OSError, ValueError) as error:
        problems.add_file(f"cannot read the file as a spreadsheet (.xlsx, .xls, .ods): {error}")
        return {}
    return grids


def sheet_of(
    grid: list[list[object]], name: str, problems: Problems, translated: set[str], default_language: str
) -> list[Row]:
    """The rows of `grid` with cells named by its header row; rows without any value are left out."""
    columns: list[Column | object | None] = []
    seen: set[tuple[str, str | None]] = set()
    for header in grid[0] if grid else ():
        if _as_text(header) == "":
            columns.append(None)
            continue
        try:
            column = column_of(_as_text(header), translated, default_language)
        except ValueError as error:
            problems.add(name, 1, _as_text(header), str(error))
            columns.append(_REPORTED)
            continue
        if (column.name, column.language) in seen:
            problems.add(name, 1, column.header, "the column appears twice")
        seen.add((column.name, column.language))
        columns.append(column)
    rows = []
    for index, values in enumerate(grid[1:], start=2):
        row = Row(name, index)
        for column, value in zip(columns, values, strict=False):
            value = cell_value(value)
            if value is None:
                continue
            if column is None:
                problems.add(name, index, "-", f"the value {value!r} is in a column without a header")
            elif column is not _REPORTED:
                row.cells[column] = value
        if row.cells:
            rows.append(row)
    return rows


_REPORTED = object()  # a column whose header is wrong (and reported): its values are not read


def column_of(header: str, translated: set[str], default_language: str) -> Column:
    """The column a header names; ValueError for a language Arvio does not have."""
    parts = [part.strip() for part in header.split("::")]
    base = parts[0].lower()
    if base not in translated:
        return Column(header, "::".join(part.lower() for part in parts))
    if len(parts) == 1:
        return Column(header, base, default_language)
    language = language_of(" ".join(parts[1:]))
    if language is None:
        raise ValueError(f"unknown language {parts[1]!r}: Arvio has fi, sv and en, e.g. {base}::Finnish (fi)")
    return Column(header, base, language)


def language_of(text: str) -> str | None:
    """``fi`` for ``Finnish (fi)``, ``fi``, ``Suomi``; None when the text names no language Arvio has.

    >>> language_of("Svenska (sv)"), language_of("EN"), language_of("Deutsch (de)")
    ('sv', 'en', None)
    """
    code = re.search(r"\(\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?\s*\)\s*$", text)
    word = (code.group(1) if code else text).strip().lower()
    word = LANGUAGE_NAMES.get(word, word)
    return word if word in LANGUAGES else None


def cell_value(value: object) -> object:
    """A cell as Arvio reads it: whole numbers as int, blank text as None. Text keeps its spaces here:
    names and types are trimmed when read (:meth:`Row.text`), translations are kept exactly."""
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if value is None:
        return None
    return value


def _exact(value: object) -> str:
    return value if isinstance(value, str) else _as_text(value)


def _as_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def default_language_of(value: object) -> str:
    """The settings sheet's `default_language`, e.g. ``Finnish (fi)``; Finnish when blank."""
    if value is None:
        return DEFAULT_LANGUAGE
    language = language_of(_as_text(value))
    if language is None:
        raise ValueError(f"unknown language {_as_text(value)!r}: Arvio has fi, sv and en")
    return language
