"""The model back to a YAML document: the inverse of :func:`~instruments.loader.parse_instrument`.

:func:`to_document` writes everything inline (included modules' sections and choice lists, no ``include:``),
leaving out fields that have their default value, so that parsing the document gives an equal instrument.
:func:`dump_yaml` writes it the way a person would: keys in the format's order, short lists on one line.

Example
-------
>>> from instruments.loader import parse_instrument
>>> text = {"fi": "Ikä", "en": "Age"}
>>> document = {
...     "id": "demo", "version": "1.0", "respondent_group": "youth", "languages": ["fi", "en"],
...     "title": text, "sections": [{"id": "about", "title": text, "items": [
...         {"code": "AGE", "type": "number", "minimum": 13, "text": text}]}],
... }
>>> instrument = parse_instrument(document, modules={})
>>> parse_instrument(to_document(instrument), modules={}) == instrument
True
>>> print(dump_yaml(instrument))
id: demo
version: '1.0'
respondent_group: youth
languages: [fi, en]
title:
  fi: Ikä
  en: Age
sections:
- id: about
  title:
    fi: Ikä
    en: Age
  items:
  - code: AGE
    type: number
    text:
      fi: Ikä
      en: Age
    minimum: 13
"""

from __future__ import annotations

import yaml

from instruments.model import (
    AllOf,
    Choice,
    Compare,
    Condition,
    Instrument,
    Item,
    Not,
    PairingPrompt,
    Scale,
    Section,
    Text,
)

MAX_FLOW_LIST = 8  # lists of at most this many plain values are written on one line


def to_document(instrument: Instrument) -> dict:
    """A plain dict in the instrument file format that parses back to an equal instrument."""
    document: dict = {"id": instrument.id, "version": instrument.version}
    _put(document, "theme", instrument.theme)
    document["respondent_group"] = instrument.respondent_group.value
    document["languages"] = list(instrument.languages)
    document["title"] = _text(instrument.title)
    _put(document, "description", _text(instrument.description))
    _put(document, "notes", instrument.notes)
    if instrument.choice_lists:
        document["choice_lists"] = {
            name: [_choice(choice) for choice in choice_list.choices]
            for name, choice_list in instrument.choice_lists.items()
        }
    document["sections"] = [_section(section) for section in instrument.sections]
    if instrument.scales:
        document["scales"] = [_scale(scale) for scale in instrument.scales]
    if instrument.pairing_prompts:
        document["pairing_prompts"] = [_prompt(prompt) for prompt in instrument.pairing_prompts]
    return document


def dump_yaml(instrument: Instrument) -> str:
    """The instrument as a readable YAML file (UTF-8 text, keys in the format's order)."""
    return yaml.dump(
        to_document(instrument), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110, indent=2
    )


def condition_document(condition: Condition) -> dict:
    """A condition in its YAML form, e.g. ``{"item": "Q3", "in": [1, 2]}``."""
    if isinstance(condition, Compare):
        value = list(condition.value) if condition.op in ("in", "not_in") else condition.value
        return {"item": condition.item, condition.op: value}
    if isinstance(condition, Not):
        return {"not": condition_document(condition.condition)}
    if isinstance(condition, AllOf):
        return {"all": [condition_document(part) for part in condition.conditions]}
    return {"any": [condition_document(part) for part in condition.conditions]}


def _put(document: dict, key: str, value: object) -> None:
    """Set `key` only when `value` is not empty or None, so defaults stay out of the file."""
    if value not in (None, "", (), [], {}):
        document[key] = value


def _text(text: Text | None) -> dict[str, str] | None:
    return text.as_dict() if text is not None else None


def _choice(choice: Choice) -> dict:
    document: dict = {"code": choice.code, "label": _text(choice.label)}
    if choice.missing:
        document["missing"] = True
    _put(document, "image", choice.image)
    return document


def _section(section: Section) -> dict:
    document: dict = {"id": section.id, "title": _text(section.title)}
    _put(document, "intro", _text(section.intro))
    if section.show_if is not None:
        document["show_if"] = condition_document(section.show_if)
    document["items"] = [_item(item) for item in section.items]
    return document


def _item(item: Item) -> dict:
    document: dict = {"code": item.code, "type": item.type.value}
    _put(document, "choices", item.choices)
    if item.required:
        document["required"] = True
    document["text"] = _text(item.text)
    _put(document, "help", _text(item.help))
    _put(document, "minimum", item.minimum)
    _put(document, "maximum", item.maximum)
    if item.decimal:
        document["decimal"] = True
    _put(document, "max_length", item.max_length)
    if item.show_if is not None:
        document["show_if"] = condition_document(item.show_if)
    _put(document, "xlsform_name", item.xlsform_name)
    return document


def _scale(scale: Scale) -> dict:
    document: dict = {"code": scale.code, "label": _text(scale.label)}
    _put(document, "description", _text(scale.description))
    document["items"] = list(scale.items)
    _put(document, "reverse", list(scale.reverse))
    document["method"] = scale.method
    document["min_answered"] = scale.min_answered
    if scale.percent:
        document["percent"] = True
    return document


def _prompt(prompt: PairingPrompt) -> dict:
    document: dict = {"code": prompt.code, "kind": prompt.kind, "text": _text(prompt.text)}
    _put(document, "help", _text(prompt.help))
    _put(document, "minimum", prompt.minimum)
    _put(document, "maximum", prompt.maximum)
    return document


class _Dumper(yaml.SafeDumper):
    """Short lists of plain values on one line (``languages: [fi, sv, en]``); everything else in blocks."""


def _represent_list(dumper: yaml.SafeDumper, data: list) -> yaml.Node:
    flow = len(data) <= MAX_FLOW_LIST and all(isinstance(v, (str, int, float)) and len(str(v)) < 30 for v in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = "|" if "\n" in data else None  # notes and long texts keep their lines
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(str, _represent_str)
