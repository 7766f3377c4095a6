"""What XLSForm import supports beyond plain questions, what it ignores on purpose, and what it refuses."""

from __future__ import annotations

import pytest

from instruments.model import Choice, ItemType, PairingPrompt, RespondentGroup, Scale, Text
from instruments.xlsform import import_xlsform
from tests.instruments.xlsform_tables import problems_of, warnings_of, xlsform

YES_NO = "| list_name | name | label |\n| yn | 1 | Kyllä |\n| yn | 0 | Ei |"
# Forms without a settings sheet also get warnings about the version and the default language (pinned in
# test_xlsform_real_forms): the tests here look at the survey sheet's.


def where(path) -> list[tuple[str, str]]:
    return [(item, field) for item, field, _ in problems_of(path)]


@pytest.mark.parametrize(
    ("xlsform_type", "message"),
    [
        ("calculate", "'calculate' asks for a calculated value, not a question"),
        ("geopoint", "'geopoint' asks for a location"),
        ("date", "'date' asks for a date"),
        ("image", "'image' asks for a photo"),
        ("range", "'range' asks for a value on a slider"),
        ("rank yn", "'rank yn' asks for a ranking of choices"),
        ("select_one_from_file places.csv", "asks for choices from a file"),
        ("select_one", "name one choice list"),
        ("select_one nolist", "'nolist' is not in the choices sheet"),
        ("integer integer", "'integer integer' is not an XLSForm type"),
    ],
)
def test_unsupported_types_are_errors_naming_sheet_row_and_column(tmp_path, xlsform_type, message):
    path = xlsform(
        tmp_path, survey=[["type", "name", "label"], ["text", "A", "A"], [xlsform_type, "B", "B"]], choices=YES_NO
    )

    problems = problems_of(path)

    assert [(item, field) for item, field, _ in problems] == [("survey row 3", "type")]
    assert message in problems[0][2]


@pytest.mark.parametrize("begin", ["begin repeat", "begin_repeat", "BEGIN REPEAT"])
def test_repeat_is_a_clear_error(tmp_path, begin):
    path = xlsform(
        tmp_path,
        survey=[
            ["type", "name", "label"],
            [begin, "kids", "Lapset"],
            ["text", "NAME", "Nimi"],
            ["end repeat", None, None],
        ],
    )

    assert problems_of(path) == [
        (
            "survey row 2",
            "type",
            "a repeat (questions asked again for each of several things) cannot be asked "
            "(import with --skip-unsupported to leave it out)",
        )
    ]


@pytest.mark.parametrize(
    ("rows", "row"),
    [
        ([["end group", None, None]], "survey row 2"),
        ([["begin group", "page", "Sivu"], ["text", "A", "A"]], "survey row 2"),
        ([["begin group", "page", "Sivu"], ["end repeat", None, None], ["end group", None, None]], "survey row 3"),
    ],
)
def test_unbalanced_groups_are_errors(tmp_path, rows, row):
    path = xlsform(tmp_path, survey=[["type", "name", "label"], *rows])

    assert where(path) == [(row, "type")]


def test_a_note_may_say_it_is_not_required(tmp_path):
    path = xlsform(tmp_path, survey=[["type", "name", "label", "required"], ["note", "N", "Kiitos", "no"]])

    assert import_xlsform(path).item("N").type is ItemType.INFO


def test_a_required_note_is_an_error(tmp_path):
    path = xlsform(tmp_path, survey=[["type", "name", "label", "required"], ["note", "N", "Kiitos", "yes"]])

    assert where(path) == [("survey row 2", "required")]


def test_metadata_rows_are_left_out_with_a_warning_each(tmp_path):
    path = xlsform(
        tmp_path,
        survey=[
            ["type", "name", "label"],
            ["start", "start", None],
            ["end", "end", None],
            ["today", "today", None],
            ["text", "A", "A"],
        ],
    )

    assert [item.code for item in import_xlsform(path).items] == ["A"]


def test_unknown_and_presentation_columns_are_left_out_with_one_warning_per_column(tmp_path):
    path = xlsform(
        tmp_path,
        survey="""
        | type    | name | label | default | calculation | choice_filter | comments |
        | integer | A    | A     | 5       |             |               | check    |
        | text    | B    | B     | x       |             |               |          |
        """,
    )

    assert warnings_of(path, "survey") == [
        ("survey sheet", "default", "left out (rows 2, 3): Arvio does not fill in answers in advance"),
        ("survey sheet", "comments", "left out (row 2): not an XLSForm column Arvio uses"),
    ]


