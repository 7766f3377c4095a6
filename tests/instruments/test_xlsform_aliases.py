"""Every alias XLSForm has, as pyxform 4.5 (ODK's converter) lists them: each type and column imports as what it
names, or is left out or refused by name. The tables are read from pyxform itself, so an alias pyxform adds
fails here until Arvio decides what to do with it."""

from __future__ import annotations

import pytest
from pyxform import aliases as pyxform_aliases
from pyxform.question_type_dictionary import QUESTION_TYPE_DICT

from instruments.errors import InstrumentError
from instruments.model import Compare, ItemType, Text
from instruments.xlsform import import_xlsform
from instruments.xlsform.aliases import (
    CHOICES_ALIASES,
    KNOWN_COLUMNS,
    LEFT_OUT_COLUMNS,
    SETTINGS_LEFT_OUT,
    SURVEY_ALIASES,
    UNSUPPORTED_COLUMNS,
    type_of,
)
from tests.instruments.xlsform_tables import xlsform

YES_NO = "| list_name | name | label |\n| yn | 1 | Kyllä |\n| yn | 0 | Ei |"
ASKED = {
    "text": (ItemType.TEXT, False), "string": (ItemType.TEXT, False), "add text prompt": (ItemType.TEXT, False),
    "q string": (ItemType.TEXT, False), "integer": (ItemType.NUMBER, False), "int": (ItemType.NUMBER, False),
    "add integer prompt": (ItemType.NUMBER, False), "q int": (ItemType.NUMBER, False),
    "decimal": (ItemType.NUMBER, True), "add decimal prompt": (ItemType.NUMBER, True),
    "q decimal": (ItemType.NUMBER, True), "note": (ItemType.INFO, False),
    "add note prompt": (ItemType.INFO, False), "q note": (ItemType.INFO, False),
}  # fmt: skip


def outcome(path, **options):
    """('ok', instrument, warnings) or ('error', problems)."""
    warnings = []
    try:
        instrument = import_xlsform(path, warnings=warnings, **options)
    except InstrumentError as error:
        return "error", [(p.item, p.field, p.message) for p in error.problems]
    return "ok", instrument, [(w.item, w.field, w.message) for w in warnings if not w.item.startswith("settings")]


def one_question(tmp_path, xlsform_type: str, **options):
    survey = [["type", "name", "label"], ["text", "first", "Eka"], [xlsform_type, "q", "Q"]]
    return outcome(xlsform(tmp_path, survey=survey, choices=YES_NO), **options)


# --- types ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(QUESTION_TYPE_DICT))
def test_every_question_type_pyxform_knows_is_asked_left_out_or_refused_by_name(tmp_path, name):
    kind = type_of(name)
    result = one_question(tmp_path, name)

    if name in ASKED:
        item_type, decimal = ASKED[name]
        assert result[0] == "ok"
        assert (result[1].item("Q").type, result[1].item("Q").decimal) == (item_type, decimal)
    elif kind.kind == "metadata":
        assert result[0] == "ok"
        assert [item.code for item in result[1].items] == ["FIRST"]
        assert result[2] == [("survey row 3", "type", result[2][0][2])]
        assert result[2][0][2].startswith(f"metadata '{name.lower()}' left out")
    elif kind.kind == "select":  # a select command without a list name ("select one", "q select1")
        assert result == ("error", [("survey row 3", "type", f"name one choice list, e.g. {kind.name} agree5")])
    else:
        assert kind.kind == "unsupported", f"{name!r} has no decision in instruments/xlsform/aliases.py"
        [(place, column, message)] = result[1]
        assert (place, column) == ("survey row 3", "type")
        assert message == f"{name!r} asks for {kind.name} (import with --skip-unsupported to leave it out)"
        skipped = one_question(tmp_path, name, skip_unsupported=True)
        assert [item.code for item in skipped[1].items] == ["FIRST"]
        assert skipped[2] == [("survey row 3", "type", f"{name!r} asks for {kind.name}: left out")]


