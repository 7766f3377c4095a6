"""Who may do what: every staff view asks here. Respondents need no permission: the link is the key.

Coordinators see and manage everything. Team members and evaluators work on the projects they are
members of: team members run collections, evaluators read results and data.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import Select, select

from survey.models import Collection, Project, Role, User


def is_member(user: User, project: Project) -> bool:
    return any(p.id == project.id for p in user.projects)


def can_view_project(user: User, project: Project) -> bool:
    return user.role is Role.COORDINATOR or is_member(user, project)


def can_manage_collections(user: User, project: Project) -> bool:
    """Create, close and print links for a project's collections."""
    return user.role is Role.COORDINATOR or (user.role is Role.TEAM_MEMBER and is_member(user, project))


def can_view_collection(user: User, collection: Collection) -> bool:
    return can_view_project(user, collection.project)


def can_manage_collection(user: User, collection: Collection) -> bool:
    return can_manage_collections(user, collection.project)


def can_view_results(user: User, project: Project) -> bool:
    return can_view_project(user, project)


def can_edit_register(user: User) -> bool:
    return user.role is Role.COORDINATOR


def visible_projects(user: User) -> Select:
    """A query for the projects `user` may see."""
    query = select(Project).order_by(Project.code)
    if user.role is Role.COORDINATOR:
        return query
    return query.where(Project.members.any(User.id == user.id))


def visible_collections(user: User) -> Select:
    query = select(Collection).order_by(Collection.opens_at.desc(), Collection.id.desc())
    if user.role is Role.COORDINATOR:
        return query
    return query.join(Collection.project).where(Project.members.any(User.id == user.id))


def require(allowed: bool) -> None:
    """Stop the request with 403 unless `allowed`."""
    if not allowed:
        abort(403)


def staff_required(view: Callable) -> Callable:
    """A staff view: signed in (and active, which Flask-Login checks at sign-in)."""
    return login_required(view)


__all__ = [
    "can_edit_register",
    "can_manage_collection",
    "can_manage_collections",
    "can_view_collection",
    "can_view_project",
    "can_view_results",
    "current_user",
    "require",
    "staff_required",
    "visible_collections",
    "visible_projects",
]
