"""Keeping the programme register: parse, validate, save and archive project entities.

A project is entered as a :class:`ProjectData` (from the form, an Excel row set or the demo), checked as a
whole by :func:`validate_project`, which names every problem by field, and stored by :func:`save_project`.
Organisations are shared between projects and found by name; whether one leads or is a member is per project.
An organisation's type and county belong to the organisation: saving a project updates them for every project.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from survey.db import db, utcnow
from survey.field_errors import FieldError
from survey.models import Organisation, Project, ProjectKind, ProjectOrganisation, ProjectPartner
from survey.register.classification import (
    MINISTRIES,
    ORGANISATION_TYPES,
    RESPONDENT_GROUPS,
    SECTORS,
    county_labels,
)

CODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
MAX_CODE, MAX_NAME, MAX_ORGANISATION = 40, 300, 200


@dataclass(frozen=True)
class Implementer:
    name: str
    organisation_type: str
    county: str
    lead: bool = False


@dataclass(frozen=True)
class Partner:
    name: str
    county: str = ""  # optional


@dataclass(frozen=True)
class ProjectData:
    """A project as entered, before it is checked."""

    code: str
    name: str
    kind: str  # ProjectKind value
    ministries: tuple[str, ...]
    sectors: tuple[str, ...]
    counties: tuple[str, ...] = ()  # empty: the implementers' counties
    implementers: tuple[Implementer, ...] = ()
    partners: tuple[Partner, ...] = ()
    description: str = ""
    respondent_groups: tuple[str, ...] = ()  # who answers the project's questionnaires (optional)


@dataclass
class RegisterError(Exception):
    """A project that cannot be saved as entered; nothing was changed."""

    errors: list[FieldError] = field(default_factory=list)

    def __str__(self) -> str:
        return "; ".join(f"{e.field}: {e.message}" for e in self.errors)


def validate_project(data: ProjectData, project_id: int | None = None) -> list[FieldError]:
    """Every problem of `data` by field; empty when it can be saved (`project_id`: the project being edited)."""
    errors = _check_basics(data, project_id)
    errors += _check_implementers(data)
    errors += _check_partners(data)
    return errors


def _check_basics(data: ProjectData, project_id: int | None) -> list[FieldError]:
    errors = []
    if not data.code:
        errors.append(FieldError("code", _("Give the project a code.")))
    elif len(data.code) > MAX_CODE or not CODE_PATTERN.fullmatch(data.code):
        errors.append(FieldError("code", _("Use at most 40 letters, digits, dots, dashes or underscores.")))
    else:
        same = db.session.scalar(select(Project.id).where(Project.code == data.code))
        if same is not None and same != project_id:
            errors.append(FieldError("code", _("Another project already has the code %(code)s.", code=data.code)))
    if not data.name:
        errors.append(FieldError("name", _("Give the project a name.")))
    elif len(data.name) > MAX_NAME:
        errors.append(FieldError("name", _("The name is too long (at most %(max)s characters).", max=MAX_NAME)))
    if data.kind not in {kind.value for kind in ProjectKind}:
        errors.append(FieldError("kind", _("Choose whether this is a single or a group project.")))
    if not data.ministries:
        errors.append(FieldError("ministries", _("Choose the funding ministry.")))
    elif unknown := [code for code in data.ministries if code not in MINISTRIES]:
        errors.append(FieldError("ministries", _("Unknown ministry: %(codes)s.", codes=", ".join(unknown))))
    if not data.sectors:
        errors.append(FieldError("sectors", _("Choose at least one sector.")))
    elif unknown := [code for code in data.sectors if code not in SECTORS]:
        errors.append(FieldError("sectors", _("Unknown sector: %(codes)s.", codes=", ".join(unknown))))
    if unknown := [code for code in data.counties if code not in county_labels()]:
        errors.append(FieldError("counties", _("Unknown county: %(codes)s.", codes=", ".join(unknown))))
    if unknown := [code for code in data.respondent_groups if code not in RESPONDENT_GROUPS]:
        errors.append(
            FieldError("respondent_groups", _("Unknown respondent group: %(codes)s.", codes=", ".join(unknown)))
        )
    return errors


def _check_implementers(data: ProjectData) -> list[FieldError]:
    errors = []
    seen: set[str] = set()
    for number, org in enumerate(data.implementers):
        where = f"implementer-{number}"
        if not org.name:
            errors.append(FieldError(f"{where}-name", _("Give the organisation's name.")))
        elif len(org.name) > MAX_ORGANISATION:
            errors.append(
                FieldError(
                    f"{where}-name", _("The name is too long (at most %(max)s characters).", max=MAX_ORGANISATION)
                )
            )
        elif org.name.casefold() in seen:
            errors.append(FieldError(f"{where}-name", _("This organisation is listed twice.")))
        seen.add(org.name.casefold())
        if org.organisation_type not in ORGANISATION_TYPES:
            errors.append(FieldError(f"{where}-type", _("Choose the organisation's type.")))
        if org.county not in county_labels():
            errors.append(FieldError(f"{where}-county", _("Choose the organisation's county.")))
    count, leads = len(data.implementers), sum(org.lead for org in data.implementers)
    if data.kind == ProjectKind.SINGLE and count != 1:
        errors.append(FieldError("implementers", _("A single project has exactly one implementing organisation.")))
    elif data.kind == ProjectKind.GROUP and count < 2:
        errors.append(
            FieldError("implementers", _("A group project has at least two implementing organisations."))
        )
    if data.kind == ProjectKind.GROUP and count >= 2 and leads != 1:
        errors.append(FieldError("lead", _("Choose exactly one lead organisation.")))
    return errors


def _check_partners(data: ProjectData) -> list[FieldError]:
    errors = []
    implementers = {org.name.casefold() for org in data.implementers}
    seen: set[str] = set()
    for number, partner in enumerate(data.partners):
        where = f"partner-{number}"
        if not partner.name or len(partner.name) > MAX_ORGANISATION:
            errors.append(
                FieldError(
                    f"{where}-name",
                    _("Give the partner's name (at most %(max)s characters).", max=MAX_ORGANISATION),
                )
            )
        elif partner.name.casefold() in seen or partner.name.casefold() in implementers:
            errors.append(FieldError(f"{where}-name", _("This organisation is listed twice.")))
        seen.add(partner.name.casefold())
        if partner.county and partner.county not in county_labels():
            errors.append(FieldError(f"{where}-county", _("Unknown county: %(codes)s.", codes=partner.county)))
    return errors


def save_project(data: ProjectData, project: Project | None = None) -> Project:
    """Create (or update `project`) from `data` and commit; raises RegisterError, changing nothing, if invalid."""
    errors = validate_project(data, project.id if project else None)
    if errors:
        raise RegisterError(errors)
    project = store_project(data, project)
    db.session.commit()
    return project


def store_project(data: ProjectData, project: Project | None = None) -> Project:
    """Write already validated `data` into the session (no commit): for callers that save many at once."""
    if project is None:
        project = Project(code=data.code)
        db.session.add(project)
    project.code, project.name, project.kind = data.code, data.name, ProjectKind(data.kind)
    project.ministry = "+".join(code for code in MINISTRIES if code in data.ministries)
    project.sectors = [code for code in SECTORS if code in data.sectors]
    counties = data.counties or tuple(org.county for org in data.implementers)
    project.counties = [code for code in county_labels() if code in counties]
    project.description = data.description
    project.respondent_groups = [code for code in RESPONDENT_GROUPS if code in data.respondent_groups]
    _store_implementers(project, data)
    existing = {partner.name: partner for partner in project.partners}
    project.partners = [_partner(existing.get(p.name), p, position) for position, p in enumerate(data.partners)]
    db.session.flush()
    return project


def _store_implementers(project: Project, data: ProjectData) -> None:
    links = {link.organisation.name: link for link in project.implementers}
    single = data.kind == ProjectKind.SINGLE
    kept = []
    with db.session.no_autoflush:  # new links join the session with the project, after the lookups
        for position, entry in enumerate(data.implementers):
            organisation = organisation_named(entry.name)
            organisation.organisation_type, organisation.county = entry.organisation_type, entry.county
            link = links.get(entry.name) or ProjectOrganisation(organisation=organisation)
            link.lead, link.position = entry.lead or single, position
            kept.append(link)
        project.implementers = kept


def _partner(partner: ProjectPartner | None, data: Partner, position: int) -> ProjectPartner:
    partner = partner or ProjectPartner(name=data.name)
    partner.county, partner.position = data.county or None, position
    return partner


def organisation_named(name: str) -> Organisation:
    """The organisation called `name`, new if there is none (organisations are shared between projects)."""
    found = db.session.scalar(select(Organisation).where(Organisation.name == name))
    if found is None:
        found = Organisation(name=name)
        db.session.add(found)
    return found


def archive_project(project: Project) -> None:
    """Take a project out of the register's overview; its collections and data stay (commits)."""
    project.archived_at = project.archived_at or utcnow()
    db.session.commit()