@pytest.mark.parametrize("command", sorted(pyxform_aliases.select))
def test_every_select_command_pyxform_knows_takes_a_list_name(tmp_path, command):
    result = one_question(tmp_path, f"{command} yn")

    canonical = pyxform_aliases.select[command]
    if "file" in command or canonical not in ("select one", "select all that apply"):  # external, rank
        assert result[0] == "error"
        assert "(import with --skip-unsupported to leave it out)" in result[1][0][2]
    elif canonical == "select all that apply":
        assert result[1].item("Q").type is ItemType.MULTIPLE
    else:
        assert result[1].item("Q").type is ItemType.SINGLE


@pytest.mark.parametrize("suffix", ["or_other", "or other", "or specify other", "OR_OTHER"])
def test_every_or_other_suffix_adds_an_other_choice_and_a_text_question(tmp_path, suffix):
    _, instrument, warnings = one_question(tmp_path, f"select_one yn {suffix}")

    assert [c.code for c in instrument.choice_lists["yn_or_other"].choices] == [1, 0, "other"]
    other = instrument.item("Q_OTHER")
    assert (other.type, other.text, other.show_if) == (
        ItemType.TEXT,
        Text(fi="Muu, mikä?"),
        Compare("Q", "in", ("other",)),
    )
    assert warnings == [
        ("survey row 3", "type", "or_other adds the choice 'other' and the text question q_other, as ODK does")
    ]


def test_or_other_on_a_list_that_has_other_adds_only_the_text_question(tmp_path):
    choices = YES_NO + "\n| yn | other | Muu |"
    survey = [["type", "name", "label"], ["select_multiple yn or_other", "q", "Q"]]

    instrument = import_xlsform(xlsform(tmp_path, survey=survey, choices=choices))

    assert instrument.item("Q").choices == "yn"
    assert [item.code for item in instrument.items] == ["Q", "Q_OTHER"]


@pytest.mark.parametrize(
    ("begin", "end"),
    [("begin group", "end group"), ("begin_group", "end_group"), ("BEGIN GROUP", "End Group"),
     ("begin  group", "end   group")],
)  # fmt: skip
def test_group_spellings(tmp_path, begin, end):
    survey = [["type", "name", "label"], [begin, "page", "Sivu"], ["text", "a", "A"], [end, None, None]]

    instrument = import_xlsform(xlsform(tmp_path, survey=survey))

    assert [(s.id, s.title) for s in instrument.sections] == [("page", Text(fi="Sivu"))]


@pytest.mark.parametrize(
    ("begin", "end"),
    [("begin repeat", "end repeat"), ("begin_repeat", "end_repeat"), ("begin loop over yn", "end loop"),
     ("begin looped group", "end looped group"), ("begin lgroup", "end lgroup")],
)  # fmt: skip
def test_every_repeat_spelling_is_refused_or_left_out_with_its_rows(tmp_path, begin, end):
    survey = [
        ["type", "name", "label"],
        ["text", "a", "A"],
        [begin, "r", "R"],
        ["text", "b", "B"],
        [end, None, None],
    ]
    path = xlsform(tmp_path, survey=survey, choices=YES_NO)

    assert [(p[0], p[1]) for p in outcome(path)[1]] == [("survey row 3", "type")]
    assert [item.code for item in import_xlsform(path, skip_unsupported=True).items] == ["A"]


# --- columns -------------------------------------------------------------------------------------------------

SURVEY_HEADER_OUTCOMES = {
    "relevance": "read", "caption": "read", "command": "read", "tag": "read", "value": "read",
    "relevant": "read", "required": "read", "constraint": "read", "appearance": "read",
    "read_only": "unsupported", "readonly": "unsupported", "calculation": "unsupported",
    "calculate": "unsupported", "count": "unsupported", "repeat_count": "unsupported", "jr:count": "unsupported",
    "constraining_message": "left out", "constraint_message": "left out", "image": "left out",
    "big-image": "left out", "audio": "left out", "video": "left out", "autoplay": "left out", "rows": "left out",
    "noapperrorstring": "left out", "no_app_error_string": "left out", "requiredmsg": "left out",
    "required_message": "left out", "body": "unsupported", "compact_tag": "left out", "save_to": "left out",
    "sms_field": "left out", "sms_option": "left out", "sms_separator": "left out", "sms_allow_media": "left out",
    "sms_date_format": "left out", "sms_datetime_format": "left out", "sms_response": "left out",
}  # fmt: skip
READ_VALUES = {
    "relevance": "${first} != ''",
    "relevant": "${first} != ''",
    "required": "yes",
    "constraint": "string-length(.) <= 9",
    "appearance": "multiline",
}


