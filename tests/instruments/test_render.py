"""`show`: the questionnaire as text for proof-reading, in the language asked for."""

from __future__ import annotations

import pytest

from instruments.loader import parse_instrument
from instruments.model import Compare
from instruments.render import condition_text, render_text


@pytest.fixture
def instrument(document):
    document["sections"][1]["show_if"] = {"all": [{"item": "Q1", "eq": 1}, {"not": {"item": "Q2", "in": [1, 2]}}]}
    document["sections"][1]["items"].insert(
        0, {"code": "INFO", "type": "info", "text": {"fi": "Kiitos", "sv": "Tack", "en": "Thanks"}}
    )
    return parse_instrument(document, "demo.yaml", modules={})


def test_show_lists_sections_numbered_questions_and_options(instrument):
    text = render_text(instrument, "en")
    assert text.splitlines()[:2] == ["Demo", "demo 1.0 | youth | fi, sv, en | 5 questions"]
    assert "1. First page  [first]" in text
    assert "  2. Q2  (likert)\n     I was heard.\n       1 = Level 1\n" in text
    assert "       9 = Don't know  (counted as missing)" in text
    assert "  - INFO  (info text)\n     Thanks" in text  # info texts are not numbered questions
    assert "  4. AGE  (number, 13–29)" in text


def test_show_says_conditions_in_words_with_option_labels(instrument):
    text = render_text(instrument, "en")
    assert "     Shown if: Q1 is 1 (Yes)" in text
    assert "   Shown if: Q1 is 1 (Yes) and not (Q2 is 1 (Level 1) or 2 (Level 2))" in text


def test_show_marks_reversed_scale_items(instrument):
    text = render_text(instrument, "en")
    assert "  S_HEARD  Heard — mean: Q2, Q3 (reversed); at least 50 % answered" in text


@pytest.mark.parametrize(
    ("language", "shown_if", "yes"),
    [("fi", "Näytetään, jos: Q1 on 1 (Kyllä)", "Level 1 (fi)"), ("sv", "Visas om: Q1 är 1 (Ja)", "Level 1 (sv)")],
)
def test_show_in_finnish_and_swedish(instrument, language, shown_if, yes):
    text = render_text(instrument, language)
    assert shown_if in text
    assert f"1 = {yes}" in text


def test_condition_text_for_comparisons(instrument):
    assert condition_text(Compare("AGE", "ge", 18), instrument, "en") == "AGE ≥ 18"
    assert condition_text(Compare("Q4", "answered", False), instrument, "sv") == "Q4 är obesvarad"
    assert condition_text(Compare("Q1", "not_in", (0,)), instrument, "fi") == "Q1 ei ole 0 (Ei)"