@pytest.mark.parametrize(
    "column",
    [
        "media::image",
        "media::image::English (en)",
        "image",
        "audio",
        "video",
        "constraint_message",
        "constraint_message::Finnish (fi)",
        "required_message",
        "guidance_hint::fi",
        "default",
        "parameters",
        "kobo--score-choices",
    ],
)
def test_presentation_columns_are_left_out_with_a_warning(tmp_path, column):
    path = xlsform(tmp_path, survey=[["type", "name", "label", column], ["text", "A", "A", "something.png"]])

    [(place, field, message)] = warnings_of(path, "survey")

    assert (place, field) == ("survey sheet", column)
    assert message.startswith("left out (row 2): ")


@pytest.mark.parametrize("column", ["$kuid", "$autoname", "$given_name"])
def test_kobo_bookkeeping_columns_are_read_past(tmp_path, column):
    path = xlsform(tmp_path, survey=[["type", "name", "label", column], ["text", "A", "A", "x1y2"]])

    assert warnings_of(path, "survey") == []


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("read_only", "yes"),
        ("read_only", "${A} = 'x'"),
        ("trigger", "${A}"),
        ("calculation", "1 + 1"),
        ("body::accuracyThreshold", "5"),
        ("bind::odk:length", "1"),
    ],
)
def test_columns_that_change_what_is_asked_are_errors_or_left_out(tmp_path, column, value):
    path = xlsform(
        tmp_path, survey=[["type", "name", "label", column], ["text", "B", "B", None], ["text", "A", "A", value]]
    )

    [(place, field, message)] = problems_of(path)
    assert (place, field.lower()) == ("survey row 3", "type" if column == "read_only" else column.lower())
    assert "--skip-unsupported" in message
    instrument = import_xlsform(path, skip_unsupported=True)
    assert [item.code for item in instrument.items] == (["B"] if column == "read_only" else ["B", "A"])


def test_read_only_no_is_an_ordinary_question(tmp_path):
    path = xlsform(tmp_path, survey=[["type", "name", "label", "read_only"], ["text", "A", "A", "no"]])

    assert import_xlsform(path).item("A").type is ItemType.TEXT


@pytest.mark.parametrize(
    ("xlsform_type", "appearance", "item_type"),
    [
        ("select_one yn", "likert", ItemType.LIKERT),
        ("select_one yn", "minimal", ItemType.SINGLE),
        ("select_one yn", "horizontal-compact", ItemType.SINGLE),
        ("select_one yn", "columns-3", ItemType.SINGLE),
        ("select_multiple yn", "minimal", ItemType.MULTIPLE),
        ("text", "multiline", ItemType.LONGTEXT),
        ("integer", "thousands-sep", ItemType.NUMBER),
    ],
)
def test_appearances_that_arvio_understands(tmp_path, xlsform_type, appearance, item_type):
    path = xlsform(
        tmp_path,
        survey=[["type", "name", "label", "appearance"], [xlsform_type, "A", "A", appearance]],
        choices=YES_NO,
    )

    assert import_xlsform(path).item("A").type is item_type


@pytest.mark.parametrize(
    ("xlsform_type", "appearance"),
    [("text", "numbers"), ("integer", "counter"), ("note", "multiline"), ("select_one yn", "label")],
)
def test_appearances_that_only_change_looks_are_left_out_with_a_warning(tmp_path, xlsform_type, appearance):
    path = xlsform(
        tmp_path,
        survey=[["type", "name", "label", "appearance"], [xlsform_type, "A", "A", appearance]],
        choices=YES_NO,
    )

    assert warnings_of(path, "survey") == [
        ("survey sheet", "appearance", f"{appearance!r} left out (row 2): Arvio has its own layout")
    ]


def test_search_appearance_takes_choices_from_a_file_and_is_unsupported(tmp_path):
    path = xlsform(
        tmp_path,
        survey=[["type", "name", "label", "appearance"], ["select_one yn", "A", "A", "search('places')"]],
        choices=YES_NO,
    )

    assert where(path) == [("survey row 2", "type")]


