"""Importing XLSForm files as ODK and KoboToolbox users write them."""

from __future__ import annotations

import pytest

from instruments.errors import InstrumentError
from instruments.model import Compare, ItemType, RespondentGroup, Text
from instruments.xlsform import import_xlsform
from tests.instruments.xlsform_tables import xlsform

KOBO_SURVEY = """
| type                     | name      | label::Finnish (fi) | label::Svenska (sv) | label::English (en) | hint::English (en) | hint::Finnish (fi) | hint::Svenska (sv) | required | relevant            | constraint            | appearance |
| begin group              | about     | Sinusta             | Om dig              | About you           |                    |                    |                    |          |                     |                       | field-list |
| integer                  | AGE       | Ikä                 | Ålder               | Age                 | In years           | Vuosina            | I år               | yes      |                     | . >= 13 and . <= 29   |            |
| select_one agree         | HEARD     | Minua kuultiin      | Jag blev hörd       | I was heard         |                    |                    |                    |          |                     |                       | likert     |
| end group                |           |                     |                     |                     |                    |                    |                    |          |                     |                       |            |
| begin group              | more      | Lisää               | Mer                 | More                |                    |                    |                    |          | ${AGE} >= 18        |                       |            |
| select_multiple grounds  | GROUNDS   | Perusteet           | Grunder             | Grounds             |                    |                    |                    |          |                     |                       | minimal    |
| decimal                  | HOURS     | Tunnit              | Timmar              | Hours               |                    |                    |                    |          |                     | . >= 0.5              |            |
| text                     | OTHER     | Muuta               | Annat               | Other               |                    |                    |                    |          | ${HEARD} != '9'     |                       | multiline  |
| note                     | THANKS    | Kiitos              | Tack                | Thanks              |                    |                    |                    |          |                     |                       |            |
| end group                |           |                     |                     |                     |                    |                    |                    |          |                     |                       |            |
"""  # noqa: E501
KOBO_CHOICES = """
| list_name | name | label::Finnish (fi) | label::Svenska (sv) | label::English (en) |
| agree     | 1    | Eri mieltä          | Av annan åsikt      | Disagree            |
| agree     | 2    | Samaa mieltä        | Av samma åsikt      | Agree               |
| agree     | 9    | En osaa sanoa       | Vet inte            | Don't know          |
| grounds   | 1    | Ikä                 | Ålder               | Age                 |
| grounds   | 2    | Kieli               | Språk               | Language            |
"""
KOBO_SETTINGS = """
| form_id   | version | form_title     | default_language | arvio_form_title::Svenska (sv) | arvio_form_title::English (en) |
| kobo_demo | 3       | Kobo-kysely    | Finnish (fi)     | Kobo-enkät                     | Kobo survey                    |
"""  # noqa: E501


def test_kobo_form_imports_with_every_language_and_type(tmp_path):
    path = xlsform(tmp_path, survey=KOBO_SURVEY, choices=KOBO_CHOICES, settings=KOBO_SETTINGS)

    instrument = import_xlsform(path)

    assert (instrument.id, instrument.version, instrument.languages) == ("kobo_demo", "3", ("fi", "sv", "en"))
    assert instrument.title == Text(fi="Kobo-kysely", sv="Kobo-enkät", en="Kobo survey")
    assert [s.id for s in instrument.sections] == ["about", "more"]
    assert instrument.sections[1].show_if == Compare("AGE", "ge", 18)
    types = {item.code: item.type for item in instrument.items}
    assert types == {
        "AGE": ItemType.NUMBER,
        "HEARD": ItemType.LIKERT,
        "GROUNDS": ItemType.MULTIPLE,
        "HOURS": ItemType.NUMBER,
        "OTHER": ItemType.LONGTEXT,
        "THANKS": ItemType.INFO,
    }
    age = instrument.item("AGE")
    assert (age.required, age.minimum, age.maximum, age.decimal) == (True, 13, 29, False)
    assert age.help == Text(fi="Vuosina", sv="I år", en="In years")
    assert (instrument.item("HOURS").minimum, instrument.item("HOURS").decimal) == (0.5, True)
    assert instrument.item("OTHER").show_if == Compare("HEARD", "ne", 9)
    assert instrument.choice_lists["agree"].choices[2].code == 9
    assert instrument.source == str(path)


