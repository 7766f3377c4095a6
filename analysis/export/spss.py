"""Responses as an SPSS .sav file with variable labels, value labels, missing codes and measurement levels.

SPSS names must start with a letter, hold only letters, digits, ``_`` and ``.``, not end in ``.``, be at most
64 bytes, not be a reserved word (ALL, AND, BY, ...) and be unique regardless of case. Arvio's codes already
are (``P_VOICE_1``, ``D_GROUNDS__3``, ``S_VOICE_pct``); any other column name is mapped by :func:`spss_name`
and its label then begins with the original name. Labels are in the chosen language; values are always codes
(SPSS shows the labels). Missing codes ("don't know") are declared as user-missing values. Dates and times are
UTC. The file is built in memory (pyreadstat writes a whole data frame), so very large exports suit CSV better.

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
from analysis.export.safe import atomic_path
from analysis.response_table import ResponseTable
from instruments.model import Instrument

RESERVED = frozenset(["ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO", "WITH"])
_NOT_NAME = re.compile(r"[^A-Za-z0-9_.]+")
MAX_LABEL = 250  # SPSS keeps 256 bytes of a variable label; value labels 120


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
    _, chunks = open_responses(responses)
    parts = list(chunks)
    table = _concatenate(parts)
    columns = list(layout(instrument, table))
    names = spss_names(columns)
    frame = pd.DataFrame({name: _series(column, table) for name, column in zip(names, columns, strict=True)})
    labels = [_label(column, name, language) for name, column in zip(names, columns, strict=True)]
    value_labels = {
        name: {code: text.get(language)[:120] for code, text in column.values if isinstance(code, int | float)}
        for name, column in zip(names, columns, strict=True)
        if column.values and column.type != "text"
    }
    missing = {
        name: [code for code in column.missing if isinstance(code, int | float)][:3]
        for name, column in zip(names, columns, strict=True)
        if column.missing
    }
    measures = {name: column.measure for name, column in zip(names, columns, strict=True)}
    with atomic_path(path) as temporary:
        pyreadstat.write_sav(
            frame,
            str(temporary),
            column_labels=labels,
            variable_value_labels=value_labels,
            missing_ranges={k: v for k, v in missing.items() if v},
            variable_measure=measures,
        )
    return Path(path)


def _concatenate(parts: list[ResponseTable]) -> ResponseTable:
    if len(parts) == 1:
        return parts[0]
    if not parts:
        return ResponseTable({})
    return ResponseTable.from_columns(
        {name: [v for part in parts for v in part[name].tolist()] for name in parts[0].names}
    )


def _series(column: Column, table: ResponseTable) -> pd.Series:
    if column.name not in table:
        return pd.Series([None] * len(table), dtype="object" if column.type == "text" else "float64")
    values = column_values(column, table[column.name], labels=False, language="fi")
    if column.type == "datetime":
        return pd.Series(pd.to_datetime(values))
    if column.type == "text" or table[column.name].dtype == object:
        return pd.Series(["" if v is None else str(v) for v in values], dtype="object")
    return pd.Series(table[column.name], dtype="float64")


def _label(column: Column, name: str, language: str) -> str:
    label = column.label.get(language)
    if name != column.name:
        label = f"{column.name}: {label}"
    return label[:MAX_LABEL]
