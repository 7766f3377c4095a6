"""Who may do what: every route declares its permission here, and every object it loads goes through here.

Roles (:class:`survey.models.Role`):

- **coordinator** — the whole programme: every project, the register, users, the audit log, raw data.
- **evaluator** — read-only: results of the projects they are assigned to (project memberships), or of every
  project when their ``all_projects`` flag is set. An evaluator with neither sees no project. Raw responses
  only with an explicit ``raw_data_grant``. Evaluators (and coordinators) may make read-only links to a results
  brief for people without an account (:mod:`survey.brief.links`).
- **team member** — their own projects: collections and results; raw responses only with ``raw_data_grant``.

The programme impact page (projects' changes pooled) is for coordinators and evaluators, over the projects they
see; a team member reads their own project's change on its results page.

Each view states what it needs with ``@require(Permission.X)``. The decorator checks the role-level part before
the view runs (signed in, the right role) and marks the view so that the authorization sweep
(``tests/survey/test_authorization_sweep.py``) fails for any route that declares nothing. The object-level part
(this project, this collection) is checked when the view loads the object with :func:`project_or_404` or
:func:`collection_or_404`: an object the user may not see is *not found* (404), so that ids of other projects
do not reveal that they exist; an object they see but may not act on is *forbidden* (403).
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable

from flask import abort
from flask_login import current_user
from sqlalchemy import Select, select

from survey.accounts.auth import login_manager
from survey.db import db
from survey.models import Collection, Project, Role, User


class Permission(enum.StrEnum):
    """What a route needs. The role-level rule of each is in :func:`role_allows`."""

    PUBLIC = "public"  # anyone, no sign-in: the sign-in page, set-password links, the OpenAPI document
    SIGNED_IN = "signed_in"  # any active staff user; the view loads objects through the *_or_404 helpers
    VIEW_RESULTS = "view_results"  # read a visible project's collections, results and aggregate downloads
    MANAGE_COLLECTIONS = "manage_collections"  # create, edit, close collections of one's own projects
    DOWNLOAD_RAW = "download_raw"  # row-level responses of a visible project (coordinator or raw_data_grant)
    VIEW_PROGRAMME = "view_programme"  # programme overview and comparisons across all projects
    VIEW_IMPACT = "view_impact"  # the programme impact page over the projects one may see (not team members)
    SHARE_BRIEF = "share_brief"  # read-only links to a visible project's (or the programme's) brief
    EDIT_REGISTER = "edit_register"  # the programme register: projects, organisations, imports
    MANAGE_USERS = "manage_users"  # create users, roles, assignments, grants, set-password links
    VIEW_AUDIT = "view_audit"  # read and verify the audit log
    PUBLISH_QUESTIONNAIRES = "publish_questionnaires"  # upload, preview and publish questionnaires to the library


def is_coordinator(user: User) -> bool:
    return user.role is Role.COORDINATOR


def sees_all_projects(user: User) -> bool:
    """Coordinators, and evaluators whose ``all_projects`` flag is set."""
    return is_coordinator(user) or (user.role is Role.EVALUATOR and bool(user.all_projects))


def role_allows(user: User, permission: Permission) -> bool:
    """The role-level part of `permission` (no particular project)."""
    rule = _ROLE_RULES[Permission(permission)]
    return rule(user)


_ROLE_RULES: dict[Permission, Callable[[User], bool]] = {
    Permission.PUBLIC: lambda user: True,
    Permission.SIGNED_IN: lambda user: True,
    Permission.VIEW_RESULTS: lambda user: True,
    Permission.MANAGE_COLLECTIONS: lambda user: user.role in (Role.COORDINATOR, Role.TEAM_MEMBER),
    Permission.DOWNLOAD_RAW: lambda user: is_coordinator(user) or bool(user.raw_data_grant),
    Permission.VIEW_PROGRAMME: sees_all_projects,
    Permission.VIEW_IMPACT: lambda user: user.role in (Role.COORDINATOR, Role.EVALUATOR),
    Permission.SHARE_BRIEF: lambda user: user.role in (Role.COORDINATOR, Role.EVALUATOR),
    Permission.EDIT_REGISTER: is_coordinator,
    Permission.MANAGE_USERS: is_coordinator,
    Permission.VIEW_AUDIT: is_coordinator,
    Permission.PUBLISH_QUESTIONNAIRES: is_coordinator,
}


# Object-level rules -----------------------------------------------------------------------------------


def is_member(user: User, project: Project) -> bool:
    return any(p.id == project.id for p in user.projects)


def can_view_project(user: User, project: Project) -> bool:
    return sees_all_projects(user) or is_member(user, project)


def allows(user: User, permission: Permission, project: Project | None = None) -> bool:
    """Whether `user` has `permission`, on `project` when one is given.

    >>> from survey.models import Project, Role, User
    >>> p = Project(id=1, code="P01", name="x")
    >>> evaluator = User(role=Role.EVALUATOR, raw_data_grant=False, all_projects=False, projects=[p])
    >>> allows(evaluator, Permission.VIEW_RESULTS, p), allows(evaluator, Permission.DOWNLOAD_RAW, p)
    (True, False)
    >>> allows(evaluator, Permission.VIEW_RESULTS, Project(id=2, code="P02", name="y"))
    False
    """
    if not role_allows(user, permission):
        return False
    return project is None or can_view_project(user, project)


def can_manage_collections(user: User, project: Project) -> bool:
    """Create, close and print links for a project's collections."""
    return allows(user, Permission.MANAGE_COLLECTIONS, project)


