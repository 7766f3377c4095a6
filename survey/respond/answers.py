"""Answers at the edge: form values become typed answers once, checked against the instrument.

An answer is stored as the choice code (single, likert, yes/no), a list of codes (multiple), an int or float
(number) or a string (text). Unanswered and hidden items are absent: "missing". Every check gives the
respondent a message in their language that names what to fix.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from flask_babel import gettext as _

from instruments.model import CHOICE_TYPES, Instrument, Item, ItemType, Section
from survey.field_errors import FieldError

DEFAULT_MAX_LENGTH = {ItemType.TEXT: 200, ItemType.LONGTEXT: 2000}
_NUMBER = re.compile(r"^[+-]?\d{1,15}(?:[.,]\d{1,10})?$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class ParsedPage:
    answers: dict[str, object]  # the answers given on the page, visible items only
    errors: tuple[FieldError, ...]


def field_id(code: str) -> str:
    """The HTML id of an item's (first) input: what the error summary links to."""
    return f"f-{code}"


def answer_error(code: str, message: str) -> FieldError:
    """A problem with the answer to item (or pairing prompt) `code`, linked to its input."""
    return FieldError(code, message, anchor=field_id(code))


def max_length(item: Item) -> int:
    return item.max_length or DEFAULT_MAX_LENGTH.get(item.type, 200)


def is_visible(item: Item | Section, answers: Mapping[str, object]) -> bool:
    return item.show_if is None or item.show_if.evaluate(answers)


def parse_value(instrument: Instrument, item: Item, raw: Sequence[str]) -> tuple[object | None, str | None]:
    """(answer, None) or (None, message). Empty input gives (None, None): not answered."""
    values = [v.strip() for v in raw if v.strip()]
    if not values:
        return None, None
    if item.type in CHOICE_TYPES or item.type is ItemType.YESNO:
        return _parse_choices(instrument, item, values)
    if len(values) > 1:
        return None, _("Give only one answer.")
    if item.type is ItemType.NUMBER:
        return _parse_number(item, values[0])
    text = _CONTROL.sub("", values[0].replace("\r\n", "\n"))
    if len(text) > max_length(item):
        return None, _("Write at most %(max)s characters (now %(count)s).", max=max_length(item), count=len(text))
    return text, None


def _parse_choices(instrument: Instrument, item: Item, values: list[str]) -> tuple[object | None, str | None]:
    choice_list = instrument.choice_list(item)
    by_text = {str(c.code): c.code for c in choice_list.choices} if choice_list else {}
    if any(v not in by_text for v in values):
        return None, _("Choose one of the options shown.")
    if item.type is not ItemType.MULTIPLE:
        if len(values) > 1:
            return None, _("Choose only one option.")
        return by_text[values[0]], None
    chosen = {by_text[v] for v in values}
    return [c.code for c in choice_list.choices if c.code in chosen], None  # in the list's order, no repeats


def _parse_number(item: Item, text: str) -> tuple[object | None, str | None]:
    text = text.replace(" ", "").replace("\u2212", "-")
    if not _NUMBER.match(text):
        return None, _("Enter a number, for example 12.")
    number: float | int = float(text.replace(",", "."))
    if not item.decimal:
        if number != int(number):
            return None, _("Enter a whole number.")
        number = int(number)
    low, high = item.minimum, item.maximum
    if (low is not None and number < low) or (high is not None and number > high):
        if low is not None and high is not None:
            return None, _("Enter a number from %(min)s to %(max)s.", min=_plain(low), max=_plain(high))
        if low is not None:
            return None, _("Enter a number of at least %(min)s.", min=_plain(low))
        return None, _("Enter a number of at most %(max)s.", max=_plain(high))
    return number, None


def _plain(number: float) -> str:
    return str(int(number)) if number == int(number) else str(number)


def required_message(item: Item) -> str:
    if item.type is ItemType.MULTIPLE:
        return _("Choose at least one option.")
    if item.type in CHOICE_TYPES or item.type is ItemType.YESNO:
        return _("Choose one option.")
    return _("Answer this question.")


