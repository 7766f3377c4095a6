"""Staff users, their roles and their project memberships."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, String, Table, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey.db import Base, utcnow
from survey.models.types import StoredEnum

if TYPE_CHECKING:
    from survey.models.register import Project


class Role(enum.StrEnum):
    """What a staff user may do; the rules themselves live in :mod:`survey.accounts.permissions`."""

    COORDINATOR = "coordinator"  # the programme: every project, the register, comparisons
    EVALUATOR = "evaluator"  # read-only: results of assigned projects (or all, with User.all_projects)
    TEAM_MEMBER = "team_member"  # a project's own collections and results


project_members = Table(
    "project_members",
    Base.metadata,
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class User(Base):
    """A staff user (respondents never have accounts)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-case
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(200))  # argon2id, see survey.accounts.passwords
    role: Mapped[Role] = mapped_column(StoredEnum(Role), default=Role.TEAM_MEMBER)
    active: Mapped[bool] = mapped_column(default=True)
    # Evaluators only: read every project, not just the assigned ones (memberships).
    all_projects: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Row-level responses (raw data) only with this explicit grant; coordinators always have it.
    raw_data_grant: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Part of the session cookie: raising it (sign-out, new password, deactivation) ends every old session.
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    language: Mapped[str] = mapped_column(String(2), default="fi")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    projects: Mapped[list[Project]] = relationship(secondary=project_members, back_populates="members")

    # Flask-Login's user protocol
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        """What the session cookie holds: the id and the session version (see :mod:`survey.accounts.auth`)."""
        return f"{self.id}:{self.session_version}"

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class PasswordLink(Base):
    """A one-time link to set a password, made by a coordinator and handed over by them (there is no mail).

    Only the SHA-256 of the link's token is stored; the link works once and until `expires_at`.
    """

    __tablename__ = "password_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id])

    def __repr__(self) -> str:
        return f"<PasswordLink user={self.user_id} expires={self.expires_at:%Y-%m-%d %H:%M}>"
