"""An instrument as an XLSForm workbook that ODK and KoboToolbox tools read, and Arvio reads back unchanged.

The survey, choices and settings sheets follow XLSForm; what XLSForm has no words for goes in `arvio_` columns
and sheets that ODK and Kobo read past (``docs/xlsform.md``). Every text cell is written as text, so a label
that starts with ``=`` never becomes a spreadsheet formula.
"""

from __future__ import annotations

import os

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from instruments.model import YES_NO, Instrument, Item, ItemType, Section, Text
from instruments.xlsform.relevant import Question, format_number, write_constraint, write_relevant
from instruments.xlsform.sheets import HEADER_NAMES, YES_NO_LIST

XLSFORM_TYPES = {
    ItemType.SINGLE: "select_one",
    ItemType.LIKERT: "select_one",
    ItemType.YESNO: "select_one",
    ItemType.MULTIPLE: "select_multiple",
    ItemType.TEXT: "text",
    ItemType.LONGTEXT: "text",
    ItemType.INFO: "note",
}
EXPLICIT_TYPES = {ItemType.LIKERT: "likert", ItemType.YESNO: "yesno", ItemType.LONGTEXT: "longtext"}
APPEARANCES = {ItemType.LIKERT: "likert", ItemType.LONGTEXT: "multiline"}


def write_workbook(instrument: Instrument, path: str | os.PathLike) -> None:
    """Write `instrument` to an .xlsx file at `path`."""
    workbook = Workbook()
    _survey(workbook.active, instrument)
    _choices(workbook.create_sheet(), instrument)
    _settings(workbook.create_sheet(), instrument)
    if instrument.scales:
        _scales(workbook.create_sheet(), instrument)
    if instrument.pairing_prompts:
        _pairing(workbook.create_sheet(), instrument)
    workbook.save(os.fspath(path))


def _survey(sheet: Worksheet, instrument: Instrument) -> None:
    languages = instrument.languages
    headers = ["type", "name", *_translated("label", languages), *_translated("hint", languages), "required",
               "relevant", "constraint", "appearance", "arvio_type"]  # fmt: skip
    _sheet(sheet, "survey", headers)
    questions = {
        item.code: Question(item.type, _codes(instrument, item), name=item.xlsform_name)
        for item in instrument.answered_items
    }
    for section in instrument.sections:
        _append(sheet, _section_rows(section, questions, languages))


def _choices(sheet: Worksheet, instrument: Instrument) -> None:
    languages = instrument.languages
    _sheet(
        sheet, "choices", ["list_name", "name", *_translated("label", languages), "arvio_missing", "arvio_image"]
    )
    lists = dict(instrument.choice_lists)
    if any(item.type is ItemType.YESNO and not item.choices for item in instrument.items):
        lists[YES_NO_LIST] = YES_NO
    for name, choice_list in lists.items():
        rows = [[name, choice.code, *_texts(choice.label, languages), "yes" if choice.missing else "",
                 choice.image or ""] for choice in choice_list.choices]  # fmt: skip
        _append(sheet, rows)


def _section_rows(section: Section, questions: dict[str, Question], languages: tuple[str, ...]) -> list[list]:
    begin = ["begin group", section.id, *_texts(section.title, languages), *_texts(section.intro, languages), "",
             _relevant(section.show_if, questions), "", "field-list", ""]  # fmt: skip
    items = [_item_row(item, questions, languages) for item in section.items]
    return [begin, *items, ["end group", section.id]]


def _item_row(item: Item, questions: dict[str, Question], languages: tuple[str, ...]) -> list:
    xlsform_type = XLSFORM_TYPES.get(item.type) or ("decimal" if item.decimal else "integer")
    if xlsform_type.startswith("select"):
        xlsform_type += f" {item.choices or YES_NO_LIST}"
    constraint = write_constraint(item.minimum, item.maximum, item.max_length)
    return [
        xlsform_type,
        item.xlsform_name or item.code,
        *_texts(item.text, languages),
        *_texts(item.help, languages),
        "yes" if item.required else "",
        _relevant(item.show_if, questions),
        constraint,
        APPEARANCES.get(item.type, ""),
        EXPLICIT_TYPES.get(item.type, ""),
    ]


