"""Reading untrusted YAML values one field at a time, recording a problem for each fault.

A :class:`Checker` belongs to one file. Each reader takes a raw value and a :class:`Where` (item code and field
path), returns the typed value, or records a :class:`~instruments.errors.Problem` and returns ``None``. Readers
never raise on bad input, whatever its type, so the validator can go on and report everything at once.

Example
-------
>>> check = Checker("youth.yaml", languages=("fi", "sv"))
>>> check.text({"fi": "Kyllä", "en": True}, Where("Q1", "text"))
Text(fi='Kyllä', sv='', en='')
>>> for problem in check.problems:
...     print(problem)
youth.yaml: Q1: text.en: expected text, got true (write it in quotes: "Yes" and "No" mean true and false in YAML)
youth.yaml: Q1: text.sv: missing translation
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from instruments.errors import InstrumentError, Message, Problem
from instruments.model import LANGUAGES, Text

ID = re.compile(r"[a-z][a-z0-9_]{0,63}")
"""Instrument, module, section and choice-list names: lower-case letters, digits and ``_``."""
CODE = re.compile(r"[A-Z][A-Z0-9_]{0,63}")
"""Item, scale and prompt codes: upper-case letters, digits and ``_``; they become column names."""
CHOICE_CODE = re.compile(r"[A-Za-z0-9_]{1,32}")
VERSION = re.compile(r"(?=[^0-9]*[0-9])[0-9A-Za-z][0-9A-Za-z._-]{0,19}")
"""Versions: up to 20 letters, digits, ``.``, ``-`` and ``_`` with at least one digit (``1.0``, ``2026112801``,
``v3``); 20 characters is what the survey database stores."""
XLSFORM_NAME = re.compile(r"[^\W\d][\w.-]{0,99}")
"""A question name in an XLSForm (an XML name): a letter or ``_``, then letters, digits, ``_``, ``-``, ``.``."""
LARGEST_CODE = 10**9
MAX_TEXT = 20_000  # characters in one text; a consent page is a few thousand


@dataclass(frozen=True)
class Where:
    """The item (or scale, prompt) a value belongs to and the path of the field inside it.

    >>> str(Where("Q1") / "show_if" / "in" / 0)
    'Q1: show_if.in[1]'
    """

    item: str = "-"
    field: str = ""

    def __truediv__(self, part: str | int) -> Where:
        if isinstance(part, int):
            return Where(self.item, f"{self.field}[{part + 1}]")  # counted from 1, as people count
        return Where(self.item, f"{self.field}.{part}" if self.field else part)

    def __str__(self) -> str:
        return f"{self.item}: {self.field}"


def show(value: object) -> str:
    """A short, safe rendering of any value for a message (huge strings and numbers are cut)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return Message("nothing")
    if isinstance(value, int) and abs(value) >= LARGEST_CODE:
        return Message("a very large number")
    if isinstance(value, (dict, list, tuple)):
        return Message("a mapping") if isinstance(value, dict) else Message("a list")
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def key_name(key: object) -> str:
    """A mapping key as it would appear in a field path: the key itself if text (cut when long)."""
    if isinstance(key, str):
        return key if len(key) <= 40 else key[:37] + "..."
    return show(key)


def suggest(word: object, known: Iterable[str]) -> str:
    """``" (did you mean 'x'?)"`` when `word` looks like a typo of a known word, else ``""``."""
    if not isinstance(word, str) or len(word) > 100:
        return ""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return Message(" (did you mean '%(close)s'?)", close=close[0]) if close else ""


