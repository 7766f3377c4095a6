"""to_document and dump_yaml are the inverse of parse_instrument, for every field the format has."""

from __future__ import annotations

import yaml

from instruments.document import dump_yaml, to_document
from instruments.loader import parse_instrument
from instruments.model import AllOf, AnyOf, Compare, Not
from tests.instruments.conftest import text


def rich_document(document: dict) -> dict:
    """The minimal document with every optional field the format allows."""
    document.update(theme="participation", description=text("About"), notes="Lundy 2007.")
    document["choice_lists"]["faces"] = [
        {"code": 1, "image": "face-sad.svg", "label": text("No")},
        {"code": "other", "label": text("Other")},
    ]
    first, second = document["sections"]
    first["intro"] = text("Intro")
    first["items"][0].update(required=True, help=text("Help"))
    second["show_if"] = {"any": [{"item": "Q1", "eq": 1}, {"not": {"item": "Q2", "not_in": [1, 9]}}]}
    second["items"][0].update(decimal=True, minimum=0, maximum=2.5)
    second["items"][1].update(
        max_length=50, show_if={"all": [{"item": "AGE", "ge": 1.5}, {"item": "Q3", "answered": False}]}
    )
    second["items"].append({"code": "PICK", "type": "multiple", "choices": "faces", "text": text("Pick")})
    document["scales"][0].update(method="mean", min_answered=0, percent=True, description=text("Scale"))
    document["pairing_prompts"] = [
        {"code": "PC_LETTER", "kind": "letter", "text": text("Letter"), "help": text("?")}
    ]
    return document


def test_every_field_survives_to_document(document):
    instrument = parse_instrument(rich_document(document), "demo.yaml", modules={})
    again = parse_instrument(to_document(instrument), "again.yaml", modules={})
    assert again == instrument
    assert again.scale("S_HEARD").min_answered == 0
    assert again.sections[1].show_if == AnyOf((Compare("Q1", "eq", 1), Not(Compare("Q2", "not_in", (1, 9)))))
    assert again.item("Q4").show_if == AllOf((Compare("AGE", "ge", 1.5), Compare("Q3", "answered", False)))


def test_dump_yaml_reads_back_and_keeps_unicode(document):
    document["title"]["fi"] = "Äänen kuuluminen – nuoret"
    instrument = parse_instrument(rich_document(document), modules={})
    dumped = dump_yaml(instrument)
    assert "Äänen kuuluminen – nuoret" in dumped
    assert "languages: [fi, sv, en]" in dumped
    assert "include" not in dumped
    assert parse_instrument(yaml.safe_load(dumped), modules={}) == instrument


def test_included_modules_are_written_inline(document, module):
    document["include"] = ["background"]
    instrument = parse_instrument(document, modules={"background": module})
    written = to_document(instrument)
    assert "include" not in written
    assert written["sections"][0]["id"] == "background"
    assert "sex3" in written["choice_lists"]
    assert parse_instrument(written, modules={}) == instrument
