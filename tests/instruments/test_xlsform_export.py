"""Exporting instruments to XLSForm: readable by other tools, safe from formulas, and read back unchanged."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest
import python_calamine

from instruments.loader import LIBRARY_DIR, load_instrument, parse_instrument
from instruments.model import Compare, Instrument
from instruments.xlsform import export_xlsform, import_xlsform

# One test per built-in instrument file, so that a file being edited fails only its own tests.
BUILT_IN = sorted(path.stem for path in LIBRARY_DIR.glob("*.yaml"))


def text(words: str, languages=("fi", "sv", "en")) -> dict[str, str]:
    return {language: f"{words} ({language})" for language in languages}


def rich_document(languages=("fi", "sv", "en")) -> dict:
    """An instrument that uses every feature the model has."""

    def t(words: str) -> dict[str, str]:
        return text(words, languages)

    def choices(*codes, missing=(), images=None) -> list[dict]:
        return [
            {
                "code": code,
                "label": t(f"Option {code}"),
                **({"missing": True} if code in missing else {}),
                **({"image": images[i]} if images else {}),
            }
            for i, code in enumerate(codes)
        ]

    return {
        "id": "rich_form",
        "version": "2.0.1",
        "theme": "gender_equality",
        "respondent_group": "parents",
        "languages": list(languages),
        "title": t("Rich form"),
        "description": t("What this is about"),
        "notes": "Evaluator notes: several lines,\nkept exactly.  \n",
        "choice_lists": {
            "agree5": choices(1, 2, 3, 4, 5, 9, missing=(9,)),
            "faces": choices(1, 2, 3, images=["face-sad.svg", "face-neutral.svg", "face-happy.svg"]),
            "county": choices("01", "02", "10", "99", missing=("99",)),
            "mixed": choices(1, 2, "other"),
            "own_yes_no": choices(1, 0, 9, missing=(9,)),
        },
        "sections": [
            {
                "id": "background",
                "title": t("Background"),
                "intro": t("First some background"),
                "items": [
                    {
                        "code": "AGE",
                        "type": "number",
                        "minimum": 18,
                        "maximum": 99,
                        "required": True,
                        "text": t("Age"),
                        "help": t("In whole years"),
                    },
                    {
                        "code": "HOURS",
                        "type": "number",
                        "decimal": True,
                        "minimum": 0.5,
                        "text": t("Hours a week"),
                    },
                    {"code": "COUNTY", "type": "single", "choices": "county", "text": t("County")},
                    {"code": "ROLE", "type": "single", "choices": "mixed", "text": t("Role")},
                    {
                        "code": "ROLE_OTHER",
                        "type": "text",
                        "max_length": 80,
                        "text": t("Other role"),
                        "show_if": {"item": "ROLE", "eq": "other"},
                    },
                    {"code": "KIDS", "type": "yesno", "text": t("Children at home?")},
                    {"code": "HELPED", "type": "yesno", "choices": "own_yes_no", "text": t("Got help?")},
                ],
            },
            {
                "id": "views",
                "title": t("Your views"),
                "show_if": {"item": "KIDS", "in": [1]},
                "items": [
                    {"code": "V_1", "type": "likert", "choices": "agree5", "text": t("=1+1 is a formula?")},
                    {"code": "V_2", "type": "likert", "choices": "agree5", "text": t("+358 40 123")},
                    {
                        "code": "V_3",
                        "type": "likert",
                        "choices": "agree5",
                        "text": t("-5 degrees"),
                        "required": True,
                    },
                    {"code": "MOOD", "type": "single", "choices": "faces", "text": t("@home mood")},
                    {"code": "WHERE", "type": "multiple", "choices": "mixed", "text": t("Where")},
                    {"code": "INFO", "type": "info", "text": t("Thank you so far"), "help": t("Nearly done")},
                ],
            },
            {
                "id": "more",
                "title": t("More"),
                "items": [
                    {
                        "code": "C_IN",
                        "type": "text",
                        "text": t("in"),
                        "show_if": {"item": "COUNTY", "in": ["01", "10"]},
                    },
                    {
                        "code": "C_NOT_IN",
                        "type": "text",
                        "text": t("not in"),
                        "show_if": {"item": "WHERE", "not_in": [1, "other"]},
                    },
                    {"code": "C_NE", "type": "text", "text": t("ne"), "show_if": {"item": "HELPED", "ne": 9}},
                    {
                        "code": "C_ORDER",
                        "type": "text",
                        "text": t("order"),
                        "show_if": {
                            "all": [
                                {"item": "AGE", "lt": 30},
                                {"item": "AGE", "le": 40},
                                {"item": "HOURS", "gt": 1.5},
                                {"item": "HOURS", "ge": 1},
                            ]
                        },
                    },
                    {
                        "code": "C_ANSWERED",
                        "type": "longtext",
                        "text": t("answered"),
                        "show_if": {
                            "any": [
                                {"item": "ROLE_OTHER", "answered": True},
                                {"item": "AGE", "answered": False},
                                {"not": {"item": "WHERE", "in": [2]}},
                            ]
                        },
                    },
                    {
                        "code": "C_NESTED",
                        "type": "longtext",
                        "max_length": 500,
                        "text": t("nested"),
                        "show_if": {
                            "not": {
                                "all": [
                                    {"any": [{"item": "V_1", "eq": 5}, {"item": "MOOD", "in": [1, 2]}]},
                                    {"all": [{"item": "KIDS", "eq": 1}, {"item": "AGE", "eq": 40}]},
                                ]
                            }
                        },
                    },
                    {
                        "code": "C_MULTI",
                        "type": "text",
                        "text": t("multi"),
                        "show_if": {"any": [{"item": "WHERE", "in": [1]}, {"item": "WHERE", "in": [2]}]},
                    },
                ],
            },
        ],
        "scales": [
            {
                "code": "S_VIEWS",
                "label": t("Views"),
                "description": t("Mean of views"),
                "items": ["V_1", "V_2", "V_3"],
                "reverse": ["V_2"],
                "percent": True,
                "min_answered": 0.6,
            },
            {"code": "S_SUM", "label": t("Sum"), "items": ["V_1", "V_3"], "method": "sum", "min_answered": 1},
        ],
        "pairing_prompts": [
            {"code": "PC_LETTER", "kind": "letter", "text": t("First letter"), "help": t("For example A")},
            {"code": "PC_DAY", "kind": "digits", "text": t("Day of birth")},
        ],
    }


@pytest.fixture
def rich() -> Instrument:
    return parse_instrument(rich_document(), source="rich.yaml", modules={})


@pytest.mark.parametrize("languages", [("fi", "sv", "en"), ("sv", "fi"), ("en",)])
def test_rich_instrument_round_trips_to_an_equal_instrument(tmp_path, languages):
    instrument = parse_instrument(rich_document(languages), source="rich.yaml", modules={})
    path = tmp_path / "rich.xlsx"

    export_xlsform(instrument, path)
    back = import_xlsform(path)

    assert back == instrument
    assert back.languages == languages
    assert back.source == str(path)


@pytest.mark.parametrize("name", BUILT_IN)
def test_every_built_in_instrument_round_trips_to_an_equal_instrument(tmp_path, name):
    instrument = load_instrument(LIBRARY_DIR / f"{name}.yaml")
    path = tmp_path / f"{instrument.id}.xlsx"

    export_xlsform(instrument, path)

    assert import_xlsform(path) == instrument


def test_the_library_is_not_empty():
    # The round-trip test above runs once per built-in instrument; an empty library would make it vacuous.
    assert len(BUILT_IN) >= 12


def test_text_that_looks_like_a_formula_stays_text(tmp_path, rich):
    path = tmp_path / "rich.xlsx"

    export_xlsform(rich, path)

    sheet = openpyxl.load_workbook(path)["survey"]
    labels = {row[1].value: row[2] for row in sheet.iter_rows(min_row=2) if row[1].value}
    assert (labels["V_1"].value, labels["V_1"].data_type) == ("=1+1 is a formula? (fi)", "s")
    assert labels["V_2"].value == "+358 40 123 (fi)"
    with zipfile.ZipFile(path) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in archive.read(name) or b"<f " in archive.read(name) for name in sheets)
    assert import_xlsform(path).item("V_1").text.fi == "=1+1 is a formula? (fi)"


def test_export_reads_with_an_independent_reader_as_xlsform(tmp_path, rich):
    path = tmp_path / "rich.xlsx"

    export_xlsform(rich, path)

    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    assert workbook.sheet_names == ["survey", "choices", "settings", "arvio_scales", "arvio_pairing"]
    survey = workbook.get_sheet_by_name("survey").to_python()
    header = survey[0]
    assert header[:5] == ["type", "name", "label::Finnish (fi)", "label::Swedish (sv)", "label::English (en)"]
    rows = {row[1]: dict(zip(header, row, strict=True)) for row in survey[1:] if not row[0].startswith("end")}
    assert rows["background"]["type"] == "begin group"
    assert rows["background"]["hint::English (en)"] == "First some background (en)"
    assert rows["views"]["relevant"] == "selected(${KIDS}, '1')"
    assert (rows["AGE"]["type"], rows["AGE"]["constraint"], rows["AGE"]["required"]) == (
        "integer",
        ". >= 18 and . <= 99",
        "yes",
    )
    assert (rows["HOURS"]["type"], rows["HOURS"]["constraint"]) == ("decimal", ". >= 0.5")
    assert (rows["V_1"]["type"], rows["V_1"]["appearance"], rows["V_1"]["arvio_type"]) == (
        "select_one agree5",
        "likert",
        "likert",
    )
    assert (rows["KIDS"]["type"], rows["KIDS"]["arvio_type"]) == ("select_one arvio_yes_no", "yesno")
    assert (rows["C_NESTED"]["appearance"], rows["C_NESTED"]["constraint"]) == (
        "multiline",
        "string-length(.) <= 500",
    )
    assert rows["C_IN"]["relevant"] == "selected(${COUNTY}, '01') or selected(${COUNTY}, '10')"
    assert rows["C_ORDER"]["relevant"] == "${AGE} < 30 and ${AGE} <= 40 and ${HOURS} > 1.5 and ${HOURS} >= 1"
    choices = workbook.get_sheet_by_name("choices").to_python()
    assert ["county", "01"] in [row[:2] for row in choices]
    assert ["agree5", 9.0] in [row[:2] for row in choices]  # whole-number codes are number cells
    settings = workbook.get_sheet_by_name("settings").to_python()
    assert dict(zip(settings[0], settings[1], strict=True)) | {"arvio_notes": ""} == {
        "form_id": "rich_form",
        "version": "2.0.1",
        "form_title": "Rich form (fi)",
        "arvio_form_title::Swedish (sv)": "Rich form (sv)",
        "arvio_form_title::English (en)": "Rich form (en)",
        "default_language": "Finnish (fi)",
        "style": "pages",
        "arvio_respondent_group": "parents",
        "arvio_theme": "gender_equality",
        "arvio_notes": "",
        "arvio_description::Finnish (fi)": "What this is about (fi)",
        "arvio_description::Swedish (sv)": "What this is about (sv)",
        "arvio_description::English (en)": "What this is about (en)",
    }


def test_a_yes_no_item_without_a_list_of_its_own_gets_the_standard_codes_in_the_choices_sheet(tmp_path, rich):
    path = tmp_path / "rich.xlsx"
    export_xlsform(rich, path)

    choices = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("choices").to_python()

    assert [row[:3] for row in choices if row[0] == "arvio_yes_no"] == [
        ["arvio_yes_no", 1.0, "Kyllä"],
        ["arvio_yes_no", 0.0, "Ei"],
    ]
    assert import_xlsform(path).item("KIDS").show_if is None
    assert import_xlsform(path).sections[1].show_if == Compare("KIDS", "in", (1,))
