"""The survey sheet of an XLSForm: rows to sections and items of an instrument document.

A top-level group (``begin group`` ... ``end group``, or ``begin_group``/``end_group``) is a section, i.e. a
page; questions outside any group form sections of their own. Each question row becomes an item; its
`relevant` is read later (:mod:`instruments.xlsform.read`), once every question's type and codes are known.
"""

from __future__ import annotations

import re

from instruments.xlsform.relevant import read_constraint
from instruments.xlsform.sheets import YES_NO_LIST, Problems, Row, check_columns
from instruments.xlsform.xpath import ExpressionError

SURVEY_COLUMNS = {
    "type",
    "name",
    "label",
    "hint",
    "required",
    "relevant",
    "constraint",
    "appearance",
    "arvio_type",
}
IGNORED = {"constraint_message", "required_message", "guidance_hint", "media", "image", "audio", "video",
           "big-image"}  # fmt: skip
"""Presentation-only survey columns Arvio reads past (by the part of the header before ``::``)."""

METADATA_TYPES = {"start", "end", "today"}
"""Timestamps ODK and Kobo add to every form; Arvio records its own submission time."""

ARVIO_TYPES = {
    "select_one": ("single", "likert", "yesno"),
    "select_multiple": ("multiple",),
    "integer": ("number",),
    "decimal": ("number",),
    "text": ("text", "longtext"),
    "note": ("info",),
}
"""XLSForm question types and the Arvio item types each may be (`arvio_type`); the first is the default."""

APPEARANCES = {
    "select_one": {"minimal", "quick", "horizontal", "horizontal-compact", "compact", "columns", "columns-pack",
                   "likert"},
    "select_multiple": {"minimal", "quick", "horizontal", "horizontal-compact", "compact", "columns",
                        "columns-pack"},
    "text": {"multiline"},
    "integer": {"thousands-sep"},
    "decimal": {"thousands-sep"},
    "note": set(),
    "group": {"field-list"},
}  # fmt: skip
"""Appearances Arvio accepts: ``likert`` makes a Likert item, ``multiline`` long text, the rest only look."""

SELECT_PREFIXES = {"select_one": "select_one", "select one": "select_one", "select_multiple": "select_multiple",
                   "select multiple": "select_multiple", "select all that apply": "select_multiple"}  # fmt: skip
TRUE_WORDS = {"yes", "true", "true()", "1"}
FALSE_WORDS = {"no", "false", "false()", "0"}