def restore_project(project: Project) -> None:
    project.archived_at = None
    db.session.commit()


def project_data(project: Project) -> ProjectData:
    """The stored project as entered data: what the edit form and the Excel export start from."""
    return ProjectData(
        code=project.code,
        name=project.name,
        kind=project.kind.value,
        ministries=project.ministries,
        sectors=tuple(project.sectors),
        counties=tuple(project.counties),
        implementers=tuple(
            Implementer(
                link.organisation.name,
                link.organisation.organisation_type or "",
                link.organisation.county or "",
                link.lead,
            )
            for link in project.implementers
        ),
        partners=tuple(Partner(p.name, p.county or "") for p in project.partners),
        description=project.description,
        respondent_groups=tuple(project.respondent_groups or ()),
    )


def form_data(form: Mapping[str, str], lists: Mapping[str, Sequence[str]], rows: int) -> ProjectData:
    """ProjectData from a posted form: `form` single values, `lists` the multi-valued fields, `rows` the most
    implementer and partner rows the form had. Blank rows are left out."""

    def text(name: str, limit: int = 2000) -> str:
        return " ".join(str(form.get(name, "")).split())[:limit]

    lead = text("lead")
    implementers = tuple(
        Implementer(
            text(f"implementer-{n}-name"),
            text(f"implementer-{n}-type"),
            text(f"implementer-{n}-county"),
            lead == str(n),
        )
        for n in range(rows)
        if text(f"implementer-{n}-name") or text(f"implementer-{n}-type") or text(f"implementer-{n}-county")
    )
    partners = tuple(
        Partner(text(f"partner-{n}-name"), text(f"partner-{n}-county"))
        for n in range(rows)
        if text(f"partner-{n}-name") or text(f"partner-{n}-county")
    )
    return ProjectData(
        code=text("code", 100),
        name=text("name", 1000),
        kind=text("kind"),
        ministries=tuple(lists.get("ministries", ())),
        sectors=tuple(lists.get("sectors", ())),
        counties=tuple(lists.get("counties", ())),
        implementers=implementers,
        partners=partners,
        description=str(form.get("description", "")).strip()[:5000],
        respondent_groups=tuple(lists.get("respondent_groups", ())),
    )