def _settings(sheet: Worksheet, instrument: Instrument) -> None:
    # ODK's form_title has one language: the first; the others go in arvio_form_title::LANG.
    first, *others = instrument.languages
    headers = ["form_id", "version", "form_title", *_translated("arvio_form_title", others), "default_language",
               "style", "arvio_respondent_group", "arvio_theme", "arvio_notes",
               *_translated("arvio_description", instrument.languages)]  # fmt: skip
    _sheet(sheet, "settings", headers)
    title, description = instrument.title, instrument.description
    values = [
        *(instrument.id, instrument.version, getattr(title, first), *_texts(title, others)),
        *(HEADER_NAMES[first], "pages", instrument.respondent_group.value, instrument.theme or ""),
        *(instrument.notes, *_texts(description, instrument.languages)),
    ]
    _append(sheet, [values])


def _scales(sheet: Worksheet, instrument: Instrument) -> None:
    languages = instrument.languages
    _sheet(
        sheet,
        "arvio_scales",
        [
            "code",
            *_translated("label", languages),
            *_translated("description", languages),
            "items",
            "reverse",
            "method",
            "min_answered",
            "percent",
        ],
    )
    names = {item.code: item.xlsform_name or item.code for item in instrument.items}
    _append(
        sheet,
        [
            [
                scale.code,
                *_texts(scale.label, languages),
                *_texts(scale.description, languages),
                " ".join(names.get(code, code) for code in scale.items),
                " ".join(names.get(code, code) for code in scale.reverse),
                scale.method,
                format_number(scale.min_answered),
                "yes" if scale.percent else "no",
            ]
            for scale in instrument.scales
        ],
    )


def _pairing(sheet: Worksheet, instrument: Instrument) -> None:
    languages = instrument.languages
    headers = ["code", "kind", *_translated("text", languages), *_translated("help", languages)]
    bounded = any(p.minimum is not None or p.maximum is not None for p in instrument.pairing_prompts)
    _sheet(sheet, "arvio_pairing", [*headers, "minimum", "maximum"] if bounded else headers)
    _append(
        sheet,
        [
            [prompt.code, prompt.kind, *_texts(prompt.text, languages), *_texts(prompt.help, languages)]
            + ([_bound(prompt.minimum), _bound(prompt.maximum)] if bounded else [])
            for prompt in instrument.pairing_prompts
        ],
    )


def _bound(value: int | None) -> int | str:
    return "" if value is None else value


def _sheet(sheet: Worksheet, title: str, headers: list[str]) -> Worksheet:
    sheet.title = title
    _append(sheet, [headers])
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers, start=1):
        width = 40 if header.split("::")[0] in ("label", "hint", "text", "help", "relevant") else 16
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
    return sheet


def _append(sheet: Worksheet, rows: list[list]) -> None:
    """Add rows of text (and whole-number codes); text starting with ``=`` stays text, never a formula."""
    start = sheet.max_row + 1 if sheet.max_row > 1 or sheet.cell(1, 1).value is not None else 1
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, start=1):
            if value in (None, ""):
                continue
            cell = sheet.cell(start + offset, column)
            if isinstance(value, int) and not isinstance(value, bool):
                cell.value = value  # a whole-number choice code; text codes such as "01" stay text
                continue
            cell.value = str(value)
            cell.data_type = "s"


def _translated(name: str, languages: tuple[str, ...]) -> list[str]:
    return [f"{name}::{HEADER_NAMES[language]}" for language in languages]


def _texts(text: Text | None, languages: tuple[str, ...]) -> list[str]:
    return [getattr(text, language) if text is not None else "" for language in languages]


def _relevant(condition, questions: dict[str, Question]) -> str:
    return write_relevant(condition, questions) if condition is not None else ""


def _codes(instrument: Instrument, item: Item) -> tuple[int | str, ...]:
    choice_list = instrument.choice_list(item)
    return tuple(choice.code for choice in choice_list.choices) if choice_list else ()
