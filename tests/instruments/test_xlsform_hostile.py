"""Whatever file is uploaded as an XLSForm, import gives an Instrument or an InstrumentError, nothing else.

Generated workbooks (random sheets, headers, types, labels, relevant and constraint expressions, deeply nested
and garbage), random bytes, truncated or damaged copies of a real export and a CSV file renamed .xlsx. The
existing tests pin the messages for known mistakes; these look for the input nobody thought of.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from instruments.errors import InstrumentError
from instruments.loader import load_library
from instruments.model import Instrument
from instruments.xlsform import export_xlsform, import_xlsform
from tests.hostile_corpus import TEXTS
from tests.instruments.xlsform_tables import xlsform

PROPERTY = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome(path: Path) -> Instrument | InstrumentError:
    try:
        instrument = import_xlsform(path)
    except InstrumentError as error:
        assert error.problems, "an InstrumentError must list at least one problem"
        for problem in error.problems:
            assert problem.message, problem
        return error
    assert isinstance(instrument, Instrument)
    return instrument


def _cell_text() -> st.SearchStrategy[str]:
    # openpyxl refuses control characters in cells; everything else a person can type is fair game
    printable = st.characters(blacklist_categories=("Cs", "Cc"))
    return st.one_of(st.text(printable, max_size=30), st.sampled_from([t for t in TEXTS.values() if _fits(t)]))


def _fits(text: str) -> bool:
    return len(text) < 32_000 and not any(ord(c) < 32 and c not in "\t\n\r" for c in text)


TYPES = st.sampled_from(
    ["text", "integer", "decimal", "note", "select_one yn", "select_multiple yn", "select_one",
     "select_one nolist", "begin_group", "end_group", "begin group", "end group", "begin_repeat", "end_repeat",
     "calculate", "acknowledge", "select_one yn or_other", "rank yn", "start", "today", "", "   ",
     "SELECT_ONE YN", "integer integer"]
)  # fmt: skip
NAMES = st.one_of(st.sampled_from(["Q1", "Q2", "AGE", "g1", "Q1", "", "1abc", "a b", "Ä", "${Q1}"]), _cell_text())
EXPRESSIONS = st.one_of(
    st.sampled_from(
        ["${Q1} = '1'", "${AGE} > 12 and ${AGE} < 30", "selected(${Q2}, '1')", "not(${Q1} = '0')", ". >= 0",
         ". <= 120", "string-length(.) <= 20", "${Q1} = ", "(((", ")))", "${}", "${Q1", "' or 1=1 --",
         "regex(., '^(a+)+$')", "${NOPE} = '1'", "1 div 0", "count-selected(${Q2}) > 1", "now()",
         "${Q1} = '1' or ${Q1} = '0' and not(${AGE} = 3)", "selected(${Q2}, 1, 2)", ". > 1e308"]
    ),
    st.integers(1, 400).map(lambda depth: "(" * depth + "${Q1} = '1'" + ")" * depth),
    st.integers(1, 400).map(lambda depth: "not(" * depth + "${Q1} = '1'" + ")" * depth),
    st.integers(1, 60).map(lambda n: " and ".join(["${AGE} > 1"] * n)),
    _cell_text(),
)  # fmt: skip
CELLS = st.one_of(st.none(), _cell_text(), st.integers(-(2**40), 2**40), st.floats(allow_nan=False), st.booleans())
SURVEY_HEADERS = ["type", "name", "label", "label::fi", "label::sv", "hint::en", "required", "relevant",
                  "constraint", "appearance", "arvio_type", "choice_filter", "Label::Suomi",
                  "label::Deutsch (de)"]  # fmt: skip


@st.composite
def survey_rows(draw) -> list[list]:
    headers = draw(st.lists(st.sampled_from(SURVEY_HEADERS) | _cell_text(), min_size=1, max_size=8))
    rows = [headers]
    for _ in range(draw(st.integers(0, 8))):
        row = []
        for header in headers:
            if header == "type":
                row.append(draw(TYPES))
            elif header == "name":
                row.append(draw(NAMES))
            elif header in ("relevant", "constraint"):
                row.append(draw(st.none() | EXPRESSIONS))
            elif header == "required":
                row.append(draw(st.sampled_from(["yes", "no", "true()", "${Q1} = '1'", None, 1, 0])))
            else:
                row.append(draw(CELLS))
        rows.append(row)
    return rows


@st.composite
def workbooks(draw) -> dict[str, list[list]]:
    sheets = {"survey": draw(survey_rows())}
    if draw(st.booleans()):
        sheets["choices"] = [["list_name", "name", "label"], *draw(
            st.lists(st.tuples(st.sampled_from(["yn", "other", ""]), CELLS, CELLS).map(list), max_size=6)
        )]  # fmt: skip
    if draw(st.booleans()):
        settings_headers = draw(st.lists(st.sampled_from(
            ["form_id", "version", "form_title", "default_language", "arvio_respondent_group", "style"]
        ) | _cell_text(), min_size=1, max_size=4, unique=True))  # fmt: skip
        sheets["settings"] = [settings_headers, [draw(CELLS) for _ in settings_headers]]
    for name in draw(st.lists(st.sampled_from(["arvio_scales", "arvio_pairing", "Survey ", "notes"]), max_size=2)):
        sheets[name] = [draw(st.lists(CELLS, min_size=1, max_size=4)) for _ in range(draw(st.integers(0, 3)))]
    return sheets


@PROPERTY
@given(workbooks())
def test_any_generated_workbook_imports_or_is_an_instrument_error(sheets):
    with tempfile.TemporaryDirectory() as folder:
        outcome(xlsform(Path(folder), **sheets))


@PROPERTY
@given(st.binary(max_size=4096), st.sampled_from([".xlsx", ".xls", ".ods", ".csv"]))
def test_random_bytes_are_an_instrument_error(content, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"form{suffix}"
        path.write_bytes(content)
        assert isinstance(outcome(path), InstrumentError)


@pytest.fixture(scope="module")
def exported() -> bytes:
    """A real export of a built-in instrument: the bytes a damaged upload starts from."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "participation.xlsx"
        export_xlsform(load_library().get("participation_youth"), path)
        return path.read_bytes()


