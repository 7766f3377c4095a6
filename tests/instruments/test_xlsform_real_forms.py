"""Real-style XLSForms (ODK's examples, KoboToolbox, old-style, unsupported types, an extra language): each is
valid for pyxform, imports, validates as an instrument file, is shown by ``python -m instruments show``, and
round-trips."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pyxform.xls2xform import convert

from instruments.document import to_document
from instruments.errors import InstrumentError
from instruments.loader import load_instrument, parse_instrument
from instruments.model import AllOf, Compare, ItemType, Text
from instruments.xlsform import export_xlsform, import_xlsform
from tests.instruments.real_forms import EXTRA_LANGUAGE, FORMS, KOBO, ODK, OLD_STYLE, UNSUPPORTED

ROOT = Path(__file__).resolve().parents[2]
BY_NAME = pytest.mark.parametrize("form", FORMS, ids=[form.name for form in FORMS])


def imported(tmp_path, form, **options):
    warnings = []
    instrument = import_xlsform(form.write(tmp_path), warnings=warnings, **(form.options | options))
    return instrument, [(w.item, w.field, w.message) for w in warnings]


def run(*args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "instruments", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert "Traceback" not in result.stdout + result.stderr
    return result


@BY_NAME
def test_odk_pyxform_accepts_the_form_as_written(tmp_path, form):
    convert(xlsform=str(form.write(tmp_path)), warnings=[])


@BY_NAME
def test_the_form_imports_validates_and_round_trips(tmp_path, form):
    instrument, _ = imported(tmp_path, form)

    assert parse_instrument(to_document(instrument), source="again.yaml", modules={}) == instrument
    export_xlsform(instrument, tmp_path / "exported.xlsx")
    again = []
    assert import_xlsform(tmp_path / "exported.xlsx", warnings=again) == instrument
    assert again == []  # an export says everything in Arvio's terms: nothing is left out


@BY_NAME
def test_the_command_line_imports_the_form_and_shows_it(tmp_path, form):
    path = form.write(tmp_path)
    flags = [
        *(["--skip-unsupported"] if form.options.get("skip_unsupported") else []),
        *(["--default-language", form.options["default_language"]] if "default_language" in form.options else []),
    ]

    converted = run("import-xlsform", str(path), str(tmp_path / "form.yaml"), *flags)
    shown = run("show", str(tmp_path / "form.yaml"))
    shown_directly = run("show", str(path), *flags)

    assert converted.returncode == shown.returncode == shown_directly.returncode == 0
    instrument, warnings = imported(tmp_path, form)
    assert load_instrument(tmp_path / "form.yaml") == instrument
    assert converted.stdout.startswith(f"{path} -> {tmp_path / 'form.yaml'} ({instrument.key}, ")
    count = f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}"
    assert converted.stderr.splitlines() == (
        [f"warning: {path}: {place}: {column}: {message}" for place, column, message in warnings] + [count]
        if warnings
        else []
    )
    assert shown.stdout.splitlines()[0] == instrument.title.get(instrument.languages[0])
    assert shown_directly.stdout == shown.stdout


def test_odk_form_in_one_language_with_lower_case_names_groups_and_metadata(tmp_path):
    instrument, warnings = imported(tmp_path, ODK)

    assert (instrument.id, instrument.version, instrument.languages) == ("household_survey", "2026112801", ("en",))
    assert instrument.title == Text(en="Household survey")
    assert [(item.code, item.xlsform_name) for item in instrument.items][:3] == [
        ("AGE", "age"),
        ("GENDER", "gender"),
        ("GENDER_OTHER", "gender_other"),
    ]
    age = instrument.item("AGE")
    assert (age.required, age.minimum, age.maximum, age.help) == (True, 13, 29, Text(en="In whole years"))
    assert instrument.item("GENDER_OTHER").show_if == Compare("GENDER", "eq", "other")
    assert instrument.item("GENDER_OTHER").max_length == 80
    # a group in a group is a page of its own with both conditions; a group in a field-list page joins it
    assert [(s.id, [i.code for i in s.items]) for s in instrument.sections] == [
        ("respondent", ["AGE", "GENDER", "GENDER_OTHER"]),
        ("activities", ["ACTIVITIES_DONE"]),
        ("club_details", ["HEARD", "MORE", "WHY", "THANKS_CLUB"]),
        ("activities_2", ["COMMENTS"]),
    ]
    assert instrument.sections[2].show_if == AllOf(
        (Compare("AGE", "ge", 15), Compare("ACTIVITIES_DONE", "in", ("club",)))
    )
    assert instrument.sections[3].show_if == Compare("AGE", "ge", 15)
    assert (instrument.item("MORE").type, instrument.item("MORE").text) == (
        ItemType.INFO,
        Text(en="More about the club"),
    )
    assert instrument.item("WHY").show_if == instrument.item("MORE").show_if == Compare("HEARD", "eq", 3)
    assert instrument.item("HEARD").type is ItemType.LIKERT
    assert instrument.item("COMMENTS").type is ItemType.LONGTEXT
    assert warnings == [
        ("settings row 2", "instance_name", "left out: Arvio names responses itself"),
        (
            "settings row 2",
            "public_key",
            "left out: responses are stored on Arvio's server, not encrypted with a form key",
        ),
        ("settings row 2", "submission_url", "left out: responses are sent to Arvio"),
        ("survey row 2", "type", "metadata 'start' left out: Arvio records the time of sending itself"),
        ("survey row 3", "type", "metadata 'end' left out: Arvio records the time of sending itself"),
        ("survey row 4", "type", "metadata 'today' left out: Arvio records the time of sending itself"),
        (
            "survey row 5",
            "type",
            "metadata 'deviceid' left out: Arvio records nothing about respondents' devices, "
            "accounts or whereabouts",
        ),
        (
            "survey row 6",
            "type",
            "metadata 'username' left out: Arvio records nothing about respondents' devices, "
            "accounts or whereabouts",
        ),
        (
            "survey sheet",
            "constraint_message",
            "left out (row 8): Arvio shows its own message for an answer out of bounds",
        ),
    ]


def test_a_plain_label_form_without_a_default_language_is_finnish_with_a_warning(tmp_path):
    instrument, warnings = imported(tmp_path, ODK, default_language=None)

    assert instrument.languages == ("fi",)
    assert warnings[0] == (
        "settings sheet",
        "default_language",
        "the plain label columns are read as Finnish "
        "(fi): if they are in another language, set default_language in the settings sheet",
    )


def test_kobo_form_with_language_names_and_codes_choice_filters_and_or_other(tmp_path):
    instrument, warnings = imported(tmp_path, KOBO)

    assert (instrument.id, instrument.version, instrument.languages) == (
        "kobo_palvelut",
        "3-2024-05-01",
        ("en", "fi"),
    )
    assert instrument.title == Text(fi="Palvelukysely", en="Palvelukysely")  # ODK's form_title has no language
    assert [c.code for c in instrument.choice_lists["county"].choices] == ["01", "02"]
    assert instrument.item("MUNICIPALITY").choices == "municipality"  # every municipality: the filter is left out
    assert instrument.item("SATISFIED").show_if == Compare("SERVICES", "answered", True)
    assert [c.code for c in instrument.choice_lists["yes_no_or_other"].choices] == ["yes", "no", "other"]
    assert instrument.choice_lists["yes_no_or_other"].choices[2].label == Text(fi="Muu", en="Other")
    other = instrument.item("SATISFIED_OTHER")
    assert (other.type, other.xlsform_name, other.show_if) == (
        ItemType.TEXT,
        "satisfied_other",
        Compare("SATISFIED", "in", ("other",)),
    )
    assert "TOWN" not in [item.code for item in instrument.items]
    assert [(place, column) for place, column, _ in warnings] == [
        ("settings row 2", "style"),
        ("settings row 2", "form_id"),
        ("settings row 2", "version"),
        ("survey row 2", "type"),
        ("survey row 6", "type"),
        ("survey row 8", "type"),
        ("choices sheet", "county"),
        ("survey sheet", "choice_filter"),
    ]
    assert warnings[5][2] == "'select_one_from_file towns.csv' asks for choices from a file: left out"


def test_kobo_form_with_a_select_from_a_file_is_refused_naming_the_row(tmp_path):
    with pytest.raises(InstrumentError) as caught:
        imported(tmp_path, KOBO, skip_unsupported=False)

    assert [str(p) for p in caught.value.problems] == [
        f"{tmp_path / 'kobo_services.xlsx'}: survey row 8: type: 'select_one_from_file towns.csv' asks for "
        "choices from a file (import with --skip-unsupported to leave it out)"
    ]


def test_old_style_types_one_colon_languages_and_column_aliases(tmp_path):
    instrument, warnings = imported(tmp_path, OLD_STYLE)

    assert (instrument.id, instrument.version, instrument.languages) == ("club", "1.2", ("en", "sv"))
    assert instrument.title == Text(en="Club", sv="Club")
    types = [(item.code, item.type, item.choices, item.required) for item in instrument.items]
    assert types == [
        ("MEMBER", ItemType.SINGLE, "yn", True),
        ("HOBBIES", ItemType.MULTIPLE, "hb", False),
        ("NICKNAME", ItemType.TEXT, None, False),
        ("YEARS", ItemType.NUMBER, None, False),
        ("AGAIN", ItemType.SINGLE, "yn_or_other", False),
        ("AGAIN_OTHER", ItemType.TEXT, None, False),
    ]
    assert instrument.item("HOBBIES").show_if == Compare("MEMBER", "eq", "yes")
    assert instrument.choice_lists["hb"].choices[1].label == Text(en="Sport", sv="Idrott")
    assert instrument.item("AGAIN_OTHER").text == Text(en="Other, please specify", sv="Annat, vad?")
    assert warnings == [
        ("survey row 6", "type", "or_other adds the choice 'other' and the text question again_other, as ODK does")
    ]


def test_unsupported_types_are_refused_row_by_row(tmp_path):
    with pytest.raises(InstrumentError) as caught:
        imported(tmp_path, UNSUPPORTED, skip_unsupported=False)

    hint = " (import with --skip-unsupported to leave it out)"
    assert [(p.item, p.field, p.message) for p in caught.value.problems] == [
        ("survey row 3", "type", "'geopoint' asks for a location" + hint),
        ("survey row 4", "type", "'image' asks for a photo" + hint),
        ("survey row 5", "type", "'barcode' asks for a barcode scan" + hint),
        ("survey row 6", "type", "'date' asks for a date" + hint),
        ("survey row 8", "type", "'calculate' asks for a calculated value, not a question" + hint),
        ("survey row 10", "type", "'audio' asks for an audio recording" + hint),
        (
            "survey row 12",
            "type",
            "a repeat (questions asked again for each of several things) cannot be asked" + hint,
        ),
        ("survey row 16", "type", "'range' asks for a value on a slider" + hint),
        ("survey row 17", "type", "'rank fruits' asks for a ranking of choices" + hint),
        ("survey row 18", "type", "'file' asks for a file" + hint),
        (
            "survey row 9",
            "relevant",
            "${many} is at survey row 8, which Arvio cannot ask ('calculate' asks for a "
            "calculated value, not a question)",
        ),
        (
            "survey row 15",
            "relevant",
            "${member_name} is inside the repeat at survey row 12, which Arvio cannot ask",
        ),
    ]


def test_unsupported_types_are_left_out_with_a_warning_each_and_what_depends_on_them_too(tmp_path):
    instrument, warnings = imported(tmp_path, UNSUPPORTED)

    assert [(s.id, [i.code for i in s.items]) for s in instrument.sections] == [
        ("visit", ["PEOPLE"]),
        ("section_2", ["LAST"]),
    ]
    assert [(place, message.split(":")[0]) for place, _, message in warnings] == [
        ("survey row 3", "'geopoint' asks for a location"),
        ("survey row 4", "'image' asks for a photo"),
        ("survey row 5", "'barcode' asks for a barcode scan"),
        ("survey row 6", "'date' asks for a date"),
        ("survey row 8", "'calculate' asks for a calculated value, not a question"),
        ("survey row 10", "'audio' asks for an audio recording"),
        ("survey row 12", "a repeat (questions asked again for each of several things) cannot be asked"),
        ("survey row 16", "'range' asks for a value on a slider"),
        ("survey row 17", "'rank fruits' asks for a ranking of choices"),
        ("survey row 18", "'file' asks for a file"),
        ("survey row 9", "${many} is left out (survey row 8"),
        ("survey row 15", "${member_name} is inside the repeat at survey row 12, which Arvio cannot ask"),
    ]
    assert warnings[-1][2].endswith("the condition cannot be kept, so what it applies to is left out")


def test_a_language_arvio_does_not_have_is_left_out_beside_those_it_has(tmp_path):
    instrument, warnings = imported(tmp_path, EXTRA_LANGUAGE)

    assert instrument.languages == ("fi", "en")
    assert instrument.title == Text(fi="Kolme kieltä", en="Kolme kieltä")
    assert instrument.item("OK").text == Text(fi="Onko hyvä?", en="Is it good?")
    assert warnings == [
        (f"{sheet} row 1", column, "left out: 'Deutsch (de)' is not a language Arvio has (fi, sv, en)")
        for sheet, column in [
            ("survey", "label::Deutsch (de)"),
            ("survey", "hint::Deutsch (de)"),
            ("choices", "label::Deutsch (de)"),
        ]
    ]
