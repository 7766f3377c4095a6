"""One broken instrument per kind of fault: the validator names the file, the item and the field."""

from __future__ import annotations

import copy

import pytest

from instruments.errors import InstrumentError, Problem
from instruments.loader import parse_instrument, parse_module
from instruments.model import ItemType, RespondentGroup
from tests.instruments.conftest import text


def _walk(document: dict, path: str):
    """The container holding the last step of a dotted path (digits index lists) and that last step."""
    *steps, last = [int(step) if step.isdigit() else step for step in path.split(".")]
    for step in steps:
        document = document[step]
    return document, last


def put(path: str, value: object):
    def mutate(document: dict) -> None:
        container, key = _walk(document, path)
        container[key] = copy.deepcopy(value)

    return mutate


def drop(path: str):
    def mutate(document: dict) -> None:
        container, key = _walk(document, path)
        del container[key]

    return mutate


def append(path: str, value: object):
    def mutate(document: dict) -> None:
        container, key = _walk(document, path)
        container[key].append(copy.deepcopy(value))

    return mutate


def rename(path: str, new_key: str):
    def mutate(document: dict) -> None:
        container, key = _walk(document, path)
        container[new_key] = container.pop(key)

    return mutate


def both(*mutations):
    def mutate(document: dict) -> None:
        for mutation in mutations:
            mutation(document)

    return mutate


Q1, Q2, Q3 = "sections.0.items.0", "sections.0.items.1", "sections.0.items.2"
AGE, Q4 = "sections.1.items.0", "sections.1.items.1"
SCALE = "scales.0"
INFO = {"code": "INFO", "type": "info", "text": text("Thanks")}

