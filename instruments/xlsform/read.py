"""An XLSForm workbook (survey, choices, settings sheets) as an instrument document.

The document is the same plain mapping an instrument YAML file holds (see ``docs/instrument-format.md``), so the
loader validates an XLSForm exactly as it validates YAML. This module only translates; it reports what it
cannot translate (a repeat, a calculation, an unknown column with a value, an expression it does not read) with
the sheet, row and column, and never drops anything silently. ``docs/xlsform.md`` describes the mapping.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from instruments.document import condition_document
from instruments.errors import InstrumentError
from instruments.model import YES_NO, ItemType
from instruments.xlsform.relevant import Question, read_relevant
from instruments.xlsform.sheets import (
    YES_NO_LIST,
    Problems,
    Row,
    check_columns,
    default_language_of,
    read_sheets,
    sheet_of,
)
from instruments.xlsform.survey_sheet import SurveyReader, flag
from instruments.xlsform.xpath import ExpressionError

TRANSLATED = {
    "survey": {"label", "hint"},
    "choices": {"label"},
    "settings": {"form_title", "arvio_form_title", "arvio_description"},
    "arvio_scales": {"label", "description"},
    "arvio_pairing": {"text", "help"},
}
CHOICE_COLUMNS = {"list_name", "name", "label", "arvio_missing", "arvio_image"}
SETTINGS_COLUMNS = {"form_id", "id_string", "version", "form_title", "arvio_form_title", "default_language",
                    "arvio_respondent_group", "arvio_theme", "arvio_notes", "arvio_description"}  # fmt: skip
SCALE_COLUMNS = {"code", "label", "description", "items", "reverse", "method", "min_answered", "percent"}
PAIRING_COLUMNS = {"code", "kind", "text", "help"}
IGNORED = {
    "choices": {"media", "image", "audio", "video", "big-image"},
    "settings": {"style", "instance_name", "name"},
}
"""Presentation-only columns Arvio reads past (by the part of the header before ``::``)."""
DEFAULT_RESPONDENT_GROUP = "youth"
DEFAULT_VERSION = "1"


def read_document(path: str | os.PathLike, source: str | None = None) -> dict:
    """The instrument document an XLSForm file describes; :class:`InstrumentError` with every problem.

    `source` names the file in problems (by default `path`); a form without `form_id` takes its id from it.
    """
    source = source if source is not None else os.fspath(path)
    problems = Problems(source)
    grids = read_sheets(path, problems)
    if grids and "survey" not in grids:
        problems.add("survey", None, "-", "the workbook has no survey sheet")
    if problems.found:
        raise InstrumentError(problems.found)

    settings = _settings(grids, problems)
    default_language = settings.pop("default_language")
    sheets = {
        name: sheet_of(grids.get(name, []), name, problems, TRANSLATED[name], default_language)
        for name in ("survey", "choices", "arvio_scales", "arvio_pairing")
    }
    choice_lists = _choice_lists(sheets["choices"], problems)
    survey = SurveyReader(problems, choice_lists)
    survey.read(sheets["survey"])
    _read_conditions(survey, choice_lists, problems)

    languages = _languages([settings.get("title", {}), *(r for rows in sheets.values() for r in rows)])
    document: dict = {
        "id": settings.pop("id", None) or id_from_file_name(Path(source).stem),
        "version": settings.pop("version", DEFAULT_VERSION),
        "respondent_group": settings.pop("respondent_group", DEFAULT_RESPONDENT_GROUP),
        "languages": languages,
        **settings,
        "choice_lists": {name: choices for name, choices in choice_lists.items() if name != YES_NO_LIST},
        "sections": survey.sections,
    }
    document.setdefault("title", {language: document["id"] for language in languages})
    for section in survey.untitled:
        section["title"] = document["title"]
    if "arvio_scales" in grids:
        document["scales"] = _records(sheets["arvio_scales"], SCALE_COLUMNS, problems, _scale)
    if "arvio_pairing" in grids:
        document["pairing_prompts"] = _records(sheets["arvio_pairing"], PAIRING_COLUMNS, problems, _prompt)
    if problems.found:
        raise InstrumentError(problems.found)
    return document


def id_from_file_name(stem: str) -> str:
    """The id a form without `form_id` gets from its file name, made into lower-case letters, digits and _.

    >>> id_from_file_name("Nuorten kysely 2025 (1)"), id_from_file_name("2025-survey")
    ('nuorten_kysely_2025_1', 'form_2025_survey')
    """
    words = re.sub(r"[^a-z0-9]+", "_", stem.lower()).strip("_") or "form"
    return words if words[0].isalpha() else f"form_{words}"


def _languages(sources: list) -> list[str]:
    """The languages of every text given, in the order columns first name them."""
    found: list[str] = []
    for source in sources:
        keys = source.keys() if isinstance(source, dict) else (c.language for c in source.cells)
        found.extend(key for key in keys if key and key not in found)
    return found


def _settings(grids: dict, problems: Problems) -> dict:
    """The first data row of the settings sheet as document fields, plus ``default_language``."""
    grid = grids.get("settings", [])
    headers = [str(h).strip().lower() for h in (grid[0] if grid else ())]
    plain = dict(zip(headers, grid[1] if len(grid) > 1 else (), strict=False))
    try:
        default_language = default_language_of(_blank_to_none(plain.get("default_language")))
    except ValueError as error:
        problems.add("settings", 2, "default_language", str(error))
        default_language = "fi"
    rows = sheet_of(grid, "settings", problems, TRANSLATED["settings"], default_language)
    settings: dict = {"default_language": default_language}
    if not rows:
        return settings
    row = rows[0]
    for extra in rows[1:]:
        problems.add("settings", extra.number, "-", "the settings sheet has one row of values (row 2)")
    check_columns(row, SETTINGS_COLUMNS, IGNORED["settings"], problems)
    fields = {"form_id": "id", "id_string": "id", "version": "version", "arvio_respondent_group":
              "respondent_group", "arvio_theme": "theme", "arvio_notes": "notes"}  # fmt: skip
    for column, key in fields.items():
        if row.get(column) is not None:
            settings[key] = row.get(column) if key == "notes" else row.text(column)
    title = row.texts("form_title") | row.texts("arvio_form_title")
    if title:
        settings["title"] = title
    if row.texts("arvio_description"):
        settings["description"] = row.texts("arvio_description")
    return settings


def _choice_lists(rows: list[Row], problems: Problems) -> dict[str, list[dict]]:
    lists: dict[str, list[dict]] = {}
    for row in rows:
        check_columns(row, CHOICE_COLUMNS, IGNORED["choices"], problems)
        name, code = row.text("list_name"), row.get("name")
        if not name or code is None:
            missing = "list_name" if not name else "name"
            problems.add("choices", row.number, missing, f"a choice needs a {missing}")
            continue
        choice: dict = {"code": code if isinstance(code, int) else row.text("name"), "label": row.texts("label")}
        if row.get("arvio_missing") is not None:
            choice["missing"] = flag(row, "arvio_missing", problems)
        if row.get("arvio_image") is not None:
            choice["image"] = row.text("arvio_image")
        lists.setdefault(name, []).append(choice)
    for choices in lists.values():
        _whole_number_codes(choices)
    return lists


def _whole_number_codes(choices: list[dict]) -> None:
    """Codes typed as text (``'1'``) are whole numbers, unless the list keeps text codes like ``01``.

    A number cell is always a whole-number code; a list with any text code that is not a plain whole number
    (``01``, ``dk``) keeps all its text codes as text, so county codes ``01`` ... ``21`` stay text.

    >>> choices = [{"code": "1"}, {"code": 2}]
    >>> _whole_number_codes(choices); choices
    [{'code': 1}, {'code': 2}]
    >>> choices = [{"code": "01"}, {"code": "10"}]
    >>> _whole_number_codes(choices); choices
    [{'code': '01'}, {'code': '10'}]
    """
    texts = [choice for choice in choices if isinstance(choice["code"], str)]
    if all(re.fullmatch(r"-?(0|[1-9][0-9]*)", choice["code"]) for choice in texts):
        for choice in texts:
            choice["code"] = int(choice["code"])


def _read_conditions(survey: SurveyReader, choice_lists: dict[str, list[dict]], problems: Problems) -> None:
    """Turn every `relevant` into a ``show_if``, once all questions (and their codes) are known."""
    questions = {}
    for code, (type_name, list_name) in survey.questions.items():
        if type_name not in {t.value for t in ItemType}:
            continue  # a wrong arvio_type, reported already
        item_type = ItemType(type_name)
        if item_type is ItemType.YESNO and list_name in (None, YES_NO_LIST):
            codes = tuple(choice.code for choice in YES_NO.choices)
        else:
            codes = tuple(choice["code"] for choice in choice_lists.get(list_name or "", []))
        questions[code] = Question(item_type, codes)
    for row, target in survey.relevant:
        try:
            target["show_if"] = condition_document(read_relevant(row.text("relevant"), questions))
        except ExpressionError as error:
            problems.add("survey", row.number, row.header("relevant"), str(error))


def _records(rows: list[Row], allowed: set[str], problems: Problems, build) -> list[dict]:
    records = []
    for row in rows:
        check_columns(row, allowed, set(), problems)
        records.append(build(row, problems))
    return records


def _scale(row: Row, problems: Problems) -> dict:
    scale: dict = {"code": row.text("code"), "label": row.texts("label")}
    if row.texts("description"):
        scale["description"] = row.texts("description")
    for key in ("items", "reverse"):
        if row.get(key) is not None:
            scale[key] = row.text(key).replace(",", " ").split()
    if row.get("method") is not None:
        scale["method"] = row.text("method")
    if row.get("min_answered") is not None:
        scale["min_answered"] = _number(row, "min_answered", problems)
    if row.get("percent") is not None:
        scale["percent"] = flag(row, "percent", problems)
    return scale


def _prompt(row: Row, problems: Problems) -> dict:
    prompt: dict = {"code": row.text("code"), "kind": row.text("kind"), "text": row.texts("text")}
    if row.texts("help"):
        prompt["help"] = row.texts("help")
    return prompt


def _number(row: Row, column: str, problems: Problems) -> object:
    value = row.get(column)
    if isinstance(value, str):
        try:
            return float(value.replace(",", "."))
        except ValueError:
            problems.add(row.sheet, row.number, row.header(column), f"expected a number, got {value!r}")
    return value


def _blank_to_none(value: object) -> object:
    return None if value is None or str(value).strip() == "" else value
