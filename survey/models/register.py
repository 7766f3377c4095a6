"""The programme's register: project entities and their implementing organisations."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey.db import Base, utcnow
from survey.models.people import project_members
from survey.models.types import Json, StoredEnum

if TYPE_CHECKING:
    from survey.models.people import User


class ProjectKind(enum.StrEnum):
    SINGLE = "single"  # run by one organisation
    GROUP = "group"  # a group project of several implementing organisations


project_organisations = Table(
    "project_organisations",
    Base.metadata,
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True),
)


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    business_id: Mapped[str | None] = mapped_column(String(20))  # Y-tunnus, when known

    projects: Mapped[list[Project]] = relationship(secondary=project_organisations, back_populates="organisations")

    def __repr__(self) -> str:
        return f"<Organisation {self.name!r}>"


class Project(Base):
    """One project entity of the programme's register."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)  # short reference used in links and exports
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[ProjectKind] = mapped_column(StoredEnum(ProjectKind), default=ProjectKind.SINGLE)
    ministry: Mapped[str | None] = mapped_column(String(100))  # the funding ministry
    sectors: Mapped[list[str]] = mapped_column(Json, default=list)  # education, social, health, leisure, ...
    counties: Mapped[list[str]] = mapped_column(Json, default=list)  # wellbeing services counties
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisations: Mapped[list[Organisation]] = relationship(
        secondary=project_organisations, back_populates="projects"
    )
    members: Mapped[list[User]] = relationship(secondary=project_members, back_populates="projects")

    def __repr__(self) -> str:
        return f"<Project {self.code}>"
