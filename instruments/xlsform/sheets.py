"""Reading the sheets of an XLSForm workbook into rows of named, typed cells, the way pyxform reads them.

The first row of a sheet names the columns. Sheet and column names are matched without regard to case, and
spaces inside a column name are underscores (``List Name`` is ``list_name``). A column may carry a language
after ``::`` (``label::fi``, ``label::English (en)``, ``label::Svenska``), or after a single ``:`` in a sheet whose
headers use no ``::`` (``label:English``), as pyxform reads them; a plain ``label`` is in the form's default
language. A language Arvio does not have (``label::Deutsch (de)``) is recorded and its cells are not read: the
caller drops it with a warning or refuses the form. Blank rows are skipped, and every problem names its sheet,
row and column.

Example
-------
>>> column_of("Label :: English (en)", SURVEY, double_colon=True, default_language="fi")
Column(header='Label :: English (en)', name='label', language='en', foreign=None)
>>> column_of("label:Suomi", SURVEY, double_colon=False, default_language="en").language
'fi'
>>> column_of("label", SURVEY, double_colon=False, default_language="sv").language
'sv'
>>> column_of("label::Deutsch (de)", SURVEY, double_colon=True, default_language="fi").foreign
'Deutsch (de)'
>>> column_of("list name", CHOICES, double_colon=False, default_language="fi").name
'list_name'
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import python_calamine

from instruments.errors import Message, Problem
from instruments.model import LANGUAGES
from instruments.xlsform.aliases import CHOICES_ALIASES, SETTINGS_ALIASES, SURVEY_ALIASES

LANGUAGE_NAMES = {
    "finnish": "fi", "suomi": "fi", "suomeksi": "fi", "finska": "fi", "fin": "fi",
    "swedish": "sv", "svenska": "sv", "ruotsi": "sv", "ruotsiksi": "sv", "swe": "sv",
    "english": "en", "englanti": "en", "englanniksi": "en", "engelska": "en", "eng": "en",
}  # fmt: skip
"""Language names people write in headers (``label::Suomi``), besides the codes themselves."""

HEADER_NAMES = {"fi": "Finnish (fi)", "sv": "Swedish (sv)", "en": "English (en)"}
"""How exports name the languages in headers: KoboToolbox's ``Name (code)`` convention."""

TRUE_WORDS = {"yes", "true", "true()", "1"}
FALSE_WORDS = {"no", "false", "false()", "0"}

YES_NO_LIST = "arvio_yes_no"
"""The list exports write for yes/no items without a list of their own (:data:`~instruments.model.YES_NO`)."""


@dataclass(frozen=True)
class SheetSpec:
    """What a sheet's headers can say: its columns that carry a language, and its column aliases."""

    name: str
    translated: frozenset[str]
    aliases: Mapping[str, str] = field(default_factory=dict)


SURVEY = SheetSpec("survey", frozenset({"label", "hint"}), SURVEY_ALIASES)
CHOICES = SheetSpec("choices", frozenset({"label"}), CHOICES_ALIASES)
SETTINGS = SheetSpec(
    "settings", frozenset({"form_title", "arvio_form_title", "arvio_description"}), SETTINGS_ALIASES
)
SCALES = SheetSpec("arvio_scales", frozenset({"label", "description"}))
PAIRING = SheetSpec("arvio_pairing", frozenset({"text", "help"}))


class Problems:
    """The problems and warnings found so far in one workbook, each at a sheet, row and column.

    Columns left out are gathered per column (:meth:`left_out`) and become one warning each, naming the rows.
    """

    def __init__(self, file: str) -> None:
        self.file = file
        self.found: list[Problem] = []
        self._warnings: list[Problem] = []
        self._left_out: dict[tuple[str, str, str], tuple[str, list[int]]] = {}
        self.headers: dict[str, dict[tuple[str, str | None], str]] = {}  # sheet -> (name, language) -> header
        self.foreign: dict[tuple[str, str], str] = {}  # (sheet, header) -> a language Arvio does not have

    def add(self, sheet: str, row: int | None, column: str, message: str) -> None:
        self.found.append(Problem(self.file, place(sheet, row), column, message))

    def add_file(self, message: str) -> None:
        self.found.append(Problem(self.file, "-", "-", message))

    def warn(self, sheet: str, row: int | None, column: str, message: str) -> None:
        self._warnings.append(Problem(self.file, place(sheet, row), column, message))

    def left_out(self, sheet: str, column: str, why: str, row: int, what: str = "") -> None:
        """The value (`what`, by default any) in `column` at `row` is left out; one warning per column and
        value gives `why` and the rows."""
        _, rows = self._left_out.setdefault((sheet, column, what), (why, []))
        rows.append(row)

    @property
    def warnings(self) -> list[Problem]:
        """The warnings in the order found, then one per column left out."""
        columns = [
            Problem(
                self.file,
                f"{sheet} sheet",
                column,
                Message(
                    "%(value)sleft out (%(rows)s): %(why)s",
                    value=what + " " if what else "",
                    rows=_rows(rows),
                    why=why,
                ),
            )
            for (sheet, column, what), (why, rows) in self._left_out.items()
        ]
        return [*self._warnings, *columns]


def place(sheet: str, row: int | None) -> str:
    return f"{sheet} row {row}" if row is not None else f"{sheet} sheet"


def _rows(rows: list[int]) -> str:
    shown = ", ".join(str(row) for row in rows[:8])
    if len(rows) == 1:
        return Message("row %(row)s", row=shown)
    if len(rows) <= 8:
        return Message("rows %(rows)s", rows=shown)
    return Message("rows %(rows)s and %(more)s more", rows=shown, more=len(rows) - 8)


