"""The programme register as an Excel workbook: export, and an all-or-nothing import.

Three sheets: Projects (one row per project), Organisations (one row per implementing organisation of a
project, with its role there) and Partners (one row per named partner). Headers and classification labels are
written in the chosen language; the import reads headers, sheet names and labels in any of the three languages,
and codes too. A sector whose label two groups share (student welfare) is written with its group in brackets, and
the import also reads the sector labels of earlier versions, so that an older workbook stays valid. It checks every
row and reports every problem by sheet, row and column before changing anything.
A cell longer than its limit (:data:`CELL_LIMITS`) is refused first, alone, by place and limit: its text is
neither shown in a message nor checked further nor stored. Text is always written as text, never as a formula
(see :mod:`analysis.export.safe`).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, replace
from datetime import datetime

from flask_babel import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from analysis.export.safe import is_formula_like, xlsx_text
from instruments.model import LANGUAGES, Text
from survey.db import db, utcnow
from survey.field_errors import FieldError
from survey.i18n import current_language
from survey.models import Project
from survey.register.classification import (
    FORMER_SECTOR_LABELS,
    MINISTRIES,
    ORGANISATION_TYPES,
    RESPONDENT_GROUPS,
    SECTOR_LABELS,
    county_labels,
    label,
    sector_label,
)
from survey.register.entities import (
    Implementer,
    Partner,
    ProjectData,
    project_data,
    store_project,
    validate_project,
)

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_BYTES = 5_000_000
MAX_ROWS = 5_000
CELL_LIMIT = 1_000
CELL_LIMITS = {"description": 5_000}  # the register form's own limit for a description
"""Characters in one cell: far above every field's own limit (names 300, codes 40), so a longer cell is a
mistake or an attack, and is refused before anything echoes it."""

SHEETS = {
    "projects": Text(fi="Hankkeet", sv="Projekt", en="Projects"),
    "organisations": Text(fi="Organisaatiot", sv="Organisationer", en="Organisations"),
    "partners": Text(fi="Kumppanit", sv="Partner", en="Partners"),
}
COLUMNS = {
    "projects": {
        "code": Text(fi="Tunnus", sv="Kod", en="Code"),
        "name": Text(fi="Nimi", sv="Namn", en="Name"),
        "kind": Text(fi="Hanketyyppi", sv="Projekttyp", en="Project type"),
        "ministries": Text(fi="Rahoittava ministeriö", sv="Finansierande ministerium", en="Funding ministry"),
        "sectors": Text(fi="Sektorit", sv="Sektorer", en="Sectors"),
        "counties": Text(fi="Hyvinvointialueet", sv="Välfärdsområden", en="Wellbeing services counties"),
        "description": Text(fi="Kuvaus", sv="Beskrivning", en="Description"),
        "archived": Text(fi="Arkistoitu", sv="Arkiverat", en="Archived"),
        "respondent_groups": Text(fi="Vastaajat", sv="Svarande", en="Respondents"),
    },
    "organisations": {
        "project": Text(fi="Hankkeen tunnus", sv="Projektets kod", en="Project code"),
        "name": Text(fi="Organisaatio", sv="Organisation", en="Organisation"),
        "type": Text(fi="Organisaatiotyyppi", sv="Organisationstyp", en="Organisation type"),
        "county": Text(fi="Hyvinvointialue", sv="Välfärdsområde", en="Wellbeing services county"),
        "role": Text(fi="Rooli", sv="Roll", en="Role"),
    },
    "partners": {
        "project": Text(fi="Hankkeen tunnus", sv="Projektets kod", en="Project code"),
        "name": Text(fi="Kumppani", sv="Partner", en="Partner"),
        "county": Text(fi="Hyvinvointialue", sv="Välfärdsområde", en="Wellbeing services county"),
    },
}
OPTIONAL_COLUMNS = {"description", "archived", "counties", "respondent_groups"}
ALIASES = {"county": {"county", "alue", "område"}, "counties": {"counties", "alueet", "områden"}}  # short headers
KINDS = {
    "single": Text(fi="Yksittäishanke", sv="Enskilt projekt", en="Single project"),
    "group": Text(fi="Ryhmähanke", sv="Gruppprojekt", en="Group project"),
}
ROLES = {
    "lead": Text(fi="Hallinnoija", sv="Huvudman", en="Lead"),
    "member": Text(fi="Osatoteuttaja", sv="Delgenomförare", en="Member"),
}
SEPARATOR = re.compile(r"\s*[;,]\s*")


@dataclass(frozen=True)
class ImportProblem:
    sheet: str
    row: int  # 1-based, as Excel shows it; 0 for the whole file
    column: str  # letter and header, e.g. "C (Sectors)"
    message: str


class RegisterImportError(Exception):
    """The workbook cannot be imported; nothing was changed."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


