"""Synthetic respondents for the demo: answers that look like real ones to the analysis.

Each respondent has a latent attitude (standard normal); every Likert answer is that attitude plus the wave's shift
plus noise, cut onto the item's scale, so items of a scale correlate and a follow-up wave can score higher or lower
than the baseline (:mod:`survey.demo.collections` gives each project's follow-up a shift of its own).
Reverse-keyed items are answered the other way round. A few answers are skipped and a few are "don't know";
background questions are nearly always answered; skip logic is followed item by item exactly as the respondent
pages follow it. Nothing here touches the database: the demo stores the answers through
:func:`survey.respond.responses.store_response`, which checks them like a submitted form.

>>> import random
>>> from instruments.loader import load_library
>>> instrument = load_library().get("participation_youth", "1.0")
>>> person = Respondent.draw(random.Random(1), languages=("fi", "sv", "en"), counties=("15",))
>>> answers = answer_questionnaire(instrument, person, shift=0.0, rng=random.Random(2))
>>> answers["BG_COUNTY"] in ("15", "99")
True
>>> all(answers[code] in (1, 2, 3, 4, 5, 9) for code in answers if code.startswith("P_SPACE"))
True
"""

from __future__ import annotations

import math
import random
import string
from collections.abc import Sequence
from dataclasses import dataclass

from instruments.model import CHOICE_TYPES, Choice, Instrument, Item, ItemType

SKIP_SHARE = 0.04  # an attitude question left unanswered
DONT_KNOW_SHARE = 0.03  # "don't know" where the choice list offers it
BACKGROUND_SKIP_SHARE = 0.01
FEEDBACK_SHARE = 0.15  # share of respondents who write something in an open question
LANGUAGE_WEIGHTS = {"fi": 0.82, "sv": 0.11, "en": 0.07}  # roughly the programme's respondents

FEEDBACK = {
    "fi": ("Kiva että kysytään.", "Toivoisin enemmän aikaa keskustella.", "Ohjaajat kuuntelevat hyvin."),
    "sv": ("Bra att ni frågar.", "Jag skulle vilja ha mer tid att prata.", "Ledarna lyssnar bra."),
    "en": ("Nice to be asked.", "I would like more time to talk.", "The staff listen well."),
}
SHORT_TEXT = {"fi": ("Kerho", "Koulu"), "sv": ("Klubben", "Skolan"), "en": ("The club", "School")}
PAIRING_LETTERS = string.ascii_uppercase + "ÄÖ"


@dataclass(frozen=True)
class Respondent:
    """One synthetic person: who they are stays the same from baseline to follow-up."""

    attitude: float  # latent, standard normal
    language: str
    county: str
    pairing_code: dict[str, str]  # raw parts by prompt code, before hashing

    @classmethod
    def draw(cls, rng: random.Random, *, languages: Sequence[str], counties: Sequence[str]) -> Respondent:
        offered = [lang for lang in LANGUAGE_WEIGHTS if lang in languages] or list(languages)
        language = rng.choices(offered, weights=[LANGUAGE_WEIGHTS.get(lang, 0.1) for lang in offered])[0]
        code = {
            "letter": rng.choice(PAIRING_LETTERS),
            "siblings": str(rng.choice((0, 0, 1, 1, 1, 2, 2, 3, 4))),
            "month": str(rng.randint(1, 12)),
            "place": rng.choice(PAIRING_LETTERS),
        }
        return cls(rng.gauss(0.0, 1.0), language, rng.choice(list(counties) or ["99"]), code)

    def pairing_parts(self, instrument: Instrument) -> dict[str, str]:
        """The raw code parts for the instrument's prompts: letters for letter prompts, digits for digits."""
        letters = iter((self.pairing_code["letter"], self.pairing_code["place"]))
        digits = iter((self.pairing_code["siblings"], self.pairing_code["month"]))
        return {p.code: next(letters if p.kind == "letter" else digits, "1") for p in instrument.pairing_prompts}