BROKEN = [
    # unknown keys and wrong types, at every level
    ("top-level typo", rename("title", "titel"), [("-", "titel"), ("-", "title")], "did you mean 'title'?"),
    ("item key typo", put(f"{Q1}.requred", True), [("Q1", "requred")], "did you mean 'required'?"),
    ("choice key typo", put("choice_lists.agree3.0.missin", True), [("-", "choice_lists.agree3[1].missin")],
     "did you mean 'missing'?"),
    ("scale key typo", put(f"{SCALE}.revers", []), [("S_HEARD", "revers")], "did you mean 'reverse'?"),
    ("section key typo", put("sections.1.intr", text("x")), [("-", "sections.second.intr")], "did you mean"),
    ("unquoted version", put("version", 1.0), [("-", "version")], 'write the version in quotes, like "1.0"'),
    ("version form", put("version", "one"), [("-", "version")], "not a version"),
    ("sections not a list", put("sections", {"id": "x"}), [("-", "sections")], "expected a list of sections"),
    ("item not a mapping", put(Q4, "Q4"), [("-", "sections.second.items[2]")], "expected a mapping"),
    ("required not a flag", put(f"{Q1}.required", "yes"), [("Q1", "required")], "expected true or false"),
    ("bare Yes in YAML", put(f"{Q1}.text.en", True), [("Q1", "text.en")], 'write it in quotes: "Yes"'),
    ("number bound not a number", put(f"{AGE}.minimum", "13"), [("AGE", "minimum")], "expected a number"),
    ("infinite bound", put(f"{AGE}.maximum", float("inf")), [("AGE", "maximum")], "expected a number"),
    ("type typo", put(f"{Q4}.type", "txet"), [("Q4", "type")], "did you mean 'text'?"),
    # forms of ids and codes
    ("instrument id form", put("id", "Demo-1"), [("-", "id")], "is not an id"),
    ("item code form", put(f"{Q4}.code", "q4"), [("sections.second.items[2]", "code")], "is not an item code"),
    ("section id form", put("sections.1.id", "Second"), [("-", "sections[2].id")], "is not a section id"),
    ("scale code form", put(f"{SCALE}.code", "HEARD"), [("scales[1]", "code")], "start with S_"),
    ("choice code float", put("choice_lists.agree3.0.code", 1.5), [("-", "choice_lists.agree3[1].code")],
     "whole number"),
    ("respondent group typo", put("respondent_group", "yuoth"), [("-", "respondent_group")],
     "did you mean 'youth'?"),
    # duplicates
    ("duplicate item code", put(f"{Q4}.code", "Q3"), [("Q3", "code")], "already used in section first"),
    ("duplicate section id", put("sections.1.id", "first"), [("-", "sections.first.id")], "duplicate section id"),
    ("duplicate choice code", put("choice_lists.agree3.1.code", 1), [("-", "choice_lists.agree3[2].code")],
     "duplicate code 1"),
    ("duplicate scale code", append("scales", {"code": "S_HEARD", "label": text("x"), "items": ["Q2"]}),
     [("S_HEARD", "code")], "duplicate scale code"),
    # references
    ("missing choice list", put(f"{Q3}.choices", "agree4"), [("Q3", "choices")], "did you mean 'agree3'?"),
    ("missing scale item", put(f"{SCALE}.items", ["Q2", "Q3", "Q9"]), [("S_HEARD", "items[3]")], "no item Q9"),
    ("missing module", put("include", ["nope"]), [("-", "include[1]")], "no module 'nope'"),
    # translations and languages
    ("missing translation", drop(f"{Q1}.text.sv"), [("Q1", "text.sv")], "missing translation"),
    ("empty translation", put(f"{Q1}.text.fi", "  "), [("Q1", "text.fi")], "empty text"),
    ("language outside fi/sv/en", put("languages", ["fi", "sv", "en", "de"]), [("-", "languages[4]")],
     "'de' is not one of fi, sv, en"),
    ("unknown language key", put(f"{Q1}.text.se", "x"), [("Q1", "text.se")], "unknown language"),
    # conditions
    ("condition forward", put(f"{Q1}.show_if", {"item": "Q2", "eq": 1}), [("Q1", "show_if.item")], "comes later"),
    ("condition to itself", put(f"{Q2}.show_if", {"item": "Q2", "eq": 1}), [("Q2", "show_if.item")], "itself"),
    ("condition unknown item", put(f"{Q2}.show_if", {"item": "Q0", "eq": 1}), [("Q2", "show_if.item")],
     "no item Q0"),
    ("condition code not in list", put(f"{Q2}.show_if.in", [1, 5]), [("Q2", "show_if.in[2]")],
     "5 is not a code of Q1's choices (1, 0)"),
    ("nested condition code",
     put(f"{Q3}.show_if", {"all": [{"item": "Q1", "eq": 1}, {"not": {"item": "Q2", "eq": 7}}]}),
     [("Q3", "show_if.all[2].not.eq")], "7 is not a code of Q2's choices"),
    ("section on its own items", put("sections.0.show_if", {"item": "Q1", "eq": 1}),
     [("-", "sections.first.show_if.item")], "same page"),
    ("section on a later item", put("sections.0.show_if", {"item": "AGE", "ge": 18}),
     [("-", "sections.first.show_if.item")], "comes later"),
    ("condition with two operators", put(f"{Q2}.show_if", {"item": "Q1", "eq": 1, "ne": 0}), [("Q2", "show_if")],
     "exactly one of"),
    ("condition operator typo", put(f"{Q2}.show_if", {"item": "Q1", "notin": [0]}),
     [("Q2", "show_if.notin"), ("Q2", "show_if")], "did you mean 'not_in'?"),
    ("condition key typo", put(f"{Q2}.show_if", {"itme": "Q1", "eq": 1}), [("Q2", "show_if")],
     "found itme, eq (did you mean 'item'?)"),
    ("number compared with text", put(f"{Q4}.show_if", {"item": "AGE", "in": ["old"]}), [("Q4", "show_if.in")],
     "compare it with numbers"),
    ("text compared by size", both(put(f"{AGE}.show_if", {"item": "Q1", "answered": True}),
                                   append("sections.1.items", {"code": "Q5", "type": "text", "text": text("?"),
                                                               "show_if": {"item": "Q4", "gt": 3}})),
     [("Q5", "show_if.gt")], "no numeric answers"),
    # scales
    ("reverse outside the scale", put(f"{SCALE}.reverse", ["Q1"]), [("S_HEARD", "reverse[1]")],
     "not one of the scale"),
    ("reverse of a non-likert item",
     both(put(f"{SCALE}.items", ["Q2", "AGE"]), put(f"{SCALE}.reverse", ["AGE"])),
     [("S_HEARD", "items[2]")], "AGE is a number item: scales take likert items"),
    ("yes/no item in a scale", put(f"{SCALE}.items", ["Q1", "Q3"]), [("S_HEARD", "items[1]")], "never scored"),
    ("scale mixing choice lists",
     both(put("choice_lists.agree3b", [{"code": c, "label": text("x")} for c in (1, 2)]),
          put(f"{Q3}.choices", "agree3b")),
     [("S_HEARD", "items")], "different choice lists (agree3, agree3b)"),
    ("likert with word codes", put("choice_lists.agree3.0.code", "low"), [("Q2", "choices")],
     "whole-number codes"),
    ("percent with sum", both(put(f"{SCALE}.method", "sum"), put(f"{SCALE}.percent", True)),
     [("S_HEARD", "percent")], "mean method only"),
    ("min_answered above 1", put(f"{SCALE}.min_answered", 1.5), [("S_HEARD", "min_answered")],
     "between 0 and 1"),
    ("children's form with reverse keys", put("respondent_group", "children"), [("S_HEARD", "reverse")],
     "children's forms"),
    # items
    ("contradicting bounds", put(f"{AGE}.minimum", 30), [("AGE", "minimum")], "greater than maximum"),
    ("choice list with no choices", put("choice_lists.agree3b", []), [("-", "choice_lists.agree3b")],
     "expected a list of choices, got an empty list"),
    ("likert without choices", drop(f"{Q3}.choices"), [("Q3", "choices")], "need a choice list"),
    ("bounds on a text item", put(f"{Q4}.minimum", 1), [("Q4", "minimum")], "not for text items"),
    ("required on info", append("sections.1.items", {**INFO, "required": True}), [("INFO", "required")],
     "not for info items"),
    ("max_length zero", put(f"{Q4}.max_length", 0), [("Q4", "max_length")], "between 1 and 100000"),
    ("image with a path", put("choice_lists.agree3.0.image", "../etc/passwd"),
     [("-", "choice_lists.agree3[1].image")], "not a file name"),
    ("module document given as instrument", put("module", True), [("-", "module")], "this is a module"),
]  # fmt: skip


