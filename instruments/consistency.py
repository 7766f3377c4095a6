"""Checks that look across the parts of an instrument: duplicates, references, conditions and scales.

The parts were read (and their shapes checked) by :mod:`instruments.part_readers`; these functions check how
they fit together, recording problems in the same :class:`~instruments.checker.Checker`.

A condition may refer only to items asked before it, never to itself, and a section's condition never to the
section's own items; so a condition can never wait on its own answer, and skip logic has no cycles by
construction.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass

from instruments.checker import Checker, Where, show, suggest
from instruments.errors import Message
from instruments.model import (
    YES_NO,
    AllOf,
    AnyOf,
    ChoiceList,
    Compare,
    Condition,
    Item,
    ItemType,
    Not,
    PairingPrompt,
    RespondentGroup,
    Scale,
    Section,
)
from instruments.part_readers import LIST_OPERATORS, NUMBER_OPERATORS, VALUE_OPERATORS


def check_sections(
    check: Checker,
    sections: tuple[Section, ...],
    choice_lists: Mapping[str, ChoiceList],
    before: tuple[Section, ...] = (),
) -> None:
    """Sections in questionnaire order, after the (already checked) sections of included modules."""
    earlier: dict[str, Item] = {item.code: item for section in before for item in section.items}
    placed: dict[str, str] = {item.code: section.id for section in before for item in section.items}
    section_ids = {section.id for section in before}
    names = {item.xlsform_name or item.code: item.code for section in before for item in section.items}
    all_codes = {item.code for section in sections for item in section.items}
    likert_lists: set[str] = set()
    for section in sections:
        where = Where("-", f"sections.{section.id}")
        if section.id in section_ids:
            check.add(where / "id", Message("duplicate section id %(id)s", id=section.id))
        section_ids.add(section.id)
        page = {item.code for item in section.items}
        if section.show_if is not None:
            context = _Context(earlier, choice_lists, all_codes, page=page)
            check_condition(check, section.show_if, where / "show_if", context)
        for item in section.items:
            if item.code in placed:
                check.add(
                    Where(item.code, "code"),
                    Message("duplicate item code: already used in section %(placed)s", placed=placed[item.code]),
                )
            _check_xlsform_name(check, item, names)
            _check_choices(check, item, choice_lists, likert_lists)
            if item.show_if is not None:
                context = _Context(earlier, choice_lists, all_codes, this=item.code)
                check_condition(check, item.show_if, Where(item.code, "show_if"), context)
            placed.setdefault(item.code, section.id)
            earlier.setdefault(item.code, item)


def _check_xlsform_name(check: Checker, item: Item, names: dict[str, str]) -> None:
    """XLSForm exports name each question by its `xlsform_name` (or its code): two may not share one."""
    name = item.xlsform_name or item.code
    if names.get(name, item.code) != item.code:
        field = "xlsform_name" if item.xlsform_name is not None else "code"
        check.add(
            Where(item.code, field),
            Message("%(name)s is already the XLSForm name of %(names)s", name=show(name), names=names[name]),
        )
    names.setdefault(name, item.code)


def _check_choices(check: Checker, item: Item, choice_lists: Mapping[str, ChoiceList], checked: set[str]) -> None:
    if item.choices is None:
        return
    where = Where(item.code, "choices")
    choice_list = choice_lists.get(item.choices)
    if choice_list is None:
        check.add(
            where,
            Message(
                "no choice list '%(choices)s'%(hint)s",
                choices=item.choices,
                hint=suggest(item.choices, choice_lists),
            ),
        )
    elif item.type is ItemType.LIKERT and item.choices not in checked:
        checked.add(item.choices)
        words = [choice.code for choice in choice_list.choices if not isinstance(choice.code, int)]
        if words:
            check.add(
                where,
                Message(
                    "likert lists need whole-number codes; '%(choices)s' has %(words)s",
                    choices=item.choices,
                    words=show(words[0]),
                ),
            )
        elif len(choice_list.scored) < 2:
            check.add(
                where,
                Message(
                    "likert lists need at least two scored choices; '%(choices)s' has fewer", choices=item.choices
                ),
            )


@dataclass(frozen=True)
class _Context:
    """What a condition may refer to: the items before it; and the codes that would make it wait on itself."""

    earlier: Mapping[str, Item]
    choice_lists: Mapping[str, ChoiceList]
    all_codes: Collection[str]
    this: str | None = None  # the item the condition belongs to
    page: Collection[str] = frozenset()  # the items of the section the condition belongs to


def check_condition(check: Checker, condition: Condition, where: Where, context: _Context) -> None:
    for compare, here in _comparisons(condition, where):
        if compare.item == context.this:
            check.add(here / "item", Message("the condition of %(item)s refers to itself", item=compare.item))
        elif compare.item in context.page:
            check.add(
                here / "item",
                Message(
                    "refers to %(item)s on the same page: a page cannot wait on its own answers", item=compare.item
                ),
            )
        elif compare.item in check.broken:
            continue  # the referred item has problems of its own, already reported
        elif compare.item in context.earlier:
            _check_compared(check, compare, here, context.earlier[compare.item], context.choice_lists)
        elif compare.item in context.all_codes:
            check.add(
                here / "item",
                Message(
                    "refers to %(item)s, which comes later: only earlier items may be used", item=compare.item
                ),
            )
        else:
            check.add(
                here / "item",
                Message(
                    "no item %(item)s%(hint)s", item=compare.item, hint=suggest(compare.item, context.earlier)
                ),
            )


def _comparisons(condition: Condition, where: Where) -> Iterator[tuple[Compare, Where]]:
    if isinstance(condition, Compare):
        yield condition, where
    elif isinstance(condition, Not):
        yield from _comparisons(condition.condition, where / "not")
    elif isinstance(condition, (AllOf, AnyOf)):
        key = "all" if isinstance(condition, AllOf) else "any"
        for index, part in enumerate(condition.conditions):
            yield from _comparisons(part, where / key / index)


def _check_compared(
    check: Checker, compare: Compare, where: Where, item: Item, choice_lists: Mapping[str, ChoiceList]
) -> None:
    """The compared values must be answers the referred item can have."""
    here = where / compare.op
    if item.type is ItemType.INFO:
        check.add(where / "item", Message("%(code)s is an info text and has no answer", code=item.code))
        return
    if compare.op == "answered":
        return
    values = compare.value if compare.op in LIST_OPERATORS else (compare.value,)
    choice_list = (
        choice_lists.get(item.choices) if item.choices else YES_NO if item.type is ItemType.YESNO else None
    )
    if compare.op in NUMBER_OPERATORS and item.type is ItemType.MULTIPLE:
        check.add(here, Message("%(code)s takes several answers: use in or not_in", code=item.code))
    elif compare.op in NUMBER_OPERATORS:
        numeric = item.type is ItemType.NUMBER or (
            choice_list is not None and all(isinstance(c.code, int) for c in choice_list.scored)
        )
        if not numeric:
            check.add(
                here,
                Message(
                    "%(code)s (%(value)s) has no numeric answers to compare with",
                    code=item.code,
                    value=item.type.value,
                ),
            )
    elif choice_list is not None:
        codes = [choice.code for choice in choice_list.choices]
        for index, value in enumerate(values):
            if value not in codes:
                at = here / index if compare.op not in VALUE_OPERATORS else here
                listed = ", ".join(show(code) for code in codes[:12])
                check.add(
                    at,
                    Message(
                        "%(value)s is not a code of %(code)s's choices (%(listed)s)",
                        value=show(value),
                        code=item.code,
                        listed=listed,
                    ),
                )
    elif item.type is ItemType.NUMBER and not all(isinstance(v, (int, float)) for v in values):
        check.add(here, Message("%(code)s is a number item: compare it with numbers", code=item.code))
    elif item.type in (ItemType.TEXT, ItemType.LONGTEXT) and not all(isinstance(v, str) for v in values):
        check.add(here, Message("%(code)s is a text item: compare it with texts", code=item.code))


def check_scales(
    check: Checker,
    scales: tuple[Scale, ...],
    items: Mapping[str, Item],
    choice_lists: Mapping[str, ChoiceList],
    group: RespondentGroup | None,
) -> None:
    """Scales: known likert items sharing one choice list, reverse keys among them, codes unique."""
    seen: set[str] = set()
    for scale in scales:
        where = Where(scale.code)
        if scale.code in seen:
            check.add(where / "code", Message("duplicate scale code %(code)s", code=scale.code))
        elif scale.code in items:
            check.add(
                where / "code",
                Message("%(code)s is also an item code: the two columns would collide", code=scale.code),
            )
        seen.add(scale.code)
        lists: list[str] = []
        for index, code in enumerate(scale.items):
            item = items.get(code)
            if item is None and code not in check.broken:
                check.add(
                    where / "items" / index,
                    Message("no item %(code)s%(hint)s", code=code, hint=suggest(code, items)),
                )
            elif item is None:
                continue
            elif item.type is ItemType.YESNO:
                check.add(
                    where / "items" / index,
                    Message("%(code)s is a yes/no item: those are proportions, never scored", code=code),
                )
            elif item.type is not ItemType.LIKERT:
                check.add(
                    where / "items" / index,
                    Message(
                        "%(code)s is a %(value)s item: scales take likert items", code=code, value=item.type.value
                    ),
                )
            elif item.choices in choice_lists and item.choices not in lists:
                lists.append(item.choices)
        if len(lists) > 1:
            check.add(
                where / "items",
                Message(
                    "the items use different choice lists (%(lists)s): a scale needs one", lists=", ".join(lists)
                ),
            )
        for index, code in enumerate(scale.reverse):
            if code not in scale.items:
                check.add(
                    where / "reverse" / index, Message("%(code)s is not one of the scale's items", code=code)
                )
        if scale.reverse and group is RespondentGroup.CHILDREN:
            check.add(
                where / "reverse",
                Message("children's forms have no reverse-keyed items: word every item the same way"),
            )


def check_prompts(check: Checker, prompts: tuple[PairingPrompt, ...], items: Mapping[str, Item]) -> None:
    seen: set[str] = set()
    for prompt in prompts:
        if prompt.code in seen or prompt.code in items:
            check.add(Where(prompt.code, "code"), Message("duplicate code %(code)s", code=prompt.code))
        seen.add(prompt.code)
