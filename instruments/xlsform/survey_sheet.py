"""The survey sheet of an XLSForm: rows to the pages and items of an instrument document.

Each row's type is read the way pyxform reads it (:func:`type_of`, with the aliases of
:mod:`instruments.xlsform.aliases`). Questions become items, their XLSForm names made into item codes
(:func:`item_code`: ``age`` is ``AGE``, the name kept as the item's ``xlsform_name``); groups become pages
(:mod:`instruments.xlsform.pages`). Metadata rows are left out with a warning; rows Arvio cannot ask are errors,
or, when the caller skips unsupported parts, left out with a warning each. Every name left out is remembered
with the reason, so that a condition referring to it says why it cannot be kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from instruments.checker import XLSFORM_NAME
from instruments.errors import Message
from instruments.model import YES_NO, ItemType
from instruments.xlsform.aliases import (
    KNOWN_COLUMNS,
    LEFT_OUT_COLUMNS,
    UNSUPPORTED_COLUMNS,
    RowType,
    type_of,
)
from instruments.xlsform.names import identifier, item_code
from instruments.xlsform.pages import Pages, Target
from instruments.xlsform.relevant import Question, read_constraint
from instruments.xlsform.sheets import YES_NO_LIST, Problems, Row, flag_of
from instruments.xlsform.xpath import ExpressionError

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
                   "likert", "autocomplete"},
    "select_multiple": {"minimal", "quick", "horizontal", "horizontal-compact", "compact", "columns",
                        "columns-pack", "autocomplete"},
    "text": {"multiline"},
    "integer": {"thousands-sep"},
    "decimal": {"thousands-sep"},
    "note": set(),
    "group": {"field-list", "table-list"},
}  # fmt: skip
"""Appearances Arvio takes without a word: ``likert`` makes a Likert item, ``multiline`` long text,
``field-list`` a page; the rest only change looks. Any other appearance is left out with a warning."""

TIMES = {"start", "end", "today", "start time", "end time", "get start time", "get end time", "get today"}
SKIP_HINT = Message("import with --skip-unsupported to leave it out")
OTHER_CHOICE = {"fi": "Muu", "sv": "Annat", "en": "Other"}
OTHER_TEXT = {"fi": "Muu, mikä?", "sv": "Annat, vad?", "en": "Other, please specify"}


@dataclass
class _Block:
    """A repeat being left out, with every row inside it."""

    row: Row
    depth: int = 1
    rows: int = 0


class SurveyReader:
    """Reads survey rows into pages (:attr:`pages`); :attr:`questions` and :attr:`left_out` are what conditions
    may refer to; :attr:`places` gives each item's row, for problems the validator finds later."""

    def __init__(
        self,
        problems: Problems,
        choice_lists: dict[str, list[dict]],
        list_names: dict[str, str],
        languages: list[str],
        skip_unsupported: bool,
    ) -> None:
        self.problems = problems
        self.choice_lists = choice_lists  # by Arvio list name
        self.list_names = list_names  # the choices sheet's list names -> Arvio list names
        self.languages = languages
        self.skip = skip_unsupported
        self.pages = Pages()
        self.questions: dict[str, Question] = {}  # by XLSForm name
        self.left_out: dict[str, str] = {}  # XLSForm name -> why it is not in the instrument
        self.broken: set[str] = set()  # names of questions with problems of their own
        self.codes: dict[str, tuple[str, int]] = {}  # item code -> (XLSForm name, row)
        self.places: dict[str, int] = {}  # item code -> row
        self.block: _Block | None = None
        self.other_lists: dict[str, str] = {}  # a list -> the list with an "other" choice made for or_other

    # --- rows ----------------------------------------------------------------------------------------------

    def read(self, rows: list[Row]) -> None:
        for row in rows:
            self.row(row)
        if self.block is not None:
            self.problem(self.block.row, "type", Message("this begin repeat has no end repeat"))
        for group in self.pages.open:
            self.problem(group.row, "type", Message("this begin group has no end group"))

    def row(self, row: Row) -> None:
        kind = type_of(row.text("type"))
        if self.block is not None:
            self.inside_block(row, kind)
        elif self.disabled(row):
            return
        elif kind.kind == "empty":
            self.untyped(row)
        elif kind.kind == "end":
            self.end(row, kind.name)
        elif kind.kind == "begin" and kind.name == "repeat":
            self.begin_block(row)
        elif kind.kind == "begin":
            self.begin_group(row)
        elif kind.kind == "metadata":
            self.metadata(row, kind.name)
        elif kind.kind == "unsupported":
            self.unsupported_row(
                row, Message("%(value)s asks for %(name)s", value=repr(row.text("type")), name=kind.name)
            )
        elif kind.kind == "unknown":
            known = "text, integer, decimal, note, select_one LIST, select_multiple LIST, begin group"
            self.problem(
                row,
                "type",
                Message(
                    "%(name)s is not an XLSForm type; Arvio asks %(known)s", name=repr(kind.name), known=known
                ),
            )
        else:
            self.question(row, kind)

    def untyped(self, row: Row) -> None:
        if row.get("name") is None and not row.texts("label"):
            self.problems.warn(
                "survey", row.number, "type", Message("a row without type, name or label is left out")
            )
        else:
            self.problem(row, "type", Message("the type is empty"))

    def disabled(self, row: Row) -> bool:
        value = row.get("disabled")
        if value is None or not flag_of(value, row.text("disabled")):
            return False
        self.problems.warn("survey", row.number, row.header("disabled"), Message("the row is disabled: left out"))
        if row.text("name"):
            self.left_out[row.text("name")] = Message("is disabled (survey row %(number)s)", number=row.number)
        return True

    def metadata(self, row: Row, kind: str) -> None:
        name = row.text("name") or kind
        why = (
            Message("Arvio records the time of sending itself")
            if kind in TIMES
            else Message("Arvio records nothing about respondents' devices, accounts or whereabouts")
        )
        self.problems.warn(
            "survey",
            row.number,
            row.header("type"),
            Message("metadata '%(kind)s' left out: %(why)s", kind=kind, why=why),
        )
        self.left_out[name] = Message(
            "is metadata that Arvio does not record (survey row %(number)s)", number=row.number
        )

    def begin_block(self, row: Row) -> None:
        what = Message("a repeat (questions asked again for each of several things)")
        self.unsupported(
            row,
            "type",
            Message("%(what)s cannot be asked", what=what),
            Message("left out with the rows inside it"),
        )
        self.block = _Block(row)
        if row.text("name"):
            self.left_out[row.text("name")] = self.block_reason()

    def inside_block(self, row: Row, kind) -> None:
        block = self.block
        block.depth += {"begin": 1, "end": -1}.get(kind.kind, 0)
        if block.depth == 0:
            self.block = None
            return
        block.rows += 1
        if row.text("name"):
            self.left_out[row.text("name")] = self.block_reason()

    def block_reason(self) -> str:
        return Message(
            "is inside the repeat at survey row %(number)s, which Arvio cannot ask", number=self.block.row.number
        )

    # --- groups ----------------------------------------------------------------------------------------------

    def begin_group(self, row: Row) -> None:
        name = row.text("name")
        if not name:
            self.problem(row, "name", Message("a group needs a name"))
        self.check_columns(
            row, {"type", "name", "label", "hint", "relevant", "appearance", "disabled"}, Message("groups")
        )
        words = self.appearance(row, "group")
        one_page = "field-list" in words or "table-list" in words
        base_id = identifier(name, "page")
        group = self.pages.begin(row, base_id, row.texts("label") or None, row.texts("hint") or None, one_page)
        if group.joins is not None and row.texts("label") and name:
            code = self.claim(row, name)
            if code is not None:
                info = {"code": code, "type": "info", "text": row.texts("label")}
                if row.texts("hint"):
                    info["help"] = row.texts("hint")
                self.add_item(row, info, name, code, own_condition=False)  # the group's is among its rows

    def end(self, row: Row, block: str) -> None:
        if block == "repeat" or not self.pages.open:
            self.problem(row, "type", Message("end %(block)s without a matching begin %(block)s", block=block))
            return
        group = self.pages.end()
        if not group.asked:
            message = Message("the group has no question Arvio can ask: left out")
            self.problems.warn("survey", group.row.number, group.row.header("type"), message)

    # --- questions -------------------------------------------------------------------------------------------

    def question(self, row: Row, kind: RowType) -> None:
        xlsform_type, list_name = kind.name, kind.list_name
        if kind.kind == "select" and not list_name:
            list_name = row.text("select_from_list_name")  # KoboToolbox writes the list in its own column
        if kind.kind == "select" and (not list_name or " " in list_name):
            self.problem(
                row,
                "type",
                Message("name one choice list, e.g. %(xlsform_type)s agree5", xlsform_type=xlsform_type),
            )
            return
        if row.get("read_only") is not None and flag_of(row.get("read_only"), row.text("read_only")) is not False:
            self.unsupported_row(row, Message("a read-only question shows a value and asks nothing"))
            return
        if row.text("appearance").lower().startswith("search("):
            self.unsupported_row(row, Message("appearance search() takes the choices from a file"))
            return
        allowed = KNOWN_COLUMNS - (
            {"constraint"} if xlsform_type.startswith("select") or xlsform_type == "note" else set()
        )
        self.check_columns(
            row,
            allowed,
            Message("%(xlsform_type)s questions", xlsform_type=xlsform_type),
            unsupported={"constraint"},
        )
        name = row.text("name") or (f"NOTE_{row.number}" if xlsform_type == "note" else "")
        code = self.claim(row, name)
        item = self.item(row, xlsform_type, list_name) if code is not None else None
        if item is None or code is None:
            self.broken.add(name)
            return
        target = self.add_item(row, {"code": code, **item}, name, code)
        if kind.or_other:
            self.add_other(row, target, name, code)

    def item(self, row: Row, xlsform_type: str, list_name: str) -> dict | None:
        item_type = self.arvio_type(row, xlsform_type)
        if item_type is None:
            return None
        item: dict = {"type": item_type, "text": row.texts("label")}
        if row.texts("hint"):
            item["help"] = row.texts("hint")
        if list_name and not (item_type == "yesno" and list_name == YES_NO_LIST):
            if list_name not in self.list_names:
                self.problem(
                    row,
                    "type",
                    Message(
                        "the choice list %(list_name)s is not in the choices sheet", list_name=repr(list_name)
                    ),
                )
                return None
            item["choices"] = self.list_names[list_name]
        if self.required(row, xlsform_type):
            item["required"] = True
        if xlsform_type == "decimal":
            item["decimal"] = True
        if row.get("constraint") is not None and xlsform_type in ("integer", "decimal", "text"):
            try:
                item.update(read_constraint(row.text("constraint"), xlsform_type))
            except ExpressionError as error:
                self.unsupported(row, "constraint", error.message, Message("left out, the question is kept"))
        return item

    def required(self, row: Row, xlsform_type: str) -> bool:
        if row.get("required") is None:
            return False
        required = flag_of(row.get("required"), row.text("required"))
        if required is None and re.search(r"[$(.=<>]", row.text("required")):
            self.unsupported(
                row,
                "required",
                Message("a condition in required (%(value)s) is not supported", value=repr(row.text("required"))),
                Message("left out, the question is not required"),
            )
        elif required is None:
            self.problem(
                row, "required", Message("expected yes or no, got %(value)s", value=repr(row.text("required")))
            )
        elif required and xlsform_type == "note":
            self.unsupported(row, "required", Message("a note has no answer to require"), Message("left out"))
        return bool(required) and xlsform_type != "note"

    def arvio_type(self, row: Row, xlsform_type: str) -> str | None:
        allowed = ARVIO_TYPES[xlsform_type]
        appearances = self.appearance(row, xlsform_type)
        if row.get("arvio_type") is None:
            implied = {"likert": "likert", "multiline": "longtext"}
            return next((implied[a] for a in appearances if a in implied and implied[a] in allowed), allowed[0])
        chosen = row.text("arvio_type").lower()
        if chosen not in allowed:
            message = Message(
                "a %(xlsform_type)s question can be %(allowed)s, not %(chosen)s",
                xlsform_type=xlsform_type,
                allowed=", ".join(allowed),
                chosen=repr(chosen),
            )
            self.problem(row, "arvio_type", message)
            return None
        return chosen

    def appearance(self, row: Row, xlsform_type: str) -> list[str]:
        words = row.text("appearance").lower().split()
        for word in words:
            if word not in APPEARANCES[xlsform_type] and not re.fullmatch(r"columns-\d+", word):
                why = Message("Arvio has its own layout")
                self.problems.left_out("survey", row.header("appearance"), why, row.number, f"{word!r}")
        return words

    def add_item(self, row: Row, item: dict, name: str, code: str, own_condition: bool = True) -> Target:
        """Place an item on the current page; its condition is read later from the rows that apply to it."""
        if name != code:
            item["xlsform_name"] = name
        own = [row] if own_condition and row.get("relevant") is not None else []
        target = Target(item, row, [*self.pages.item_rows, *own], name=name)
        self.pages.add_item(target)
        self.places[code] = row.number
        self.questions[name] = Question(ItemType(item["type"]), self.codes_of(item), code)
        return target

    def add_other(self, row: Row, select: Target, name: str, code: str) -> None:
        """``or_other`` as ODK reads it: an "other" choice and a text question shown when it is chosen."""
        list_name = select.document.get("choices")
        choices = self.choice_lists.get(list_name or "", [])
        if list_name and not any(str(choice["code"]) == "other" for choice in choices):
            if list_name not in self.other_lists:
                other_list = f"{list_name}_or_other"
                while other_list in self.choice_lists:
                    other_list += "_"
                label = {language: OTHER_CHOICE[language] for language in self.languages}
                self.choice_lists[other_list] = [*choices, {"code": "other", "label": label}]
                self.other_lists[list_name] = other_list
            select.document["choices"] = self.other_lists[list_name]
            self.questions[name] = Question(
                ItemType(select.document["type"]), self.codes_of(select.document), code
            )
        other_name = f"{name}_other"
        other_code = self.claim(row, other_name)
        if other_code is None:
            return
        text = {"code": other_code, "type": "text", "text": {lang: OTHER_TEXT[lang] for lang in self.languages}}
        if other_name != other_code:
            text["xlsform_name"] = other_name
        target = Target(
            text,
            row,
            list(self.pages.item_rows),
            name=other_name,
            needs=name,
            extra=[{"item": code, "in": ["other"]}],
        )
        self.pages.add_item(target)
        self.places[other_code] = row.number
        self.questions[other_name] = Question(ItemType.TEXT, (), other_code)
        message = Message(
            "or_other adds the choice 'other' and the text question %(other_name)s, as ODK does",
            other_name=other_name,
        )
        self.problems.warn("survey", row.number, row.header("type"), message)

    def codes_of(self, item: dict) -> tuple:
        if item["type"] == "yesno" and "choices" not in item:
            return tuple(choice.code for choice in YES_NO.choices)
        return tuple(choice["code"] for choice in self.choice_lists.get(item.get("choices", ""), []))

    def claim(self, row: Row, name: str) -> str | None:
        """The item code for the question `name` at `row`; None (and a problem) when it cannot have one."""
        if not name:
            self.problem(row, "name", Message("a question needs a name (it becomes the column name)"))
            return None
        if not XLSFORM_NAME.fullmatch(name):
            self.problem(
                row,
                "name",
                Message(
                    "%(name)s is not a question name: start with a letter, then letters, digits, _ - . "
                    "and no spaces",
                    name=repr(name),
                ),
            )
            return None
        code = item_code(name)
        if code is None:
            self.problem(
                row,
                "name",
                Message("%(name)s cannot become an item code (A-Z, 0-9 and _, at most 64)", name=repr(name)),
            )
            return None
        if code in self.codes:
            other, number = self.codes[code]
            same = (
                Message("the name is also used")
                if other == name
                else Message(
                    "%(other)s and %(name)s both become %(code)s", other=repr(other), name=repr(name), code=code
                )
            )
            self.problem(
                row,
                "name",
                Message(
                    "%(same)s (survey row %(number)s): every question needs a name of its own",
                    same=same,
                    number=number,
                ),
            )
            return None
        self.codes[code] = (name, row.number)
        return code

    # --- unsupported parts and columns --------------------------------------------------------------------

    def unsupported_row(self, row: Row, message: str) -> None:
        self.unsupported(row, "type", message, Message("left out"))
        if row.text("name"):
            self.left_out[row.text("name")] = (
                Message("is left out (survey row %(number)s: %(message)s)", number=row.number, message=message)
                if self.skip
                else Message(
                    "is at survey row %(number)s, which Arvio cannot ask (%(message)s)",
                    number=row.number,
                    message=message,
                )
            )

    def unsupported(self, row: Row, column: str, message: str, skipped: str) -> None:
        """Something Arvio cannot ask or keep: an error, or with skip_unsupported a warning saying what is left
        out (`skipped`)."""
        if self.skip:
            self.problems.warn(
                "survey",
                row.number,
                row.header(column),
                Message("%(message)s: %(skipped)s", message=message, skipped=skipped),
            )
        else:
            self.problem(row, column, Message("%(message)s (%(hint)s)", message=message, hint=SKIP_HINT))

    def check_columns(self, row: Row, allowed: set[str], kind: str, unsupported=frozenset()) -> None:
        """Values outside `allowed`: unsupported columns are problems (or left out with a warning per row when
        skipping); presentation and unknown columns are left out with one warning per column."""
        for column in row.cells:
            name = column.name
            if name in allowed or name.startswith("$"):
                continue
            if name in unsupported:
                self.unsupported(
                    row,
                    name,
                    Message("%(name)s is not supported on %(kind)s", name=name, kind=kind),
                    Message("left out, the question is kept"),
                )
            elif name in UNSUPPORTED_COLUMNS:
                message = Message(
                    "%(what)s (%(header)s) is not supported",
                    what=UNSUPPORTED_COLUMNS[name],
                    header=column.header,
                )
                self.unsupported(row, name, message, Message("left out, the question is kept"))
            elif name in KNOWN_COLUMNS:
                self.problems.left_out(
                    "survey", column.header, Message("not used on %(kind)s", kind=kind), row.number
                )
            else:
                why = LEFT_OUT_COLUMNS.get(name, "not an XLSForm column Arvio uses")
                self.problems.left_out("survey", column.header, why, row.number)

    def problem(self, row: Row, column: str, message: str) -> None:
        self.problems.add("survey", row.number, row.header(column), message)