def problems_of(document: object, modules: dict | None = None) -> list[Problem]:
    with pytest.raises(InstrumentError) as caught:
        parse_instrument(document, "demo.yaml", modules={} if modules is None else modules)
    return list(caught.value.problems)


def test_the_minimal_document_is_valid(document):
    instrument = parse_instrument(document, "demo.yaml", modules={})
    assert [item.code for item in instrument.items] == ["Q1", "Q2", "Q3", "AGE", "Q4"]
    assert instrument.item("Q1").type is ItemType.YESNO
    assert instrument.scale("S_HEARD").reverse == ("Q3",)
    assert instrument.source == "demo.yaml"


@pytest.mark.parametrize("group", ["adults", "other"])
def test_a_general_respondent_group_takes_any_instrument_reverse_keys_included(document, group):
    document["respondent_group"] = group
    instrument = parse_instrument(document, "demo.yaml", modules={})
    assert instrument.respondent_group is RespondentGroup(group) and instrument.respondent_group == group
    assert instrument.scale("S_HEARD").reverse == ("Q3",)


def test_the_respondent_groups_are_listed_when_one_is_mistyped(document):
    document["respondent_group"] = "everyone"
    message = problems_of(document)[0].message
    assert all(group in message for group in ("children", "youth", "parents", "professionals", "adults", "other"))


