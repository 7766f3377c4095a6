"""An XLSForm workbook (survey, choices, settings sheets) as an instrument document.

The document is the same plain mapping an instrument YAML file holds (see ``docs/instrument-format.md``), so the
loader validates an XLSForm exactly as it validates YAML. The pipeline, top to bottom: read the sheets; the
settings and the default language (:mod:`~instruments.xlsform.settings_sheet`); the rows of every sheet with their
languages (:mod:`~instruments.xlsform.sheets`); the choice lists; the survey's pages and items
(:mod:`~instruments.xlsform.survey_sheet`); the conditions, once every question is known; Arvio's own scale and
pairing sheets. What cannot be translated is a problem naming sheet, row and column; what is left out (metadata,
presentation columns, languages Arvio does not have, and with `skip_unsupported` the rows Arvio cannot ask) is a
warning. ``docs/xlsform.md`` describes the mapping.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from instruments.document import condition_document
from instruments.errors import InstrumentError, Message, Problem
from instruments.xlsform.names import identifier
from instruments.xlsform.pages import Target
from instruments.xlsform.places import Places
from instruments.xlsform.relevant import read_relevant
from instruments.xlsform.settings_sheet import read_settings
from instruments.xlsform.sheets import (
    CHOICES,
    PAIRING,
    SCALES,
    SURVEY,
    YES_NO_LIST,
    Problems,
    Row,
    flag_of,
    read_sheets,
    sheet_of,
)
from instruments.xlsform.survey_sheet import SurveyReader
from instruments.xlsform.xpath import ExpressionError

CHOICE_COLUMNS = {"list_name", "name", "label", "arvio_missing", "arvio_image"}
SCALE_COLUMNS = {"code", "label", "description", "items", "reverse", "method", "min_answered", "percent"}
PAIRING_COLUMNS = {"code", "kind", "text", "help", "minimum", "maximum"}
UNUSED_SHEETS = {
    "external_choices": Message("select_one_external is not supported"),
    "entities": Message("Arvio does not update ODK entities"),
    "osm": Message("OpenStreetMap questions are not supported"),
}
REFERENCE = re.compile(r"\$\{\s*([^}\s]+)\s*\}")


def read_document(
    path: str | os.PathLike,
    source: str | None = None,
    *,
    skip_unsupported: bool = False,
    default_language: str | None = None,
    warnings: list[Problem] | None = None,
) -> tuple[dict, Places]:
    """The instrument document an XLSForm file describes, and where each part of it came from.

    Raises :class:`InstrumentError` listing every problem. The warnings (what was left out) are appended to
    `warnings`, also when the file has problems. `source` names the file in messages (by default `path`); a form
    without `form_id` takes its id from it.
    """
    source = source if source is not None else os.fspath(path)
    problems = Problems(source)
    try:
        return _read(path, source, problems, skip_unsupported, default_language)
    finally:
        if warnings is not None:
            warnings.extend(problems.warnings)


def _read(path, source: str, problems: Problems, skip: bool, caller_language: str | None) -> tuple[dict, Places]:
    grids = read_sheets(path, problems)
    if grids and "survey" not in grids:
        problems.add("survey", None, "-", Message("the workbook has no survey sheet"))
    _raise_if_any(problems)
    for name, why in UNUSED_SHEETS.items():
        if any(cell not in (None, "") for row in grids.get(name, [])[1:] for cell in row):
            problems.warn(name, None, "-", Message("the sheet is left out: %(why)s", why=why))
    settings, language = read_settings(grids, problems, caller_language)
    sheets = {
        spec.name: sheet_of(grids.get(spec.name, []), spec, problems, language)
        for spec in (SURVEY, CHOICES, SCALES, PAIRING)
    }
    languages = _languages([settings.get("title", {}), *(row for rows in sheets.values() for row in rows)])
    _foreign_languages(problems, languages)
    choice_lists, list_names, list_rows = _choice_lists(sheets["choices"], problems)
    survey = SurveyReader(problems, choice_lists, list_names, languages, skip)
    survey.read(sheets["survey"])
    _read_conditions(survey, problems, skip)

    document = _document(settings, languages, Path(source).stem, survey, choice_lists, problems)
    places = Places(problems.headers, dict(survey.places), {}, list_rows)
    places.sections = {
        page.document["id"]: page.row.number if page.row else None
        for page in survey.pages.pages
        if "id" in page.document
    }
    names = {name: question.code or name for name, question in survey.questions.items()}
    if "arvio_scales" in grids:
        document["scales"] = _records(
            sheets["arvio_scales"], SCALE_COLUMNS, problems, _scale, names, places.scales
        )
    if "arvio_pairing" in grids:
        document["pairing_prompts"] = _records(
            sheets["arvio_pairing"], PAIRING_COLUMNS, problems, _prompt, names, places.prompts
        )
    _raise_if_any(problems)
    return document, places


def _document(
    settings: dict,
    languages: list[str],
    file_name: str,
    survey: SurveyReader,
    choice_lists: dict,
    problems: Problems,
) -> dict:
    """The instrument document: the settings, the form's title in every language, the pages, the lists used."""
    form_id = settings.pop("id", None) or identifier(file_name)
    any_title = settings.pop("any_title", None) or form_id
    own_title = settings.pop("title", {})
    title = own_title | {language: any_title for language in languages if language not in own_title}
    sections, empty = survey.pages.sections(title)
    for page in empty:
        where = page.row.number if page.row else None
        problems.warn("survey", where, "type", Message("nothing on this page can be asked any more: left out"))
    if not problems.found and not sections:
        problems.add("survey", None, "type", Message("the form has no question Arvio can ask"))
    elif not problems.found and not languages:
        problems.add(
            "survey", 1, "label", Message("the survey sheet has no labels: add a label column, e.g. label::fi")
        )
    used = _used(sections)
    return {
        "id": form_id,
        "version": settings.pop("version"),
        "respondent_group": settings.pop("respondent_group", "youth"),
        "languages": languages,
        "title": title,
        **settings,
        "choice_lists": {name: choice_lists[name] for name in choice_lists if name in used},
        "sections": sections,
    }


