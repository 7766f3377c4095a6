"""Reading the parts of an instrument document (choice lists, conditions, items, sections, scales, prompts).

Each reader checks the shape of one part (keys, types, forms of codes) and builds its model object, recording
problems in the :class:`~instruments.checker.Checker`. Checks that look across parts (references, the order of
conditions, scales) are in :mod:`instruments.consistency`; :mod:`instruments.parsing` puts the parts together.

Example
-------
>>> from instruments.checker import Checker, Where
>>> check = Checker("demo.yaml", languages=("fi",))
>>> read_condition(check, {"all": [{"item": "Q1", "in": [1, 2]}, {"not": {"item": "Q2", "answered": True}}]},
...                Where("Q3", "show_if"))
AllOf(conditions=(Compare(item='Q1', op='in', value=(1, 2)),
                  Not(condition=Compare(item='Q2', op='answered', value=True))))
>>> check.problems
[]
"""

from __future__ import annotations

from collections.abc import Mapping

from instruments.checker import CODE, ID, XLSFORM_NAME, Checker, Where, key_name, show, suggest
from instruments.errors import Message
from instruments.model import (
    AllOf,
    AnyOf,
    Choice,
    ChoiceList,
    Compare,
    Condition,
    Item,
    ItemType,
    Not,
    PairingPrompt,
    Scale,
    Section,
    Text,
)

CHOICE_KEYS = ("code", "label", "missing", "image")
ITEM_KEYS = ("code", "type", "text", "help", "choices", "required", "minimum", "maximum", "decimal",
             "max_length", "show_if", "xlsform_name")  # fmt: skip
SECTION_KEYS = ("id", "title", "intro", "show_if", "items")
SCALE_KEYS = ("code", "label", "description", "items", "reverse", "method", "min_answered", "percent")
PROMPT_KEYS = ("code", "kind", "text", "help", "minimum", "maximum")
LIST_OPERATORS = ("in", "not_in")
VALUE_OPERATORS = ("eq", "ne")
NUMBER_OPERATORS = ("lt", "le", "gt", "ge")
OPERATORS = (*LIST_OPERATORS, *VALUE_OPERATORS, *NUMBER_OPERATORS, "answered")
GROUPS = ("all", "any", "not")
CONDITION_EXAMPLE = "{item: Q3, in: [1, 2]}"
MAX_CONDITION_PARTS = 50  # a condition larger than this is a mistake (or an alias bomb), not a questionnaire
IMAGE_FORBIDDEN = ("/", "\\", "..")


# --- choice lists -------------------------------------------------------------------------------------------


def read_choice_lists(check: Checker, value: object) -> dict[str, ChoiceList]:
    """``choice_lists:`` — a mapping from list name to a list of choices."""
    where = Where("-", "choice_lists")
    data = check.mapping(value, where, "{agree5: [{code: 1, label: {...}}, ...]}")
    lists: dict[str, ChoiceList] = {}
    for name, choices in (data or {}).items():
        if check.word(name, where / key_name(name), ID, Message("a list name of a-z, 0-9 and _")) is None:
            continue
        lists[name] = ChoiceList(name, read_choices(check, choices, where / name))
    return lists


def read_choices(check: Checker, value: object, where: Where) -> tuple[Choice, ...]:
    entries = check.sequence(value, where, Message("a list of choices"))
    choices: list[Choice] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries or ()):
        here = where / index
        data = check.mapping(entry, here, "{code: 1, label: {fi: ..., sv: ..., en: ...}}")
        if data is None:
            continue
        check.keys(data, here, CHOICE_KEYS, required=("code", "label"))
        code = check.code(data.get("code"), here / "code") if "code" in data else None
        label = check.text(data.get("label"), here / "label") if "label" in data else None
        missing = check.flag(data["missing"], here / "missing") if "missing" in data else False
        image = _image(check, data["image"], here / "image") if "image" in data else None
        if code is not None and str(code) in seen:
            check.add(here / "code", Message("duplicate code %(code)s", code=show(code)))
        elif code is not None:
            seen.add(str(code))
            choices.append(Choice(code, label or Text(), bool(missing), image))
    return tuple(choices)


def _image(check: Checker, value: object, where: Where) -> str | None:
    name = check.string(value, where)
    if name is not None and (not name or any(part in name for part in IMAGE_FORBIDDEN) or len(name) > 100):
        check.add(where, Message("%(name)s is not a file name in survey/static/scale/", name=show(name)))
        return None
    return name


