"""Value-label files and codebook sheets: names for the columns that are not items, and for their values.

A responses file from R, SPSS or Excel often has background columns the instrument does not know (``gender``
coded 1/2); a label file names them, so that results say "Gender: Woman" rather than "gender: 2". One layout
serves a label file (``--labels labels.csv``, or a workbook) and a codebook sheet beside the responses (a sheet
named Codebook, Koodikirja or Kodbok): a header row, then one row per value, and optionally one row per column
with an empty code that names the column itself.

======  ====  =====
column  code  label
======  ====  =====
gender        Gender
gender  1     Man
gender  2     Woman
======  ====  =====

Headers are matched without regard to case and may be in Finnish or Swedish (:data:`HEADERS`). ``label_fi``,
``label_sv`` and ``label_en`` give a label in several languages; ``label`` stands for the languages not given.
A row that gives one code two different labels is an error naming both rows.

>>> labels = labels_from_rows([["Muuttuja", "Arvo", "Selite"], ["gender", "", "Gender"],
...                            ["gender", 1, "Man"], ["gender", 2.0, "Woman"]], "labels.csv")
>>> labels.name("gender").get("en"), labels.value("gender", "2").get("fi")
('Gender', 'Woman')
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from analysis.errors import AnalysisError
from analysis.labels import ColumnLabels, code_key
from analysis.response_table import value_text
from instruments.model import LANGUAGES, Text

CODEBOOK_SHEETS = ("Codebook", "Koodikirja", "Kodbok")
"""Sheets of a responses workbook read as labels (en, fi, sv; case does not matter)."""

HEADERS = {
    "column": ("column", "variable", "name", "muuttuja", "sarake", "nimi", "variabel", "kolumn", "namn"),
    "code": ("code", "value", "koodi", "arvo", "kod", "värde"),
    "label": ("label", "selite", "etikett"),
}
"""Accepted header names of each column of the layout (in a file, case does not matter)."""


def read_labels(path: str | Path) -> ColumnLabels:
    """The labels in a label file: CSV (as :func:`analysis.reading.csv_rows` reads it) or a workbook (its
    codebook sheet, else its first sheet).

    Raises
    ------
    AnalysisError
        Naming the file, row and column of a problem.
    """
    from analysis.reading import CSV_SUFFIXES, WORKBOOK_SUFFIXES, csv_rows

    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix in CSV_SUFFIXES:
            return labels_from_rows(csv_rows(path)[0], path.name)
        if suffix in WORKBOOK_SUFFIXES:
            return labels_from_rows(_sheet_rows(path), path.name)
    except OSError as error:
        raise AnalysisError(f"{path.name}: cannot read the file ({error.strerror or error})") from None
    raise AnalysisError(f"{path.name}: a label file is a .csv file or a workbook (.xlsx, .ods), not {suffix!r}")


def _sheet_rows(path: Path) -> list[list[object]]:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        folded = {name.strip().casefold(): name for name in workbook.sheet_names}
        name = next((folded[n.casefold()] for n in CODEBOOK_SHEETS if n.casefold() in folded), None)
        name = name or (workbook.sheet_names[0] if workbook.sheet_names else None)
        if name is None:
            raise AnalysisError(f"{path.name}: the workbook has no sheets")
        return workbook.get_sheet_by_name(name).to_python()
    except (CalamineError, ValueError) as error:
        if isinstance(error, AnalysisError):
            raise
        raise AnalysisError(f"{path.name}: not a readable workbook ({error})") from None


def labels_from_rows(rows: Sequence[Sequence[object]], where: str) -> ColumnLabels:
    """Labels from rows in the layout above; `where` names the file (and sheet) in messages."""
    texts = ([value_text(c) for c in row] for row in rows)
    numbered = [(n, row) for n, row in enumerate(texts, start=1) if any(row)]
    if not numbered:
        raise AnalysisError(f"{where}: no labels (the file is empty)")
    header_row, header = numbered[0]
    fields = _fields(header, where, header_row)
    names: dict[str, dict[str, str]] = {}
    values: dict[str, dict[str, dict[str, str]]] = {}
    first_seen: dict[tuple[str, str], tuple[int, dict[str, str]]] = {}
    for number, row in numbered[1:]:
        cells = {key: row[index] if index < len(row) else "" for key, index in fields.items()}
        column = cells["column"]
        texts = _texts(cells)
        if not column:
            raise AnalysisError(f"{where}: row {number}: the column name is empty")
        if not texts:
            raise AnalysisError(f"{where}: row {number}: no label for {column!r}")
        code = code_key(cells["code"]) if cells.get("code") else ""
        earlier = first_seen.setdefault((column, code), (number, texts))
        if earlier[1] != texts:
            what = f"code {cells['code']!r} of {column!r}" if code else f"column {column!r}"
            raise AnalysisError(f"{where}: rows {earlier[0]} and {number} give {what} different labels")
        if code:
            values.setdefault(column, {})[code] = texts
        else:
            names[column] = texts
    return ColumnLabels(
        names={column: _text(texts) for column, texts in names.items()},
        values={column: {code: _text(t) for code, t in codes.items()} for column, codes in values.items()},
    )


def _fields(header: list[str], where: str, row: int) -> dict[str, int]:
    """Column positions by field: column, label, code (when present) and label_fi/_sv/_en (when present)."""
    folded = [name.strip().casefold() for name in header]
    fields = {}
    for key, names in HEADERS.items():
        found = next((i for i, name in enumerate(folded) if name in names), None)
        if found is not None:
            fields[key] = found
    for lang in LANGUAGES:
        names = {f"{name}_{lang}" for name in HEADERS["label"]}
        found = next((i for i, name in enumerate(folded) if name in names), None)
        if found is not None:
            fields[f"label_{lang}"] = found
    has_label = "label" in fields or any(f"label_{lang}" in fields for lang in LANGUAGES)
    if "column" not in fields or not has_label:
        raise AnalysisError(
            f"{where}: row {row} (the header) needs the columns 'column', 'code' and 'label' (or 'variable', "
            f"'value', 'label'); it has {', '.join(repr(h) for h in header if h) or 'none'}"
        )
    return fields


def _texts(cells: dict[str, str]) -> dict[str, str]:
    common = cells.get("label", "")
    texts = {lang: cells.get(f"label_{lang}", "") or common for lang in LANGUAGES}
    return {lang: text for lang, text in texts.items() if text}


def _text(texts: dict[str, str]) -> Text:
    return Text(**texts)
