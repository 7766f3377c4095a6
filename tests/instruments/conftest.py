"""Small instrument documents, as plain dicts a test can break one fault at a time."""

from __future__ import annotations

import pytest


def text(words: str) -> dict[str, str]:
    """A text in all three languages."""
    return {"fi": f"{words} (fi)", "sv": f"{words} (sv)", "en": words}


def minimal_document() -> dict:
    """A valid instrument: a yes/no gate, two likert items forming a scale, a number and a text."""
    agree = [{"code": code, "label": text(f"Level {code}")} for code in (1, 2, 3)]
    agree.append({"code": 9, "missing": True, "label": text("Don't know")})
    return {
        "id": "demo",
        "version": "1.0",
        "respondent_group": "youth",
        "languages": ["fi", "sv", "en"],
        "title": text("Demo"),
        "choice_lists": {"agree3": agree},
        "sections": [
            {
                "id": "first",
                "title": text("First page"),
                "items": [
                    {"code": "Q1", "type": "yesno", "text": text("Did you take part?")},
                    {"code": "Q2", "type": "likert", "choices": "agree3", "text": text("I was heard."),
                     "show_if": {"item": "Q1", "in": [1]}},
                    {"code": "Q3", "type": "likert", "choices": "agree3", "text": text("Nobody listened.")},
                ],
            },
            {
                "id": "second",
                "title": text("Second page"),
                "items": [
                    {"code": "AGE", "type": "number", "minimum": 13, "maximum": 29, "text": text("Age?")},
                    {"code": "Q4", "type": "text", "text": text("Anything else?")},
                ],
            },
        ],
        "scales": [{"code": "S_HEARD", "label": text("Heard"), "items": ["Q2", "Q3"], "reverse": ["Q3"]}],
    }  # fmt: skip


def module_document() -> dict:
    """A valid module with one section and its own choice list."""
    return {
        "module": True,
        "id": "background",
        "version": "1.0",
        "languages": ["fi", "sv", "en"],
        "choice_lists": {"sex3": [{"code": c, "label": text(f"Option {c}")} for c in (1, 2, 3)]},
        "sections": [
            {
                "id": "background",
                "title": text("About you"),
                "items": [{"code": "BG_GENDER", "type": "single", "choices": "sex3", "text": text("Gender?")}],
            }
        ],
    }


@pytest.fixture
def document() -> dict:
    return minimal_document()


@pytest.fixture
def module() -> dict:
    return module_document()
