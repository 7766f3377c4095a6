"""The programme's register: project entities, their implementing organisations and their partners.

An organisation may implement several projects; whether it leads or is a member is a property of each
project-organisation link (:class:`ProjectOrganisation`). Codes of sectors, counties, ministries and
organisation types are those of :mod:`survey.register.classification`; :mod:`survey.register.entities` checks them.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey.db import Base, utcnow
from survey.models.people import project_members
from survey.models.types import Json, StoredEnum

if TYPE_CHECKING:
    from survey.models.people import User


class ProjectKind(enum.StrEnum):
    SINGLE = "single"  # run by one organisation
    GROUP = "group"  # a group project of several implementing organisations


class ProjectOrganisation(Base):
    """An organisation implementing a project, as its lead or as a member."""

    __tablename__ = "project_organisations"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    lead: Mapped[bool] = mapped_column(default=False, server_default=false())
    position: Mapped[int] = mapped_column(default=0, server_default="0")  # order as entered

    project: Mapped[Project] = relationship(back_populates="implementers")
    organisation: Mapped[Organisation] = relationship(back_populates="memberships")


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    business_id: Mapped[str | None] = mapped_column(String(20))  # Y-tunnus, when known
    organisation_type: Mapped[str | None] = mapped_column(String(40))  # classification.ORGANISATION_TYPES
    county: Mapped[str | None] = mapped_column(String(2))  # wellbeing services county code

    memberships: Mapped[list[ProjectOrganisation]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan"
    )
    projects: Mapped[list[Project]] = relationship(
        secondary="project_organisations", back_populates="organisations", viewonly=True
    )

    def __repr__(self) -> str:
        return f"<Organisation {self.name!r}>"


class ProjectPartner(Base):
    """A named partner organisation of a project (not an implementer, so not counted as one)."""

    __tablename__ = "project_partners"
    __table_args__ = (UniqueConstraint("project_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    county: Mapped[str | None] = mapped_column(String(2))
    position: Mapped[int] = mapped_column(default=0)

    project: Mapped[Project] = relationship(back_populates="partners")


class Project(Base):
    """One project entity of the programme's register."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)  # short reference used in links and exports
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[ProjectKind] = mapped_column(StoredEnum(ProjectKind), default=ProjectKind.SINGLE)
    ministry: Mapped[str | None] = mapped_column(String(100))  # funding: "okm", "stm" or "okm+stm"
    sectors: Mapped[list[str]] = mapped_column(Json, default=list)  # classification.SECTORS codes
    counties: Mapped[list[str]] = mapped_column(Json, default=list)  # wellbeing services county codes
    respondent_groups: Mapped[list[str]] = mapped_column(Json, default=list)  # who answers: RespondentGroup values
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    archived_at: Mapped[datetime | None]  # archived projects stay for their data, out of the overview

    implementers: Mapped[list[ProjectOrganisation]] = relationship(
        back_populates="project",
        cascade="all, delete-orphan",
        order_by="ProjectOrganisation.position",
    )
    organisations: Mapped[list[Organisation]] = relationship(
        secondary="project_organisations", back_populates="projects", viewonly=True
    )
    partners: Mapped[list[ProjectPartner]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectPartner.position"
    )
    members: Mapped[list[User]] = relationship(secondary=project_members, back_populates="projects")

    @property
    def ministries(self) -> tuple[str, ...]:
        """The funding ministries' codes: ("okm",), ("stm",) or ("okm", "stm")."""
        return tuple(code for code in (self.ministry or "").split("+") if code)

    @property
    def lead(self) -> Organisation | None:
        return next((link.organisation for link in self.implementers if link.lead), None)

    @property
    def archived(self) -> bool:
        return self.archived_at is not None

    def __repr__(self) -> str:
        return f"<Project {self.code}>"