def test_odk_form_with_short_language_codes_and_underscore_groups(tmp_path):
    path = xlsform(
        tmp_path,
        "odk.xlsx",
        survey="""
        | type          | name | label::fi | label::en |
        | begin_group   | page | Sivu      | Page      |
        | text          | NAME | Nimi      | Name      |
        | end_group     |      |           |           |
        """,
    )

    instrument = import_xlsform(path)

    assert (instrument.id, instrument.version, instrument.respondent_group) == ("odk", "1", RespondentGroup.YOUTH)
    assert instrument.languages == ("fi", "en")
    assert instrument.title == Text(fi="odk", en="odk")
    assert instrument.sections[0].title == Text(fi="Sivu", en="Page")
    assert instrument.item("NAME").type is ItemType.TEXT


def test_kobo_select_from_list_name_column_names_the_choice_list(tmp_path):
    path = xlsform(
        tmp_path,
        survey="""
        | type            | select_from_list_name | name | label::English (en) |
        | select_one      | yn                    | Q1   | Did you?            |
        | select_multiple | yn                    | Q2   | Which?              |
        """,
        choices="| list_name | name | label::English (en) |\n| yn | 1 | Yes |\n| yn | 0 | No |",
    )

    instrument = import_xlsform(path)

    assert [(i.type, i.choices) for i in instrument.items] == [(ItemType.SINGLE, "yn"), (ItemType.MULTIPLE, "yn")]


def test_plain_label_is_in_the_default_language_of_the_settings(tmp_path):
    path = xlsform(
        tmp_path,
        survey="""
        | type | name | label      |
        | text | NAME | Vad heter du? |
        """,
        settings="""
        | form_id | form_title | default_language |
        | namn    | Namn       | sv               |
        """,
    )

    instrument = import_xlsform(path)

    assert instrument.languages == ("sv",)
    assert instrument.item("NAME").text == Text(sv="Vad heter du?")
    assert instrument.title == Text(sv="Namn")


def test_a_form_without_form_id_takes_its_id_from_the_file_name(tmp_path):
    path = xlsform(tmp_path, "Nuorten kysely (2).xlsx", survey="| type | name | label |\n| text | A | A |")

    assert import_xlsform(path).id == "nuorten_kysely_2"
    assert import_xlsform(path, source="uploads/Vanhemmat.xlsx").id == "vanhemmat"


def test_plain_label_without_default_language_is_finnish(tmp_path):
    path = xlsform(tmp_path, survey="| type | name | label |\n| text | NAME | Nimi |")

    assert import_xlsform(path).item("NAME").text == Text(fi="Nimi")


def test_questions_outside_groups_form_pages_titled_with_the_form(tmp_path):
    path = xlsform(
        tmp_path,
        survey="""
        | type        | name  | label::fi |
        | text        | A     | A         |
        | begin group | page  | Sivu      |
        | text        | B     | B         |
        | end group   |       |           |
        | text        | C     | C         |
        """,
        settings="| form_id | form_title::fi |\n| loose | Kysely |",
    )

    instrument = import_xlsform(path)

    assert [(s.id, [i.code for i in s.items]) for s in instrument.sections] == [
        ("section_1", ["A"]),
        ("page", ["B"]),
        ("section_3", ["C"]),
    ]
    assert instrument.sections[0].title == Text(fi="Kysely")


def test_mixed_case_headers_trailing_spaces_and_blank_rows_are_read(tmp_path):
    survey = [
        ["Type ", " NAME", "Label :: Finnish (fi) ", "Required"],
        ["Select_One agree  ", "HEARD ", "Minua kuultiin", "TRUE()"],
        [None, None, None, None],
        ["  INTEGER", " AGE", "Ikä", " Yes "],
    ]
    choices = [["List_Name", "Name", "LABEL::fi"], ["agree ", " 1", "Eri"], ["agree", 2, "Samaa"]]
    path = xlsform(tmp_path, survey=survey, choices=choices)

    instrument = import_xlsform(path)

    assert [(i.code, i.type, i.required) for i in instrument.items] == [
        ("HEARD", ItemType.SINGLE, True),
        ("AGE", ItemType.NUMBER, True),
    ]
    assert [c.code for c in instrument.choice_lists["agree"].choices] == [1, 2]


