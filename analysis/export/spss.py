"""Responses as an SPSS .sav file with variable labels, value labels, missing codes and measurement levels.

SPSS names must start with a letter, hold only letters, digits, ``_`` and ``.``, not end in ``.``, be at most
64 bytes, not be a reserved word (ALL, AND, BY, ...) and be unique regardless of case. Arvio's codes already
are (``P_VOICE_1``, ``D_GROUNDS__3``, ``S_VOICE_pct``); any other column name is mapped by :func:`spss_name`
and its label then begins with the original name. Labels are in the chosen language; values are always codes
(SPSS shows the labels): every coded item has value labels, the 0/1 columns of a multiple-choice item too, and
an item with text codes (the county's ``"01"`` ... ``"21"``, ``"90"``, ``"91"``) stays a string variable with
string value labels, so a code never loses its leading zero. The wave column's values get their display names
as labels (``baseline`` = "alkumittaus"). Missing codes ("don't know") are declared as user-missing values
(at most three; a string one at most 8 bytes, as SPSS allows). Dates and times are UTC. The file is built in
memory (pyreadstat writes a whole data frame; a stream's chunks are joined into one table first, column by
column), so very large exports suit CSV better.

>>> spss_name("response_id"), spss_name("@SUM(1)"), spss_name("with"), spss_name("9lives.")
('response_id', 'SUM_1', 'with_', 'V9lives')
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pyreadstat

from analysis.export.columns import Column, ResponseStream, column_values, layout, open_responses
from analysis.export.safe import atomic_path, without_invisible
from analysis.glossary import wave_label
from analysis.response_table import ResponseTable
from instruments.model import Instrument

RESERVED = frozenset(["ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO", "WITH"])
_NOT_NAME = re.compile(r"[^A-Za-z0-9_.]+")
MAX_LABEL = 255  # bytes: SPSS keeps 256 bytes of a variable label
MAX_VALUE_LABEL = 120  # bytes of a value label


def spss_name(name: str) -> str:
    """A valid SPSS variable name for a column name (unchanged when it already is one)."""
    clean = _NOT_NAME.sub("_", name).strip("_").rstrip(".")
    if not clean or not clean[0].isalpha():
        clean = f"V{clean}"
    if clean.upper() in RESERVED:
        clean += "_"
    return clean[:64]


def spss_names(columns: list[Column]) -> list[str]:
    """Valid, case-insensitively unique SPSS names for the columns, in order."""
    taken: set[str] = set()
    names = []
    for column in columns:
        name = base = spss_name(column.name)
        number = 2
        while name.upper() in taken:
            name, number = f"{base[:60]}_{number}", number + 1
        taken.add(name.upper())
        names.append(name)
    return names


def write_sav(
    instrument: Instrument,
    responses: ResponseTable | ResponseStream,
    path: str | os.PathLike,
    *,
    language: str = "fi",
) -> Path:
    """Write the responses with their codebook as an SPSS .sav file (codes, with value labels)."""
    if isinstance(responses, ResponseStream):
        responses = ResponseTable.concat(open_responses(responses)[1])  # one table: pyreadstat needs a frame
    table = responses
    columns = list(layout(instrument, table))
    names = spss_names(columns)
    frame = pd.DataFrame({name: _series(column, table) for name, column in zip(names, columns, strict=True)})
    labels = [_label(column, name, language) for name, column in zip(names, columns, strict=True)]
    value_labels = {
        name: _value_labels(column, table, language)
        for name, column in zip(names, columns, strict=True)
        if column.values or column.name == "wave"
    }
    missing = {
        name: [_code(column, code) for code in column.missing if len(str(code).encode()) <= 8][:3]
        for name, column in zip(names, columns, strict=True)
        if column.missing
    }
    measures = {name: column.measure for name, column in zip(names, columns, strict=True)}
    with atomic_path(path) as temporary:
        pyreadstat.write_sav(
            frame,
            str(temporary),
            column_labels=labels,
            variable_value_labels={k: v for k, v in value_labels.items() if v},
            missing_ranges={k: v for k, v in missing.items() if v},
            variable_measure=measures,
        )
    return Path(path)


def _series(column: Column, table: ResponseTable) -> pd.Series:
    if column.name not in table:
        return pd.Series([None] * len(table), dtype="object" if column.type == "text" else "float64")
    values = column_values(column, table[column.name], labels=False, language="fi")
    if column.type == "datetime":
        return pd.Series(pd.to_datetime(values))
    if column.type == "text" or table[column.name].dtype == object:  # SPSS text too loses invisible characters
        return pd.Series(["" if v is None else without_invisible(str(v)) for v in values], dtype="object")
    return pd.Series(table[column.name], dtype="float64")


def _value_labels(column: Column, table: ResponseTable, language: str) -> dict[object, str]:
    """Code -> label for a coded column: numeric codes for numbers, text codes ("01") for a text column such as
    the county; the wave column's values get their display names ("baseline" -> "alkumittaus")."""
    if column.name == "wave":
        values = table.text("wave").tolist() if "wave" in table else []
        return {v: _clip(wave_label(v, language), MAX_VALUE_LABEL) for v in dict.fromkeys(values) if v}
    return {_code(column, code): _clip(text.get(language), MAX_VALUE_LABEL) for code, text in column.values}


def _code(column: Column, code: int | str) -> int | float | str:
    """A code as the column stores it: text in a text column, a number otherwise."""
    return str(code) if column.type == "text" else code


def _label(column: Column, name: str, language: str) -> str:
    label = column.label.get(language)
    if name != column.name:
        label = f"{column.name}: {label}"
    return _clip(label, MAX_LABEL)


def _clip(text: str, limit: int) -> str:
    """`text` without invisible characters, cut to at most `limit` bytes of UTF-8, never inside a character
    (SPSS counts bytes)."""
    return without_invisible(text).encode("utf-8")[:limit].decode("utf-8", "ignore")