# --- export -----------------------------------------------------------------------------------------------


def export_register(language: str) -> bytes:
    """Every project of the register (archived ones marked) as an xlsx file, headers in `language`."""
    projects = db.session.scalars(db.select(Project).order_by(Project.code)).all()
    workbook = Workbook()
    workbook.remove(workbook.active)
    rows: dict[str, list[list[str]]] = {sheet: [] for sheet in SHEETS}
    for project in projects:
        data = project_data(project)
        archived = project.archived_at.date().isoformat() if project.archived_at else ""
        rows["projects"].append(
            [
                data.code,
                data.name,
                label(KINDS, data.kind, language),
                _labels(MINISTRIES, data.ministries, language),
                "; ".join(sector_label(code, language) for code in data.sectors),
                _labels(county_labels(), data.counties, language),
                data.description,
                archived,
                _labels(RESPONDENT_GROUPS, data.respondent_groups, language),
            ]
        )
        for org in data.implementers:
            rows["organisations"].append(
                [
                    data.code,
                    org.name,
                    label(ORGANISATION_TYPES, org.organisation_type, language),
                    label(county_labels(), org.county, language),
                    label(ROLES, "lead" if org.lead else "member", language),
                ]
            )
        for partner in data.partners:
            county = label(county_labels(), partner.county, language) if partner.county else ""
            rows["partners"].append([data.code, partner.name, county])
    for sheet, title in SHEETS.items():
        worksheet = workbook.create_sheet(title.get(language))
        worksheet.append([header.get(language) for header in COLUMNS[sheet].values()])
        for row, values in enumerate(rows[sheet], start=2):
            for column, value in enumerate(values, start=1):
                _write_text(worksheet.cell(row, column), value)
        for column in range(1, len(COLUMNS[sheet]) + 1):
            worksheet.column_dimensions[get_column_letter(column)].width = 28
        worksheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _labels(table: dict[str, Text], codes, language: str) -> str:
    return "; ".join(label(table, code, language) for code in codes)


def _write_text(cell, value: str) -> None:
    """A text cell that stays text: never a formula, and quote-prefixed when it looks like one."""
    cell.value = xlsx_text(value)
    cell.data_type = "s"
    if is_formula_like(value):
        cell.quotePrefix = True


# --- import -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    """One data row of a sheet: its row number and its cells as text by field."""

    sheet: str  # the sheet's title in the file
    number: int
    cells: dict[str, str]
    letters: dict[str, str]  # field -> "C (Sectors)"

    def at(self, field: str, message: str) -> ImportProblem:
        return ImportProblem(self.sheet, self.number, self.letters.get(field, ""), message)


def import_register(content: bytes) -> int:
    """Check the workbook `content` and, only if every row is right, save its projects (commits).

    Projects are matched by code: existing ones are replaced by the file's rows, new ones added, others left
    as they are. Returns the number of projects imported; raises RegisterImportError listing every problem.
    """
    sheets = _read_sheets(content)
    problems: list[ImportProblem] = []
    entries = _parse(sheets, problems)
    existing = {p.code: p for p in db.session.scalars(db.select(Project).where(Project.code.in_(list(entries))))}
    for code, (data, rows) in entries.items():
        project = existing.get(code)
        problems += [_locate(error, rows) for error in validate_project(data, project.id if project else None)]
    problems += _conflicting_organisations(entries)
    if problems:
        raise RegisterImportError(problems)
    for code, (data, rows) in entries.items():
        project = store_project(data, existing.get(code))
        archived = bool(rows["project"].cells.get("archived"))
        project.archived_at = (project.archived_at or utcnow()) if archived else None
    db.session.commit()
    return len(entries)


