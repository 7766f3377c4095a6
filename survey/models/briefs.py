"""The results brief's stored parts: share links for people without an account, and the teams' own words."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey.db import Base, utcnow
from survey.models.types import Json

if TYPE_CHECKING:
    from survey.models.people import User
    from survey.models.register import Project


class BriefLink(Base):
    """A read-only link to one brief: a project's (questionnaire and waves) or, with no project, the programme's.

    Only the SHA-256 of the link's token is stored, so the link is shown once, when it is made. It works until
    the end of `expires_on` (Finnish time) unless revoked, and only while the person who made it may still see
    the brief: it never shows more than its maker may.
    """

    __tablename__ = "brief_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    instrument_id: Mapped[str] = mapped_column(String(64), default="")  # "" for the programme brief
    waves: Mapped[list[str]] = mapped_column(Json, default=list)  # the waves of a project brief, in order
    language: Mapped[str] = mapped_column(String(2), default="fi")  # the language the link opens in
    note: Mapped[str] = mapped_column(String(200), default="")  # who the link is for, in the maker's words
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    expires_on: Mapped[date]
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    project: Mapped[Project | None] = relationship()
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])

    def __repr__(self) -> str:
        return f"<BriefLink {self.id} project={self.project_id} expires={self.expires_on}>"


class BriefDescription(Base):
    """What a project did, in the team's own words, shown as theirs in the brief of one questionnaire."""

    __tablename__ = "brief_descriptions"
    __table_args__ = (UniqueConstraint("project_id", "instrument_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    instrument_id: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    def __repr__(self) -> str:
        return f"<BriefDescription project={self.project_id} {self.instrument_id}>"