def _used(sections: list[dict]) -> set[str]:
    """The choice lists the questions use: a list no question uses (or Arvio's yes/no list) is not kept."""
    return {item["choices"] for section in sections for item in section["items"] if "choices" in item} - {
        YES_NO_LIST
    }


def _raise_if_any(problems: Problems) -> None:
    if problems.found:
        raise InstrumentError(problems.found)


def _languages(sources: list) -> list[str]:
    """The languages of every text given, in the order columns first name them."""
    found: list[str] = []
    for source in sources:
        keys = source.keys() if isinstance(source, dict) else (c.language for c in source.cells)
        found.extend(key for key in keys if key and key not in found)
    return found


def _foreign_languages(problems: Problems, languages: list[str]) -> None:
    """Columns in languages Arvio does not have: left out when the form has fi, sv or en texts, else refused."""
    for (sheet, header), language in problems.foreign.items():
        if languages:
            problems.warn(
                sheet,
                1,
                header,
                Message(
                    "left out: %(language)s is not a language Arvio has (fi, sv, en)", language=repr(language)
                ),
            )
        else:
            plain = "" if ":" in header else Message(" (the default_language of the settings sheet)")
            problems.add(
                sheet,
                1,
                header,
                Message(
                    "%(language)s%(plain)s is not a language Arvio has: Arvio asks in Finnish, Swedish"
                    " and English; add label columns such as label::Finnish (fi)",
                    language=repr(language),
                    plain=plain,
                ),
            )


def _choice_lists(rows: list[Row], problems: Problems) -> tuple[dict, dict, dict]:
    """The choice lists by Arvio name, the sheet's list names -> Arvio names, and each list's rows."""
    lists: dict[str, list[dict]] = {}
    names: dict[str, str] = {}
    list_rows: dict[str, list[int]] = {}
    for row in rows:
        _check_columns(row, CHOICE_COLUMNS, problems, Message("not used by Arvio (choice filters are left out)"))
        raw, code = row.text("list_name"), row.get("name")
        if not raw or code is None:
            missing = "list_name" if not raw else "name"
            problems.add(
                "choices",
                row.number,
                row.header(missing),
                Message("a choice needs a %(missing)s", missing=missing),
            )
            continue
        if raw not in names:
            name = identifier(raw, "list")
            while name in list_rows:
                name += "_"
            names[raw] = name
            list_rows[name] = []
        choice: dict = {"code": code if isinstance(code, int) else row.text("name"), "label": row.texts("label")}
        if row.get("arvio_missing") is not None:
            choice["missing"] = _flag(row, "arvio_missing", problems)
        if row.get("arvio_image") is not None:
            choice["image"] = row.text("arvio_image")
        lists.setdefault(names[raw], []).append(choice)
        list_rows[names[raw]].append(row.number)
    for choices in lists.values():
        _whole_number_codes(choices)
    return lists, names, list_rows


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
    if all(re.fullmatch(r"-?(0|[1-9][0-9]{0,8})", choice["code"]) for choice in texts):
        for choice in texts:
            choice["code"] = int(choice["code"])


