"""Worksheet rows as SpreadsheetML text, for the one sheet that can hold a million rows.

openpyxl builds one cell object and one XML element per value; for the Responses sheet (up to a million rows of
fifty answers) that is most of an export's time. These functions write the same ``<row>``/``<c>`` markup
directly from plain values, column by column, and :func:`splice_rows` streams it into the workbook openpyxl
saved, in place of that sheet's (header-only) rows. Every other part of the file is openpyxl's.

Values are what :func:`analysis.export.columns.column_values` gives: ``int``/``float`` become number cells,
``str`` inline-string cells (never formulas; formula-like text gets the quote-prefix style), ``datetime`` a
number with a date-time format, ``None`` no cell at all.

>>> "".join(rows_xml([[1, None], ["=1+2", "Kyllä & ei"]], first_row=2, styles=CellStyles(text=0, formula=5,
...                                                                                        date=6)))
'<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="inlineStr" s="5"><is><t xml:space="preserve">=1+2</t></is></c>\
</row><row r="3"><c r="B3" t="inlineStr"><is><t xml:space="preserve">Kyllä &amp; ei</t></is></c></row>'
"""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from openpyxl.utils import get_column_letter

from analysis.export.safe import is_formula_like, xlsx_text

_EPOCH = datetime(1899, 12, 30)
_END_OF_ROWS = b"</sheetData>"


@dataclass(frozen=True)
class CellStyles:
    """Style ids (indexes into the workbook's cell formats) the rows refer to."""

    text: int
    formula: int  # quote prefix: the text stays text even when someone edits the cell
    date: int


def rows_xml(columns: Sequence[Sequence[object]], *, first_row: int, styles: CellStyles) -> Iterator[str]:
    """``<row>`` elements for values given column by column (each column a list of one value per row)."""
    if not columns:
        return iter(())
    count = len(columns[0])
    numbers = [str(r) for r in range(first_row, first_row + count)]
    cells = [
        _column_cells(values, get_column_letter(index), numbers, styles)
        for index, values in enumerate(columns, start=1)
    ]
    return (
        f'<row r="{number}">{"".join(row)}</row>'
        for number, row in zip(numbers, zip(*cells, strict=True), strict=True)
    )


def _column_cells(values: Sequence[object], letter: str, numbers: Sequence[str], styles: CellStyles) -> list[str]:
    texts: dict[str, str] = {}  # one column repeats the same texts (project names, labels): escape each once
    out = []
    for number, value in zip(numbers, values, strict=True):
        kind = type(value)
        if value is None:
            out.append("")
        elif kind is int or kind is float:
            out.append(f'<c r="{letter}{number}"><v>{value}</v></c>')
        elif kind is str:
            body = texts.get(value)  # type: ignore[arg-type]
            if body is None:
                body = texts[value] = _string_body(value, styles)  # type: ignore[index, arg-type]
            out.append(f'<c r="{letter}{number}"{body}')
        elif isinstance(value, datetime):
            serial = (value - _EPOCH).total_seconds() / 86400
            out.append(f'<c r="{letter}{number}" s="{styles.date}"><v>{serial!r}</v></c>')
        else:
            out.append(f'<c r="{letter}{number}"{_string_body(str(value), styles)}')
    return out


def _string_body(text: str, styles: CellStyles) -> str:
    style = f' s="{styles.formula}"' if is_formula_like(text) else ""
    escaped = (
        xlsx_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )
    return f' t="inlineStr"{style}><is><t xml:space="preserve">{escaped}</t></is></c>'


def splice_rows(saved: Path, target: Path, sheet_path: str, rows: Iterable[str]) -> None:
    """Copy the workbook `saved` to `target`, adding `rows` at the end of the rows of the sheet `sheet_path`.

    The sheet is streamed into the archive, so memory stays flat however many rows there are.
    """
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            if info.filename != sheet_path:
                with source.open(info) as part, out.open(info, "w") as copy:
                    shutil.copyfileobj(part, copy)
                continue
            head, tail = _split_sheet(source.read(info))
            with out.open(info.filename, "w", force_zip64=True) as sheet:
                sheet.write(head)
                batch: list[str] = []
                for row in rows:
                    batch.append(row)
                    if len(batch) == 2000:
                        sheet.write("".join(batch).encode("utf-8"))
                        batch.clear()
                sheet.write("".join(batch).encode("utf-8"))
                sheet.write(tail)


def _split_sheet(xml: bytes) -> tuple[bytes, bytes]:
    """The sheet's XML before and after the end of its rows (a sheet with no rows has ``<sheetData/>``)."""
    at = xml.find(_END_OF_ROWS)
    if at >= 0:
        return xml[:at], xml[at:]
    at = xml.find(b"<sheetData/>")
    return xml[:at] + b"<sheetData>", _END_OF_ROWS + xml[at + len(b"<sheetData/>") :]