@PROPERTY
@given(cut=st.floats(0.0, 0.999))
def test_a_truncated_workbook_is_an_instrument_error(exported, cut):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "form.xlsx"
        path.write_bytes(exported[: int(len(exported) * cut)])
        assert isinstance(outcome(path), InstrumentError)


@PROPERTY
@given(damage=st.lists(st.tuples(st.floats(0.0, 0.999), st.integers(0, 255)), min_size=1, max_size=20))
def test_a_workbook_with_damaged_bytes_imports_or_is_an_instrument_error(exported, damage):
    content = bytearray(exported)
    for where, value in damage:
        content[int(len(content) * where)] = value
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "form.xlsx"
        path.write_bytes(bytes(content))
        outcome(path)


@pytest.mark.parametrize(
    "content",
    [
        b"type,name,label\ntext,Q1,Nimi\n",
        "type;name;label::fi\ntext;Q1;Åsa Öberg-Ääkkönen\n".encode("latin-1"),
        "type\tname\tlabel\ntext\tQ1\tNimi\n".encode("utf-16"),
        b"\xef\xbb\xbf=cmd|' /C calc'!A0,\x00\x00",
        b"PK\x03\x04" + b"\x00" * 100,  # a zip header and nothing after it
        b"",
    ],
    ids=["csv", "latin-1-csv", "utf-16-tsv", "formula-bom-nul", "zip-header-only", "empty"],
)
def test_a_text_file_renamed_xlsx_is_an_instrument_error(tmp_path, content):
    path = tmp_path / "form.xlsx"
    path.write_bytes(content)

    assert isinstance(outcome(path), InstrumentError)


def _text_workbook(path: Path, sheets: dict[str, list[list[str]]]) -> Path:
    """Like `xlsform`, but every cell a text cell, as Excel stores "'=1" (openpyxl makes "=..." a formula)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = sheet.cell(r, c)
                cell.value = value
                cell.data_type = "s"
    workbook.save(path)
    return path


@pytest.mark.parametrize("name", sorted(n for n, t in TEXTS.items() if _fits(t)))
def test_hostile_labels_survive_import_unchanged(tmp_path, name):
    text = TEXTS[name]
    path = _text_workbook(
        tmp_path / "form.xlsx",
        {
            "survey": [["type", "name", "label::fi", "label::sv", "label::en"], ["text", "Q1", text, text, text]],
            "settings": [
                ["form_id", "form_title::fi", "form_title::sv", "form_title::en"],
                ["hostile", "Lomake", "Formulär", "Form"],
            ],
        },
    )

    [item] = import_xlsform(path).items

    # XML reads a bare carriage return in a cell as a line feed (XML 1.0, section 2.11): the file, not Arvio
    expected = text.replace("\r", "\n")
    assert (item.text.fi, item.text.sv, item.text.en) == (expected, expected, expected)
