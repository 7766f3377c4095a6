"""The built-in participation instruments and the shared background and pairing-code modules."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from instruments.loader import LIBRARY_DIR, load_instrument, load_library, load_module
from instruments.model import LANGUAGES, Instrument, ItemType, RespondentGroup, Text

PARTICIPATION = {
    "participation_children": RespondentGroup.CHILDREN,
    "participation_youth": RespondentGroup.YOUTH,
    "participation_parents": RespondentGroup.PARENTS,
    "participation_professionals": RespondentGroup.PROFESSIONALS,
}
BACKGROUND = {
    "participation_children": "background_children",
    "participation_youth": "background_youth",
    "participation_parents": "background_adults",
    "participation_professionals": "background_adults",
}
MODULES = ("background_children", "background_youth", "background_adults", "pairing_code", "pairing_code_children")
FACES = ("face-sad.svg", "face-neutral.svg", "face-happy.svg")
# Labels that mean "no answer to score": they must be missing codes, never a point on the scale.
NO_ANSWER = re.compile(r"don't know|prefer not|don't want to say", re.IGNORECASE)


@pytest.fixture(scope="module")
def instruments() -> dict[str, Instrument]:
    return {name: load_instrument(LIBRARY_DIR / f"{name}.yaml") for name in PARTICIPATION}


def texts(instrument: Instrument) -> Iterator[tuple[str, Text]]:
    """Every text a respondent or evaluator reads, with where it is."""
    yield "title", instrument.title
    if instrument.description:
        yield "description", instrument.description
    for section in instrument.sections:
        yield f"{section.id}.title", section.title
        if section.intro:
            yield f"{section.id}.intro", section.intro
        for item in section.items:
            yield f"{item.code}.text", item.text
            if item.help:
                yield f"{item.code}.help", item.help
    for name, choice_list in instrument.choice_lists.items():
        for choice in choice_list.choices:
            yield f"{name}.{choice.code}", choice.label
    for scale in instrument.scales:
        yield f"{scale.code}.label", scale.label
    for prompt in instrument.pairing_prompts:
        yield f"{prompt.code}.text", prompt.text
        if prompt.help:
            yield f"{prompt.code}.help", prompt.help


def test_participation_instruments_are_in_the_library() -> None:
    library = load_library()

    for name in PARTICIPATION:
        assert library.get(name).version == "1.1"


@pytest.mark.parametrize("name", PARTICIPATION)
def test_each_form_declares_its_theme_group_and_the_models_it_rests_on(instruments, name) -> None:
    instrument = instruments[name]

    assert instrument.theme == "participation"
    assert instrument.respondent_group is PARTICIPATION[name]
    assert instrument.languages == ("fi", "sv", "en")
    assert "Lundy" in instrument.notes
    assert "osallisuuden kokemus" in instrument.notes


@pytest.mark.parametrize("name", PARTICIPATION)
def test_every_text_is_in_finnish_swedish_and_english(instruments, name) -> None:
    untranslated = [
        (where, lang) for where, text in texts(instruments[name]) for lang in LANGUAGES if not getattr(text, lang)
    ]

    assert untranslated == []


@pytest.mark.parametrize("name", PARTICIPATION)
def test_each_form_starts_with_its_background_module_and_has_a_pairing_code(instruments, name) -> None:
    instrument = instruments[name]
    background = load_module(LIBRARY_DIR / "modules" / f"{BACKGROUND[name]}.yaml")

    assert instrument.sections[0] == background.sections[0]
    assert [p.code for p in instrument.pairing_prompts] == [
        "PC_ADULT_LETTER", "PC_OLDER_SIBLINGS", "PC_BIRTH_MONTH", "PC_BIRTHPLACE_LETTER"
    ]  # fmt: skip


@pytest.mark.parametrize("name", PARTICIPATION)
def test_item_codes_carry_the_prefix_of_their_part(instruments, name) -> None:
    instrument = instruments[name]
    background = {item.code for item in instrument.sections[0].items}

    assert all(code.startswith("BG_") for code in background)
    assert all(item.code.startswith("P_") for item in instrument.items if item.code not in background)


@pytest.mark.parametrize("name", PARTICIPATION)
def test_each_form_ends_with_an_optional_open_question(instruments, name) -> None:
    last = instruments[name].items[-1]

    assert (last.code, last.type, last.required) == ("P_FEEDBACK", ItemType.LONGTEXT, False)


@pytest.mark.parametrize("name", PARTICIPATION)
def test_scales_have_three_to_six_likert_items_on_one_scale(instruments, name) -> None:
    instrument = instruments[name]

    for scale in instrument.scales:
        items = [instrument.item(code) for code in scale.items]
        assert 3 <= len(items) <= 6, scale.code
        assert {item.type for item in items} == {ItemType.LIKERT}
        assert len({item.choices for item in items}) == 1


@pytest.mark.parametrize("name", PARTICIPATION)
def test_lundy_dimensions_are_scored_in_every_form(instruments, name) -> None:
    codes = {scale.code for scale in instruments[name].scales}

    assert {"S_SPACE", "S_VOICE", "S_AUDIENCE", "S_INFLUENCE", "S_BELONGING"} <= codes


@pytest.mark.parametrize("name", PARTICIPATION)
def test_dont_know_and_prefer_not_to_say_are_missing_codes(instruments, name) -> None:
    choices = [c for cl in instruments[name].choice_lists.values() for c in cl.choices]
    no_answer = [c for c in choices if NO_ANSWER.search(c.label.en)]

    assert no_answer
    assert all(c.missing for c in no_answer)
    assert not any(c.missing for c in choices if not NO_ANSWER.search(c.label.en))


def test_childrens_form_uses_the_three_point_picture_scale_without_reverse_keys(instruments) -> None:
    children = instruments["participation_children"]
    likert = [item for item in children.items if item.type is ItemType.LIKERT]

    assert likert
    for item in likert:
        scale = children.choice_list(item)
        assert [c.code for c in scale.scored] == [1, 2, 3]
        assert tuple(c.image for c in scale.scored) == FACES
        assert all(c.label.fi for c in scale.scored)  # a text label beside every picture
        assert scale.missing_codes == {9}
    assert all(scale.reverse == () for scale in children.scales)


@pytest.mark.parametrize("name", ["participation_youth", "participation_parents"])
def test_agreement_forms_use_five_points_and_a_dont_know(instruments, name) -> None:
    instrument = instruments[name]
    lists = {instrument.choice_list(i).name for i in instrument.items if i.type is ItemType.LIKERT}

    assert lists == {"p_agree5"}
    assert instrument.choice_lists["p_agree5"].bounds == (1, 5)
    assert instrument.choice_lists["p_agree5"].missing_codes == {9}


def test_reverse_keys_in_adult_and_youth_forms_are_few_and_declared(instruments) -> None:
    reversed_items = {
        name: sorted(code for scale in instruments[name].scales for code in scale.reverse)
        for name in ("participation_youth", "participation_parents", "participation_professionals")
    }

    assert reversed_items == {
        "participation_youth": ["P_AUDIENCE_4", "P_BELONG_4"],
        "participation_parents": ["P_AUDIENCE_3"],
        "participation_professionals": ["P_INFLUENCE_4"],
    }


def test_professionals_organisation_checklist_is_five_levels_by_three_stages(instruments) -> None:
    professionals = instruments["participation_professionals"]
    org_sections = [s for s in professionals.sections if s.id.startswith("p_org_")]
    stages = ("OPENING", "OPPORTUNITY", "OBLIGATION")

    assert [[item.code for item in s.items] for s in org_sections] == [
        [f"P_ORG_L{level}_{stage}" for stage in stages] for level in range(1, 6)
    ]
    for item in (item for s in org_sections for item in s.items):
        assert item.type is ItemType.YESNO
        assert professionals.choice_list(item).missing_codes == {9}
        assert not any(item.code in scale.items for scale in professionals.scales)  # proportions, not scores


@pytest.mark.parametrize("name", MODULES)
def test_modules_load_with_their_stable_ids(name) -> None:
    module = load_module(LIBRARY_DIR / "modules" / f"{name}.yaml")

    assert module.id == name
    assert module.languages == ("fi", "sv", "en")
    assert all(list_name.startswith("bg_") for list_name in module.choice_lists)


@pytest.mark.parametrize("name", ["background_youth", "background_adults"])
def test_county_list_has_the_21_counties_helsinki_and_aland_with_official_codes(name) -> None:
    module = load_module(LIBRARY_DIR / "modules" / f"{name}.yaml")
    counties = module.choice_lists["bg_county"]
    codes = [c.code for c in counties.scored]

    assert len(codes) == 23
    assert len(set(codes)) == 23
    assert codes == [f"{n:02d}" for n in range(1, 22)] + ["90", "91"]
    assert counties.choice("90").label.fi == "Helsingin kaupunki"
    assert counties.choice("91").label.sv == "Åland"
    assert counties.missing_codes == {"99"}


def test_childrens_background_asks_no_county_and_uses_child_words_for_gender() -> None:
    module = load_module(LIBRARY_DIR / "modules" / "background_children.yaml")
    codes = [item.code for section in module.sections for item in section.items]
    gender = module.choice_lists["bg_gender_child"]

    assert "BG_COUNTY" not in codes
    assert [c.label.fi for c in gender.choices] == ["Tyttö", "Poika", "Muu", "En halua sanoa"]
    assert gender.missing_codes == {9}


@pytest.mark.parametrize(
    ("name", "list_name", "fi_labels"),
    [
        ("background_youth", "bg_gender_youth", ["Tyttö tai nainen", "Poika tai mies", "Muu", "En halua sanoa"]),
        ("background_adults", "bg_gender_adult", ["Nainen", "Mies", "Muu", "En halua sanoa"]),
    ],
)
def test_gender_codes_are_the_same_in_every_background_module(name, list_name, fi_labels) -> None:
    gender = load_module(LIBRARY_DIR / "modules" / f"{name}.yaml").choice_lists[list_name]

    assert [c.label.fi for c in gender.choices] == fi_labels
    assert [c.code for c in gender.choices] == [2, 1, 3, 9]  # 1 = boy/man, 2 = girl/woman as in official data


def test_adult_age_bands_are_the_esf_bands() -> None:
    ages = load_module(LIBRARY_DIR / "modules" / "background_adults.yaml").choice_lists["bg_age_adult"]

    assert [c.label.en for c in ages.scored] == ["Under 18", "18–29", "30–54", "55 or older"]


def test_youth_age_bands_split_at_eighteen() -> None:
    ages = load_module(LIBRARY_DIR / "modules" / "background_youth.yaml").choice_lists["bg_age_youth"]

    assert [c.label.en for c in ages.scored] == ["Under 13", "13–15", "16–17", "18–24", "25–29", "30 or older"]


def test_pairing_prompts_are_four_letters_or_digits_with_help() -> None:
    module = load_module(LIBRARY_DIR / "modules" / "pairing_code.yaml")

    assert [p.kind for p in module.pairing_prompts] == ["letter", "digits", "digits", "letter"]
    assert all(p.help and p.help.fi and p.help.sv and p.help.en for p in module.pairing_prompts)
    assert module.sections == ()
