"""Cells for openpyxl's write-only sheets: every text a string cell, never a formula.

>>> from openpyxl import Workbook
>>> ws = Workbook(write_only=True).create_sheet("T")
>>> cell = put(ws, "=cmd|' /C calc'!A0")
>>> cell.data_type, cell.quotePrefix
('s', True)
>>> put(ws, -2.5).value, put(ws, float("nan")).value
(-2.5, None)
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence
from datetime import datetime

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from analysis.export.safe import is_formula_like, xlsx_text
from analysis.report_model import Suppressed
from instruments.model import Text

BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top", horizontal="left")
LINE_HEIGHT = 15  # points, for the default 11-point font


def put(ws, value: object, *, number_format: str | None = None, bold: bool = False, language: str = "fi"):
    """A cell holding `value`: text (also a :class:`Text` in `language`, or the marker of a suppressed number)
    as a string cell with the quote prefix when it looks like a formula; numbers as numbers; nan as empty."""
    if isinstance(value, Text):
        value = value.get(language)
    elif isinstance(value, Suppressed):
        value = str(value)
    elif isinstance(value, numbers.Real) and not math.isfinite(value):
        value = None
    if isinstance(value, str):
        value = xlsx_text(value)
        cell = WriteOnlyCell(ws, value)
        cell.data_type = "s"  # openpyxl would make "=..." a formula
        if is_formula_like(value):
            cell.quotePrefix = True
    else:
        cell = WriteOnlyCell(ws, value)
        if number_format and isinstance(value, (numbers.Real, datetime)):
            cell.number_format = number_format
    if bold:
        cell.font = BOLD
    return cell


def append(
    ws,
    values: Iterable[object],
    *,
    formats: dict[int, str] | None = None,
    bold: bool = False,
    language: str = "fi",
) -> None:
    """One row of safe cells; `formats` maps a 0-based column index to a number format."""
    formats = formats or {}
    ws.append(
        [put(ws, v, number_format=formats.get(i), bold=bold, language=language) for i, v in enumerate(values)]
    )


def set_widths(ws, widths: Iterable[float]) -> None:
    """Column widths (in characters); a write-only sheet takes them before its first row."""
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def fit_row_heights(ws, rows: Iterable[Sequence[object]], widths: Sequence[float], *, first: int = 1) -> None:
    """Row heights for wrapped text, estimated from its length (a write-only sheet is never measured by
    Excel's autofit, and the heights must be set before the rows are written)."""
    for number, row in enumerate(rows, start=first):
        lines = max(
            (
                math.ceil(len(value) / max(width - 2, 1))
                for value, width in zip(row, widths, strict=False)
                if isinstance(value, str)
            ),
            default=1,
        )
        if lines > 1:
            ws.row_dimensions[number].height = LINE_HEIGHT * lines
