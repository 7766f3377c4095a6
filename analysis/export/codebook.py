"""The Codebook sheet and the Responses sheet's header: what every column of the responses means.

>>> from analysis.export.columns import Column
>>> from instruments.model import Text
>>> column = Column("Q1", Text(fi="Kävitkö?", en="Did you go?"), "number",
...                 values=((1, Text(fi="Kyllä", en="Yes")), (9, Text(fi="EOS", en="Don't know"))), missing=(9,))
>>> codebook_row(column, "en")
('Q1', 'Did you go?', 'number', "1 = Yes; 9 = Don't know", '', '', "9 = Don't know")
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter

from analysis.export.cells import WRAP, append, fit_row_heights, put, set_widths
from analysis.export.columns import Column
from analysis.export.words import word

CODEBOOK_HEADER = ("name", "label", "type", "values", "scale", "reversed", "missing_codes")
_TYPE_WORDS = {
    "text": "type_text",
    "number": "type_number",
    "datetime": "type_datetime",
    "option": "type_option",
    "mean": "type_mean",
    "sum": "type_sum",
    "percent": "type_percent",
}


def codebook_row(column: Column, language: str) -> tuple[str, ...]:
    """One column's codebook entry: name, label, type, values, scales, reversed, missing codes."""
    labels = dict(column.values)
    values = "; ".join(f"{code} = {text.get(language)}" for code, text in column.values)
    missing = "; ".join(f"{code} = {labels[code].get(language)}" for code in column.missing if code in labels)
    return (
        column.name,
        column.label.get(language),
        word(_TYPE_WORDS[column.type], language),
        values,
        ", ".join(column.scales),
        word("yes", language) if column.reversed else "",
        missing,
    )


def write_codebook(ws, columns: Sequence[Column], language: str) -> None:
    widths = (22, 60, 22, 60, 16, 10, 24)
    set_widths(ws, widths)
    ws.freeze_panes = "A2"
    rows = [codebook_row(column, language) for column in columns]
    fit_row_heights(ws, [(row[1], "", row[3]) for row in rows], (widths[1], 1, widths[3]), first=2)
    append(ws, [word(key, language) for key in CODEBOOK_HEADER], bold=True)
    for row in rows:
        cells = [put(ws, value) for value in row]
        cells[1].alignment = cells[3].alignment = WRAP
        ws.append(cells)


def write_responses_header(ws, columns: Sequence[Column], rows: int) -> None:
    """The Responses sheet's header row, frozen, with an autofilter over all `rows` (the rows come later)."""
    set_widths(ws, [_width(column) for column in columns])
    ws.freeze_panes = "A2"
    if columns:
        ws.auto_filter = AutoFilter(ref=f"A1:{get_column_letter(len(columns))}{rows + 1}")
    append(ws, [column.name for column in columns], bold=True)


def _width(column: Column) -> float:
    if column.type == "datetime":
        return 18
    if column.type == "text":
        return max(14, min(40, len(column.name) + 4))
    return max(8, min(30, len(column.name) + 3))