def can_view_collection(user: User, collection: Collection) -> bool:
    return can_view_project(user, collection.project)


def can_manage_collection(user: User, collection: Collection) -> bool:
    return can_manage_collections(user, collection.project)


def can_view_results(user: User, project: Project) -> bool:
    return allows(user, Permission.VIEW_RESULTS, project)


def can_download_raw(user: User, project: Project) -> bool:
    """Row-level responses: coordinators, and others with an explicit ``raw_data_grant`` on visible projects."""
    return allows(user, Permission.DOWNLOAD_RAW, project)


def can_share_brief(user: User, project: Project | None = None) -> bool:
    """Links to a brief for people without an account: coordinators and evaluators, for projects they see;
    the programme's brief (`project` None) also needs the programme view."""
    if project is None:
        return role_allows(user, Permission.SHARE_BRIEF) and role_allows(user, Permission.VIEW_PROGRAMME)
    return allows(user, Permission.SHARE_BRIEF, project)


def can_edit_register(user: User) -> bool:
    return role_allows(user, Permission.EDIT_REGISTER)


def can_manage_users(user: User) -> bool:
    return role_allows(user, Permission.MANAGE_USERS)


def can_view_audit(user: User) -> bool:
    return role_allows(user, Permission.VIEW_AUDIT)


def can_view_programme(user: User) -> bool:
    return role_allows(user, Permission.VIEW_PROGRAMME)


def visible_projects(user: User) -> Select:
    """A query for the projects `user` may see."""
    query = select(Project).order_by(Project.code)
    if sees_all_projects(user):
        return query
    return query.where(Project.members.any(User.id == user.id))


def visible_collections(user: User) -> Select:
    query = select(Collection).order_by(Collection.opens_at.desc(), Collection.id.desc())
    if sees_all_projects(user):
        return query
    return query.join(Collection.project).where(Project.members.any(User.id == user.id))


# Loading objects in views -------------------------------------------------------------------------------


def project_or_404(project_id: int, need: Permission = Permission.VIEW_RESULTS) -> Project:
    """The project, if the signed-in user may see it (else 404) and has `need` on it (else 403)."""
    project = db.session.get(Project, project_id)
    if project is None or not can_view_project(current_user, project):
        abort(404)
    if not allows(current_user, need, project):
        abort(403)
    return project


def collection_or_404(collection_id: int, need: Permission = Permission.VIEW_RESULTS) -> Collection:
    """The collection, if the signed-in user may see its project (else 404) and has `need` on it (else 403)."""
    collection = db.session.get(Collection, collection_id)
    if collection is None or not can_view_collection(current_user, collection):
        abort(404)
    if not allows(current_user, need, collection.project):
        abort(403)
    return collection


# Declaring what a route needs ---------------------------------------------------------------------------


def require(need: Permission) -> Callable:
    """Declare and check what a view needs: ``@require(Permission.VIEW_AUDIT)``.

    Not signed in: Flask-Login's unauthorized handler answers (a redirect to the sign-in page, 401 for the
    API). Signed in without the role-level permission: 403. The decorated view carries
    ``required_permission`` for the authorization sweep.
    """
    permission = Permission(need)

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            if permission is not Permission.PUBLIC:
                if not current_user.is_authenticated:
                    return login_manager.unauthorized()
                if not role_allows(current_user, permission):
                    abort(403)
            return view(*args, **kwargs)

        wrapper.required_permission = permission
        return wrapper

    return decorate


def required_permission(view: Callable) -> Permission | None:
    """The permission a view declared with :func:`require`, or None when it declared none."""
    return getattr(view, "required_permission", None)


__all__ = [
    "Permission",
    "allows",
    "can_download_raw",
    "can_edit_register",
    "can_manage_collection",
    "can_manage_collections",
    "can_manage_users",
    "can_share_brief",
    "can_view_audit",
    "can_view_collection",
    "can_view_programme",
    "can_view_project",
    "can_view_results",
    "collection_or_404",
    "current_user",
    "project_or_404",
    "require",
    "required_permission",
    "role_allows",
    "visible_collections",
    "visible_projects",
]
