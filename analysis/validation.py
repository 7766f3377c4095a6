"""Check a responses table against its instrument and turn answers into codes, once, at the edge.

:func:`prepare` is the one place that trusts nothing about a responses file: after it, every answer column of a
choice item holds only codes from its choice list (or ``nan``), so scoring and counting need no checks.

- Text answers are read as codes, or as choice labels in any of the instrument's languages (an export may
  write labels), case-insensitively.
- A code outside the item's choice list, a non-numeric answer to a number item, a number outside its bounds or
  a multiple-choice cell other than 0/1 is an :class:`~analysis.errors.AnalysisError` naming the column and the
  first offending rows (counted from 1 as the data rows of the file).
- Columns that look like item codes but are not in the instrument, and item columns with no answers at all,
  become warnings: the report says so and carries on.

Example
-------
>>> from instruments.model import Instrument, Section, Item, ItemType, Text, RespondentGroup
>>> item = Item(code="Q1", type=ItemType.YESNO, text=Text(fi="K"))
>>> instrument = Instrument(id="x", version="1", title=Text(fi="X"), respondent_group=RespondentGroup.YOUTH,
...                         languages=("fi", "en"), sections=(Section(id="s", title=Text(fi="S"), items=(item,)),))
>>> table, warnings = prepare(ResponseTable.from_columns({"Q1": ["Yes", "ei", 1]}), instrument)
>>> table["Q1"]
array([1., 0., 1.])
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.errors import AnalysisError
from analysis.report_model import ReportWarning
from analysis.response_table import METADATA_COLUMNS, OPTION_SEPARATOR, ResponseTable, value_text
from instruments.model import ChoiceList, Instrument, Item, ItemType, Text

_ITEM_LIKE = re.compile(r"^[A-Z][A-Z0-9_]*$")


def prepare(table: ResponseTable, instrument: Instrument) -> tuple[ResponseTable, tuple[ReportWarning, ...]]:
    """Validate `table` against `instrument` and decode its answer columns to codes.

    Returns
    -------
    table : ResponseTable
        The same rows; choice answers as codes (``float64`` when the codes are numbers, text otherwise).
    warnings : tuple of ReportWarning
        Unknown item-like columns and item columns without any answer.

    Raises
    ------
    AnalysisError
        Naming the column and rows of the first answer that cannot be read.
    """
    if len(table.columns) == 0 or len(table) == 0:
        raise AnalysisError("the responses table has no rows")
    decoded: dict[str, np.ndarray] = {}
    warnings: list[ReportWarning] = []
    for item in instrument.answered_items:
        for name in item_columns(table, item):
            decoded[name] = _decode(table, name, item, instrument)
            if np.all(_missing(decoded[name])):
                warnings.append(_warning("no_answers", name, _NO_ANSWERS))
    known = set(decoded) | set(METADATA_COLUMNS) | {s.code for s in instrument.scales}
    for name in table.names:
        if name not in known and _ITEM_LIKE.match(name) and not name.startswith("S_"):
            warnings.append(_warning("unknown_column", name, _UNKNOWN_COLUMN))
    return table.with_columns(decoded), tuple(warnings)


def item_columns(table: ResponseTable, item: Item) -> list[str]:
    """The table's columns holding `item`'s answers: ``CODE``, or ``CODE__option`` for multiple choice."""
    if item.type is ItemType.MULTIPLE:
        prefix = item.code + OPTION_SEPARATOR
        return [name for name in table.names if name.startswith(prefix)]
    return [item.code] if item.code in table else []


def _decode(table: ResponseTable, name: str, item: Item, instrument: Instrument) -> np.ndarray:
    values = table[name]
    if item.type is ItemType.MULTIPLE:
        return _check_allowed(_as_numbers(values, name), {0.0, 1.0}, name, "0 or 1")
    if item.type is ItemType.NUMBER:
        return _check_bounds(_as_numbers(values, name), item, name)
    choices = instrument.choice_list(item)
    if choices is None:  # text items stay text
        return table.text(name)
    codes = [c.code for c in choices.choices]
    if all(isinstance(code, int) for code in codes):
        numbers = values if values.dtype.kind == "f" else _labels_to_codes(values, choices, name, numeric=True)
        return _check_allowed(numbers, {float(c) for c in codes}, name, "a code of the choice list")
    return _labels_to_codes(values, choices, name, numeric=False)


def _labels_to_codes(values: np.ndarray, choices: ChoiceList, name: str, *, numeric: bool) -> np.ndarray:
    """Codes for a column of codes or labels; each distinct value is looked up once."""
    lookup: dict[str, object] = {}
    for choice in choices.choices:
        code = float(choice.code) if numeric else str(choice.code)
        for text in (*choice.label.as_dict().values(), value_text(choice.code), _as_number_text(choice.code)):
            lookup.setdefault(text.casefold(), code)
    lookup[""] = np.nan if numeric else ""
    inverse, uniques = pd.factorize(values)  # missing cells (nan, None) get -1
    texts = [value_text(u).casefold() for u in uniques]
    unknown = [i for i, text in enumerate(texts) if text not in lookup]
    if unknown:
        raise AnalysisError(
            f"column {name!r}: {value_text(uniques[unknown[0]])!r} is neither a code nor a label of choice list "
            f"{choices.name!r}",
            column=name,
            rows=np.flatnonzero(np.isin(inverse, unknown)),
        )
    mapped = np.array([lookup[text] for text in texts] + [lookup[""]], dtype=np.float64 if numeric else object)
    return mapped[inverse]


def _as_number_text(code: int | str) -> str:
    """A text code as a spreadsheet shows it once read as a number: "01" -> "1" (else the code itself)."""
    try:
        return value_text(float(code))
    except ValueError:
        return str(code)


def _as_numbers(values: np.ndarray, name: str) -> np.ndarray:
    if values.dtype.kind == "f":
        return values
    numbers = np.full(len(values), np.nan)
    bad = np.zeros(len(values), dtype=bool)
    for i, value in enumerate(values):
        text = value_text(value).replace(",", ".")
        try:
            numbers[i] = float(text) if text else np.nan
        except ValueError:
            bad[i] = True
    if bad.any():
        raise AnalysisError(f"column {name!r} has non-numeric answers", column=name, rows=np.flatnonzero(bad))
    return numbers


def _check_allowed(numbers: np.ndarray, allowed: set[float], name: str, what: str) -> np.ndarray:
    bad = ~_missing(numbers) & ~np.isin(numbers, sorted(allowed))
    if bad.any():
        first = numbers[bad][0]
        raise AnalysisError(
            f"column {name!r}: {value_text(first)!r} is not {what}", column=name, rows=np.flatnonzero(bad)
        )
    return numbers


def _check_bounds(numbers: np.ndarray, item: Item, name: str) -> np.ndarray:
    low = -np.inf if item.minimum is None else item.minimum
    high = np.inf if item.maximum is None else item.maximum
    bad = ~np.isnan(numbers) & ((numbers < low) | (numbers > high) | ~np.isfinite(numbers))
    if bad.any():
        raise AnalysisError(
            f"column {name!r}: answers outside {value_text(item.minimum)}..{value_text(item.maximum)}",
            column=name,
            rows=np.flatnonzero(bad),
        )
    return numbers


def _missing(values: np.ndarray) -> np.ndarray:
    return np.isnan(values) if values.dtype.kind == "f" else values == ""


def _warning(code: str, column: str, template: Text) -> ReportWarning:
    return ReportWarning(
        code=code,
        subject=column,
        text=Text(**{lang: text.format(column=column) for lang, text in template.as_dict().items()}),
    )


_NO_ANSWERS = Text(
    fi="Sarakkeessa {column} ei ole yhtään vastausta.",
    sv="Kolumnen {column} har inga svar.",
    en="Column {column} has no answers.",
)
_UNKNOWN_COLUMN = Text(
    fi="Sarake {column} ei ole mittarin kysymys, joten sitä ei analysoitu.",
    sv="Kolumnen {column} är inte en fråga i instrumentet och analyserades inte.",
    en="Column {column} is not an item of the instrument and was not analysed.",
)