def _read_sheets(content: bytes) -> dict[str, list[_Row]]:
    """The three sheets' data rows; problems with the file, its sheets or headers raise at once."""
    if len(content) > MAX_BYTES:
        raise RegisterImportError([ImportProblem("", 0, "", _("The file is larger than 5 MB."))])
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise RegisterImportError(
            [ImportProblem("", 0, "", _("The file is not an Excel workbook (.xlsx)."))]
        ) from None
    titles = {title.casefold(): title for title in workbook.sheetnames}
    found, problems = {}, []
    for sheet, names in SHEETS.items():
        title = next((titles[n.casefold()] for n in names.as_dict().values() if n.casefold() in titles), None)
        if title is None:
            message = _(
                "The sheet %(name)s is missing.",
                name=names.get("fi") + " / " + names.get("sv") + " / " + names.get("en"),
            )
            problems.append(ImportProblem("", 0, "", message))
        else:
            found[sheet] = _sheet_rows(workbook[title], sheet, problems)
    workbook.close()
    problems += _too_long(found)
    if problems:
        raise RegisterImportError(problems)
    return found


def _sheet_rows(worksheet, sheet: str, problems: list[ImportProblem]) -> list[_Row]:
    rows = worksheet.iter_rows(values_only=True, max_row=MAX_ROWS + 1)
    header = [_text(value) for value in next(rows, ())]
    fields: dict[int, str] = {}
    for index, text in enumerate(header):
        field = next(
            (f for f, names in COLUMNS[sheet].items() if text.casefold() in _names(names) | ALIASES.get(f, set())),
            None,
        )
        if field is not None:
            fields[index] = field
    for field, names in COLUMNS[sheet].items():
        if field not in fields.values() and field not in OPTIONAL_COLUMNS:
            problems.append(
                ImportProblem(worksheet.title, 1, "", _("The column %(name)s is missing.", name=names.get("en")))
            )
    letters = {field: f"{get_column_letter(i + 1)} ({header[i]})" for i, field in fields.items()}
    result = []
    for number, values in enumerate(rows, start=2):
        cells = {field: _text(values[i]) if i < len(values) else "" for i, field in fields.items()}
        if any(cells.values()):
            result.append(_Row(worksheet.title, number, cells, letters))
    return result


def _too_long(sheets: dict[str, list[_Row]]) -> list[ImportProblem]:
    """A problem for each cell longer than its limit; the cell is emptied so that no later step sees it."""
    problems = []
    for rows in sheets.values():
        for row in rows:
            for field, text in row.cells.items():
                limit = CELL_LIMITS.get(field, CELL_LIMIT)
                if len(text) > limit:
                    message = _("The cell is too long: at most %(max)s characters, now %(count)s.",
                                max=limit, count=len(text))  # fmt: skip
                    problems.append(row.at(field, message))
                    row.cells[field] = ""
    return problems


def _names(text: Text) -> set[str]:
    return {value.casefold() for value in text.as_dict().values()}


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _code(table: dict[str, Text], text: str) -> str | None:
    """The code whose code or label (in any language) is `text`, or None."""
    wanted = text.casefold()
    return next(
        (code for code, names in table.items() if wanted == code.casefold() or wanted in _names(names)), None
    )


def _codes(table: dict[str, Text], row: _Row, field: str, problems: list[ImportProblem]) -> tuple[str, ...]:
    codes = []
    for part in filter(None, SEPARATOR.split(row.cells.get(field, ""))):
        code = _code(table, part)
        if code is None:
            problems.append(row.at(field, _("Unknown value: %(value)s.", value=part)))
        else:
            codes.append(code)
    return tuple(codes)


def _sector_codes(row: _Row, problems: list[ImportProblem]) -> tuple[str, ...]:
    """Sectors by code, by label in any language (with its group in brackets where two groups share a label, as
    the export writes them) or by a label of an earlier version."""
    codes = []
    for part in filter(None, SEPARATOR.split(row.cells.get("sectors", ""))):
        matches = [code for code in SECTOR_LABELS if part.casefold() in _sector_names(code)]
        if len(matches) == 1:
            codes.append(matches[0])
        elif matches:
            names = [sector_label(code, current_language()) for code in matches]
            choices = ", ".join(names[:-1]) + " " + _("or") + " " + names[-1]
            message = _("%(value)s is a sector of several groups: write %(choices)s.", value=part, choices=choices)
            problems.append(row.at("sectors", message))
        else:
            problems.append(row.at("sectors", _("Unknown value: %(value)s.", value=part)))
    return tuple(codes)


