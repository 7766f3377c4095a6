"""XLSForm names as item codes, versions, default languages, groups as pages, and what skipping leaves out."""

from __future__ import annotations

import pytest
import python_calamine

from instruments.errors import InstrumentError
from instruments.loader import parse_instrument
from instruments.model import AllOf, Compare, ItemType, Text
from instruments.xlsform import export_xlsform, import_xlsform
from tests.instruments.xlsform_tables import problems_of, warnings_of, xlsform

AGREE = "| list_name | name | label |\n| agree | 1 | Ei |\n| agree | 2 | Joo |"


# --- names -----------------------------------------------------------------------------------------------------


def test_lower_case_names_become_item_codes_and_are_kept_for_exports(tmp_path):
    path = xlsform(
        tmp_path,
        survey="""
        | type             | name     | label::fi    | relevant     | appearance |
        | integer          | age      | Ikä          |              |            |
        | select_one agree | ikä_2    | Samaa mieltä | ${age} > 12  | likert     |
        | text             | Q3       | Muuta        |              |            |
        | text             | my.q-4   | Vielä        |              |            |
        """,
        choices=AGREE,
        arvio_scales="| code | label::fi | items |\n| S_ALL | Kaikki | ikä_2 |",
    )

    instrument = import_xlsform(path)

    assert [(i.code, i.xlsform_name) for i in instrument.items] == [
        ("AGE", "age"),
        ("IKA_2", "ikä_2"),
        ("Q3", None),
        ("MY_Q_4", "my.q-4"),
    ]
    assert instrument.item("IKA_2").show_if == Compare("AGE", "gt", 12)
    assert instrument.scales[0].items == ("IKA_2",)
    export_xlsform(instrument, tmp_path / "out.xlsx")
    survey = python_calamine.CalamineWorkbook.from_path(str(tmp_path / "out.xlsx")).get_sheet_by_name("survey")
    rows = {row[1]: row for row in survey.to_python()[1:] if row[1]}
    assert "${age} > 12" in rows["ikä_2"]
    scales = python_calamine.CalamineWorkbook.from_path(str(tmp_path / "out.xlsx")).get_sheet_by_name(
        "arvio_scales"
    )
    header, row = scales.to_python()[:2]
    assert dict(zip(header, row, strict=True))["items"] == "ikä_2"
    assert import_xlsform(tmp_path / "out.xlsx") == instrument


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["Age", "age"], "'Age' and 'age' both become AGE (survey row 2): every question needs a name of its own"),
        (["age", "age"], "the name is also used (survey row 2): every question needs a name of its own"),
        (["q-1", "q.1"], "'q-1' and 'q.1' both become Q_1 (survey row 2)"),
    ],
)
def test_names_that_become_the_same_code_are_an_error_naming_both_rows(tmp_path, names, message):
    path = xlsform(tmp_path, survey=[["type", "name", "label"], ["text", names[0], "A"], ["text", names[1], "B"]])

    [(place, column, text)] = problems_of(path)

    assert (place, column) == ("survey row 3", "name")
    assert text.startswith(message)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("a b", "is not a question name"),
        ("1abc", "is not a question name"),
        ("${q}", "is not a question name"),
        ("_", "cannot become an item code"),
    ],
)
def test_names_that_are_not_xlsform_names_are_errors(tmp_path, name, message):
    path = xlsform(tmp_path, survey=[["type", "name", "label"], ["text", name, "A"]])

    [(place, column, text)] = problems_of(path)

    assert (place, column) == ("survey row 2", "name")
    assert message in text


def test_a_note_without_a_name_gets_one_from_its_row(tmp_path):
    path = xlsform(tmp_path, survey=[["type", "name", "label"], ["text", "a", "A"], ["note", None, "Kiitos!"]])

    assert import_xlsform(path).item("NOTE_3").text == Text(fi="Kiitos!")


def test_an_xlsform_name_in_a_yaml_file_is_checked(document):
    document["sections"][0]["items"][0]["xlsform_name"] = "my q"
    document["sections"][0]["items"][1]["xlsform_name"] = "heard"
    document["sections"][0]["items"][2]["xlsform_name"] = "heard"

    with pytest.raises(InstrumentError) as caught:
        parse_instrument(document, source="demo.yaml", modules={})

    assert [(p.item, p.field) for p in caught.value.problems] == [("Q1", "xlsform_name"), ("Q3", "xlsform_name")]


