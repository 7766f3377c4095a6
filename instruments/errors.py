"""Problems found in an instrument file, and the one error that carries them all.

The loader never stops at the first fault: it collects every :class:`Problem` and raises one
:class:`InstrumentError` at the end, so an author fixes a file in one round.

Example
-------
>>> problem = Problem("youth.yaml", "P_VOICE_1", "text.sv", "missing translation")
>>> str(problem)
'youth.yaml: P_VOICE_1: text.sv: missing translation'
>>> error = InstrumentError([problem, Problem("youth.yaml", "-", "version", "missing")])
>>> print(error)
youth.yaml: P_VOICE_1: text.sv: missing translation
youth.yaml: -: version: missing
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


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