def _sector_names(code: str) -> set[str]:
    names = {code, *FORMER_SECTOR_LABELS.get(code, ())}
    for language in LANGUAGES:
        names |= {label(SECTOR_LABELS, code, language), sector_label(code, language)}
    return {name.casefold() for name in names}


def _parse(sheets: dict[str, list[_Row]], problems: list[ImportProblem]) -> dict[str, tuple[ProjectData, dict]]:
    """ProjectData by code, with the rows each part came from (for locating validation errors)."""
    entries: dict[str, tuple[ProjectData, dict]] = {}
    for row in sheets["projects"]:
        code = row.cells.get("code", "")
        if code in entries:
            problems.append(row.at("code", _("The code %(code)s is on two rows.", code=code)))
            continue
        kind = _code(KINDS, row.cells.get("kind", "")) or row.cells.get("kind", "")
        data = ProjectData(
            code=code,
            name=row.cells.get("name", ""),
            kind=kind,
            ministries=_codes(MINISTRIES, row, "ministries", problems),
            sectors=_sector_codes(row, problems),
            counties=_codes(county_labels(), row, "counties", problems),
            description=row.cells.get("description", ""),
            respondent_groups=_codes(RESPONDENT_GROUPS, row, "respondent_groups", problems),
        )
        entries[code] = (data, {"project": row, "implementers": [], "partners": []})
    for row in sheets["organisations"]:
        if (entry := _entry_for(row, entries, problems)) is not None:
            role = _code(ROLES, row.cells.get("role", ""))
            if role is None:
                problems.append(row.at("role", _("Write the role as lead or member.")))
            org = Implementer(
                row.cells.get("name", ""),
                _code(ORGANISATION_TYPES, row.cells.get("type", "")) or "",
                _code(county_labels(), row.cells.get("county", "")) or "",
                role == "lead",
            )
            entry[1]["implementers"].append(row)
            entries[row.cells["project"]] = (_with(entry[0], implementers=(*entry[0].implementers, org)), entry[1])
    for row in sheets["partners"]:
        if (entry := _entry_for(row, entries, problems)) is not None:
            county = row.cells.get("county", "")
            partner = Partner(
                row.cells.get("name", ""), (_code(county_labels(), county) or county) if county else ""
            )
            entry[1]["partners"].append(row)
            entries[row.cells["project"]] = (_with(entry[0], partners=(*entry[0].partners, partner)), entry[1])
    return entries


def _entry_for(row: _Row, entries: dict, problems: list[ImportProblem]):
    entry = entries.get(row.cells.get("project", ""))
    if entry is None:
        problems.append(row.at("project", _("No project with this code on the Projects sheet.")))
    return entry


def _with(data: ProjectData, **changes) -> ProjectData:
    return replace(data, **changes)


FIELD_COLUMNS = {"name": "name", "type": "type", "county": "county"}


def _locate(error: FieldError, rows: dict) -> ImportProblem:
    """Where in the workbook a validation error of one project belongs."""
    parts = error.field.split("-")
    if parts[0] in ("implementer", "partner") and len(parts) == 3:
        sheet_rows = rows["implementers" if parts[0] == "implementer" else "partners"]
        return sheet_rows[int(parts[1])].at(FIELD_COLUMNS.get(parts[2], parts[2]), error.message)
    if error.field in ("implementers", "lead"):
        where = rows["implementers"][0] if rows["implementers"] else rows["project"]
        return where.at("role" if error.field == "lead" else "project", error.message)
    return rows["project"].at(error.field, error.message)


def _conflicting_organisations(entries: dict) -> list[ImportProblem]:
    """An organisation implementing several projects must have the same type and county on every row."""
    first: dict[str, tuple[str, str]] = {}
    problems = []
    for data, rows in entries.values():
        for org, row in zip(data.implementers, rows["implementers"], strict=True):
            seen = first.setdefault(org.name.casefold(), (org.organisation_type, org.county))
            if seen != (org.organisation_type, org.county):
                problems.append(
                    row.at("type", _("The organisation has another type or county on an earlier row."))
                )
    return problems