# --- versions ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "version", "warned"),
    [(2026112801, "2026112801", False), ("2026112801", "2026112801", False), ("v3", "v3", False),
     ("1.0-beta", "1.0-beta", False), ("2024-05-01", "2024-05-01", False), (1.5, "1.5", False),
     ("3 (2024-05-01)", "3-2024-05-01", True), ("version 2", "version-2", True), (None, "1", True)],
)  # fmt: skip
def test_any_version_with_a_digit_is_kept(tmp_path, written, version, warned):
    path = xlsform(
        tmp_path,
        survey=[["type", "name", "label::fi"], ["text", "a", "A"]],
        settings=[["form_id", "version"], ["x", written]],
    )

    warnings = warnings_of(path)

    assert import_xlsform(path).version == version
    assert [column for _, column, _ in warnings] == (["version"] if warned else [])


@pytest.mark.parametrize("written", ["beta", "1234567890.1234567890.1", "  --  "])
def test_a_version_arvio_cannot_keep_is_an_error_on_the_settings_row(tmp_path, written):
    path = xlsform(
        tmp_path,
        survey=[["type", "name", "label::fi"], ["text", "a", "A"]],
        settings=[["form_id", "version"], ["x", written]],
    )

    [(place, column, message)] = problems_of(path)

    assert (place, column) == ("settings row 2", "version")
    assert "like 2026112801 or 1.2" in message


# --- default language ----------------------------------------------------------------------------------------


def test_the_caller_names_the_language_of_plain_labels(tmp_path):
    path = xlsform(
        tmp_path,
        survey=[["type", "name", "label", "hint"], ["text", "a", "Name", "Your own"]],
        settings=[["form_id", "version", "form_title"], ["x", "1", "Names"]],
    )

    instrument = import_xlsform(path, default_language="en")

    assert (instrument.languages, instrument.title) == (("en",), Text(en="Names"))
    assert instrument.item("A").help == Text(en="Your own")


def test_the_settings_default_language_wins_over_the_caller(tmp_path):
    path = xlsform(
        tmp_path,
        survey=[["type", "name", "label"], ["text", "a", "Namn"]],
        settings=[["form_id", "version", "default_language"], ["x", "1", "Svenska (sv)"]],
    )

    assert import_xlsform(path, default_language="en").languages == ("sv",)


def test_a_caller_language_arvio_does_not_have_is_an_instrument_error(tmp_path):
    path = xlsform(tmp_path, survey=[["type", "name", "label"], ["text", "a", "A"]])

    assert problems_of(path, default_language="de") == [
        ("-", "default_language", "default language 'de' is not one of fi, sv, en")
    ]


def test_a_plain_label_beside_one_named_in_the_same_language_is_an_error_that_says_what_to_do(tmp_path):
    path = xlsform(tmp_path, survey=[["type", "name", "label", "label::Finnish (fi)"], ["text", "a", "A", "A"]])

    [(place, column, message)] = problems_of(path)

    assert (place, column) == ("survey row 1", "label::Finnish (fi)")
    assert "set default_language in the settings sheet" in message


# --- groups ----------------------------------------------------------------------------------------------------


def test_groups_in_groups_become_pages_and_field_list_groups_keep_theirs_together(tmp_path):
    path = xlsform(
        tmp_path,
        survey="""
        | type        | name   | label::fi | hint::fi | relevant    | appearance |
        | integer     | age    | Ikä       |          |             |            |
        | begin group | outer  | Ulompi    | Alku     | ${age} > 12 |            |
        | text        | a      | A         |          |             |            |
        | begin group | inner  | Sisempi   |          | ${a} != ''  | field-list |
        | text        | b      | B         |          |             |            |
        | begin group | joined | Liitetty  | Ohje     | ${b} != ''  |            |
        | text        | c      | C         |          | ${age} > 15 |            |
        | end group   |        |           |          |             |            |
        | text        | d      | D         |          |             |            |
        | end group   |        |           |          |             |            |
        | begin group | nolabel|           |          |             |            |
        | text        | e      | E         |          |             |            |
        | end group   |        |           |          |             |            |
        | text        | f      | F         |          |             |            |
        | end group   |        |           |          |             |            |
        | text        | g      | G         |          |             |            |
        """,
        settings="| form_id | version | form_title |\n| nested | 1 | Kysely |",
    )

    instrument = import_xlsform(path)

    outer = Compare("AGE", "gt", 12)
    assert [(s.id, s.title.fi, s.show_if, [i.code for i in s.items]) for s in instrument.sections] == [
        ("section_1", "Kysely", None, ["AGE"]),
        ("outer", "Ulompi", outer, ["A"]),
        ("inner", "Sisempi", AllOf((outer, Compare("A", "answered", True))), ["B", "JOINED", "C", "D"]),
        ("nolabel", "Ulompi", outer, ["E"]),
        ("outer_2", "Ulompi", outer, ["F"]),
        ("section_6", "Kysely", None, ["G"]),
    ]
    assert instrument.sections[1].intro == Text(fi="Alku") and instrument.sections[4].intro is None
    joined = instrument.item("JOINED")
    assert (joined.type, joined.text, joined.help) == (ItemType.INFO, Text(fi="Liitetty"), Text(fi="Ohje"))
    assert joined.show_if == Compare("B", "answered", True)
    assert instrument.item("C").show_if == AllOf((Compare("B", "answered", True), Compare("AGE", "gt", 15)))
    assert instrument.item("D").show_if is None
    export_xlsform(instrument, tmp_path / "out.xlsx")
    assert import_xlsform(tmp_path / "out.xlsx") == instrument


