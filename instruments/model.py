"""The instrument model: a questionnaire as frozen, typed data.

Everything downstream (the respondent pages, scoring, the workbook) reads these objects and never the YAML.
The loader (:mod:`instruments.loader`) is the only way to build them from files; it validates first, so code
that receives an :class:`Instrument` may trust it.

Example
-------
>>> t = Text(fi="Kyllä", sv="Ja", en="Yes")
>>> t.get("sv")
'Ja'
>>> t.get("de")           # unknown language falls back to Finnish, the default
'Kyllä'
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

LANGUAGES = ("fi", "sv", "en")
DEFAULT_LANGUAGE = "fi"


class RespondentGroup(enum.StrEnum):
    """Who answers. Children's forms get the picture scale and no reverse-worded items.

    The first four are the programme's groups; ``adults`` and ``other`` are general groups for instruments that
    are not written for one of them (an established scale, data from another study), with no rules of their own.
    """

    CHILDREN = "children"  # about 8-12
    YOUTH = "youth"  # 13-29
    PARENTS = "parents"  # parents and guardians
    PROFESSIONALS = "professionals"
    ADULTS = "adults"  # adults in general, in no particular role
    OTHER = "other"  # anyone else, or a mix of ages and roles


class ItemType(enum.StrEnum):
    SINGLE = "single"  # one choice from a choice list
    MULTIPLE = "multiple"  # any number of choices; analysed as one 0/1 column per option
    LIKERT = "likert"  # agreement or frequency scale from a choice list; may belong to a scale
    YESNO = "yesno"  # 1 = yes, 0 = no; reported as a proportion, never scored
    NUMBER = "number"  # with optional bounds; integer unless `decimal: true`
    TEXT = "text"  # short text
    LONGTEXT = "longtext"  # free text over several lines
    INFO = "info"  # text shown to the respondent, no answer


ANSWERED_TYPES = frozenset(ItemType) - {ItemType.INFO}
CHOICE_TYPES = frozenset({ItemType.SINGLE, ItemType.MULTIPLE, ItemType.LIKERT})


@dataclass(frozen=True)
class Text:
    """One text in every language. The loader guarantees the instrument's languages are present."""

    fi: str = ""
    sv: str = ""
    en: str = ""

    def get(self, language: str) -> str:
        """The text in `language`, falling back to Finnish, then to any language that has it."""
        for lang in (language, DEFAULT_LANGUAGE, *LANGUAGES):
            value = getattr(self, lang, "") if lang in LANGUAGES else ""
            if value:
                return value
        return ""

    def as_dict(self) -> dict[str, str]:
        return {lang: getattr(self, lang) for lang in LANGUAGES if getattr(self, lang)}


@dataclass(frozen=True)
class Choice:
    """One answer option. `missing` marks "don't know" / "prefer not to say": kept, but never scored."""

    code: int | str
    label: Text
    missing: bool = False
    image: str | None = None  # picture for the children's scale: a file name in survey/static/scale/


@dataclass(frozen=True)
class ChoiceList:
    name: str
    choices: tuple[Choice, ...]

    @property
    def scored(self) -> tuple[Choice, ...]:
        """The choices that carry a value (not missing codes)."""
        return tuple(c for c in self.choices if not c.missing)

    @property
    def bounds(self) -> tuple[float, float] | None:
        """Lowest and highest scored numeric code: the declared bounds that reverse keys use."""
        codes = [c.code for c in self.scored if isinstance(c.code, int)]
        return (min(codes), max(codes)) if codes else None

    @property
    def missing_codes(self) -> frozenset[int | str]:
        return frozenset(c.code for c in self.choices if c.missing)

    def choice(self, code: int | str) -> Choice | None:
        return next((c for c in self.choices if c.code == code), None)


YES_NO = ChoiceList(
    name="yes_no",
    choices=(
        Choice(code=1, label=Text(fi="Kyllä", sv="Ja", en="Yes")),
        Choice(code=0, label=Text(fi="Ei", sv="Nej", en="No")),
    ),
)
"""Codes of a yes/no item: 1 = yes, 0 = no, so a mean is the share of yes answers."""


# --- conditions (skip logic) as data -----------------------------------------------------------------


@dataclass(frozen=True)
class Compare:
    """`{item: Q3, in: [1, 2]}` and friends. Operators: in, not_in, eq, ne, lt, le, gt, ge, answered."""

    item: str
    op: str
    value: object  # a tuple for in/not_in, a number or code for the others, a bool for `answered`

    def evaluate(self, answers: Mapping[str, object]) -> bool:
        answer = answers.get(self.item)
        if self.op == "answered":
            return _is_answered(answer) == bool(self.value)
        if not _is_answered(answer):
            # An unanswered question satisfies no comparison except "not in", which we also keep false:
            # a follow-up question is shown only when its trigger was actually given.
            return False
        values = answer if isinstance(answer, (list, tuple, set, frozenset)) else (answer,)
        if self.op == "in":
            return any(v in self.value for v in values)
        if self.op == "not_in":
            return all(v not in self.value for v in values)
        if self.op == "eq":
            return self.value in values
        if self.op == "ne":
            return self.value not in values
        try:
            number = float(answer)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return False
        limit = float(self.value)  # type: ignore[arg-type]
        return {
            "lt": number < limit,
            "le": number <= limit,
            "gt": number > limit,
            "ge": number >= limit,
        }[self.op]

    def items(self) -> Iterator[str]:
        yield self.item


