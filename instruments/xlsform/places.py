"""Where in the workbook each part of an imported instrument came from, to name sheet, row and column in problems.

The shared validator (:mod:`instruments.parsing`) names an item code and a field (``AGE: text.sv: missing
translation``); a person with a spreadsheet open wants ``survey row 7: label::Swedish (sv): missing
translation``. :meth:`Places.locate` translates, and leaves anything it cannot place as it was.

Example
-------
>>> from instruments.errors import Problem
>>> places = Places(headers={"survey": {("label", "sv"): "label::Svenska (sv)"}}, items={"AGE": 7})
>>> print(places.locate([Problem("form.xlsx", "AGE", "text.sv", "missing translation")])[0])
form.xlsx: survey row 7: label::Svenska (sv): missing translation
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from instruments.errors import Problem
from instruments.model import LANGUAGES
from instruments.xlsform.sheets import HEADER_NAMES

ITEM_COLUMNS = {"text": "label", "help": "hint", "show_if": "relevant", "choices": "type", "type": "type",
                "code": "name", "xlsform_name": "name", "required": "required", "minimum": "constraint",
                "maximum": "constraint", "max_length": "constraint", "decimal": "type"}  # fmt: skip
SECTION_COLUMNS = {"title": "label", "intro": "hint", "show_if": "relevant", "id": "name", "items": "type"}
CHOICE_COLUMNS = {"code": "name", "label": "label", "missing": "arvio_missing", "image": "arvio_image"}
SETTINGS_COLUMNS = {"id": "form_id", "version": "version", "title": "form_title",
                    "description": "arvio_description", "respondent_group": "arvio_respondent_group",
                    "theme": "arvio_theme", "notes": "arvio_notes", "languages": "-"}  # fmt: skip
SCALE_COLUMNS = {key: key for key in ("code", "label", "description", "items", "reverse", "method", "min_answered",
                                      "percent")}  # fmt: skip
PROMPT_COLUMNS = {
    "code": "code",
    "kind": "kind",
    "text": "text",
    "help": "help",
    "minimum": "minimum",
    "maximum": "maximum",
}


@dataclass
class Places:
    headers: dict[str, dict[tuple[str, str | None], str]] = field(default_factory=dict)  # sheet -> headers
    items: dict[str, int] = field(default_factory=dict)  # item code -> survey row
    sections: dict[str, int | None] = field(default_factory=dict)  # section id -> its group's survey row
    lists: dict[str, list[int]] = field(default_factory=dict)  # list name -> its choices' rows, in order
    scales: dict[str, int] = field(default_factory=dict)  # scale code -> arvio_scales row
    prompts: dict[str, int] = field(default_factory=dict)  # prompt code -> arvio_pairing row

    def locate(self, problems: Iterable[Problem]) -> list[Problem]:
        """The problems at the sheet, row and column they come from, each once."""
        located: list[Problem] = []
        for problem in problems:
            placed = self.place(problem)
            if placed not in located:
                located.append(placed)
        return located

    def place(self, problem: Problem) -> Problem:
        path = re.split(r"[.\[\]]+", problem.field.strip("."))
        language = path[-1] if path[-1] in LANGUAGES else None
        if problem.item in self.items:
            return self._at(problem, "survey", self.items[problem.item], ITEM_COLUMNS, path[0], language)
        if problem.item in self.scales:
            return self._at(problem, "arvio_scales", self.scales[problem.item], SCALE_COLUMNS, path[0], language)
        if problem.item in self.prompts:
            return self._at(
                problem, "arvio_pairing", self.prompts[problem.item], PROMPT_COLUMNS, path[0], language
            )
        if problem.item != "-":
            return problem
        if path[0] == "sections" and len(path) > 2 and path[1] in self.sections:
            row = self.sections[path[1]]
            if row is None:  # a page of questions outside groups, titled with the form's title
                return self._at(problem, "settings", 2, SETTINGS_COLUMNS, "title", language)
            return self._at(problem, "survey", row, SECTION_COLUMNS, path[2], language)
        if path[0] == "choice_lists" and len(path) > 1 and path[1] in self.lists:
            rows = self.lists[path[1]]
            index = int(path[2]) - 1 if len(path) > 2 and path[2].isdigit() else 0
            column = path[3] if len(path) > 3 else "list_name"
            if 0 <= index < len(rows):
                return self._at(
                    problem, "choices", rows[index], CHOICE_COLUMNS | {"list_name": "list_name"}, column, language
                )
        if path[0] in SETTINGS_COLUMNS:
            return self._at(problem, "settings", 2, SETTINGS_COLUMNS, path[0], language)
        if path[0] == "sections":
            return Problem(problem.file, "survey sheet", "-", problem.message)
        return problem

    def _at(
        self, problem: Problem, sheet: str, row: int, columns: dict, key: str, language: str | None
    ) -> Problem:
        name = columns.get(key)
        if name is None:
            return problem
        headers = self.headers.get(sheet, {})
        header = (
            headers.get((name, language)) or headers.get((f"arvio_{name}", language)) or headers.get((name, None))
        )
        if header is None:
            header = f"{name}::{HEADER_NAMES[language]}" if language else name
        return Problem(problem.file, f"{sheet} row {row}", header, problem.message)
