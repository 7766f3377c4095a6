"""Whatever file is uploaded as an XLSForm, import gives an Instrument or an InstrumentError, nothing else.

Generated workbooks (random sheets, headers and their aliases, types and their aliases, names, labels in any
language, relevant and constraint expressions, deeply nested groups and garbage), random bytes, truncated or
damaged copies of a real export and a CSV file renamed .xlsx. An instrument that imports exports and imports
again unchanged. The existing tests pin the messages for known mistakes; these look for the input nobody thought
of.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from instruments.errors import InstrumentError, Message
from instruments.loader import load_library
from instruments.model import Instrument
from instruments.xlsform import export_xlsform, import_xlsform
from tests.hostile_corpus import TEXTS
from tests.instruments.xlsform_tables import xlsform

PROPERTY = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome(path: Path, **options) -> Instrument | InstrumentError:
    warnings: list = []
    try:
        instrument = import_xlsform(path, warnings=warnings, **options)
    except InstrumentError as error:
        assert error.problems, "an InstrumentError must list at least one problem"
        for problem in error.problems:
            assert problem.message and isinstance(problem.message, Message), problem  # translatable on the page
        return error
    finally:
        assert all(warning.message and isinstance(warning.message, Message) for warning in warnings)
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
     "SELECT_ONE YN", "integer integer", "select one from yn", "select all that apply from yn", "select1 yn",
     "string", "int", "q int", "add text prompt", "begin loop over yn", "end loop", "geopoint", "image",
     "select_one yn or specify other", "select_multiple other or_other", "deviceid", "username", "audit",
     "select_one_from_file x.csv", "hidden", "date", "begin group", "begin group", "end group"]
)  # fmt: skip
NAMES = st.one_of(
    st.sampled_from(["Q1", "Q2", "AGE", "g1", "Q1", "", "1abc", "a b", "Ä", "${Q1}", "age", "q1", "ikä", "a-b",
                     "a.b", "Age", "q1_other", "start"]),
    _cell_text(),
)  # fmt: skip
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
                  "label::Deutsch (de)", "relevance", "caption", "label:English", "Label::English (en)", "hint",
                  "constraint_message", "default", "read_only", "calculation", "disabled", "$kuid", "media::image",
                  "select_from_list_name", "trigger", "bind::odk:length", "Type", "NAME", "command"]  # fmt: skip
EXPRESSION_COLUMNS = {"relevant", "constraint", "relevance", "calculation", "read_only", "disabled"}


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
            elif header in EXPRESSION_COLUMNS:
                row.append(draw(st.none() | EXPRESSIONS | st.sampled_from(["yes", "no", "${age} > 3"])))
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
        choice_headers = [
            draw(st.sampled_from(["list_name", "list name", "List Name"])),
            draw(st.sampled_from(["name", "value"])),
            draw(st.sampled_from(["label", "caption", "label::English (en)", "label:fi"])),
            *draw(st.lists(st.sampled_from(["county", "image", "arvio_missing"]), max_size=1)),
        ]
        codes = st.one_of(CELLS, st.sampled_from([1, 0, "1", "other", "dk", "01", "a-b"]))
        sheets["choices"] = [
            choice_headers,
            *draw(
                st.lists(
                    st.tuples(st.sampled_from(["yn", "other", "", "YN"]), codes, CELLS, CELLS).map(list),
                    max_size=6,
                )
            ),
        ]
    if draw(st.booleans()):
        settings_headers = draw(
            st.lists(
                st.sampled_from(
                    [
                        "form_id",
                        "version",
                        "form_title",
                        "default_language",
                        "arvio_respondent_group",
                        "style",
                        "public_key",
                        "submission_url",
                        "set_form_title",
                        "id_string",
                        "instance_name",
                        "form_title::sv",
                    ]
                )
                | _cell_text(),
                min_size=1,
                max_size=4,
                unique=True,
            )
        )
        values = st.one_of(CELLS, st.sampled_from(["2026112801", "English", "Deutsch (de)", "v3", "3 (x)"]))
        sheets["settings"] = [settings_headers, [draw(values) for _ in settings_headers]]
    for name in draw(st.lists(st.sampled_from(["arvio_scales", "arvio_pairing", "Survey ", "notes"]), max_size=2)):
        sheets[name] = [draw(st.lists(CELLS, min_size=1, max_size=4)) for _ in range(draw(st.integers(0, 3)))]
    return sheets


@PROPERTY
@given(workbooks(), st.booleans(), st.sampled_from([None, "fi", "en"]))
def test_any_generated_workbook_imports_or_is_an_instrument_error_and_round_trips(sheets, skip, language):
    with tempfile.TemporaryDirectory() as folder:
        result = outcome(xlsform(Path(folder), **sheets), skip_unsupported=skip, default_language=language)
        if isinstance(result, Instrument):
            export_xlsform(result, Path(folder) / "again.xlsx")
            assert import_xlsform(Path(folder) / "again.xlsx") == result


LABELS = ["label", "label::fi", "label::English (en)", "label:Svenska", "Label::Suomi (fi)", "caption"]
PLAUSIBLE_TYPES = ["text", "integer", "decimal", "note", "select_one yn", "select_multiple yn",
                   "select one from yn", "select_one yn or_other", "start", "geopoint", "calculate", "string",
                   "int", "select all that apply from yn"]  # fmt: skip
EXTRA_COLUMNS = ["hint", "required", "relevant", "relevance", "constraint", "appearance", "constraint_message",
                 "default", "$kuid", "choice_filter", "label::Deutsch (de)"]  # fmt: skip


@st.composite
def plausible_forms(draw) -> dict[str, list[list]]:
    """Forms as people write them, right or nearly right: most import, so that the round trip is tested."""
    label = draw(st.sampled_from(LABELS))
    extras = draw(st.lists(st.sampled_from(EXTRA_COLUMNS), max_size=4, unique=True))
    if "relevant" in extras and "relevance" in extras:
        extras.remove("relevance")
    headers = ["type", "name", label, *extras]
    questions = []
    for index in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(PLAUSIBLE_TYPES))
        name = draw(st.sampled_from([f"q{index}", f"Q{index}", f"kysymys_{index}", f"ikä{index}"]))
        values = {
            "type": kind,
            "name": name,
            label: draw(st.sampled_from(["Kysymys", "Fråga?", "+358 40", " x "])),
        }
        earlier = [row["name"] for row in questions if row["type"] in ("text", "integer", "string", "int")]
        for column in extras:
            if column in ("relevant", "relevance") and earlier:
                values[column] = draw(
                    st.sampled_from(
                        [
                            f"${{{earlier[-1]}}} != ''",
                            "${q0} = ''",
                            f"count-selected(${{{name}}}) > 0",
                            "today() > 1",
                        ]
                    )
                )
            elif column == "required":
                values[column] = draw(st.sampled_from(["yes", "no", "true()", None]))
            elif column == "constraint" and kind in ("integer", "int"):
                values[column] = draw(st.sampled_from([". >= 0", ". > 1 and . < 99", "regex(., 'x')"]))
            elif column == "appearance":
                values[column] = draw(st.sampled_from(["likert", "minimal", "multiline", "w2", None]))
            elif column in ("hint", "constraint_message", "default", "$kuid", "label::Deutsch (de)"):
                values[column] = draw(st.sampled_from(["x", None]))
        questions.append(values)
    rows = [[row.get(header) for header in headers] for row in questions]
    for _ in range(draw(st.integers(0, 3))):  # wrap a run of rows in a group, possibly inside another
        start = draw(st.integers(0, len(rows)))
        end = draw(st.integers(start, len(rows)))
        appearance = draw(st.sampled_from(["field-list", None]))
        begin = {
            "type": draw(st.sampled_from(["begin group", "begin_group"])),
            "name": f"g{start}_{end}",
            label: draw(st.sampled_from(["Sivu", None])),
            "appearance": appearance,
        }
        rows[start:end] = [
            [begin.get(h) for h in headers],
            *rows[start:end],
            ["end group"] + [None] * (len(headers) - 1),
        ]
    choice_label = label if label != "caption" else "caption"
    sheets = {
        "survey": [headers, *rows],
        "choices": [["list name", "name", choice_label], ["yn", 1, "Kyllä"], ["yn", 0, "Ei"], ["yn", "dk", "?"]],
    }
    if draw(st.booleans()):
        sheets["settings"] = [
            ["form_id", "version", "default_language"],
            [
                draw(st.sampled_from(["my_form", "My-Form"])),
                draw(st.sampled_from(["2026112801", "v2", None])),
                draw(st.sampled_from(["English (en)", "fi", None])),
            ],
        ]
    return sheets


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plausible_forms(), st.booleans())
def test_forms_as_people_write_them_import_or_are_an_instrument_error_and_round_trip(sheets, skip):
    with tempfile.TemporaryDirectory() as folder:
        result = outcome(xlsform(Path(folder), **sheets), skip_unsupported=skip)
        if isinstance(result, Instrument):
            export_xlsform(result, Path(folder) / "again.xlsx")
            again: list = []
            assert import_xlsform(Path(folder) / "again.xlsx", warnings=again) == result
            assert again == []


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