def test_a_group_without_questions_arvio_can_ask_is_left_out_with_a_warning(tmp_path):
    path = xlsform(
        tmp_path,
        survey="""
        | type        | name  | label::fi |
        | text        | a     | A         |
        | begin group | meta  | Meta      |
        | start       | start |           |
        | end group   |       |           |
        """,
    )

    instrument = import_xlsform(path)

    assert [s.id for s in instrument.sections] == ["section_1"]
    assert ("survey row 3", "type", "the group has no question Arvio can ask: left out") in warnings_of(path)


def test_a_form_with_nothing_arvio_can_ask_is_an_error(tmp_path):
    path = xlsform(tmp_path, survey=[["type", "name", "label"], ["start", "start", None], ["geopoint", "p", "P"]])

    assert problems_of(path, skip_unsupported=True) == [
        ("survey sheet", "type", "the form has no question Arvio can ask")
    ]


# --- skipping what Arvio cannot ask ------------------------------------------------------------------------------


def test_a_page_whose_condition_cannot_be_kept_is_left_out_with_what_depends_on_it(tmp_path):
    path = xlsform(
        tmp_path,
        survey="""
        | type        | name  | label::fi | relevant                  | required      |
        | integer     | age   | Ikä       |                           |               |
        | begin group | later | Myöhemmin | ${age} > today()          |               |
        | text        | a     | A         |                           |               |
        | end group   |       |           |                           |               |
        | text        | b     | B         | ${a} != ''                |               |
        | text        | c     | C         | ${age} > 3                | ${age} > 18   |
        | integer     | d     | D         |                           |               |
        """,
    )

    instrument = import_xlsform(path, skip_unsupported=True)

    assert [item.code for item in instrument.items] == ["AGE", "C", "D"]
    assert instrument.item("C").required is False
    assert [
        (place, column)
        for place, column, _ in warnings_of(path, skip_unsupported=True)
        if place.startswith("survey")
    ] == [("survey row 7", "required"), ("survey row 3", "relevant"), ("survey row 6", "relevant")]


def test_an_unreadable_constraint_is_left_out_and_the_question_kept(tmp_path):
    path = xlsform(tmp_path, survey=[["type", "name", "label", "constraint"], ["text", "a", "A", "regex(., 'x')"]])

    instrument = import_xlsform(path, skip_unsupported=True)

    assert instrument.item("A").max_length is None
    assert (
        "survey row 2",
        "constraint",
        "on text only 'string-length(.) <= N' is supported: left out, the question is kept",
    ) in warnings_of(path, skip_unsupported=True)


# --- problems the shared validator finds, at their rows --------------------------------------------------------


def test_problems_the_validator_finds_are_named_by_sheet_row_and_column(tmp_path):
    path = xlsform(
        tmp_path,
        survey="""
        | type             | name | label::fi | label::sv | appearance |
        | select_one agree | q1   | Yksi      | Ett       | likert     |
        | select_one agree | q2   | Kaksi     |           | likert     |
        """,
        choices="""
        | list_name | name | label::fi | label::sv |
        | agree     | 1    | Ei        | Nej       |
        | agree     | 1    | Joo       |           |
        """,
        arvio_scales="| code | label::fi | label::sv | items |\n| S_X | X | X | q1 nope |",
    )

    assert problems_of(path) == [
        ("choices row 3", "label::sv", "missing translation"),
        ("choices row 3", "name", "duplicate code 1"),
        ("survey row 3", "label::sv", "missing translation"),
        ("survey row 2", "type", "likert lists need at least two scored choices; 'agree' has fewer"),
        ("arvio_scales row 2", "items", "'nope' is not an item code"),
    ]