# --- conditions -----------------------------------------------------------------------------------------------


def read_condition(check: Checker, value: object, where: Where) -> Condition | None:
    """``show_if:`` — a comparison, or ``all``/``any``/``not`` of conditions."""
    budget = [MAX_CONDITION_PARTS]
    return _condition(check, value, where, budget)


def _condition(check: Checker, value: object, where: Where, budget: list[int]) -> Condition | None:
    budget[0] -= 1
    if budget[0] < 0:
        if budget[0] == -1:
            check.add(
                where,
                Message(
                    "condition has more than %(limit)s parts",
                    limit=MAX_CONDITION_PARTS,
                ),
            )
        return None
    data = check.mapping(value, where, CONDITION_EXAMPLE)
    if data is None:
        return None
    groups = [key for key in GROUPS if key in data]
    if groups:
        if len(data) > 1:
            check.add(
                where,
                Message(
                    "'%(groups)s' must be the only key of its condition, found %(data)s",
                    groups=groups[0],
                    data=_keys(data),
                ),
            )
            return None
        return _group(check, groups[0], data[groups[0]], where / groups[0], budget)
    if "item" not in data:
        hints = (suggest(key, ("item", *GROUPS)) for key in data if key not in OPERATORS)
        hint = next((h for h in hints if h), "")
        check.add(
            where,
            Message(
                "a condition needs 'item' or one of all, any, not; found %(data)s%(hint)s",
                data=_keys(data),
                hint=hint,
            ),
        )
        return None
    check.keys(data, where, ("item", *OPERATORS))
    item = check.word(data["item"], where / "item", CODE, Message("an item code"))
    operators = [key for key in OPERATORS if key in data]
    if len(operators) != 1:
        check.add(
            where,
            Message(
                "a condition needs exactly one of %(allowed)s; found %(operators)s",
                allowed=", ".join(OPERATORS),
                operators=len(operators),
            ),
        )
        return None
    op = operators[0]
    compared = _compared_value(check, op, data[op], where / op)
    if item is None or compared is None:
        return None
    return Compare(item, op, compared)


def _group(check: Checker, key: str, value: object, where: Where, budget: list[int]) -> Condition | None:
    if key == "not":
        inner = _condition(check, value, where, budget)
        return Not(inner) if inner is not None else None
    entries = check.sequence(value, where, Message("a list of conditions"))
    if entries is None:
        return None
    parts = [_condition(check, entry, where / index, budget) for index, entry in enumerate(entries)]
    if any(part is None for part in parts):
        return None
    return (AllOf if key == "all" else AnyOf)(tuple(parts))  # type: ignore[arg-type]


def _compared_value(check: Checker, op: str, value: object, where: Where) -> object | None:
    if op == "answered":
        return check.flag(value, where)
    if op in NUMBER_OPERATORS:
        return check.number(value, where)
    if op in VALUE_OPERATORS:
        return _scalar(check, value, where)
    entries = check.sequence(value, where, Message("a list of codes"))
    if entries is None:
        return None
    values = tuple(_scalar(check, entry, where / index) for index, entry in enumerate(entries))
    return None if any(v is None for v in values) else values


def _scalar(check: Checker, value: object, where: Where) -> object | None:
    if isinstance(value, str) or check.number(value, where) is not None:
        return value
    return None


def _keys(data: dict) -> str:
    return ", ".join(key_name(key) for key in list(data)[:5]) or "nothing"


# --- items and sections -------------------------------------------------------------------------------------


def read_sections(check: Checker, value: object) -> tuple[Section, ...] | None:
    """The sections; None when there is no list of them (so nothing can be said about references to items)."""
    entries = check.sequence(value, Where("-", "sections"), Message("a list of sections"))
    if entries is None:
        return None
    sections = (read_section(check, entry, index) for index, entry in enumerate(entries))
    return tuple(section for section in sections if section is not None)