@dataclass(frozen=True)
class Column:
    header: str  # as written, for messages
    name: str  # lower-case base name, aliases resolved: label, hint, type, media, bind
    language: str | None = None  # fi, sv or en, for columns that carry a language
    foreign: str | None = None  # a language Arvio does not have: the column is not read


@dataclass
class Row:
    sheet: str
    number: int  # the spreadsheet's row number, 1-based, header included
    cells: dict[Column, object] = field(default_factory=dict)

    def get(self, name: str) -> object:
        """The value in the column `name` (without a language), or None when it is blank or absent."""
        return next((v for c, v in self.cells.items() if c.name == name and c.language is None), None)

    def text(self, name: str) -> str:
        value = self.get(name)
        return "" if value is None else as_text(value)

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
        problems.add_file(
            Message("cannot read the file as a spreadsheet (.xlsx, .xls, .ods): %(error)s", error=error)
        )
        return {}
    return grids


def sheet_of(grid: list[list[object]], spec: SheetSpec, problems: Problems, default_language: str) -> list[Row]:
    """The rows of `grid` with cells named by its header row; rows without any value are left out."""
    headers = [as_text(header) for header in (grid[0] if grid else ())]
    double_colon = any("::" in header for header in headers)
    columns: list[Column | None] = []
    problems.headers.setdefault(spec.name, {})
    seen: dict[tuple[str, str | None, str], str] = {}
    for header in headers:
        column = column_of(header, spec, double_colon, default_language) if header else None
        if column is not None and column.foreign is None:
            # media::image, media::audio, image and audio are different columns that Arvio leaves out alike
            key = (column.name, column.language, header.lower() if column.name == "media" else "")
            if key in seen:
                problems.add(spec.name, 1, header, _twice(seen[key], header, column))
                column = None
            else:
                seen[key] = header
                problems.headers[spec.name].setdefault((column.name, column.language), header)
        columns.append(column)
    rows = []
    for index, values in enumerate(grid[1:], start=2):
        row = Row(spec.name, index)
        for number, (column, value) in enumerate(zip(columns, values, strict=False)):
            value = cell_value(value)
            if value is None:
                continue
            if column is None and not headers[number]:
                problems.left_out(
                    spec.name, f"column {_letters(number)}", Message("the column has no header"), index
                )
            elif column is not None and column.foreign is not None:
                problems.foreign.setdefault((spec.name, column.header), column.foreign)
            elif column is not None:
                row.cells[column] = value
        if row.cells:
            rows.append(row)
    return rows


def _letters(index: int) -> str:
    """The spreadsheet's name of the column at 0-based `index`: A, B, ..., Z, AA, ...

    >>> _letters(0), _letters(25), _letters(26)
    ('A', 'Z', 'AA')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _twice(first: str, header: str, column: Column) -> str:
    if first != header and column.language is not None and "::" not in first and ":" not in first:
        return Message(
            "%(first)s and %(header)s are both in one language: set default_language in the settings sheet to "
            "the language of the plain column",
            first=first,
            header=header,
        )
    return Message("the column appears twice")


def column_of(header: str, spec: SheetSpec, double_colon: bool, default_language: str) -> Column:
    """The column a header names, its language resolved (see the module's docstring)."""
    tokens = [token.strip() for token in (header.split("::") if double_colon else _colon_split(header))]
    base = "_".join(tokens[0].split()).lower()
    base = spec.aliases.get(base, spec.aliases.get(base.replace("_", " "), base))
    if base not in spec.translated:
        return Column(header, base)
    named = "::".join(tokens[1:]) if len(tokens) > 1 else "default"
    language = language_of(named, default_language)
    if language is None:
        return Column(header, base, foreign=named if len(tokens) > 1 else default_language)
    return Column(header, base, language)


def _colon_split(header: str) -> list[str]:
    """Single-colon headers (``label:English``), keeping ``jr:count``-style names whole as pyxform does."""
    tokens = header.split(":")
    if len(tokens) > 1 and tokens[0].strip().lower() == "jr":
        tokens = [f"jr:{tokens[1]}", *tokens[2:]]
    return tokens


def language_of(text: str, default_language: str = "fi") -> str | None:
    """``fi`` for ``Finnish (fi)``, ``fi``, ``fi-FI``, ``Suomi``; the default language for ``default``; None when
    the text names no language Arvio has.

    >>> language_of("Svenska (sv)"), language_of("EN"), language_of("en-GB"), language_of("Deutsch (de)")
    ('sv', 'en', 'en', None)
    """
    text = text.strip()
    code = re.search(r"\(\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*\)\s*$", text)
    word = (code.group(1) if code else text).strip().lower()
    if word == "default":
        return default_language if default_language in LANGUAGES else None
    tag = re.fullmatch(r"([a-z]{2,3})(?:[-_][a-z0-9]+)+", word)
    word = tag.group(1) if tag else word
    word = LANGUAGE_NAMES.get(word, word)
    return word if word in LANGUAGES else None


def cell_value(value: object) -> object:
    """A cell as Arvio reads it: whole numbers as int, blank text as None. Text keeps its spaces here:
    names and types are trimmed when read (:meth:`Row.text`), translations are kept exactly."""
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _exact(value: object) -> str:
    return value if isinstance(value, str) else as_text(value)


def as_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def flag_of(value: object, text: str) -> bool | None:
    """A yes/no cell: yes, true, TRUE(), 1 or no, false, FALSE(), 0 (any case); None for anything else."""
    if isinstance(value, bool):
        return value
    word = text.lower().replace(" ", "")
    return True if word in TRUE_WORDS else False if word in FALSE_WORDS else None
