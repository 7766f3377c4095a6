"""An instrument as plain text for proof-reading (``python -m instruments show ID --lang sv``).

Sections, numbered questions with their type, the options with their codes, conditions in words and the scales
with their reversed items marked: what a translator or evaluator checks before a form goes out.

Example
-------
>>> from instruments.loader import parse_instrument
>>> t = {"fi": "Osallistuitko?", "en": "Did you take part?"}
>>> instrument = parse_instrument({
...     "id": "demo", "version": "1.0", "respondent_group": "youth", "languages": ["fi", "en"], "title": t,
...     "sections": [{"id": "part", "title": t, "items": [
...         {"code": "TOOK_PART", "type": "yesno", "text": t},
...         {"code": "HOW_OFTEN", "type": "number", "minimum": 1, "text": t,
...          "show_if": {"item": "TOOK_PART", "eq": 1}}]}],
... }, modules={})
>>> print(render_text(instrument, "en"))
Did you take part?
demo 1.0 | youth | fi, en | 2 questions
<BLANKLINE>
1. Did you take part?  [part]
<BLANKLINE>
  1. TOOK_PART  (yes/no)
     Did you take part?
       1 = Yes
       0 = No
  2. HOW_OFTEN  (number, 1 or more)
     Did you take part?
     Shown if: TOOK_PART is 1 (Yes)
"""

from __future__ import annotations

from instruments.model import AllOf, AnyOf, Compare, Condition, Instrument, Item, ItemType, Not, Scale, Text

WORDS = {
    "fi": {
        "questions": "kysymystä", "shown_if": "Näytetään, jos", "required": "pakollinen",
        "missing": "lasketaan puuttuvaksi",
        "scales": "Summamuuttujat", "mean": "keskiarvo", "sum": "summa", "reversed": "käännetty",
        "answered_share": "vähintään {share} % vastattu", "percent": "myös 0–100", "pairing": "Parikoodi",
        "is": "on", "is_not": "ei ole", "or": "tai", "and": "ja", "not": "ei", "answered": "on vastattu",
        "unanswered": "on jättänyt vastaamatta", "or_more": "tai enemmän", "at_most": "enintään",
        "decimal": "desimaaliluku", "letter": "kirjain", "digits": "numerot", "characters": "merkkiä",
    },
    "sv": {
        "questions": "frågor", "shown_if": "Visas om", "required": "obligatorisk",
        "missing": "räknas som bortfall",
        "scales": "Summavariabler", "mean": "medelvärde", "sum": "summa", "reversed": "omvänd",
        "answered_share": "minst {share} % besvarade", "percent": "även 0–100", "pairing": "Parkod",
        "is": "är", "is_not": "är inte", "or": "eller", "and": "och", "not": "inte", "answered": "är besvarad",
        "unanswered": "är obesvarad", "or_more": "eller mer", "at_most": "högst",
        "decimal": "decimaltal", "letter": "bokstav", "digits": "siffror", "characters": "tecken",
    },
    "en": {
        "questions": "questions", "shown_if": "Shown if", "required": "required", "missing": "counted as missing",
        "scales": "Scales", "mean": "mean", "sum": "sum", "reversed": "reversed",
        "answered_share": "at least {share} % answered", "percent": "also 0–100", "pairing": "Pairing code",
        "is": "is", "is_not": "is not", "or": "or", "and": "and", "not": "not", "answered": "is answered",
        "unanswered": "is not answered", "or_more": "or more", "at_most": "at most",
        "decimal": "decimals", "letter": "letter", "digits": "digits", "characters": "characters",
    },
}  # fmt: skip
TYPE_NAMES = {
    "fi": {"single": "yksi valinta", "multiple": "monivalinta", "likert": "asteikko", "yesno": "kyllä/ei",
           "number": "luku", "text": "lyhyt teksti", "longtext": "pitkä teksti", "info": "tiedote"},
    "sv": {"single": "ett val", "multiple": "flerval", "likert": "skala", "yesno": "ja/nej",
           "number": "tal", "text": "kort text", "longtext": "lång text", "info": "information"},
    "en": {"single": "single choice", "multiple": "multiple choice", "likert": "likert", "yesno": "yes/no",
           "number": "number", "text": "short text", "longtext": "long text", "info": "info text"},
}  # fmt: skip
SYMBOLS = {"lt": "<", "le": "≤", "gt": ">", "ge": "≥"}