def read_section(check: Checker, value: object, index: int) -> Section | None:
    where = Where("-", "sections") / index
    data = check.mapping(value, where, "{id: ..., title: {...}, items: [...]}")
    if data is None:
        return None
    section_id = (
        check.word(data["id"], where / "id", ID, Message("a section id of a-z, 0-9 and _"))
        if "id" in data
        else None
    )
    where = Where("-", f"sections.{section_id}") if section_id else where
    check.keys(data, where, SECTION_KEYS, required=("id", "title", "items"))
    title = check.text(data["title"], where / "title") if "title" in data else None
    intro = check.text(data["intro"], where / "intro") if "intro" in data else None
    show_if = read_condition(check, data["show_if"], where / "show_if") if "show_if" in data else None
    entries = (
        check.sequence(data.get("items"), where / "items", Message("a list of items")) if "items" in data else None
    )
    items = (read_item(check, entry, where / "items" / number) for number, entry in enumerate(entries or ()))
    if section_id is None:
        return None
    return Section(section_id, title or Text(), tuple(i for i in items if i is not None), intro, show_if)


def read_item(check: Checker, value: object, position: Where) -> Item | None:
    data = check.mapping(value, position, "{code: Q1, type: single, text: {...}}")
    if data is None:
        return None
    anonymous = Where(position.field)  # until the item's code is known, its place names it
    what = Message("an item code of A-Z, 0-9 and _")
    code = check.word(data["code"], anonymous / "code", CODE, what) if "code" in data else None
    where = Where(code) if code else anonymous
    check.keys(data, where, ITEM_KEYS, required=("code", "type", "text"))
    kind = check.one_of(data["type"], where / "type", [t.value for t in ItemType]) if "type" in data else None
    text = check.text(data["text"], where / "text") if "text" in data else None
    help_text = check.text(data["help"], where / "help") if "help" in data else None
    show_if = read_condition(check, data["show_if"], where / "show_if") if "show_if" in data else None
    fields = _item_fields(check, data, where, ItemType(kind)) if kind is not None else {}
    if "xlsform_name" in data:
        what = Message("an XLSForm name (a letter or _, then letters, digits, _ - .)")
        fields["xlsform_name"] = check.word(data["xlsform_name"], where / "xlsform_name", XLSFORM_NAME, what)
    if kind is None or code is None:
        check.broken.add(code or "")
        return None
    return Item(code, ItemType(kind), text or Text(), help_text, show_if=show_if, **fields)


def _item_fields(check: Checker, data: Mapping, where: Where, item_type: ItemType) -> dict:
    """The type-specific fields, each allowed only on the item types it means something for."""
    fields: dict = {}
    for key, (types, read) in ITEM_FIELDS.items():
        if key in data and item_type.value not in types:
            check.add(
                where / key,
                Message("not for %(value)s items (only %(types)s)", value=item_type.value, types=", ".join(types)),
            )
        elif key in data:
            fields[key] = read(check, data[key], where / key)
    if item_type.value in ("single", "multiple", "likert") and "choices" not in data:
        check.add(where / "choices", Message("missing: %(value)s items need a choice list", value=item_type.value))
    low, high = fields.get("minimum"), fields.get("maximum")
    if low is not None and high is not None and low > high:
        check.add(
            where / "minimum",
            Message("minimum %(low)s is greater than maximum %(high)s", low=show(low), high=show(high)),
        )
    return fields


def _length(check: Checker, value: object, where: Where) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 100_000:
        return value
    check.add(
        where,
        Message("expected a whole number of characters between 1 and 100000, got %(value)s", value=show(value)),
    )
    return None


def _choice_list_name(check: Checker, value: object, where: Where) -> str | None:
    return check.word(value, where, ID, Message("the name of a choice list"))


def _flag(check: Checker, value: object, where: Where) -> bool:
    return bool(check.flag(value, where))


ITEM_FIELDS = {  # key: the item types it is for, and the reader of its value
    "choices": (("single", "multiple", "likert", "yesno"), _choice_list_name),
    "required": (tuple(t.value for t in ItemType if t is not ItemType.INFO), _flag),
    "minimum": (("number",), Checker.number),
    "maximum": (("number",), Checker.number),
    "decimal": (("number",), _flag),
    "max_length": (("text", "longtext"), _length),
}


# --- scales and pairing prompts ---------------------------------------------------------------------------------


def read_scales(check: Checker, value: object) -> tuple[Scale, ...]:
    entries = check.sequence(value, Where("-", "scales"), Message("a list of scales"), empty_ok=True)
    scales = (read_scale(check, entry, Where("-", "scales") / index) for index, entry in enumerate(entries or ()))
    return tuple(scale for scale in scales if scale is not None)


