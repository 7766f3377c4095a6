"""Problems found in an instrument file, and the one error that carries them all.

The loader never stops at the first fault: it collects every :class:`Problem` and raises one
:class:`InstrumentError` at the end, so an author fixes a file in one round.

A problem's text is a :class:`Message`: English text, as the command line prints it, that also keeps its template
and values, so that the app can show it in the user's language (its catalogs translate the templates; the
values, which quote the file, stay as written).

Example
-------
>>> problem = Problem("youth.yaml", "P_VOICE_1", "text.sv", "missing translation")
>>> str(problem)
'youth.yaml: P_VOICE_1: text.sv: missing translation'
>>> error = InstrumentError([problem, Problem("youth.yaml", "-", "version", "missing")])
>>> print(error)
youth.yaml: P_VOICE_1: text.sv: missing translation
youth.yaml: -: version: missing
>>> hint = Message(" (did you mean %(word)s?)", word="P_VOICE")
>>> message = Message("no item %(code)s%(hint)s", code="P_VOCE", hint=hint)
>>> message
'no item P_VOCE (did you mean P_VOICE?)'
>>> message.template, message.values["code"]
('no item %(code)s%(hint)s', 'P_VOCE')
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class Message(str):
    """A text for people, in English, that remembers its `template` (a msgid of the app's catalogs, with
    ``%(name)s`` placeholders) and the `values` put into it; a value may itself be a :class:`Message`.

    It is a ``str``, so everything that prints or compares problems keeps working; only an interface in
    another language needs :attr:`template` and :attr:`values`.
    """

    template: str
    values: dict[str, object]

    def __new__(cls, template: str, **values: object) -> Message:
        text = super().__new__(cls, template % values if values else template)
        text.template = template
        text.values = values
        return text

    def __reduce__(self):
        return _message, (self.template, self.values)


def _message(template: str, values: dict[str, object]) -> Message:
    return Message(template, **values)


@dataclass(frozen=True)
class Problem:
    """One fault: the file, the item (or scale, prompt) code it concerns (``-`` when none), the field, what."""

    file: str
    item: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.item or '-'}: {self.field or '-'}: {self.message}"


class InstrumentError(Exception):
    """An instrument or module that cannot be used; :attr:`problems` lists every fault found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)