def test_group_appearances_other_than_field_list_are_left_out_with_a_warning(tmp_path):
    path = xlsform(
        tmp_path,
        survey=[
            ["type", "name", "label", "appearance"],
            ["begin group", "p", "P", "field-list w4"],
            ["text", "A", "A", None],
            ["end group", None, None, None],
        ],
    )

    assert warnings_of(path, "survey") == [
        ("survey sheet", "appearance", "'w4' left out (row 2): Arvio has its own layout")
    ]


@pytest.mark.parametrize(
    ("xlsform_type", "arvio_type", "item_type", "choices"),
    [
        ("select_one yn", "single", ItemType.SINGLE, "yn"),
        ("select_one yn", "likert", ItemType.LIKERT, "yn"),
        ("select_one yn", "yesno", ItemType.YESNO, "yn"),
        ("select_one arvio_yes_no", "yesno", ItemType.YESNO, None),
        ("text", "longtext", ItemType.LONGTEXT, None),
    ],
)
def test_arvio_type_column_chooses_the_arvio_item_type(tmp_path, xlsform_type, arvio_type, item_type, choices):
    path = xlsform(
        tmp_path,
        survey=[["type", "name", "label", "arvio_type"], [xlsform_type, "A", "A", arvio_type]],
        choices=YES_NO + "\n| arvio_yes_no | 1 | Kyllä |\n| arvio_yes_no | 0 | Ei |",
    )

    instrument = import_xlsform(path)

    assert (instrument.item("A").type, instrument.item("A").choices) == (item_type, choices)
    assert "arvio_yes_no" not in instrument.choice_lists


def test_arvio_type_that_does_not_fit_the_xlsform_type_is_an_error(tmp_path):
    path = xlsform(
        tmp_path,
        survey=[["type", "name", "label", "arvio_type"], ["select_one yn", "A", "A", "multiple"]],
        choices=YES_NO,
    )

    assert problems_of(path) == [
        ("survey row 2", "arvio_type", "a select_one question can be single, likert, yesno, not 'multiple'")
    ]


def test_settings_and_arvio_extras_fill_what_xlsform_lacks(tmp_path):
    path = xlsform(
        tmp_path,
        survey="""
        | type             | name | label::fi | label::sv | arvio_type |
        | select_one faces | Q1   | Kivaa?    | Roligt?   | likert     |
        | select_one faces | Q2   | Hauskaa?  | Kul?      | likert     |
        """,
        choices="""
        | list_name | name | label::fi | label::sv | arvio_missing | arvio_image      |
        | faces     | 1    | Ei        | Nej       |               | face-sad.svg     |
        | faces     | 2    | Kyllä     | Ja        | no            | face-happy.svg   |
        | faces     | 9    | En tiedä  | Vet inte  | yes           |                  |
        """,
        settings="""
        | form_id | version | form_title::fi | form_title::sv | arvio_respondent_group | arvio_theme   | arvio_notes   | arvio_description::fi | arvio_description::sv |
        | kids    | 2.1     | Lapset         | Barn           | children               | participation | Our own items | Kuvaus                | Beskrivning           |
        """,  # noqa: E501
        arvio_scales="""
        | code  | label::fi | label::sv | items | method | min_answered | percent | description::fi | description::sv |
        | S_FUN | Hauskuus  | Roligt    | Q1 Q2 | sum    | 1            | no      | Summa           | Summa           |
        """,  # noqa: E501
        arvio_pairing="""
        | code      | kind   | text::fi          | text::sv        | help::fi | help::sv |
        | PC_LETTER | letter | Äidin etukirjain  | Mammas initial  | Esim. A  | T.ex. A  |
        | PC_DAY    | digits | Syntymäpäivä      | Födelsedag      |          |          |
        """,
    )

    instrument = import_xlsform(path)

    assert (instrument.id, instrument.version, instrument.theme) == ("kids", "2.1", "participation")
    assert instrument.respondent_group is RespondentGroup.CHILDREN
    assert (instrument.notes, instrument.description) == ("Our own items", Text(fi="Kuvaus", sv="Beskrivning"))
    assert instrument.choice_lists["faces"].choices[2] == Choice(
        9, Text(fi="En tiedä", sv="Vet inte"), missing=True
    )
    assert [c.image for c in instrument.choice_lists["faces"].choices] == ["face-sad.svg", "face-happy.svg", None]
    assert instrument.scales == (
        Scale(
            "S_FUN",
            Text(fi="Hauskuus", sv="Roligt"),
            ("Q1", "Q2"),
            method="sum",
            min_answered=1,
            description=Text(fi="Summa", sv="Summa"),
        ),
    )
    assert instrument.pairing_prompts[0] == PairingPrompt(
        "PC_LETTER", Text(fi="Äidin etukirjain", sv="Mammas initial"), "letter", Text(fi="Esim. A", sv="T.ex. A")
    )
    assert instrument.pairing_prompts[1].help is None


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        (["1", "2", "9"], [1, 2, 9]),
        (["01", "02", "10"], ["01", "02", "10"]),
        (["1", "2", "dk"], ["1", "2", "dk"]),
        ([1, 2, "dk"], [1, 2, "dk"]),
    ],
)
def test_choice_codes_are_whole_numbers_unless_the_list_keeps_text_codes(tmp_path, codes, expected):
    choices = [["list_name", "name", "label"], *(["l", code, f"Label {code}"] for code in codes)]
    path = xlsform(tmp_path, survey=[["type", "name", "label"], ["select_one l", "A", "A"]], choices=choices)

    assert [c.code for c in import_xlsform(path).choice_lists["l"].choices] == expected