def read_scale(check: Checker, value: object, position: Where) -> Scale | None:
    data = check.mapping(value, position, "{code: S_VOICE, label: {...}, items: [...]}")
    if data is None:
        return None
    anonymous = Where(position.field)
    code = (
        check.word(data["code"], anonymous / "code", CODE, Message("a scale code like S_VOICE"))
        if "code" in data
        else None
    )
    if code is not None and not code.startswith("S_"):
        check.add(
            anonymous / "code", Message("%(code)s is not a scale code: scale codes start with S_", code=show(code))
        )
        code = None
    where = Where(code) if code else anonymous
    check.keys(data, where, SCALE_KEYS, required=("code", "label", "items"))
    label = check.text(data["label"], where / "label") if "label" in data else None
    description = check.text(data["description"], where / "description") if "description" in data else None
    items = _codes(check, data["items"], where / "items") if "items" in data else ()
    reverse = _codes(check, data["reverse"], where / "reverse", empty_ok=True) if "reverse" in data else ()
    method = check.one_of(data["method"], where / "method", ("mean", "sum")) if "method" in data else "mean"
    share = check.number(data["min_answered"], where / "min_answered") if "min_answered" in data else 0.5
    if share is not None and not 0 <= share <= 1:
        check.add(where / "min_answered", Message("%(share)s is not a share between 0 and 1", share=show(share)))
    percent = check.flag(data["percent"], where / "percent") if "percent" in data else False
    if percent and method == "sum":
        check.add(where / "percent", Message("percent is for the mean method only"))
    if code is None:
        return None
    share = 0.5 if share is None else share
    return Scale(code, label or Text(), items, reverse, method or "mean", share, bool(percent), description)


def _codes(check: Checker, value: object, where: Where, empty_ok: bool = False) -> tuple[str, ...]:
    entries = check.sequence(value, where, Message("a list of item codes"), empty_ok=empty_ok)
    codes: list[str] = []
    for index, entry in enumerate(entries or ()):
        code = check.word(entry, where / index, CODE, Message("an item code"))
        if code in codes:
            check.add(where / index, Message("%(code)s is listed twice", code=code))
        elif code is not None:
            codes.append(code)
    return tuple(codes)


def read_prompts(check: Checker, value: object) -> tuple[PairingPrompt, ...]:
    """``pairing_prompts:`` — the parts of a self-generated pairing code."""
    entries = check.sequence(value, Where("-", "pairing_prompts"), Message("a list of pairing prompts"))
    prompts: list[PairingPrompt] = []
    for index, entry in enumerate(entries or ()):
        position = Where("-", "pairing_prompts") / index
        data = check.mapping(entry, position, "{code: PC_LETTER, kind: letter, text: {...}}")
        if data is None:
            continue
        anonymous = Where(position.field)
        code = (
            check.word(data["code"], anonymous / "code", CODE, Message("a prompt code"))
            if "code" in data
            else None
        )
        where = Where(code) if code else anonymous
        check.keys(data, where, PROMPT_KEYS, required=("code", "kind", "text"))
        kind = check.one_of(data["kind"], where / "kind", ("letter", "digits")) if "kind" in data else None
        text = check.text(data["text"], where / "text") if "text" in data else None
        help_text = check.text(data["help"], where / "help") if "help" in data else None
        low, high = (_prompt_bound(check, data, name, where, kind) for name in ("minimum", "maximum"))
        if low is not None and high is not None and low > high:
            check.add(
                where / "minimum", Message("minimum %(low)s is greater than maximum %(high)s", low=low, high=high)
            )
        if code is not None and kind is not None:
            prompts.append(PairingPrompt(code, text or Text(), kind, help_text, low, high))
    return tuple(prompts)


def _prompt_bound(check: Checker, data: Mapping, name: str, where: Where, kind: str | None) -> int | None:
    """A digits prompt's ``minimum`` or ``maximum``: a whole number 0-99 (what two digits can write)."""
    if name not in data:
        return None
    value = data[name]
    if kind != "digits":
        check.add(where / name, Message("only a digits prompt has bounds"))
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 99:
        check.add(where / name, Message("expected a whole number from 0 to 99, got %(value)s", value=repr(value)))
        return None
    return value