def test_every_survey_column_alias_pyxform_knows_has_an_outcome_here():
    assert set(pyxform_aliases.survey_header) <= set(SURVEY_HEADER_OUTCOMES)
    for header in SURVEY_HEADER_OUTCOMES:
        name = SURVEY_ALIASES.get(header, header)
        assert name in KNOWN_COLUMNS | set(LEFT_OUT_COLUMNS) | set(UNSUPPORTED_COLUMNS) or name.startswith("sms_")


@pytest.mark.parametrize(("header", "expected"), sorted(SURVEY_HEADER_OUTCOMES.items()))
def test_every_survey_column_alias_is_read_left_out_or_refused(tmp_path, header, expected):
    columns = ["type", "name", "label"]
    row = ["text", "q", "Q"]
    if header in ("caption", "command", "tag", "value"):
        position = {"caption": 2, "command": 0, "tag": 1, "value": 1}[header]
        columns[position] = header
    else:
        columns.append(header)
        row.append(READ_VALUES.get(header, "5"))
    path = xlsform(tmp_path, survey=[columns, ["text", "first", "Eka"], row])

    result = outcome(path)

    if expected == "read":
        item = result[1].item("Q")
        assert result[2] == []
        assert item.text == Text(fi="Q")
        assert item.type is (ItemType.LONGTEXT if header == "appearance" else ItemType.TEXT)
        assert item.show_if == (
            Compare("FIRST", "answered", True) if header in ("relevance", "relevant") else None
        )
        assert item.required is (header == "required")
        assert item.max_length == (9 if header == "constraint" else None)
    elif expected == "left out":
        assert result[0] == "ok"
        assert [(place, column) for place, column, _ in result[2]] == [("survey sheet", header)]
    else:
        assert result[0] == "error"
        assert {
            message.endswith("(import with --skip-unsupported to leave it out)") for *_, message in result[1]
        } == {True}


@pytest.mark.parametrize("header", ["list_name", "list name", "List Name", "LIST_NAME"])
def test_list_name_in_every_spelling(tmp_path, header):
    path = xlsform(
        tmp_path,
        survey=[["type", "name", "label"], ["select_one yn", "q", "Q"]],
        choices=[[header, "name", "label"], ["yn", 1, "Kyllä"], ["yn", 0, "Ei"]],
    )

    assert import_xlsform(path).item("Q").choices == "yn"


def test_every_choices_column_alias_pyxform_knows_is_read_or_left_out(tmp_path):
    assert set(pyxform_aliases.list_header) - {"list_name"} <= set(CHOICES_ALIASES)
    path = xlsform(
        tmp_path,
        survey=[["type", "name", "label"], ["select_one yn", "q", "Q"]],
        choices=[
            ["list name", "value", "caption", "image", "big-image", "audio", "video"],
            ["yn", 1, "Kyllä", "yes.png", "YES.png", "yes.mp3", "yes.mp4"],
            ["yn", 0, "Ei", None, None, None, None],
        ],
    )
    warnings = []

    instrument = import_xlsform(path, warnings=warnings)

    assert [(c.code, c.label) for c in instrument.choice_lists["yn"].choices] == [
        (1, Text(fi="Kyllä")),
        (0, Text(fi="Ei")),
    ]
    assert [(w.item, w.field) for w in warnings if w.item.startswith("choices")] == [
        ("choices sheet", column) for column in ("image", "big-image", "audio", "video")
    ]


def test_form_id_wins_over_id_string_as_in_pyxform(tmp_path):
    path = xlsform(tmp_path, survey=[["type", "name", "label::fi"], ["text", "q", "Q"]],
                   settings=[["id_string", "form_id", "version"], ["old_id", "new_id", "2"]])  # fmt: skip
    warnings = []

    assert import_xlsform(path, warnings=warnings).id == "new_id"
    assert [(w.field, w.message) for w in warnings] == [("id_string", "left out: form_id is the form's id")]