class SurveyReader:
    """Reads survey rows into :attr:`sections`; :attr:`relevant` lists the conditions still to read."""

    def __init__(self, problems: Problems, choice_lists: dict[str, list[dict]]) -> None:
        self.problems = problems
        self.choice_lists = choice_lists
        self.sections: list[dict] = []
        self.untitled: list[dict] = []  # sections made for questions outside groups: titled with the form's
        self.questions: dict[str, tuple[str, str | None]] = {}  # code -> (Arvio type, choice list)
        self.relevant: list[tuple[Row, dict]] = []
        self.open: list[tuple[str, Row]] = []  # begun groups and repeats
        self.loose: dict | None = None  # the section collecting questions outside groups

    def read(self, rows: list[Row]) -> None:
        for row in rows:
            self.row(row)
        for kind, row in self.open:
            self.problem(row, "type", f"this begin {kind} has no end {kind}")

    def problem(self, row: Row, column: str, message: str) -> None:
        self.problems.add("survey", row.number, row.header(column), message)

    def row(self, row: Row) -> None:
        raw = " ".join(row.text("type").split())
        structure = re.fullmatch(r"(begin|end)[ _](group|repeat)", raw.lower())
        if not raw:
            self.problem(row, "type", "the type is empty")
        elif structure and structure.group(1) == "end":
            self.end(row, structure.group(2))
        elif structure and structure.group(2) == "repeat":
            self.problem(row, "type", "repeats are not supported: every question is asked once")
            self.open.append(("repeat", row))
        elif structure:
            self.begin_group(row)
        elif raw.lower() == "calculate":
            self.problem(row, "type", "calculations are not supported: Arvio stores only answers")
        elif raw.lower() in METADATA_TYPES:
            self.check_columns(row, {"type", "name"})
        else:
            self.question(row, raw)

    def begin_group(self, row: Row) -> None:
        self.open.append(("group", row))
        if len(self.open) > 1:
            self.problem(row, "type", "groups inside groups are not supported: a top-level group is a page")
            return
        self.check_columns(row, {"type", "name", "label", "hint", "relevant", "appearance"})
        self.appearance(row, "group")
        section: dict = {"id": row.text("name"), "title": row.texts("label")}
        if row.texts("hint"):
            section["intro"] = row.texts("hint")
        if row.get("relevant") is not None:
            self.relevant.append((row, section))
        section["items"] = []
        self.sections.append(section)
        self.loose = None

    def end(self, row: Row, kind: str) -> None:
        self.check_columns(row, {"type", "name"})
        if not self.open or self.open[-1][0] != kind:
            self.problem(row, "type", f"end {kind} without a matching begin {kind}")
            return
        self.open.pop()

    def question(self, row: Row, raw: str) -> None:
        xlsform_type, list_name = select_type(raw)
        if xlsform_type not in ARVIO_TYPES:
            supported = "select_one, select_multiple, integer, decimal, text, note, begin group, end group"
            self.problem(row, "type", f"the type {raw!r} is not supported; Arvio reads {supported}")
            return
        if list_name == "" and row.get("select_from_list_name") is not None:
            list_name = row.text("select_from_list_name")  # KoboToolbox writes the list in its own column
        if list_name is not None and (not list_name or " " in list_name):
            words = list_name.split()
            message = "or_other is not supported" if "or_other" in words else "name one choice list"
            self.problem(row, "type", message)
            return
        allowed = {"type", "name", "label", "hint", "relevant", "appearance", "arvio_type", "required"}
        allowed |= {"constraint"} if xlsform_type in ("integer", "decimal", "text") else set()
        allowed |= {"select_from_list_name"} if list_name is not None else set()
        self.check_columns(row, allowed)
        item = self.item(row, xlsform_type, list_name)
        if item is None:
            return
        self.section_for(row)["items"].append(item)
        self.questions[item["code"]] = (item["type"], list_name)

    def item(self, row: Row, xlsform_type: str, list_name: str | None) -> dict | None:
        code = row.text("name")
        if not code:
            self.problem(row, "name", "a question needs a name (it becomes the column name)")
            return None
        item: dict = {"code": code, "type": self.arvio_type(row, xlsform_type), "text": row.texts("label")}
        if row.texts("hint"):
            item["help"] = row.texts("hint")
        if list_name is not None and not (item["type"] == "yesno" and list_name == YES_NO_LIST):
            if list_name not in self.choice_lists:
                self.problem(row, "type", f"the choice list {list_name!r} is not in the choices sheet")
            item["choices"] = list_name
        if row.get("required") is not None and flag(row, "required", self.problems):
            if xlsform_type == "note":
                self.problem(row, "required", "a note has no answer to require")
            item["required"] = True
        if xlsform_type == "decimal":
            item["decimal"] = True
        if row.get("constraint") is not None and xlsform_type in ("integer", "decimal", "text"):
            try:
                item.update(read_constraint(row.text("constraint"), xlsform_type))
            except ExpressionError as error:
                self.problem(row, "constraint", str(error))
        if row.get("relevant") is not None:
            self.relevant.append((row, item))
        return item

    def arvio_type(self, row: Row, xlsform_type: str) -> str:
        allowed = ARVIO_TYPES[xlsform_type]
        appearances = self.appearance(row, xlsform_type)
        if row.get("arvio_type") is None:
            implied = {"likert": "likert", "multiline": "longtext"}
            return next((implied[a] for a in appearances if a in implied), allowed[0])
        chosen = row.text("arvio_type").lower()
        if chosen not in allowed:
            self.problem(
                row, "arvio_type", f"a {xlsform_type} question can be {', '.join(allowed)}, not {chosen!r}"
            )
        return chosen

    def appearance(self, row: Row, xlsform_type: str) -> list[str]:
        words = row.text("appearance").lower().split()
        for word in words:
            if word not in APPEARANCES[xlsform_type] and not re.fullmatch(r"columns-\d+", word):
                self.problem(row, "appearance", f"the appearance {word!r} is not supported on {xlsform_type}")
        return words

    def section_for(self, row: Row) -> dict:
        if self.open:
            return self.sections[-1] if self.open[0][0] == "group" else {"items": []}
        if self.loose is None:
            self.loose = {"id": f"section_{len(self.sections) + 1}", "title": {}, "items": []}
            self.untitled.append(self.loose)
            self.sections.append(self.loose)
        return self.loose

    def check_columns(self, row: Row, allowed: set[str]) -> None:
        check_columns(row, allowed, IGNORED, self.problems, known=SURVEY_COLUMNS)


def select_type(raw: str) -> tuple[str, str | None]:
    """``('select_one', 'agree5')`` for ``select_one agree5``; ``('integer', None)`` for ``integer``."""
    lowered = raw.lower()
    for prefix, canonical in SELECT_PREFIXES.items():
        if lowered == prefix or lowered.startswith(prefix + " "):
            return canonical, raw[len(prefix) :].strip()
    return lowered, None


def flag(row: Row, column: str, problems: Problems) -> bool:
    """A yes/no cell: yes, true, TRUE(), 1 or no, false, FALSE(), 0 (any case)."""
    value = row.get(column)
    if isinstance(value, bool):
        return value
    word = row.text(column).lower().replace(" ", "")
    if word in TRUE_WORDS or word in FALSE_WORDS:
        return word in TRUE_WORDS
    problems.add(row.sheet, row.number, row.header(column), f"expected yes or no, got {row.text(column)!r}")
    return False
