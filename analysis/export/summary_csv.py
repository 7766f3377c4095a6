"""The report's tables as CSV: one file with every table, or a folder with one file per table.

The tables are the workbook's report sheets, row for row and in the same words (:mod:`.report_rows`): scale
summaries, answer distributions, proportions, reliability, item diagnostics, comparisons, and the notes to read
first. Numbers are full numbers (not rounded), a hidden number is its marker (``<5``, ``x``), an undefined one
an empty cell. Text is formula-safe (:func:`.safe.csv_text`); files are UTF-8 with a byte-order mark.

- One file (``results.csv``): each table under a title row, a blank row between tables, for reading in a
  spreadsheet program.
- A folder (``results/``): one rectangular file per table, named by the table in the report's language in
  lower-case ASCII (``summary.csv``, ``comparisons.csv``, ...; ``yhteenveto.csv``, ``vertailut.csv``, ... in
  Finnish), for R, Python or SPSS.

The decimal separator follows the language unless given: a comma and semicolons between fields in Finnish and
Swedish (as Excel there expects), a point and commas in English.

>>> print(", ".join(word(key, "fi") for key, *_ in TABLES))
Yhteenveto, Vastausjakaumat, Osuudet, Reliabiliteetti, Osioiden tunnusluvut, Vertailut, Lue nämä ensin
>>> dialect_for("fi"), dialect_for("en"), dialect_for("en", decimal_comma=True)
('semicolon', 'comma', 'semicolon')
"""

from __future__ import annotations

import math
import numbers
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from analysis.export.csv_files import write_rows
from analysis.export.report_rows import (
    COMPARISON,
    DISTRIBUTION,
    ITEM_DIAGNOSTICS,
    PROPORTION,
    RELIABILITY,
    SUMMARY,
    comparison_rows,
    distribution_rows,
    item_diagnostic_rows,
    proportion_rows,
    reliability_rows,
    summary_rows,
)
from analysis.export.safe import atomic_path, safe_filename
from analysis.export.words import header, word
from analysis.numbers import COMMA_LANGUAGES
from analysis.report_model import Report

Rows = Callable[[Report, str], Iterable[Sequence[object]]]


def _warning_rows(report: Report, language: str) -> Iterator[list[object]]:
    for warning in report.warnings:
        yield [warning.text.get(language), warning.code, warning.subject]


TABLES: tuple[tuple[str, tuple[str, ...], Rows], ...] = (
    ("sheet_summary", SUMMARY, summary_rows),
    ("distributions", DISTRIBUTION, distribution_rows),
    ("proportions", PROPORTION, proportion_rows),
    ("sheet_reliability", RELIABILITY, reliability_rows),
    ("item_diagnostics", ITEM_DIAGNOSTICS, item_diagnostic_rows),
    ("sheet_comparisons", COMPARISON, comparison_rows),
    ("warnings", ("warning", "warning_code", "warning_subject"), _warning_rows),
)
"""The tables in order: the word that names each (its title and file name), its fields and its rows."""


def dialect_for(language: str, *, decimal_comma: bool | None = None) -> str:
    """``"semicolon"`` (decimal comma) for fi and sv, ``"comma"`` (decimal point) for en, unless told."""
    comma = language in COMMA_LANGUAGES if decimal_comma is None else decimal_comma
    return "semicolon" if comma else "comma"


def write_summary_csv(
    report: Report, path: str | os.PathLike, *, language: str | None = None, decimal_comma: bool | None = None
) -> Path:
    """Every table in one CSV file, each under its title, a blank row between them."""
    language = language or report.design.language

    def rows() -> Iterator[Sequence[object]]:
        for number, (key, fields, table_rows) in enumerate(TABLES):
            if number:
                yield []
            yield [word(key, language)]
            yield [header(name, language) for name in fields]
            yield from (_plain(row) for row in table_rows(report, language))

    with atomic_path(path) as temporary, open(temporary, "w", encoding="utf-8-sig", newline="") as out:
        write_rows(out, rows(), dialect=dialect_for(language, decimal_comma=decimal_comma))
    return Path(path)


def write_summary_folder(
    report: Report, folder: str | os.PathLike, *, language: str | None = None, decimal_comma: bool | None = None
) -> list[Path]:
    """One CSV file per table in `folder` (made if missing), named by the table; returns the files written."""
    language = language or report.design.language
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    dialect = dialect_for(language, decimal_comma=decimal_comma)
    written = []
    for key, fields, table_rows in TABLES:
        path = folder / safe_filename(f"{word(key, language).lower()}.csv")
        rows = [[header(name, language) for name in fields]]
        rows += [_plain(row) for row in table_rows(report, language)]
        with atomic_path(path) as temporary, open(temporary, "w", encoding="utf-8-sig", newline="") as out:
            write_rows(out, rows, dialect=dialect)
        written.append(path)
    return written


def _plain(row: Sequence[object]) -> list[object]:
    """Cells as a CSV holds them: an undefined number empty, a hidden one its marker, ints whole."""
    cells = []
    for value in row:
        if isinstance(value, numbers.Integral) and not isinstance(value, bool):
            value = int(value)
        elif isinstance(value, numbers.Real) and not isinstance(value, bool):
            value = float(value) if math.isfinite(value) else None
        elif value is not None and not isinstance(value, str):
            value = str(value)  # a Suppressed marker
        cells.append(value)
    return cells