def test_a_language_arvio_does_not_have_beside_one_it_has_is_left_out_with_a_warning(tmp_path):
    path = xlsform(
        tmp_path, survey=[["type", "name", "label::fi", "label::Deutsch (de)"], ["text", "A", "A", "A"]]
    )

    assert warnings_of(path, "survey") == [
        (
            "survey row 1",
            "label::Deutsch (de)",
            "left out: 'Deutsch (de)' is not a language Arvio has (fi, sv, en)",
        )
    ]
    assert import_xlsform(path).languages == ("fi",)


def test_a_form_only_in_languages_arvio_does_not_have_is_an_error_naming_the_columns(tmp_path):
    path = xlsform(
        tmp_path,
        survey=[["type", "name", "label::Deutsch (de)", "hint::Sámi (se)"], ["text", "A", "Name", "Namma"]],
    )

    problems = problems_of(path)

    assert [(item, field) for item, field, _ in problems] == [
        ("survey row 1", "label::Deutsch (de)"),
        ("survey row 1", "hint::Sámi (se)"),
    ]
    assert "Arvio asks in Finnish, Swedish and English" in problems[0][2]


def test_missing_translation_is_found_by_the_shared_validator_at_the_row_and_column(tmp_path):
    path = xlsform(
        tmp_path,
        survey=[
            ["type", "name", "label::fi", "label::sv"],
            ["text", "A", "Nimi", "Namn"],
            ["text", "B", "Ikä", None],
        ],
    )

    assert where(path) == [("survey row 3", "label::sv")]


def test_every_problem_in_a_file_is_reported_at_once(tmp_path):
    path = xlsform(
        tmp_path,
        survey=[
            ["type", "name", "label", "relevant"],
            ["calculate", "X", None, None],
            ["text", "A", "A", "${B} = 1"],
            ["text", None, "No name", None],
        ],
        choices=[["list_name", "name", "label"], ["yn", None, "Kyllä"]],
    )

    assert where(path) == [
        ("choices row 2", "name"),
        ("survey row 2", "type"),
        ("survey row 4", "name"),
        ("survey row 3", "relevant"),
    ]


def test_a_workbook_without_a_survey_sheet_is_an_error(tmp_path):
    path = xlsform(tmp_path, choices=YES_NO)

    assert where(path) == [("survey sheet", "-")]


def test_a_file_that_is_not_a_spreadsheet_is_an_error_not_a_traceback(tmp_path):
    path = tmp_path / "form.xlsx"
    path.write_text("id,name\n1,2\n", encoding="utf-8")

    problems = problems_of(path)

    assert [(item, field) for item, field, _ in problems] == [("-", "-")]
    assert "cannot read the file as a spreadsheet" in problems[0][2]


def test_a_missing_file_is_an_error_not_a_traceback(tmp_path):
    assert "cannot read the file" in problems_of(tmp_path / "nothing.xlsx")[0][2]


def test_a_default_language_arvio_does_not_have_makes_plain_labels_an_error(tmp_path):
    path = xlsform(
        tmp_path,
        survey=[["type", "name", "label"], ["text", "A", "A"]],
        settings=[["form_id", "default_language"], ["x", "Deutsch (de)"]],
    )

    [(item, field, message)] = problems_of(path)

    assert (item, field) == ("survey row 1", "label")
    assert "'Deutsch (de)' (the default_language of the settings sheet) is not a language Arvio has" in message