def parse_section(
    instrument: Instrument,
    section: Section,
    form: Mapping[str, Sequence[str]],
    earlier: Mapping[str, object],
    *,
    check_required: bool,
    shown: frozenset[str] | None = None,
) -> ParsedPage:
    """Read one page's answers from `form` (field name = item code; values as lists of strings).

    Items are read in order, each visible or not by the answers before it (the earlier pages' `earlier`
    plus what this page gave so far), so a follow-up question on the same page follows its trigger.
    Required items are checked only when `check_required` and the item was `shown` to the respondent.
    """
    own = {item.code for item in section.items}
    context = {code: value for code, value in earlier.items() if code not in own}
    answers: dict[str, object] = {}
    errors: list[FieldError] = []
    for item in section.items:
        if not item.answered or not is_visible(item, context):
            continue
        value, message = parse_value(instrument, item, form.get(item.code, ()))
        asked = shown is None or item.code in shown
        if message is None and value is None and item.required and check_required and asked:
            message = required_message(item)
        if message is not None:
            errors.append(answer_error(item.code, message))
        elif value is not None:
            answers[item.code] = value
            context[item.code] = value
    return ParsedPage(answers, tuple(errors))


def merge_page(instrument: Instrument, answers: Mapping[str, object], section: Section, page: ParsedPage):
    """The whole answer set after a page: the page's items replaced, then hidden items dropped."""
    own = {item.code for item in section.items}
    merged = {code: value for code, value in answers.items() if code not in own}
    merged.update(page.answers)
    return prune_hidden(instrument, merged)


def prune_hidden(instrument: Instrument, answers: Mapping[str, object]) -> dict[str, object]:
    """Drop answers to items that their conditions (or their section's) now hide: they are missing."""
    kept: dict[str, object] = {}
    for section in instrument.sections:
        if not is_visible(section, kept):
            continue
        for item in section.items:
            if item.code in answers and is_visible(item, kept):
                kept[item.code] = answers[item.code]
    return kept


def visible_items(section: Section, answers: Mapping[str, object]) -> list[Item]:
    own = {item.code for item in section.items}
    context = {code: value for code, value in answers.items() if code not in own}
    shown = []
    for item in section.items:
        if is_visible(item, context):
            shown.append(item)
            if item.code in answers:
                context[item.code] = answers[item.code]
    return shown


def section_is_shown(section: Section, answers: Mapping[str, object]) -> bool:
    """A page is shown when its condition holds and at least one of its items (a question or a text) is."""
    return is_visible(section, answers) and bool(visible_items(section, answers))


def check_answers(
    instrument: Instrument, answers: Mapping[str, object]
) -> tuple[dict[str, object], list[FieldError]]:
    """A complete answer set given as Python values (e.g. to :func:`survey.respond.responses.store_response`):
    the answers normalised as a form would give them, and every problem: unknown codes, invalid values,
    answers to hidden items, visible required items missing. An empty value (None, "", []) is no answer.

    Visibility follows the normalised answers, as it does in the respondent flow: ``"1"`` hides or shows a
    follow-up exactly as the code ``1`` does.
    """
    known = {item.code: item for item in instrument.answered_items}
    errors = [answer_error(code, _("Unknown question.")) for code in answers if code not in known]
    parsed: dict[str, object] = {}
    for code, raw in answers.items():
        if code not in known:
            continue
        value, message = parse_value(instrument, known[code], as_form_values(raw))
        if message:
            errors.append(answer_error(code, message))
        elif value is not None:
            parsed[code] = value
    clean = prune_hidden(instrument, parsed)
    answered = set(clean) | {error.field for error in errors}  # an invalid answer is not also "missing"
    for code in parsed:
        if code not in clean:
            errors.append(answer_error(code, _("This question is not asked with these answers.")))
    for section in instrument.sections:
        if not is_visible(section, clean):
            continue
        for item in visible_items(section, clean):
            if item.answered and item.required and item.code not in answered:
                errors.append(answer_error(item.code, required_message(item)))
    return clean, errors


def as_form_values(value: object) -> list[str]:
    """An answer as the strings a form would send (one validation path for forms and Python callers)."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    if isinstance(value, bool):
        return [str(int(value))]
    return [str(value)]