def answer_questionnaire(
    instrument: Instrument, person: Respondent, *, shift: float, rng: random.Random
) -> dict[str, object]:
    """Answers of `person` to every item they would be shown; `shift` moves attitudes (in SD units)."""
    reverse = {code for scale in instrument.scales for code in scale.reverse}
    answers: dict[str, object] = {}
    for section in instrument.sections:
        if section.show_if is not None and not section.show_if.evaluate(answers):
            continue
        for item in section.items:
            if not item.answered or (item.show_if is not None and not item.show_if.evaluate(answers)):
                continue
            value = _answer(instrument, item, person, shift, item.code in reverse, rng)
            if value is not None:
                answers[item.code] = value
    return answers


def _answer(instrument: Instrument, item: Item, person: Respondent, shift: float, reverse: bool, rng):
    background = item.code.startswith("BG_")
    if rng.random() < (BACKGROUND_SKIP_SHARE if background else SKIP_SHARE):
        return None
    if background:
        return _background(instrument, item, person, rng)
    if item.type is ItemType.LONGTEXT:
        return rng.choice(FEEDBACK[person.language]) if rng.random() < FEEDBACK_SHARE else None
    if item.type is ItemType.TEXT:
        return rng.choice(SHORT_TEXT[person.language])
    if item.type is ItemType.NUMBER:
        return _number(item, rng)
    choices = instrument.choice_list(item)
    if choices is None:
        return None
    missing = [c for c in choices.choices if c.missing]
    if missing and rng.random() < DONT_KNOW_SHARE and item.type is not ItemType.MULTIPLE:
        return missing[0].code
    if item.type is ItemType.MULTIPLE:
        scored = list(choices.scored)
        return [c.code for c in rng.sample(scored, k=min(len(scored), rng.choice((1, 1, 2, 3))))]
    if item.type is ItemType.YESNO:
        return _yes_no(choices.scored, person, shift, rng)
    return _ordinal(choices.scored, person, shift, reverse, rng)


def _number(item: Item, rng: random.Random) -> int:
    low = math.ceil(item.minimum) if item.minimum is not None else 0
    return rng.randint(low, math.floor(item.maximum) if item.maximum is not None else low + 50)


def _ordinal(scored: Sequence[Choice], person: Respondent, shift: float, reverse: bool, rng) -> object:
    """A point on an ordered scale: the attitude plus noise, cut into as many equal bins as there are
    choices, centred a little above the middle (people tend to agree)."""
    ordered = sorted(scored, key=lambda c: c.code if isinstance(c.code, int) else 0)
    latent = 0.35 + 0.85 * person.attitude + shift + rng.gauss(0.0, 0.6)
    if reverse:
        latent = -latent
    position = round((latent / 2.2 + 0.5) * (len(ordered) - 1))
    return ordered[min(max(position, 0), len(ordered) - 1)].code


def _yes_no(scored: Sequence[Choice], person: Respondent, shift: float, rng) -> object:
    """Yes/no questions here ask about bad experiences: less likely with a better attitude and later on."""
    yes = 0.22 - 0.06 * person.attitude - 0.1 * shift
    codes = {c.code for c in scored}
    return 1 if rng.random() < yes and 1 in codes else (0 if 0 in codes else scored[-1].code)


def _background(instrument: Instrument, item: Item, person: Respondent, rng) -> object:
    """Background questions: the person's county, languages mostly their answering language, the rest spread
    over the choices (weighted to the first ones for gender, where the list starts with the common answers)."""
    choices = instrument.choice_list(item)
    if item.type is ItemType.NUMBER:
        return _number(item, rng)
    if choices is None:
        return None
    scored = list(choices.scored)
    codes = [c.code for c in scored]
    if item.code == "BG_COUNTY":
        return person.county if person.county in codes else rng.choice(codes)
    if item.code == "BG_LANGUAGE" and item.type in CHOICE_TYPES:
        home = {"fi": 1, "sv": 2}.get(person.language, 3)
        first = home if home in codes else codes[-1]
        extra = [c for c in codes if c != first and rng.random() < 0.1]
        return [first, *extra] if item.type is ItemType.MULTIPLE else first
    if item.code == "BG_GENDER":
        return rng.choices(codes, weights=[0.49, 0.47, *[0.04 / max(len(codes) - 2, 1)] * (len(codes) - 2)])[0]
    if item.type is ItemType.MULTIPLE:
        return [rng.choice(codes)]
    return rng.choice(codes)
