"""XLSForm `relevant` and `constraint` expressions to and from Arvio's conditions and bounds.

Reading goes through :mod:`instruments.xlsform.xpath` (a real parser, never ``eval``); the tree is then mapped onto
:class:`~instruments.model.Compare`, :class:`~instruments.model.AllOf`, :class:`~instruments.model.AnyOf` and
:class:`~instruments.model.Not`. Writing produces the same forms back, so that reading what was written gives
the condition that was written:

===============================================  ==============================================
XLSForm                                          Arvio condition
===============================================  ==============================================
``${q} = '2'`` / ``${q} != '2'``                 ``{item: q, eq: 2}`` / ``{item: q, ne: 2}``
``${q} > 5`` (also ``<``, ``<=``, ``>=``)        ``{item: q, gt: 5}`` (lt, le, ge)
``selected(${q}, '1') or selected(${q}, '2')``   ``{item: q, in: [1, 2]}``
``not(selected(${q}, '1'))``                     ``{item: q, not_in: [1]}``
``${q} != ''`` / ``${q} = ''``                   ``{item: q, answered: true}`` / ``answered: false``
``count-selected(${q}) > 0`` / ``= 0``           ``{item: q, answered: true}`` / ``answered: false``
``a and b``, ``a or b``, ``not(a)``, ``(a)``     ``all``, ``any``, ``not``, grouping
===============================================  ==============================================

Example
-------
>>> questions = {"age": Question(ItemType.NUMBER), "lang": Question(ItemType.SINGLE, ("fi", "sv"))}
>>> condition = read_relevant("${age} >= 13 and selected(${lang}, 'sv')", questions)
>>> condition
AllOf(conditions=(Compare(item='age', op='ge', value=13), Compare(item='lang', op='in', value=('sv',))))
>>> write_relevant(condition, questions)
"${age} >= 13 and selected(${lang}, 'sv')"
>>> read_constraint(". >= 0 and . <= 120", "integer")
{'minimum': 0, 'maximum': 120}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from instruments.errors import Message
from instruments.model import CHOICE_TYPES, AllOf, AnyOf, Compare, Condition, ItemType, Not
from instruments.xlsform import xpath
from instruments.xlsform.xpath import ExpressionError

_OPS = {"=": "eq", "!=": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge"}
_SYMBOLS = {op: symbol for symbol, op in _OPS.items()}
_FLIPPED = {"=": "=", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_SELECT_TYPES = CHOICE_TYPES | {ItemType.YESNO}


@dataclass(frozen=True)
class Question:
    """What reading or writing a condition needs to know about the question it refers to."""

    type: ItemType
    codes: tuple[int | str, ...] = ()  # the codes of its choice list (choice and yes/no questions)
    code: str | None = None  # reading: the item code ``${name}`` stands for (None: the name itself)
    name: str | None = None  # writing: the name to write in ``${...}`` (None: the item code)


# --- reading ---------------------------------------------------------------------------------------------


def read_relevant(
    text: str, questions: Mapping[str, Question], left_out: Mapping[str, str] | None = None
) -> Condition:
    """The condition an XLSForm `relevant` expression states; :class:`ExpressionError` if Arvio can't.

    `questions` are by the names ``${...}`` uses; `left_out` says why a name that is not a question was left out
    (``is metadata that Arvio does not record (survey row 2)``), for the message.
    """
    return _Reader(questions, left_out or {}).condition(xpath.parse(text))


class _Reader:
    def __init__(self, questions: Mapping[str, Question], left_out: Mapping[str, str]) -> None:
        self.questions = questions
        self.left_out = left_out

    def condition(self, node: xpath.Node) -> Condition:
        if isinstance(node, xpath.Group):
            return self.condition(node.term)
        chain = self.selected_chain(node)
        if chain is not None:
            return Compare(self.code_of(chain[0]), "in", chain[1])
        if isinstance(node, xpath.Or):
            return AnyOf(tuple(self.condition(term) for term in node.terms))
        if isinstance(node, xpath.And):
            return AllOf(tuple(self.condition(term) for term in node.terms))
        if isinstance(node, xpath.Not):
            negated = self.selected_chain(node.term)
            if negated is not None:
                return Compare(self.code_of(negated[0]), "not_in", negated[1])
            return Not(self.condition(node.term))
        if isinstance(node, xpath.Compare):
            return self.comparison(node)
        if isinstance(node, xpath.Call):
            raise ExpressionError(Message("the function %(name)s() is not supported", name=node.name))
        raise ExpressionError(Message("a condition must compare a question with a value, e.g. ${q} = '1'"))

    def selected_chain(self, node: xpath.Node) -> tuple[str, tuple[int | str, ...]] | None:
        """``selected(${q}, 'a')``, or an `or` of such calls on one question (unparenthesised): `in`."""
        calls = node.terms if isinstance(node, xpath.Or) else (node,)
        if not all(isinstance(call, xpath.Call) and call.name == "selected" for call in calls):
            return None
        pairs = [self.selected(call) for call in calls]  # type: ignore[arg-type]
        names = {name for name, _ in pairs}
        if len(names) != 1:
            return None
        return names.pop(), tuple(value for _, value in pairs)

    def selected(self, call: xpath.Call) -> tuple[str, int | str]:
        args = call.args
        if len(args) != 2 or not isinstance(args[0], xpath.Ref) or not _is_literal(args[1]):
            raise ExpressionError(Message("selected() needs a question and a choice code: selected(${q}, 'code')"))
        question = self.question(args[0].name)
        if question.type not in _SELECT_TYPES:
            raise ExpressionError(
                Message("selected() needs a select question, but ${%(name)s} is not one", name=args[0].name)
            )
        return args[0].name, self.code(args[0].name, question, args[1])  # type: ignore[arg-type]

    def comparison(self, node: xpath.Compare) -> Compare:
        op, ref, literal = node.op, node.left, node.right
        if isinstance(literal, (xpath.Ref, xpath.Call)) and _is_literal(ref):
            op, ref, literal = _FLIPPED[op], literal, ref
        if isinstance(ref, xpath.Call) and ref.name == "count-selected":
            return self.count_selected(op, ref, literal)
        call = next((side for side in (ref, literal) if isinstance(side, xpath.Call)), None)
        if call is not None:
            raise ExpressionError(Message("the function %(name)s() is not supported", name=call.name))
        if not isinstance(ref, xpath.Ref) or not _is_literal(literal):
            raise ExpressionError(Message("a comparison must compare ${question} with a value, e.g. ${q} = '1'"))
        question = self.question(ref.name)
        if isinstance(literal, xpath.String) and literal.value == "":
            if op not in ("=", "!="):
                raise ExpressionError(Message("%(op)s '' is not supported; use = '' or != ''", op=op))
            return Compare(self.code_of(ref.name), "answered", op == "!=")
        if question.type is ItemType.MULTIPLE and op in ("=", "!="):
            raise ExpressionError(
                Message(
                    "${%(name)s} is a select_multiple question: use selected(${%(name)s}, 'code')", name=ref.name
                )
            )
        if op in ("=", "!="):
            value = self.code(ref.name, question, literal)  # type: ignore[arg-type]
        else:
            value = _number_of(literal)  # type: ignore[arg-type]
            if value is None:
                raise ExpressionError(
                    Message("%(op)s needs a number, not %(literal)s", op=op, literal=_show(literal))
                )  # type: ignore[arg-type]
        return Compare(self.code_of(ref.name), _OPS[op], value)

    def count_selected(self, op: str, call: xpath.Call, literal: xpath.Node) -> Compare:
        """``count-selected(${q}) > 0`` (or ``>= 1``, ``!= 0``) is ``answered``; ``= 0`` (``< 1``) is not."""
        args = call.args
        if len(args) != 1 or not isinstance(args[0], xpath.Ref) or not isinstance(literal, xpath.Number):
            raise ExpressionError(Message("count-selected() is supported as count-selected(${q}) > 0 or = 0"))
        answered = {
            (">", 0): True,
            (">=", 1): True,
            ("!=", 0): True,
            ("=", 0): False,
            ("<", 1): False,
            ("<=", 0): False,
        }.get((op, literal.value))
        if answered is None:
            raise ExpressionError(Message("count-selected() is supported only as count-selected(${q}) > 0 or = 0"))
        self.question(args[0].name)
        return Compare(self.code_of(args[0].name), "answered", answered)

    def code_of(self, name: str) -> str:
        return self.questions[name].code or name

    def question(self, name: str) -> Question:
        if name in self.left_out:
            raise ExpressionError(Message("${%(name)s} %(left_out)s", name=name, left_out=self.left_out[name]))
        question = self.questions.get(name)
        if question is None:
            raise ExpressionError(Message("${%(name)s} is not a question in this form", name=name))
        if question.type is ItemType.INFO:
            raise ExpressionError(Message("${%(name)s} is a note and has no answer", name=name))
        return question

    def code(self, name: str, question: Question, literal: xpath.String | xpath.Number) -> int | float | str:
        if question.type in _SELECT_TYPES:
            text = _show(literal).strip("'")
            for code in question.codes:
                if str(code) == text:
                    return code
            raise ExpressionError(Message("'%(text)s' is not a choice of ${%(name)s}", text=text, name=name))
        if question.type is ItemType.NUMBER:
            number = _number_of(literal)
            if number is None:
                raise ExpressionError(
                    Message(
                        "${%(name)s} is a number question; %(literal)s is not a number",
                        name=name,
                        literal=_show(literal),
                    )
                )
            return number
        return literal.value


def _is_literal(node: xpath.Node) -> bool:
    return isinstance(node, (xpath.String, xpath.Number))


def _number_of(literal: xpath.String | xpath.Number) -> int | float | None:
    if isinstance(literal, xpath.Number):
        return literal.value
    try:
        node = xpath.parse(literal.value)
    except ExpressionError:
        return None
    return node.value if isinstance(node, xpath.Number) else None


def _show(literal: xpath.String | xpath.Number) -> str:
    return f"'{literal.value}'" if isinstance(literal, xpath.String) else format_number(literal.value)


# --- writing ---------------------------------------------------------------------------------------------


def write_relevant(condition: Condition, questions: Mapping[str, Question]) -> str:
    """The XLSForm `relevant` expression for `condition`; :func:`read_relevant` reads it back unchanged."""
    return _Writer(questions).write(condition, "top")


class _Writer:
    def __init__(self, questions: Mapping[str, Question]) -> None:
        self.questions = questions

    def write(self, condition: Condition, context: str) -> str:
        """`context` is where the text goes: top, not, and, or, or `merge` (an `or` of selected() calls)."""
        if isinstance(condition, Compare):
            return self.compare(condition, context)
        if isinstance(condition, Not):
            inner = self.write(condition.condition, "not")
            return f"not(({inner}))" if self.is_selected(condition.condition) else f"not({inner})"
        word = " and " if isinstance(condition, AllOf) else " or "
        inner_context = "and" if isinstance(condition, AllOf) else "or"
        if isinstance(condition, AnyOf) and len({self.selected_item(c) for c in condition.conditions}) == 1:
            inner_context = "merge"  # unparenthesised, these would read back as one `in`
        text = word.join(self.write(c, inner_context) for c in condition.conditions)
        return f"({text})" if context in ("and", "or", "merge") else text

    def compare(self, compare: Compare, context: str) -> str:
        question = self.questions.get(compare.item, Question(ItemType.TEXT))
        ref = f"${{{question.name or compare.item}}}"
        if compare.op == "answered":
            return f"{ref} {'!=' if compare.value else '='} ''"
        if compare.op in ("in", "not_in") or (question.type is ItemType.MULTIPLE and compare.op in ("eq", "ne")):
            values = compare.value if compare.op in ("in", "not_in") else (compare.value,)
            chain = " or ".join(f"selected({ref}, {_quote(value)})" for value in values)  # type: ignore[union-attr]
            if compare.op in ("not_in", "ne"):
                return f"not({chain})"
            many = len(values) > 1  # type: ignore[arg-type]
            return f"({chain})" if context == "merge" or (many and context in ("and", "or")) else chain
        value = compare.value
        if (compare.op in ("eq", "ne") and question.type in _SELECT_TYPES) or not _is_number(value):
            literal = _quote(value)  # select answers are text in XLSForm, even numeric codes
        else:
            literal = format_number(value)  # type: ignore[arg-type]
        return f"{ref} {_SYMBOLS[compare.op]} {literal}"

    def is_selected(self, condition: Condition) -> bool:
        return self.selected_item(condition) is not None

    def selected_item(self, condition: Condition) -> str | None:
        """The question of a condition written as selected() calls (`in`, or eq on select_multiple)."""
        if not isinstance(condition, Compare):
            return None
        question = self.questions.get(condition.item, Question(ItemType.TEXT))
        if condition.op == "in" or (condition.op == "eq" and question.type is ItemType.MULTIPLE):
            return condition.item
        return None


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _quote(value: object) -> str:
    text = format_number(value) if _is_number(value) else str(value)  # type: ignore[arg-type]
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    raise ExpressionError(
        Message("%(text)s has both kinds of quotes and cannot be written in an expression", text=repr(text))
    )


def format_number(value: int | float) -> str:
    """A number as XLSForm text: whole numbers without a decimal point.

    >>> format_number(13.0), format_number(2.5), format_number(-1)
    ('13', '2.5', '-1')
    """
    return str(int(value)) if float(value).is_integer() else repr(float(value))


# --- constraints -----------------------------------------------------------------------------------------

_NUMBER_HELP = Message("on numbers only '. >= N' and '. <= N' (also >, <), joined by 'and', are supported")
_TEXT_HELP = Message("on text only 'string-length(.) <= N' is supported")


def read_constraint(text: str, kind: str) -> dict[str, int | float]:
    """Bounds from a `constraint`: minimum/maximum for `kind` integer or decimal, max_length for text.

    Strict bounds become inclusive ones on whole numbers; on decimals they cannot be kept and are an error.

    >>> read_constraint(".<=10", "integer"), read_constraint(". > 5", "integer")
    ({'maximum': 10}, {'minimum': 6})
    >>> read_constraint("string-length(.) <= 200", "text")
    {'max_length': 200}
    """
    node = xpath.parse(text)
    while isinstance(node, xpath.Group):
        node = node.term
    terms = node.terms if isinstance(node, xpath.And) else (node,)
    bounds: dict[str, int | float] = {}
    for term in terms:
        while isinstance(term, xpath.Group):
            term = term.term
        name, value = _bound(term, kind)
        if name in bounds:
            raise ExpressionError(Message("the constraint sets %(name)s twice", name=name))
        bounds[name] = value
    return bounds


def _bound(term: xpath.Node, kind: str) -> tuple[str, int | float]:
    help_text = _TEXT_HELP if kind == "text" else _NUMBER_HELP
    if not isinstance(term, xpath.Compare):
        raise ExpressionError(help_text)
    op, subject, limit = term.op, term.left, term.right
    if isinstance(subject, xpath.Number):
        op, subject, limit = _FLIPPED[op], limit, subject
    length = subject == xpath.Call("string-length", (xpath.Current(),))
    if not isinstance(limit, xpath.Number) or op in ("=", "!=") or length != (kind == "text"):
        raise ExpressionError(help_text)
    if kind != "text" and not isinstance(subject, xpath.Current):
        raise ExpressionError(help_text)
    value = limit.value
    if kind == "text":
        if op not in ("<", "<=") or not isinstance(value, int):
            raise ExpressionError(help_text)
        return "max_length", value - (op == "<")
    if op in ("<", ">"):
        if kind == "decimal":
            raise ExpressionError(
                Message("a strict bound (%(op)s) on a decimal cannot be kept; use %(op)s=", op=op)
            )
        value = int(value // 1) + 1 if op == ">" else -int(-value // 1) - 1
    return ("minimum" if op.startswith(">") else "maximum"), value


def write_constraint(minimum=None, maximum=None, max_length=None) -> str:
    """The `constraint` for number bounds or a text length limit ('' when there is none).

    >>> write_constraint(minimum=0, maximum=120.0)
    '. >= 0 and . <= 120'
    """
    if max_length is not None:
        return f"string-length(.) <= {max_length}"
    parts = [f". {symbol} {format_number(v)}" for symbol, v in ((">=", minimum), ("<=", maximum)) if v is not None]
    return " and ".join(parts)
