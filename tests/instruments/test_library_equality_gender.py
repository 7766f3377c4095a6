"""The built-in equality / non-discrimination and gender equality instruments."""

from __future__ import annotations

import re

import pytest

from instruments.loader import LIBRARY_DIR, load_instrument, load_library, load_module
from instruments.model import Compare, Instrument, ItemType, Not, RespondentGroup

GROUPS = {
    "children": RespondentGroup.CHILDREN,
    "youth": RespondentGroup.YOUTH,
    "parents": RespondentGroup.PARENTS,
    "professionals": RespondentGroup.PROFESSIONALS,
}
BACKGROUND = {
    "children": "background_children",
    "youth": "background_youth",
    "parents": "background_adults",
    "professionals": "background_adults",
}
EQUALITY = {f"equality_{group}": group for group in GROUPS}
GENDER = {f"gender_equality_{group}": group for group in GROUPS}
ALL = {**EQUALITY, **GENDER}
CHILDREN = ("equality_children", "gender_equality_children")
FACES = ("face-sad.svg", "face-neutral.svg", "face-happy.svg")
NO_ANSWER = re.compile(r"don't know|prefer not|don't want to say", re.IGNORECASE)
HARASSMENT_WORDS = re.compile(r"harass|sexual|häirin|seksuaal|trakasser|sexuell", re.IGNORECASE)
# Non-Discrimination Act 1325/2014 §8, then the Equality Act's gender grounds.
ACT_GROUNDS = [
    "Age", "Origin (for example ethnic background)", "Nationality", "Language", "Religion", "Belief", "Opinion",
    "Political activity", "Trade union activity", "Family relationships", "State of health", "Disability",
    "Sexual orientation", "Gender", "Gender identity", "Gender expression", "Another personal characteristic",
]  # fmt: skip


@pytest.fixture(scope="module")
def instruments() -> dict[str, Instrument]:
    return {name: load_instrument(LIBRARY_DIR / f"{name}.yaml") for name in ALL}


def own_items(instrument: Instrument):
    """The instrument's own items, without the background module's."""
    return [item for item in instrument.items if not item.code.startswith("BG_")]


def scored_codes(instrument: Instrument) -> set[str]:
    return {code for scale in instrument.scales for code in scale.items}


def test_all_eight_forms_are_in_the_library() -> None:
    library = load_library()

    for name in ALL:
        assert library.get(name).version == "1.1"


@pytest.mark.parametrize("name", ALL)
def test_each_form_declares_theme_group_languages_and_sources(instruments, name) -> None:
    instrument = instruments[name]
    theme = "equality" if name in EQUALITY else "gender_equality"

    assert (instrument.id, instrument.version, instrument.theme) == (name, "1.1", theme)
    assert instrument.respondent_group is GROUPS[ALL[name]]
    assert instrument.languages == ("fi", "sv", "en")
    law = "Non-Discrimination Act" if name in EQUALITY else "Act on Equality between Women and Men"
    assert law in instrument.notes
    assert "own wording" in instrument.notes


@pytest.mark.parametrize("name", ALL)
def test_each_form_starts_with_its_background_module_and_has_a_pairing_code(instruments, name) -> None:
    instrument = instruments[name]
    background = load_module(LIBRARY_DIR / "modules" / f"{BACKGROUND[ALL[name]]}.yaml")

    assert instrument.sections[0] == background.sections[0]
    assert instrument.pairing_prompts


@pytest.mark.parametrize("name", ALL)
def test_own_item_codes_and_choice_lists_use_the_theme_prefix(instruments, name) -> None:
    instrument = instruments[name]
    prefix = "E_" if name in EQUALITY else "G_"

    assert all(item.code.startswith(prefix) for item in own_items(instrument))
    assert all(n.startswith((prefix.lower(), "bg_")) for n in instrument.choice_lists)


@pytest.mark.parametrize("name", ALL)
def test_item_texts_are_translated_not_copied(instruments, name) -> None:
    copied = [
        item.code for item in own_items(instruments[name]) if len({item.text.fi, item.text.sv, item.text.en}) != 3
    ]

    assert copied == []