@dataclass(frozen=True)
class AllOf:
    conditions: tuple[Condition, ...]

    def evaluate(self, answers: Mapping[str, object]) -> bool:
        return all(c.evaluate(answers) for c in self.conditions)

    def items(self) -> Iterator[str]:
        for c in self.conditions:
            yield from c.items()


@dataclass(frozen=True)
class AnyOf:
    conditions: tuple[Condition, ...]

    def evaluate(self, answers: Mapping[str, object]) -> bool:
        return any(c.evaluate(answers) for c in self.conditions)

    def items(self) -> Iterator[str]:
        for c in self.conditions:
            yield from c.items()


@dataclass(frozen=True)
class Not:
    condition: Condition

    def evaluate(self, answers: Mapping[str, object]) -> bool:
        return not self.condition.evaluate(answers)

    def items(self) -> Iterator[str]:
        yield from self.condition.items()


Condition = Compare | AllOf | AnyOf | Not


def _is_answered(value: object) -> bool:
    return value is not None and value != "" and value != [] and value != ()


# --- items, sections, scales ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    code: str
    type: ItemType
    text: Text
    help: Text | None = None
    choices: str | None = None  # name of a ChoiceList (single, multiple, likert)
    required: bool = False
    minimum: float | None = None  # number bounds
    maximum: float | None = None
    decimal: bool = False
    max_length: int | None = None  # text length limit; the app applies a default when unset
    show_if: Condition | None = None
    xlsform_name: str | None = None  # the question's name in the XLSForm it came from, when not the code (`age`)

    @property
    def answered(self) -> bool:
        return self.type in ANSWERED_TYPES


@dataclass(frozen=True)
class Section:
    """One page of the questionnaire."""

    id: str
    title: Text
    items: tuple[Item, ...]
    intro: Text | None = None
    show_if: Condition | None = None


@dataclass(frozen=True)
class Scale:
    """A sum or mean score over items that share one response scale.

    `reverse` items are reversed on the choice list's declared bounds: ``low + high - x``.
    A respondent gets a score only when at least `min_answered` (a share, 0-1) of the items are answered
    with scored codes. `percent` adds a 0-100 transform: ``100 * (mean - low) / (high - low)``.
    """

    code: str
    label: Text
    items: tuple[str, ...]
    reverse: tuple[str, ...] = ()
    method: str = "mean"  # "mean" or "sum"
    min_answered: float = 0.5
    percent: bool = False
    description: Text | None = None


@dataclass(frozen=True)
class PairingPrompt:
    """One part of the self-generated pairing code, e.g. "first letter of a close adult's first name"."""

    code: str
    text: Text
    kind: str  # "letter" (one letter A-Ö) or "digits" (1-2 digits)
    help: Text | None = None
    minimum: int | None = None  # digits only: the smallest and largest number accepted (e.g. a month 1-12)
    maximum: int | None = None


@dataclass(frozen=True)
class Instrument:
    id: str
    version: str
    title: Text
    respondent_group: RespondentGroup
    languages: tuple[str, ...]
    sections: tuple[Section, ...]
    choice_lists: Mapping[str, ChoiceList] = field(default_factory=dict)
    scales: tuple[Scale, ...] = ()
    theme: str | None = None  # participation | equality | gender_equality | None (modules, custom)
    description: Text | None = None
    notes: str = ""  # the models and sources the items rest on (for evaluators; not shown to respondents)
    pairing_prompts: tuple[PairingPrompt, ...] = ()
    source: str = field(default="", compare=False)  # file it was loaded from, for messages

    @property
    def items(self) -> tuple[Item, ...]:
        """Every item in questionnaire order, info texts included."""
        return tuple(item for section in self.sections for item in section.items)

    @property
    def answered_items(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.answered)

    def item(self, code: str) -> Item:
        for item in self.items:
            if item.code == code:
                return item
        raise KeyError(code)

    def choice_list(self, item: Item) -> ChoiceList | None:
        """The item's choice list; yes/no items without one of their own get :data:`YES_NO`."""
        if item.choices:
            return self.choice_lists.get(item.choices)
        return YES_NO if item.type is ItemType.YESNO else None

    def scale(self, code: str) -> Scale:
        for scale in self.scales:
            if scale.code == code:
                return scale
        raise KeyError(code)

    @property
    def key(self) -> str:
        """`id@version`, the reference stored with collections and responses."""
        return f"{self.id}@{self.version}"
