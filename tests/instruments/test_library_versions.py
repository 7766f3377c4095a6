"""Versions of the built-in library: 1.1 of every instrument beside the 1.0 its responses name, the pairing code's
bounds, and the children's pairing code in children's words."""

from __future__ import annotations

import dataclasses
import re

import pytest

from instruments.errors import InstrumentError
from instruments.loader import LIBRARY_DIR, load_library, load_module, parse_module

NAMES = sorted(path.stem for path in LIBRARY_DIR.glob("*.yaml") if "-" not in path.stem)
CHILDREN = [name for name in NAMES if name.endswith("_children")]
# The respondent pages say this once for every questionnaire (survey/templates/respond/start.html).
START_PAGE_SAYS = re.compile(r"nimettöm|anonym|ohittaa|väliin|hoppa över|skip", re.IGNORECASE)


@pytest.fixture(scope="module")
def library():
    return load_library()


def test_there_are_twelve_built_in_questionnaires_each_in_version_1_0_and_1_1(library) -> None:
    assert len(NAMES) == 12
    for name in NAMES:
        assert library.versions(name) == ("1.0", "1.1")
        assert library.get(name).version == "1.1"  # the newest is what a new collection gets


@pytest.mark.parametrize("name", NAMES)
def test_version_1_1_asks_what_1_0_asks(library, name) -> None:
    old, new = library.get(name, "1.0"), library.get(name, "1.1")

    assert new.sections == old.sections and new.choice_lists == old.choice_lists and new.scales == old.scales
    assert [p.code for p in new.pairing_prompts] == [p.code for p in old.pairing_prompts]
    assert [(p.kind, p.minimum, p.maximum) for p in new.pairing_prompts] == [
        (p.kind, p.minimum, p.maximum) for p in old.pairing_prompts
    ]


@pytest.mark.parametrize("name", NAMES)
def test_the_description_leaves_anonymity_and_skipping_to_the_start_page(library, name) -> None:
    description = library.get(name).description

    for language in ("fi", "sv", "en"):
        assert not START_PAGE_SAYS.search(description.get(language)), (name, language)


def test_the_children_get_the_childrens_pairing_code_with_the_same_parts(library) -> None:
    youth_code = load_module(LIBRARY_DIR / "modules" / "pairing_code.yaml").pairing_prompts
    for name in CHILDREN:
        prompts = library.get(name).pairing_prompts
        strip = [dataclasses.replace(p, text=None, help=None) for p in prompts]
        assert strip == [dataclasses.replace(p, text=None, help=None) for p in youth_code]
        assert [p.text for p in prompts] != [p.text for p in youth_code]
        assert library.get(name, "1.0").pairing_prompts == youth_code  # 1.0 keeps the words its answers had


def test_the_number_parts_of_the_pairing_code_have_their_real_ranges() -> None:
    for module in ("pairing_code", "pairing_code_children"):
        prompts = {p.code: p for p in load_module(LIBRARY_DIR / "modules" / f"{module}.yaml").pairing_prompts}
        assert (prompts["PC_BIRTH_MONTH"].minimum, prompts["PC_BIRTH_MONTH"].maximum) == (1, 12)
        assert (prompts["PC_OLDER_SIBLINGS"].minimum, prompts["PC_OLDER_SIBLINGS"].maximum) == (0, 20)


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.?!])\s+", text.strip()) if s]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_childrens_code_questions_are_short_sentences_of_everyday_words(language) -> None:
    """Reading level for 8-12-year-olds, checked as plain-language guides for children put it: short sentences
    (at most 12 words), one question or instruction each, no long words (at most 15 letters: Finnish
    compounds), and no word of the adults' version that children stumble on ("paikkakunta", "ort")."""
    module = load_module(LIBRARY_DIR / "modules" / "pairing_code_children.yaml")
    for prompt in module.pairing_prompts:
        for text in (prompt.text.get(language), prompt.help.get(language)):
            for sentence in sentences(text):
                words = re.findall(r"[^\W\d_]+", sentence)
                assert len(words) <= 12, sentence
                assert max(len(word) for word in words) <= 15, sentence
                assert sentence.count("?") <= 1
            assert not re.search(r"paikkakun|läheistä ihmistä|\bort(ens)?\b", text, re.IGNORECASE), text


@pytest.mark.parametrize(
    ("prompt", "field", "fragment"),
    [
        ({"kind": "letter", "minimum": 1}, "minimum", "only a digits prompt has bounds"),
        ({"kind": "digits", "maximum": 100}, "maximum", "from 0 to 99"),
        ({"kind": "digits", "minimum": "1"}, "minimum", "from 0 to 99"),
        ({"kind": "digits", "minimum": 12, "maximum": 1}, "minimum", "greater than maximum"),
    ],
)
def test_bounds_of_a_pairing_prompt_are_checked(prompt, field, fragment) -> None:
    document = {
        "module": True,
        "id": "code",
        "version": "1",
        "languages": ["fi"],
        "title": {"fi": "Koodi"},
        "pairing_prompts": [{"code": "PC_X", "text": {"fi": "Mikä?"}, **prompt}],
    }
    with pytest.raises(InstrumentError) as raised:
        parse_module(document, "code.yaml")
    assert any(p.item == "PC_X" and p.field == field and fragment in p.message for p in raised.value.problems)