@pytest.mark.parametrize(
    ("title_header", "id_header"),
    [("form_title", "form_id"), ("set_form_title", "set_form_id"), ("Form Title", "id_string"),
     ("FORM_TITLE", "Form_ID")],
)  # fmt: skip
def test_every_settings_alias_for_the_title_and_id(tmp_path, title_header, id_header):
    path = xlsform(
        tmp_path,
        survey=[["type", "name", "label"], ["text", "q", "Q"]],
        settings=[[title_header, id_header, "version"], ["Kysely", "my_form", "2"]],
    )

    instrument = import_xlsform(path)

    assert (instrument.id, instrument.title) == ("my_form", Text(fi="Kysely"))


def test_settings_pyxform_knows_that_arvio_does_not_use_are_left_out_with_a_warning(tmp_path):
    columns = ["public_key", "submission_url", "instance_name", "style", "auto_send", "auto_delete", "name",
               "prefix", "delimiter", "allow_choice_duplicates", "clean_text_values", "namespaces",
               "omit_instanceID", "sms_keyword", "client_editable", "entity_version"]  # fmt: skip
    assert set(SETTINGS_LEFT_OUT) <= set(columns)
    path = xlsform(
        tmp_path,
        survey=[["type", "name", "label"], ["text", "q", "Q"]],
        settings=[["form_id", "version", *columns], ["x", "1", *(["x"] * len(columns))]],
    )
    warnings = []

    import_xlsform(path, warnings=warnings)

    assert [w.field for w in warnings if w.item == "settings row 2"] == columns
    assert warnings[1].message == "left out: responses are stored on Arvio's server, not encrypted with a form key"


def test_style_pages_is_what_arvio_does_and_needs_no_warning(tmp_path):
    path = xlsform(
        tmp_path,
        survey=[["type", "name", "label::fi"], ["text", "q", "Q"]],
        settings=[["form_id", "version", "style"], ["x", "1", "pages"]],
    )
    warnings = []

    import_xlsform(path, warnings=warnings)

    assert warnings == []


# --- languages, sheet and column names -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "language"),
    [("label::fi", "fi"), ("label::Finnish", "fi"), ("label::Finnish (fi)", "fi"), ("label::Suomi", "fi"),
     ("label::suomi (fi)", "fi"), ("label::FI", "fi"), ("label::fi-FI", "fi"), ("label::fin", "fi"),
     ("label::Svenska (sv)", "sv"), ("label::swedish", "sv"), ("label::Ruotsi", "sv"), ("label::sv-FI", "sv"),
     ("label::English (en-GB)", "en"), ("label::english", "en"), ("Label :: English (en)", "en"),
     ("LABEL::ENGLISH", "en"), ("label:English", "en"), ("label:Svenska (sv)", "sv"), ("label: suomi", "fi"),
     ("label::default", "fi")],
)  # fmt: skip
def test_language_names_with_or_without_codes_and_one_or_two_colons(tmp_path, header, language):
    path = xlsform(tmp_path, survey=[["type", "name", header], ["text", "q", "Kysymys"]])

    instrument = import_xlsform(path)

    assert (instrument.languages, instrument.item("Q").text) == ((language,), Text(**{language: "Kysymys"}))


def test_single_colons_are_not_languages_in_a_sheet_that_uses_double_colons(tmp_path):
    # pyxform splits on ":" only when no header of the sheet has "::"
    path = xlsform(tmp_path, survey=[["type", "name", "label::fi", "label:en"], ["text", "q", "Kysymys", "Q"]])
    warnings = []

    instrument = import_xlsform(path, warnings=warnings)

    assert instrument.item("Q").text == Text(fi="Kysymys")
    assert [(w.field, w.message) for w in warnings if w.item.startswith("survey")] == [
        ("label:en", "left out (row 2): not an XLSForm column Arvio uses")
    ]


def test_sheet_and_column_names_in_any_case(tmp_path):
    path = xlsform(
        tmp_path,
        Survey=[["TYPE", "Name", "LABEL::Finnish (fi)", "Required"], ["Select_One yn", "q", "Kysymys", "Yes"]],
        CHOICES=[["List_Name", "NAME", "Label::FI"], ["yn", 1, "Kyllä"], ["yn", 0, "Ei"]],
        Settings=[["Form_ID", "VERSION"], ["kysely", "3"]],
    )

    instrument = import_xlsform(path)

    assert (instrument.id, instrument.version) == ("kysely", "3")
    assert (instrument.item("Q").type, instrument.item("Q").required) == (ItemType.SINGLE, True)