def _read_conditions(survey: SurveyReader, problems: Problems, skip: bool) -> None:
    """Every page's and item's ``show_if``, from the `relevant` of its own row and the groups around it.

    Targets are read in the order they were made, so a condition that cannot be kept (with `skip`) leaves out
    what it applies to before anything later refers to that.
    """
    read: dict[int, dict | str | None] = {}  # row -> condition document, or why it cannot be kept
    for target in survey.pages.targets:
        if target.page is not None and target.page.left_out:
            _leave_out(
                survey,
                target,
                Message("is on a page left out (survey row %(number)s)", number=target.page.row.number),
            )
            continue
        if target.needs is not None and target.needs in survey.left_out:
            _leave_out(survey, target, survey.left_out[target.needs])
            continue
        parts = list(target.extra)
        failed = None
        for row in target.rows:
            if row.number not in read:
                read[row.number] = _relevant(row, survey, problems, skip)
            result = read[row.number]
            if isinstance(result, str):
                failed = row
            elif result is not None:
                parts.append(result)
        if failed is not None and skip:
            _leave_out(
                survey,
                target,
                Message("is left out (survey row %(number)s: its condition cannot be kept)", number=failed.number),
            )
        elif parts:
            target.document["show_if"] = parts[0] if len(parts) == 1 else {"all": _flat(parts)}


def _relevant(row: Row, survey: SurveyReader, problems: Problems, skip: bool) -> dict | str | None:
    text = row.text("relevant")
    if any(name in survey.broken for name in REFERENCE.findall(text)):
        return None  # it refers to a question with problems of its own, already reported
    try:
        return condition_document(read_relevant(text, survey.questions, survey.left_out))
    except ExpressionError as error:
        if skip:
            message = Message(
                "%(error)s: the condition cannot be kept, so what it applies to is left out", error=error.message
            )
            problems.warn("survey", row.number, row.header("relevant"), message)
        else:
            problems.add("survey", row.number, row.header("relevant"), error.message)
        return error.message


def _leave_out(survey: SurveyReader, target: Target, why: str) -> None:
    target.left_out = True
    if target.name is not None:
        survey.left_out[target.name] = why


def _flat(parts: list[dict]) -> list[dict]:
    return [inner for part in parts for inner in (part["all"] if list(part) == ["all"] else [part])]


def _check_columns(row: Row, allowed: set[str], problems: Problems, why: str) -> None:
    for column in row.cells:
        if column.name not in allowed and not column.name.startswith("$"):
            reason = Message("Arvio does not show media files") if column.name == "media" else why
            problems.left_out(row.sheet, column.header, reason, row.number)


def _records(rows: list[Row], allowed: set[str], problems: Problems, build, names: dict, places: dict) -> list:
    records = []
    for row in rows:
        _check_columns(row, allowed, problems, "not a column of this sheet")
        record = build(row, problems, names)
        records.append(record)
        places.setdefault(record["code"], row.number)
    return records


def _scale(row: Row, problems: Problems, names: dict[str, str]) -> dict:
    scale: dict = {"code": row.text("code"), "label": row.texts("label")}
    if row.texts("description"):
        scale["description"] = row.texts("description")
    for key in ("items", "reverse"):
        if row.get(key) is not None:
            scale[key] = [names.get(name, name) for name in row.text(key).replace(",", " ").split()]
    if row.get("method") is not None:
        scale["method"] = row.text("method")
    if row.get("min_answered") is not None:
        scale["min_answered"] = _number(row, "min_answered", problems)
    if row.get("percent") is not None:
        scale["percent"] = _flag(row, "percent", problems)
    return scale


def _prompt(row: Row, problems: Problems, names: dict[str, str]) -> dict:
    prompt: dict = {"code": row.text("code"), "kind": row.text("kind"), "text": row.texts("text")}
    if row.texts("help"):
        prompt["help"] = row.texts("help")
    for bound in ("minimum", "maximum"):
        if row.text(bound):
            value = _number(row, bound, problems)
            prompt[bound] = int(value) if isinstance(value, float) and value.is_integer() else value
    return prompt


def _flag(row: Row, column: str, problems: Problems) -> bool:
    value = flag_of(row.get(column), row.text(column))
    if value is None:
        problems.add(
            row.sheet,
            row.number,
            row.header(column),
            Message("expected yes or no, got %(column)s", column=repr(row.text(column))),
        )
    return bool(value)


def _number(row: Row, column: str, problems: Problems) -> object:
    value = row.get(column)
    if isinstance(value, str):
        try:
            return float(value.replace(",", "."))
        except ValueError:
            problems.add(
                row.sheet,
                row.number,
                row.header(column),
                Message("expected a number, got %(value)s", value=repr(value)),
            )
    return value
