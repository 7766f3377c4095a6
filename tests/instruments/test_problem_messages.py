"""Problem texts are :class:`~instruments.errors.Message`\\s, so that the upload page can show them in the user's
language: the words in a template the catalogs translate, what is quoted from the file in its values.

The hypothesis tests (``test_xlsform_hostile``, ``test_loader_hypothesis``) check that every problem of any
generated file is a Message; these check how the templates are written.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from instruments.errors import InstrumentError, Message
from instruments.loader import parse_instrument
from tests.instruments.xlsform_tables import problems_of, warnings_of, xlsform

SOURCES = [
    p for p in sorted((Path(__file__).resolve().parents[2] / "instruments").rglob("*.py")) if p.name != "errors.py"
]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _message_calls(path: Path) -> list[ast.Call]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "Message"]


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.name)
def test_every_template_is_a_literal_whose_placeholders_are_its_values(path):
    """The catalogs find only literal templates, and a placeholder without its value would fail at run time."""
    for call in _message_calls(path):
        assert call.args and isinstance(call.args[0], ast.Constant), (
            f"{path.name}:{call.lineno}: a literal template"
        )
        named = set(PLACEHOLDER.findall(call.args[0].value))
        assert named == {keyword.arg for keyword in call.keywords}, f"{path.name}:{call.lineno}"


def test_what_the_file_says_is_a_value_not_part_of_the_template(tmp_path):
    path = xlsform(
        tmp_path,
        survey="""
        | type              | name   | label::fi | relevant       |
        | geopoint          | place  | Paikka    |                |
        | select_one agreee | heard  | Kuultiin  |                |
        | integer           | age    | Ikä       | ${nope} > 3    |
        """,
    )
    problems = {message for _place, _column, message in problems_of(path)}
    assert all(isinstance(message, Message) for message in problems)
    for quoted in ("geopoint", "agreee", "nope"):
        (message,) = [m for m in problems if quoted in m]
        assert quoted not in message.template and quoted in str(message)


def test_warnings_and_their_row_lists_are_messages(tmp_path):
    path = xlsform(
        tmp_path,
        survey="""
        | type    | name | label::fi | default |
        | start   | start |          |         |
        | integer | a    | A         | 1       |
        | integer | b    | B         | 2       |
        """,
    )
    warnings = [message for _place, _column, message in warnings_of(path)]
    assert warnings and all(isinstance(message, Message) for message in warnings)
    (left_out,) = [m for m in warnings if "rows 3, 4" in m]
    assert left_out.template == "%(value)sleft out (%(rows)s): %(why)s"
    assert left_out.values["rows"].template == "rows %(rows)s"


def test_a_yaml_problem_names_the_value_apart_from_its_words():
    document = {"id": "x", "version": "1", "respondent_group": "youngsters", "languages": ["fi"],
                "title": {"fi": "X"}, "sections": []}  # fmt: skip
    with pytest.raises(InstrumentError) as caught:
        parse_instrument(document, "x.yaml", modules={})
    messages = [p.message for p in caught.value.problems]
    assert all(isinstance(message, Message) for message in messages)
    (group,) = [m for m in messages if "youngsters" in m]
    assert "youngsters" not in group.template
