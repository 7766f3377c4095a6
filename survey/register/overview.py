"""The coordinator's overview: the figures the programme reports of itself, computed live from the register.

Archived projects are left out. An implementer is an organisation implementing at least one project (counted
once however many projects it implements); a partner is a named partner of a project.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from survey.db import db
from survey.models import Organisation, Project, ProjectKind, ProjectOrganisation
from survey.register.classification import (
    GROUP_LABELS,
    MINISTRIES,
    ORGANISATION_TYPES,
    SECTOR_GROUPS,
    SECTOR_LABELS,
    county_names,
    label,
    region_name,
)

FUNDING_KEYS = ("okm", "stm", "okm+stm")


@dataclass(frozen=True)
class Count:
    code: str
    label: str
    count: int


@dataclass(frozen=True)
class SectorGroup:
    code: str
    label: str
    sectors: tuple[Count, ...]  # projects per sector
    projects: int  # projects involving any sector of the group


@dataclass(frozen=True)
class CountyCount:
    code: str
    name: str  # the county's full name
    region: str  # the shorter name of its region, for a map
    implementers: int
    partners: int


@dataclass(frozen=True)
class Overview:
    projects: int
    single: int
    group: int
    implementers: int
    partners: int
    funding: tuple[Count, ...]  # okm, stm, both
    sector_groups: tuple[SectorGroup, ...]
    organisation_types: tuple[Count, ...]  # implementers by type
    counties: tuple[CountyCount, ...]  # every county of the classification, in its order
    partners_without_county: int

    @property
    def counties_with_implementers(self) -> int:
        return sum(1 for county in self.counties if county.implementers)

    def sector_group(self, code: str) -> SectorGroup:
        return next(group for group in self.sector_groups if group.code == code)


def active_projects() -> list[Project]:
    query = (
        select(Project)
        .where(Project.archived_at.is_(None))
        .order_by(Project.code)
        .options(
            selectinload(Project.implementers).selectinload(ProjectOrganisation.organisation),
            selectinload(Project.partners),
        )
    )
    return list(db.session.scalars(query))


def build_overview(language: str) -> Overview:
    """The overview of the register's active projects, with labels in `language`."""
    projects = active_projects()
    organisations: dict[int, Organisation] = {
        link.organisation.id: link.organisation for project in projects for link in project.implementers
    }
    partners = [partner for project in projects for partner in project.partners]
    kinds = Counter(project.kind for project in projects)
    return Overview(
        projects=len(projects),
        single=kinds[ProjectKind.SINGLE],
        group=kinds[ProjectKind.GROUP],
        implementers=len(organisations),
        partners=len(partners),
        funding=_funding(projects, language),
        sector_groups=_sector_groups(projects, language),
        organisation_types=_organisation_types(organisations.values(), language),
        counties=_counties(organisations.values(), partners, language),
        partners_without_county=sum(1 for partner in partners if not partner.county),
    )


def _funding(projects: list[Project], language: str) -> tuple[Count, ...]:
    counts = Counter("+".join(project.ministries) for project in projects)
    labels = {code: label(MINISTRIES, code, language) for code in MINISTRIES}
    labels["okm+stm"] = _("Both ministries")
    return tuple(Count(key, labels[key], counts[key]) for key in FUNDING_KEYS)


def _sector_groups(projects: list[Project], language: str) -> tuple[SectorGroup, ...]:
    per_sector = Counter(sector for project in projects for sector in set(project.sectors))
    return tuple(
        SectorGroup(
            code=group,
            label=label(GROUP_LABELS, group, language),
            sectors=tuple(Count(code, label(SECTOR_LABELS, code, language), per_sector[code]) for code in codes),
            projects=sum(1 for project in projects if set(project.sectors) & set(codes)),
        )
        for group, codes in SECTOR_GROUPS.items()
    )


def _organisation_types(organisations, language: str) -> tuple[Count, ...]:
    per_type = Counter(org.organisation_type for org in organisations)
    rows = [Count(code, label(ORGANISATION_TYPES, code, language), per_type[code]) for code in ORGANISATION_TYPES]
    if unknown := sum(n for code, n in per_type.items() if code not in ORGANISATION_TYPES):
        rows.append(Count("", _("Type not known"), unknown))
    return tuple(rows)


def _counties(organisations, partners, language: str) -> tuple[CountyCount, ...]:
    implementers = Counter(org.county for org in organisations)
    partner_counts = Counter(partner.county for partner in partners)
    return tuple(
        CountyCount(code, name, region_name(code, language), implementers[code], partner_counts[code])
        for code, name in county_names(language).items()
    )