@pytest.mark.parametrize("name", ALL)
def test_each_form_ends_with_an_optional_open_question(instruments, name) -> None:
    last = instruments[name].items[-1]
    prefix = "E_" if name in EQUALITY else "G_"

    assert (last.code, last.type, last.required) == (f"{prefix}FEEDBACK", ItemType.LONGTEXT, False)


@pytest.mark.parametrize("name", ALL)
def test_scales_have_three_to_six_likert_items_and_yes_no_items_are_never_scored(instruments, name) -> None:
    instrument = instruments[name]

    for scale in instrument.scales:
        assert scale.code.startswith("S_")
        assert 3 <= len(scale.items) <= 6, scale.code
        assert {instrument.item(code).type for code in scale.items} == {ItemType.LIKERT}
    yes_no = {item.code for item in instrument.items if item.type is ItemType.YESNO}
    assert not yes_no & scored_codes(instrument)


@pytest.mark.parametrize(
    ("names", "codes"),
    [(EQUALITY, {"S_FAIR", "S_ACCESS", "S_CLIMATE"}), (GENDER, {"S_OPPORTUNITY", "S_STEREOTYPES", "S_BE_MYSELF"})],
)
def test_every_form_of_a_theme_scores_the_same_dimensions(instruments, names, codes) -> None:
    for name in names:
        assert codes <= {scale.code for scale in instruments[name].scales}, name


@pytest.mark.parametrize("name", ALL)
def test_dont_know_and_prefer_not_to_say_are_missing_codes(instruments, name) -> None:
    instrument = instruments[name]
    choices = [c for n, cl in instrument.choice_lists.items() if not n.startswith("bg_") for c in cl.choices]
    no_answer = [c for c in choices if NO_ANSWER.search(c.label.en)]

    assert no_answer
    assert all(c.missing for c in no_answer)
    assert not any(c.missing for c in choices if not NO_ANSWER.search(c.label.en))


@pytest.mark.parametrize("name", EQUALITY)
def test_discrimination_is_a_yes_no_item_reported_as_a_share(instruments, name) -> None:
    instrument = instruments[name]
    discrimination = instrument.item("E_DISCR")
    answers = instrument.choice_list(discrimination)

    assert discrimination.type is ItemType.YESNO
    assert [c.code for c in answers.scored] == [1, 0]
    assert "E_DISCR" not in scored_codes(instrument)


@pytest.mark.parametrize("name", EQUALITY)
def test_grounds_are_asked_only_after_a_yes(instruments, name) -> None:
    grounds = instruments[name].item("E_DISCR_GROUNDS")

    assert grounds.type is ItemType.MULTIPLE
    assert grounds.show_if == Compare("E_DISCR", "in", (1,))
    assert grounds.show_if.evaluate({"E_DISCR": 1})
    assert not grounds.show_if.evaluate({"E_DISCR": 0})
    assert not grounds.show_if.evaluate({"E_DISCR": 9})  # prefer not to say / don't know
    assert not grounds.show_if.evaluate({})


@pytest.mark.parametrize("name", ["equality_youth", "equality_parents", "equality_professionals"])
def test_adult_and_youth_grounds_are_those_of_the_two_acts_plus_prefer_not_to_say(instruments, name) -> None:
    instrument = instruments[name]
    grounds = instrument.choice_list(instrument.item("E_DISCR_GROUNDS"))

    assert [c.label.en for c in grounds.scored] == ACT_GROUNDS
    assert "Prefer not to say" in [c.label.en for c in grounds.choices if c.missing]


def test_childrens_grounds_are_fewer_and_in_child_words(instruments) -> None:
    children = instruments["equality_children"]
    grounds = children.choice_list(children.item("E_DISCR_GROUNDS"))
    labels = [c.label.en for c in grounds.scored]

    assert len(labels) < len(ACT_GROUNDS)
    assert "Where I or my family come from" in labels
    assert "Whether I'm a girl, a boy or something else" in labels
    assert [c.label.en for c in grounds.choices if c.missing] == ["I don't want to say"]
    assert "because of who you are" in children.item("E_DISCR").text.en


