"""A small tokenizer and recursive-descent parser for the XPath subset that XLSForm forms use.

XLSForm's `relevant` and `constraint` columns hold XPath expressions. Arvio understands only the common
forms (comparisons, ``selected()``, ``string-length(.)``, ``and``, ``or``, ``not()`` and parentheses) and
turns them into data; nothing here is ever evaluated. Anything else is an :class:`ExpressionError` that says
what and where, so the caller can name the sheet, row and column.

Example
-------
>>> parse("${age} >= 13 and not(selected(${lang}, 'sv'))")
And(terms=(Compare(op='>=', left=Ref(name='age'), right=Number(value=13)), \
Not(term=Call(name='selected', args=(Ref(name='lang'), String(value='sv'))))))
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from instruments.errors import Message

END = Message("the end of the expression")


class ExpressionError(ValueError):
    """An expression Arvio cannot read; the message says what and at which character."""

    @property
    def message(self) -> str:
        """What is wrong, as a :class:`~instruments.errors.Message` (translatable) when raised with one."""
        return self.args[0]


@dataclass(frozen=True)
class Ref:
    """``${name}``: the answer to another question."""

    name: str


@dataclass(frozen=True)
class Current:
    """``.``: the answer to the question itself (constraints)."""


@dataclass(frozen=True)
class String:
    value: str


@dataclass(frozen=True)
class Number:
    value: int | float


@dataclass(frozen=True)
class Compare:
    op: str  # = != < <= > >=
    left: Node
    right: Node


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class And:
    terms: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    terms: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    term: Node


@dataclass(frozen=True)
class Group:
    """A parenthesised expression; kept so that ``(a or b)`` and ``a or b`` stay distinguishable."""

    term: Node


MAX_DEPTH = 50

Node = Ref | Current | String | Number | Compare | Call | And | Or | Not | Group

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<ref>\$\{\s*(?P<refname>[A-Za-z_][\w.\-]*)\s*\})
  | (?P<number>\d+(?:\.\d+)?|\.\d+)
  | (?P<string>'[^']*'|"[^"]*")
  | (?P<op>!=|<=|>=|=|<|>)
  | (?P<punct>[(),\-.])
  | (?P<name>[A-Za-z_][\w\-]*(?::[A-Za-z_][\w\-]*)?)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Token:
    kind: str  # ref, number, string, op, punct, name, end
    text: str
    position: int  # 1-based character position, for messages


def tokenize(text: str) -> list[Token]:
    """Split `text` into tokens; an unknown character is an :class:`ExpressionError`.

    >>> [t.text for t in tokenize(".<=10")]
    ['.', '<=', '10', '']
    """
    tokens: list[Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise ExpressionError(
                Message(
                    "unexpected character %(text)s at position %(value)s",
                    text=repr(text[position]),
                    value=position + 1,
                )
            )
        kind = match.lastgroup if match.lastgroup != "refname" else "ref"
        if kind != "space":
            value = match.group("refname") if kind == "ref" else match.group()
            tokens.append(Token(kind, value, position + 1))
        position = match.end()
    tokens.append(Token("end", "", len(text) + 1))
    return tokens


def parse(text: str) -> Node:
    """Parse one expression into a tree of the node classes above."""
    parser = _Parser(tokenize(text))
    node = parser.expression()
    parser.expect("end")
    return node


class _Parser:
    """expression := and ('or' and)* ; and := comparison ('and' comparison)* ;
    comparison := operand (OP operand)? ; operand := '(' expression ')' | NAME '(' args ')' | ${ref} | '.'
    | string | ['-'] number"""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.index = 0
        self.depth = 0  # of parentheses: a limit keeps a hostile expression from exhausting the stack

    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.current
        self.index += 1
        return token

    def at(self, kind: str, text: str | None = None) -> bool:
        return self.current.kind == kind and (text is None or self.current.text == text)

    def expect(self, kind: str, text: str | None = None) -> Token:
        if not self.at(kind, text):
            wanted = repr(text) if text else {"end": END}.get(kind, kind)
            found = repr(self.current.text) if self.current.text else END
            raise ExpressionError(
                Message(
                    "expected %(wanted)s but found %(found)s at position %(position)s",
                    wanted=wanted,
                    found=found,
                    position=self.current.position,
                )
            )
        return self.advance()

    def expression(self) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(
                Message(
                    "more than %(limit)s levels of parentheses at position %(position)s",
                    limit=MAX_DEPTH,
                    position=self.current.position,
                )
            )
        try:
            return self._chain("or", Or, self.conjunction)
        finally:
            self.depth -= 1

    def conjunction(self) -> Node:
        return self._chain("and", And, self.comparison)

    def _chain(self, word: str, node_class: type[And] | type[Or], operand) -> Node:
        terms = [operand()]
        while self.at("name", word):
            self.advance()
            terms.append(operand())
        return terms[0] if len(terms) == 1 else node_class(tuple(terms))

    def comparison(self) -> Node:
        left = self.operand()
        if self.at("op"):
            op = self.advance().text
            return Compare(op, left, self.operand())
        return left

    def operand(self) -> Node:
        token = self.current
        if self.at("punct", "("):
            self.advance()
            inner = self.expression()
            self.expect("punct", ")")
            return Group(inner)
        if token.kind == "name" and token.text not in ("and", "or"):
            self.advance()
            self.expect("punct", "(")
            args = self.arguments()
            if token.text == "not":
                if len(args) != 1:
                    raise ExpressionError(
                        Message("not() takes one expression (position %(position)s)", position=token.position)
                    )
                return Not(args[0])
            return Call(token.text, args)
        if token.kind == "ref":
            self.advance()
            return Ref(token.text)
        if self.at("punct", "."):
            self.advance()
            return Current()
        if token.kind == "string":
            self.advance()
            return String(token.text[1:-1])
        if self.at("punct", "-"):
            self.advance()
            return Number(-_number(self.expect("number").text))
        if token.kind == "number":
            self.advance()
            return Number(_number(token.text))
        found = repr(token.text) if token.text else END
        raise ExpressionError(
            Message(
                "expected a value but found %(found)s at position %(position)s",
                found=found,
                position=token.position,
            )
        )

    def arguments(self) -> tuple[Node, ...]:
        args: list[Node] = []
        if not self.at("punct", ")"):
            args.append(self.expression())
            while self.at("punct", ","):
                self.advance()
                args.append(self.expression())
        self.expect("punct", ")")
        return tuple(args)


def _number(text: str) -> int | float:
    return float(text) if "." in text else int(text)