@pytest.mark.parametrize(("name", "mutate", "expected", "fragment"), BROKEN, ids=[case[0] for case in BROKEN])
def test_broken_instrument_names_file_item_and_field(document, name, mutate, expected, fragment):
    mutate(document)
    problems = problems_of(document)
    assert [(p.item, p.field) for p in problems] == expected, "\n".join(map(str, problems))
    assert all(p.file == "demo.yaml" for p in problems)
    assert fragment in problems[0].message


def test_scale_code_may_not_repeat_an_item_code(document):
    document["sections"][1]["items"][1]["code"] = "S_HEARD"
    assert [(p.item, p.field) for p in problems_of(document)] == [("S_HEARD", "code")]


def test_condition_on_an_info_text_is_reported(document):
    document["sections"][0]["items"].insert(0, INFO)
    document["sections"][0]["items"][1]["show_if"] = {"item": "INFO", "answered": True}
    problems = problems_of(document)
    assert [(p.item, p.field) for p in problems] == [("Q1", "show_if.item")]
    assert "has no answer" in problems[0].message


def test_many_faults_are_reported_at_once(document):
    document["version"] = 2
    document["titel"] = document.pop("title")
    items = document["sections"][0]["items"]
    items[0]["text"].pop("en")
    items[1]["show_if"] = {"item": "Q3", "eq": 1}
    items[2]["choices"] = "agree5"
    document["sections"][1]["items"][0]["minimum"] = 40
    document["scales"][0]["method"] = "median"
    document["scales"][0]["reverse"] = ["Q1"]
    found = {(p.item, p.field) for p in problems_of(document)}
    assert found == {
        ("-", "version"), ("-", "titel"), ("-", "title"), ("Q1", "text.en"), ("Q2", "show_if.item"),
        ("Q3", "choices"), ("AGE", "minimum"), ("S_HEARD", "method"), ("S_HEARD", "reverse[1]"),
    }  # fmt: skip


@pytest.mark.parametrize("document", [None, [], 3, "id: demo", 1.5, True, {"sections": [[[]]]}])
def test_anything_that_is_not_an_instrument_is_an_instrument_error(document):
    assert problems_of(document)


def test_problem_reads_file_item_field_message(document):
    document["sections"][0]["items"][0]["text"].pop("sv")
    [problem] = problems_of(document)
    assert str(problem) == "demo.yaml: Q1: text.sv: missing translation"


# --- modules ---------------------------------------------------------------------------------------------------


def test_included_module_sections_come_first(document, module):
    document["include"] = ["background"]
    instrument = parse_instrument(document, "demo.yaml", modules={"background": module})
    assert [section.id for section in instrument.sections] == ["background", "first", "second"]
    assert set(instrument.choice_lists) == {"sex3", "agree3"}


def test_conditions_may_refer_to_module_items(document, module):
    document["include"] = ["background"]
    document["sections"][0]["items"][0]["show_if"] = {"item": "BG_GENDER", "in": [1, 2]}
    assert parse_instrument(document, "demo.yaml", modules={"background": module}).item("Q1").show_if


@pytest.mark.parametrize(
    ("mutate", "expected", "fragment"),
    [
        (
            put("sections.1.items.1.code", "BG_GENDER"),
            [("BG_GENDER", "code")],
            "already used in section background",
        ),
        (
            put("choice_lists.sex3", [{"code": 1, "label": text("x")}]),
            [("-", "choice_lists.sex3")],
            "already defined",
        ),
        (put("languages", ["fi", "sv", "en"]), [], ""),
    ],
    ids=["item code in module and instrument", "choice list in module and instrument", "valid"],
)
def test_module_collisions(document, module, mutate, expected, fragment):
    document["include"] = ["background"]
    mutate(document)
    if not expected:
        parse_instrument(document, "demo.yaml", modules={"background": module})
        return
    problems = problems_of(document, {"background": module})
    assert [(p.item, p.field) for p in problems] == expected
    assert fragment in problems[0].message


