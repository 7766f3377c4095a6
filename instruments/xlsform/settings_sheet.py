"""The settings sheet of an XLSForm (id, version, title, default language) and the form's default language.

ODK's ``form_title`` has no language: a plain ``form_title`` is the title in the default language and in any
language of the form that has no title of its own (``form_title::sv``, ``arvio_form_title::sv``).

Plain columns (``label``, ``hint``, ``form_title``) are in the form's default language:

1. the settings sheet's ``default_language`` (``Finnish (fi)``, ``fi``, ``English``, ...);
2. else the language the caller names (``import_xlsform(default_language=...)``, ``--default-language``);
3. else, when the survey sheet has a plain ``label`` column, Finnish (with a warning that says how to change it);
4. else (every label names its language) the first language the survey's label columns name, so that a plain
   ``form_title`` goes with a form written as ``label::English (en)``, ``label::Finnish (fi)``.
"""

from __future__ import annotations

import re

from instruments.checker import VERSION
from instruments.errors import Message
from instruments.model import DEFAULT_LANGUAGE
from instruments.xlsform.aliases import SETTINGS_LEFT_OUT
from instruments.xlsform.names import identifier
from instruments.xlsform.sheets import SETTINGS, SURVEY, Problems, Row, as_text, column_of, language_of, sheet_of

SETTINGS_READ = {"form_id", "id_string", "version", "form_title", "arvio_form_title", "default_language",
                 "arvio_respondent_group", "arvio_theme", "arvio_notes", "arvio_description"}  # fmt: skip
DEFAULT_VERSION = "1"
DEFAULT_RESPONDENT_GROUP = "youth"


def read_settings(grids: dict, problems: Problems, caller_language: str | None) -> tuple[dict, str]:
    """The document fields the settings sheet gives (id, version, title, ...) and the default language: a code
    (fi, sv, en), or the name of a language Arvio does not have (its plain columns are then not read)."""
    grid = grids.get("settings", [])
    language = default_language(grid, grids.get("survey", []), problems, caller_language)
    rows = sheet_of(grid, SETTINGS, problems, language)
    settings: dict = {}
    if rows:
        row = rows[0]
        for extra in rows[1:]:
            problems.warn(
                "settings", extra.number, "-", Message("only row 2 of the settings sheet is read: left out")
            )
        _check_columns(row, problems)
        _read_row(row, settings, problems)
    if "version" not in settings:
        settings["version"] = DEFAULT_VERSION
        problems.warn(
            "settings",
            2 if rows else None,
            "version",
            Message(
                "no version: the instrument is version %(version)s (give each changed form a new one)",
                version=DEFAULT_VERSION,
            ),
        )
    return settings, language


def default_language(grid: list, survey: list, problems: Problems, caller_language: str | None) -> str:
    """The language of the plain columns (see the module's docstring)."""
    headers = [as_text(header) for header in (grid[0] if grid else ())]
    values = grid[1] if len(grid) > 1 else ()
    for header, value in zip(headers, values, strict=False):
        if "_".join(header.split()).lower() == "default_language" and as_text(value):
            return language_of(as_text(value), DEFAULT_LANGUAGE) or as_text(value)
    if caller_language is not None:
        return caller_language
    survey_headers = [as_text(header) for header in (survey[0] if survey else ())]
    double_colon = any("::" in header for header in survey_headers)
    plain, named = False, []
    for header in survey_headers:
        column = column_of(header, SURVEY, double_colon, DEFAULT_LANGUAGE) if header else None
        if column is None or column.name != "label":
            continue
        if not re.search("::" if double_colon else ":", header):
            plain = True
        elif column.language is not None:
            named.append(column.language)
    if plain or not named:
        if plain:
            problems.warn(
                "settings",
                None,
                "default_language",
                Message(
                    "the plain label columns are read as Finnish (fi): "
                    "if they are in another language, set default_language in the settings sheet"
                ),
            )
        return DEFAULT_LANGUAGE
    return named[0]


def _check_columns(row: Row, problems: Problems) -> None:
    for column, value in row.cells.items():
        name = column.name
        if (
            name in SETTINGS_READ
            or name.startswith("$")
            or (name == "style" and as_text(value).lower() == "pages")
        ):
            continue
        why = SETTINGS_LEFT_OUT.get(name, "Arvio has no use for it")
        problems.warn("settings", row.number, column.header, Message("left out: %(why)s", why=why))


def _read_row(row: Row, settings: dict, problems: Problems) -> None:
    form_id = row.text("form_id") or row.text("id_string")
    if row.text("form_id") and row.text("id_string") and row.text("form_id") != row.text("id_string"):
        problems.warn(
            "settings", row.number, row.header("id_string"), Message("left out: form_id is the form's id")
        )
    if form_id:
        settings["id"] = identifier(form_id)
        if settings["id"] != form_id:
            message = Message(
                "the form id %(form_id)s is %(settings)s in Arvio (lower-case letters, digits and _)",
                form_id=repr(form_id),
                settings=repr(settings["id"]),
            )
            problems.warn(
                "settings", row.number, row.header("form_id" if row.text("form_id") else "id_string"), message
            )
    if row.get("version") is not None:
        settings["version"] = _version(row, problems)
    fields = {"arvio_respondent_group": "respondent_group", "arvio_theme": "theme"}
    for column, key in fields.items():
        if row.get(column) is not None:
            settings[key] = row.text(column)
    if row.get("arvio_notes") is not None:
        settings["notes"] = (
            row.get("arvio_notes") if isinstance(row.get("arvio_notes"), str) else row.text("arvio_notes")
        )
    title = row.texts("form_title") | row.texts("arvio_form_title")
    if title:
        settings["title"] = title
    plain = [
        value for column, value in row.cells.items() if column.name == "form_title" and ":" not in column.header
    ]
    if plain:
        settings["any_title"] = as_text(plain[0])  # ODK's titles have no language: for any the form lacks
    if row.texts("arvio_description"):
        settings["description"] = row.texts("arvio_description")
    settings.setdefault("respondent_group", DEFAULT_RESPONDENT_GROUP)


def _version(row: Row, problems: Problems) -> str:
    """Any version with a digit: other characters than letters, digits, . - _ become ``-`` (with a warning)."""
    written = row.text("version")
    version = re.sub(r"[^0-9A-Za-z._-]+", "-", written).strip("-")
    if not VERSION.fullmatch(version):
        problems.add(
            "settings",
            row.number,
            row.header("version"),
            Message(
                "%(written)s cannot be Arvio's version: write at most 20 letters, digits, . - and _ with a digit "
                "among them, like 2026112801 or 1.2",
                written=repr(written),
            ),
        )
        return DEFAULT_VERSION
    if version != written:
        message = Message(
            "the version %(written)s is %(version)s in Arvio (letters, digits, . - and _)",
            written=repr(written),
            version=repr(version),
        )
        problems.warn("settings", row.number, row.header("version"), message)
    return version
