"""Managing staff users (coordinators only): create, change role and assignments, grant raw data, deactivate.

The coordinator's form becomes a :class:`UserChanges` once (:func:`parse_user_form`); the functions after it
trust it. Deactivating a user or changing what they may see ends their sessions at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from survey.accounts import auth
from survey.db import db
from survey.field_errors import FieldError
from survey.models import Project, Role, User

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class UserChanges:
    """What the coordinator set for a user."""

    email: str
    name: str
    role: Role
    all_projects: bool
    raw_data_grant: bool
    project_ids: frozenset[int]
    active: bool = True


MAX_NAME = 200


def _error(field: str, message: str) -> FieldError:
    """A problem with one field of the user form (its input's id is ``f-<field>``)."""
    return FieldError(field, message, anchor=f"f-{field}")


def parse_user_form(form: MultiDict, *, new: bool) -> tuple[UserChanges | None, list[FieldError]]:
    """The form's values, or the errors that say which field is wrong and how (translated)."""
    errors = []
    email = str(form.get("email", "")).strip().lower()[:254] if new else ""
    if new and not _EMAIL.match(email):
        errors.append(_error("email", _("Enter an email address like name@example.fi.")))
    elif new and db.session.scalar(select(User.id).where(User.email == email)) is not None:
        errors.append(_error("email", _("A user with this email address already exists.")))
    try:
        role = Role(form.get("role", ""))
    except ValueError:
        errors.append(_error("role", _("Choose a role.")))
        role = Role.TEAM_MEMBER
    name = str(form.get("name", "")).strip()
    if len(name) > MAX_NAME:  # refused, not cut: a name must not change without the person seeing it
        errors.append(_error("name", _("Write at most %(max)s characters (now %(count)s).",
                                             max=MAX_NAME, count=len(name))))  # fmt: skip
    known = set(db.session.scalars(select(Project.id)))
    chosen = {int(v) for v in form.getlist("projects") if v.isdigit()}
    if chosen - known:
        errors.append(_error("projects", _("Choose projects from the list.")))
    if errors:
        return None, errors
    changes = UserChanges(
        email=email,
        name=name,
        role=role,
        all_projects=role is Role.EVALUATOR and form.get("all_projects") == "1",
        raw_data_grant=role is not Role.COORDINATOR and form.get("raw_data_grant") == "1",
        project_ids=frozenset(chosen),
        active=new or form.get("active") == "1",
    )
    return changes, []


def create(changes: UserChanges) -> User:
    """A new user without a password (they set one from a link). Commits."""
    user = auth.create_user(changes.email, None, role=changes.role, name=changes.name)
    return update(user, changes, by=None)


def update(user: User, changes: UserChanges, by: User | None) -> User:
    """Apply `changes` (not the email address). A coordinator cannot demote or deactivate themselves. Commits."""
    if by is not None and by.id == user.id and (changes.role is not Role.COORDINATOR or not changes.active):
        raise SelfLockout(_("You cannot remove your own coordinator role or deactivate yourself."))
    narrowed = (
        user.role != changes.role
        or (user.all_projects and not changes.all_projects)
        or (user.raw_data_grant and not changes.raw_data_grant)
        or (user.active and not changes.active)
        or {p.id for p in user.projects} - changes.project_ids
    )
    user.name = changes.name
    user.role = changes.role
    user.all_projects = changes.all_projects
    user.raw_data_grant = changes.raw_data_grant
    user.active = changes.active
    user.projects = list(db.session.scalars(select(Project).where(Project.id.in_(changes.project_ids))))
    if narrowed:
        user.session_version = (user.session_version or 0) + 1  # what they may see changed: sign in again
    db.session.commit()
    return user


class SelfLockout(ValueError):
    """A coordinator tried to take away their own access."""


def all_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.active.desc(), User.email)))


def all_projects() -> list[Project]:
    return list(db.session.scalars(select(Project).order_by(Project.code)))