def test_module_lacking_a_language_is_reported_on_include(document, module):
    module["languages"] = ["fi", "sv"]
    document["include"] = ["background"]
    problems = problems_of(document, {"background": module})
    assert [(p.item, p.field) for p in problems] == [("-", "include[1]")]
    assert "no texts in en" in problems[0].message


def test_broken_module_problems_name_the_module(document, module):
    module["sections"][0]["items"][0]["choices"] = "sex4"
    document["include"] = ["background"]
    problems = problems_of(document, {"background": module})
    assert [(p.file, p.item, p.field) for p in problems] == [("<background>", "BG_GENDER", "choices")]


def test_module_with_scales_is_rejected(module):
    module["scales"] = []
    with pytest.raises(InstrumentError) as caught:
        parse_module(module, "background.yaml")
    assert [(p.item, p.field) for p in caught.value.problems] == [("-", "scales")]


def test_pairing_prompts_come_from_modules(document):
    pairing = {
        "module": True, "id": "pairing_code", "version": "1.0", "languages": ["fi", "sv", "en"],
        "pairing_prompts": [{"code": "PC_LETTER", "kind": "letter", "text": text("First letter")},
                            {"code": "PC_DAY", "kind": "digits", "text": text("Day of birth")}],
    }  # fmt: skip
    document["include"] = ["pairing_code"]
    instrument = parse_instrument(document, "demo.yaml", modules={"pairing_code": pairing})
    assert [prompt.code for prompt in instrument.pairing_prompts] == ["PC_LETTER", "PC_DAY"]
    pairing["pairing_prompts"][1]["kind"] = "number"
    problems = problems_of(document, {"pairing_code": pairing})
    assert [(p.item, p.field) for p in problems] == [("PC_DAY", "kind")]


# --- hostile input -------------------------------------------------------------------------------------------


def _self_containing_list() -> list:
    loop: list = []
    loop.append(loop)
    return loop


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (put("x" * 1_000_000, 1), [("-", "x" * 37 + "...")]),
        (put("sections.0.items.0.text.fi", "x" * 1_000_000), [("Q1", "text.fi")]),
        (put("choice_lists.agree3.0.code", 10**5000), [("-", "choice_lists.agree3[1].code")]),
        (put("sections.0.items.1.show_if", {"not": {"not": {"not": {"item": "Q1", "eq": 1}}}}), []),
        (append("sections", _self_containing_list()), [("-", "document")]),
    ],
    ids=["huge key", "huge text", "huge number", "nested not", "list containing itself"],
)
def test_hostile_values_are_reported_not_raised(document, mutate, expected):
    mutate(document)
    if not expected:
        parse_instrument(document, "demo.yaml", modules={})
        return
    assert [(p.item, p.field) for p in problems_of(document)] == expected


def test_condition_nested_beyond_reason_is_one_problem(document):
    condition: dict = {"item": "Q1", "eq": 1}
    for _ in range(1000):
        condition = {"not": condition}
    document["sections"][0]["items"][1]["show_if"] = condition
    problems = problems_of(document)
    assert [(p.item, p.message) for p in problems] == [("Q2", "condition has more than 50 parts")]


def test_multiple_choice_is_not_compared_by_size(document):
    document["choice_lists"]["hobbies"] = [{"code": code, "label": text(f"Hobby {code}")} for code in (1, 2)]
    items = document["sections"][1]["items"]
    items[0] = {"code": "HOBBIES", "type": "multiple", "choices": "hobbies", "text": text("Hobbies?")}
    items[1]["show_if"] = {"item": "HOBBIES", "gt": 1}
    problems = problems_of(document)
    assert [(p.item, p.field) for p in problems] == [("Q4", "show_if.gt")]
    assert "use in or not_in" in problems[0].message