def test_rows_are_numbered_as_in_the_spreadsheet_counting_blank_rows(tmp_path):
    path = xlsform(
        tmp_path,
        survey="""
        | type      | name | label::fi |
        | text      | A    | A         |
        |           |      |           |
        | calculate | B    |           |
        """,
    )

    problems = _problems(path)

    assert ("survey row 4", "type") in [(p.item, p.field) for p in problems]


@pytest.mark.parametrize("word", ["yes", "Yes", "true", "TRUE()", "true()", "1", 1, True])
def test_required_accepts_the_ways_xlsform_says_yes(tmp_path, word):
    path = xlsform(tmp_path, survey=[["type", "name", "label", "required"], ["text", "A", "A", word]])

    assert import_xlsform(path).item("A").required is True


@pytest.mark.parametrize("word", ["no", "false", "FALSE()", "0", 0, False, None])
def test_required_accepts_the_ways_xlsform_says_no(tmp_path, word):
    path = xlsform(tmp_path, survey=[["type", "name", "label", "required"], ["text", "A", "A", word]])

    assert import_xlsform(path).item("A").required is False


def test_conditional_required_is_an_error_naming_row_and_column(tmp_path):
    path = xlsform(tmp_path, survey=[["type", "name", "label", "required"], ["text", "A", "A", "${B} = '1'"]])

    assert _where(path) == [("survey row 2", "required")]


@pytest.mark.parametrize(
    ("xlsform_type", "constraint", "bounds"),
    [
        ("integer", ". >= 0 and . <= 120", (0, 120)),
        ("integer", ". > 5", (6, None)),
        ("integer", ".<=10", (None, 10)),
        ("integer", ". < 10 and . > -3", (-2, 9)),
        ("integer", "(. >= 1) and (. <= 7)", (1, 7)),
        ("integer", "18 <= .", (18, None)),
        ("decimal", ". >= 0.5 and . <= 2.5", (0.5, 2.5)),
    ],
)
def test_number_constraints_become_bounds(tmp_path, xlsform_type, constraint, bounds):
    path = xlsform(
        tmp_path, survey=[["type", "name", "label", "constraint"], [xlsform_type, "N", "N", constraint]]
    )

    item = import_xlsform(path).item("N")

    assert (item.minimum, item.maximum) == bounds


def test_text_length_constraint_becomes_max_length(tmp_path):
    path = xlsform(
        tmp_path, survey=[["type", "name", "label", "constraint"], ["text", "T", "T", "string-length(.) <= 80"]]
    )

    assert import_xlsform(path).item("T").max_length == 80


@pytest.mark.parametrize(
    ("xlsform_type", "constraint", "message"),
    [
        ("integer", ". != 3", "'. >= N'"),
        ("integer", ". >= 0 or . <= 5", "'. >= N'"),
        ("integer", ". >= ${AGE}", "'. >= N'"),
        ("integer", ". >= 1 and . >= 2", "minimum twice"),
        ("decimal", ". > 1.5", "strict bound"),
        ("text", "regex(., '^[a-z]+$')", "string-length"),
        ("integer", ". >= ", "expected a value"),
    ],
)
def test_other_constraints_are_errors_naming_row_and_column(tmp_path, xlsform_type, constraint, message):
    path = xlsform(
        tmp_path, survey=[["type", "name", "label", "constraint"], [xlsform_type, "N", "N", constraint]]
    )

    problems = _problems(path)

    assert [(p.item, p.field) for p in problems] == [("survey row 2", "constraint")]
    assert message in problems[0].message


def test_constraint_on_a_select_is_an_error(tmp_path):
    path = xlsform(
        tmp_path,
        survey=[["type", "name", "label", "constraint"], ["select_one yn", "Q", "Q", ". != '1'"]],
        choices="| list_name | name | label |\n| yn | 1 | Kyllä |\n| yn | 0 | Ei |",
    )

    assert _where(path) == [("survey row 2", "constraint")]


def _problems(path):
    with pytest.raises(InstrumentError) as caught:
        import_xlsform(path)
    return caught.value.problems


def _where(path):
    return [(p.item, p.field) for p in _problems(path)]
