"""Write small XLSForm questionnaires for tests the way pyxform's tests do: as markdown tables; read back the
problems and warnings of importing them as (place, column, message).

>>> rows = table('''
...     | type    | name | label::fi |
...     | integer | AGE  | Ikä       |
... ''')
>>> rows
[['type', 'name', 'label::fi'], ['integer', 'AGE', 'Ikä']]
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from instruments.errors import InstrumentError
from instruments.xlsform import import_xlsform


def table(markdown: str) -> list[list[str | None]]:
    """The rows of a markdown table; a row of empty cells stays (a blank spreadsheet row), ``|---|`` goes."""
    rows = []
    for line in markdown.strip().splitlines():
        line = line.strip()
        if not line.startswith("|") or ("-" in line and set(line) <= set("|-: ")):
            continue
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows.append([cell or None for cell in cells])
    return rows


def xlsform(folder: Path, name: str = "form.xlsx", **sheets: str | list[list]) -> Path:
    """An .xlsx file in `folder` with one sheet per keyword: a markdown table or a list of rows.

    Values go in as given: text stays text, numbers are number cells, None leaves the cell empty.
    """
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet_name, content in sheets.items():
        sheet = workbook.create_sheet(sheet_name)
        rows = table(content) if isinstance(content, str) else content
        for row_number, row in enumerate(rows, start=1):
            for column, value in enumerate(row, start=1):
                if value is not None:
                    sheet.cell(row_number, column).value = value
    path = folder / name
    workbook.save(path)
    return path


def problems_of(path: Path, **options) -> list[tuple[str, str, str]]:
    """The problems that importing `path` (with `options`) raises."""
    with pytest.raises(InstrumentError) as caught:
        import_xlsform(path, **options)
    return [(p.item, p.field, p.message) for p in caught.value.problems]


def warnings_of(path: Path, sheet: str = "", **options) -> list[tuple[str, str, str]]:
    """The warnings of importing `path`; only those about `sheet` when given."""
    warnings: list = []
    import_xlsform(path, warnings=warnings, **options)
    return [(w.item, w.field, w.message) for w in warnings if w.item.startswith(sheet)]