class Checker:
    """Collects the problems of one file while its values are read."""

    def __init__(self, file: str, languages: tuple[str, ...] = LANGUAGES) -> None:
        self.file = file
        self.languages = languages
        self.problems: list[Problem] = []
        # Codes of items that exist but could not be built: references to them are not reported again.
        self.broken: set[str] = set()

    def add(self, where: Where, message: str) -> None:
        self.problems.append(Problem(self.file, where.item or "-", where.field or "-", message))

    def extend(self, error: InstrumentError) -> None:
        self.problems.extend(error.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise InstrumentError(self.problems)

    # --- shapes -------------------------------------------------------------------------------------------

    def mapping(self, value: object, where: Where, example: str = "") -> dict | None:
        if isinstance(value, dict):
            return value
        hint = Message(" like %(example)s", example=example) if example else ""
        self.add(where, Message("expected a mapping%(hint)s, got %(value)s", hint=hint, value=show(value)))
        return None

    def sequence(
        self, value: object, where: Where, what: str = Message("a list"), empty_ok: bool = False
    ) -> list | None:
        if not isinstance(value, list):
            self.add(where, Message("expected %(what)s, got %(value)s", what=what, value=show(value)))
            return None
        if not value and not empty_ok:
            self.add(where, Message("expected %(what)s, got an empty list", what=what))
            return None
        return value

    def keys(self, data: dict, where: Where, allowed: Collection[str], required: Iterable[str] = ()) -> None:
        """Unknown keys (with a guess at the intended one) and missing required keys."""
        for key in data:
            if key not in allowed:
                self.add(where / key_name(key), Message("unknown key%(hint)s", hint=suggest(key, allowed)))
        for key in required:
            if key not in data:
                self.add(where / key, Message("missing"))

    # --- scalars ------------------------------------------------------------------------------------------

    def word(self, value: object, where: Where, pattern: re.Pattern[str], what: str) -> str | None:
        """A name or code of the given form, e.g. ``ID`` or ``CODE``."""
        if not isinstance(value, str):
            self.add(where, Message("expected %(what)s, got %(value)s", what=what, value=show(value)))
            return None
        if not pattern.fullmatch(value):
            self.add(where, Message("%(value)s is not %(what)s", value=show(value), what=what))
            return None
        return value

    def string(self, value: object, where: Where) -> str | None:
        if isinstance(value, str):
            return value
        self.add(
            where, Message("expected text, got %(value)s%(hint)s", value=show(value), hint=_quote_hint(value))
        )
        return None

    def flag(self, value: object, where: Where) -> bool | None:
        if isinstance(value, bool):
            return value
        self.add(where, Message("expected true or false, got %(value)s", value=show(value)))
        return None

    def number(self, value: object, where: Where) -> int | float | None:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
            return value
        self.add(where, Message("expected a number, got %(value)s", value=show(value)))
        return None

    def one_of(self, value: object, where: Where, options: Collection[str]) -> str | None:
        if isinstance(value, str) and value in options:
            return value
        self.add(
            where,
            Message(
                "%(value)s is not one of %(options)s%(hint)s",
                value=show(value),
                options=", ".join(options),
                hint=suggest(value, options),
            ),
        )
        return None

    def code(self, value: object, where: Where) -> int | str | None:
        """A choice code: a whole number or a short word (``1``, ``9``, ``other``)."""
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) < LARGEST_CODE:
            return value
        if isinstance(value, str) and CHOICE_CODE.fullmatch(value):
            return value
        self.add(
            where,
            Message(
                "expected a whole number or a short word of letters, digits and _, got %(value)s",
                value=show(value),
            ),
        )
        return None

    # --- texts ----------------------------------------------------------------------------------------------

    def text(self, value: object, where: Where) -> Text | None:
        """A text in every declared language: ``{fi: ..., sv: ..., en: ...}``."""
        data = self.mapping(value, where, "{fi: ..., sv: ..., en: ...}")
        if data is None:
            return None
        texts = {}
        for key, entry in data.items():
            if key not in LANGUAGES:
                self.add(where / key_name(key), Message("unknown language%(hint)s", hint=suggest(key, LANGUAGES)))
            elif not isinstance(entry, str):
                self.add(
                    where / key,
                    Message("expected text, got %(entry)s%(hint)s", entry=show(entry), hint=_quote_hint(entry)),
                )
            elif not entry.strip():
                self.add(where / key, Message("empty text"))
            elif len(entry) > MAX_TEXT:
                self.add(where / key, Message("longer than %(limit)s characters", limit=MAX_TEXT))
            else:
                texts[key] = entry
        for language in self.languages:
            if language not in data:
                self.add(where / language, Message("missing translation"))
        return Text(**texts)


def _quote_hint(value: object) -> str:
    if isinstance(value, bool):
        return Message(' (write it in quotes: "Yes" and "No" mean true and false in YAML)')
    return ""