@pytest.mark.parametrize("name", CHILDREN)
def test_childrens_forms_ask_nothing_about_harassment(instruments, name) -> None:
    for item in own_items(instruments[name]):
        assert "HARASS" not in item.code
        for text in (item.text, item.help):
            assert not (text and HARASSMENT_WORDS.search(f"{text.fi} {text.sv} {text.en}")), item.code


@pytest.mark.parametrize("name", CHILDREN)
def test_childrens_forms_use_the_three_point_picture_scale_without_reverse_keys(instruments, name) -> None:
    children = instruments[name]
    likert = [item for item in own_items(children) if item.type is ItemType.LIKERT]

    assert likert
    for item in likert:
        scale = children.choice_list(item)
        assert [c.code for c in scale.scored] == [1, 2, 3]
        assert tuple(c.image for c in scale.scored) == FACES
        assert all(c.label.fi and c.label.sv and c.label.en for c in scale.scored)
        assert scale.missing_codes == {9}
    assert all(scale.reverse == () for scale in children.scales)


@pytest.mark.parametrize("name", [n for n in ALL if n not in CHILDREN])
def test_other_forms_use_five_points_with_a_dont_know_and_few_reverse_keys(instruments, name) -> None:
    instrument = instruments[name]
    lists = {instrument.choice_list(item) for item in instrument.items if item.type is ItemType.LIKERT}
    reversed_items = [code for scale in instrument.scales for code in scale.reverse]

    assert len(lists) == 1
    agree = lists.pop()
    assert agree.bounds == (1, 5)
    assert [c.label.en for c in agree.choices if c.missing] == ["Don't know"]
    assert 1 <= len(reversed_items) <= 2


def test_youth_harassment_items_are_yes_no_shares_with_help_and_only_from_thirteen(instruments) -> None:
    youth = instruments["gender_equality_youth"]
    section = next(s for s in youth.sections if s.id == "harassment")
    questions = [item for item in section.items if item.type is not ItemType.INFO]

    assert len(questions) == 3
    assert all(item.type is ItemType.YESNO for item in questions)
    assert all(youth.choice_list(item).missing_codes == {9} for item in questions)  # prefer not to say
    assert not {item.code for item in questions} & scored_codes(youth)
    assert "skip" in section.intro.en
    assert "112" in section.items[-1].text.fi
    assert section.show_if == Not(Compare("BG_AGE_YOUTH", "in", (1,)))  # code 1 = under 13
    assert not section.show_if.evaluate({"BG_AGE_YOUTH": 1})
    assert section.show_if.evaluate({"BG_AGE_YOUTH": 2})
    assert section.show_if.evaluate({})  # age skipped: the form is for 13-29


def test_parents_are_asked_about_their_own_treatment_not_about_sexual_harassment(instruments) -> None:
    parents = instruments["gender_equality_parents"]
    treated = parents.item("G_PARENT_TREATED")

    assert treated.type is ItemType.YESNO
    assert "G_PARENT_TREATED" not in scored_codes(parents)
    assert not any(HARASSMENT_WORDS.search(item.text.en) for item in own_items(parents))


def test_professional_gender_form_follows_the_five_eige_steps(instruments) -> None:
    professionals = instruments["gender_equality_professionals"]
    steps = [s for s in professionals.sections if s.id.startswith("gia_")]

    assert [s.id for s in steps] == [
        "gia_1_purpose", "gia_2_relevance", "gia_3_analysis", "gia_4_impact", "gia_5_findings"
    ]  # fmt: skip
    for number, section in enumerate(steps, start=1):
        assert f"step {number}" in section.title.en.lower()
        assert section.items
        for item in section.items:
            assert item.code.startswith(f"G_GIA{number}_")
            assert item.type is ItemType.SINGLE
            answers = professionals.choice_list(item)
            assert [c.label.en for c in answers.scored] == ["Yes", "Partly", "No"]
            assert [c.label.en for c in answers.choices if c.missing] == ["Don't know"]
            assert item.code not in scored_codes(professionals)
    assert "EIGE" in professionals.notes