def render_text(instrument: Instrument, language: str = "fi") -> str:
    """The whole questionnaire as text in `language` (fi, sv or en; others fall back to Finnish)."""
    language = language if language in WORDS else "fi"
    words = WORDS[language]
    lines = [
        instrument.title.get(language),
        f"{instrument.id} {instrument.version} | {instrument.respondent_group.value} | "
        f"{', '.join(instrument.languages)} | {len(instrument.answered_items)} {words['questions']}",
    ]
    if instrument.description is not None:
        lines += ["", instrument.description.get(language)]
    number = 0
    for index, section in enumerate(instrument.sections, start=1):
        lines += ["", f"{index}. {section.title.get(language)}  [{section.id}]"]
        if section.intro is not None:
            lines.append(f"   {section.intro.get(language)}")
        if section.show_if is not None:
            lines.append(f"   {words['shown_if']}: {condition_text(section.show_if, instrument, language)}")
        lines.append("")
        for item in section.items:
            number += item.answered  # info texts are not questions: they get no number
            lines += _item_lines(item, number if item.answered else None, instrument, language)
    if instrument.scales:
        lines += ["", words["scales"]]
        lines += [_scale_line(scale, language) for scale in instrument.scales]
    if instrument.pairing_prompts:
        lines += ["", words["pairing"]]
        for prompt in instrument.pairing_prompts:
            lines.append(f"  {prompt.code}  ({words[prompt.kind]}) {prompt.text.get(language)}")
    return "\n".join(lines)


def _item_lines(item: Item, number: int | None, instrument: Instrument, language: str) -> list[str]:
    words = WORDS[language]
    details = [TYPE_NAMES[language][item.type.value], *_limits(item, language)]
    if item.required:
        details.append(words["required"])
    mark = f"{number}." if number is not None else "-"
    lines = [f"  {mark} {item.code}  ({', '.join(details)})", f"     {item.text.get(language)}"]
    if item.help is not None:
        lines.append(f"     ({item.help.get(language)})")
    choice_list = instrument.choice_list(item)
    for choice in choice_list.choices if choice_list is not None else ():
        missing = f"  ({words['missing']})" if choice.missing else ""
        lines.append(f"       {choice.code} = {choice.label.get(language)}{missing}")
    if item.show_if is not None:
        lines.append(f"     {words['shown_if']}: {condition_text(item.show_if, instrument, language)}")
    return lines


def _limits(item: Item, language: str) -> list[str]:
    words = WORDS[language]
    if item.type is ItemType.NUMBER:
        bounds = {
            (True, True): f"{item.minimum}–{item.maximum}",
            (True, False): f"{item.minimum} {words['or_more']}",
            (False, True): f"{words['at_most']} {item.maximum}",
        }.get((item.minimum is not None, item.maximum is not None))
        return [part for part in (bounds, words["decimal"] if item.decimal else None) if part]
    if item.max_length is not None:
        return [f"{words['at_most']} {item.max_length} {words['characters']}"]
    return []


def _scale_line(scale: Scale, language: str) -> str:
    words = WORDS[language]
    items = ", ".join(f"{code} ({words['reversed']})" if code in scale.reverse else code for code in scale.items)
    parts = [
        f"{words[scale.method]}: {items}",
        words["answered_share"].format(share=round(scale.min_answered * 100)),
    ]
    if scale.percent:
        parts.append(words["percent"])
    return f"  {scale.code}  {scale.label.get(language)} — {'; '.join(parts)}"


def condition_text(condition: Condition, instrument: Instrument, language: str = "fi") -> str:
    """A condition in words, with the option labels: ``TOOK_PART is 1 (Yes)``."""
    words = WORDS[language if language in WORDS else "fi"]
    if isinstance(condition, Compare):
        return _compare_text(condition, instrument, language, words)
    if isinstance(condition, Not):
        return f"{words['not']} ({condition_text(condition.condition, instrument, language)})"
    joiner = f" {words['and']} " if isinstance(condition, AllOf) else f" {words['or']} "
    parts = []
    for part in condition.conditions:
        text = condition_text(part, instrument, language)
        parts.append(f"({text})" if isinstance(part, (AllOf, AnyOf)) else text)
    return joiner.join(parts)


def _compare_text(compare: Compare, instrument: Instrument, language: str, words: dict[str, str]) -> str:
    if compare.op == "answered":
        return f"{compare.item} {words['answered'] if compare.value else words['unanswered']}"
    if compare.op in SYMBOLS:
        return f"{compare.item} {SYMBOLS[compare.op]} {compare.value}"
    values = compare.value if compare.op in ("in", "not_in") else (compare.value,)
    verb = words["is"] if compare.op in ("in", "eq") else words["is_not"]
    options = f" {words['or']} ".join(_value_text(compare.item, value, instrument, language) for value in values)
    return f"{compare.item} {verb} {options}"


def _value_text(code: str, value: object, instrument: Instrument, language: str) -> str:
    try:
        choice_list = instrument.choice_list(instrument.item(code))
    except KeyError:
        choice_list = None
    choice = choice_list.choice(value) if choice_list is not None else None  # type: ignore[arg-type]
    label: Text | None = choice.label if choice is not None else None
    return f"{value} ({label.get(language)})" if label is not None else str(value)
