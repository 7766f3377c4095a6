"""The coordinator's user pages: the list, a new user, one user's role, projects and grants, password links."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from survey.accounts import passwords
from survey.accounts import users as service
from survey.accounts.permissions import Permission, require
from survey.db import db
from survey.field_errors import FieldError
from survey.models import Role, User
from survey.security import public_url

bp = Blueprint("users", __name__, url_prefix="/staff/users")


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _form(user: User | None, errors=(), status: int = 200):
    return render_template(
        "users/edit.html",
        user=user,
        roles=list(Role),
        projects=service.all_projects(),
        errors=list(errors),
        form=request.form if request.method == "POST" else None,
    ), status


@bp.get("/")
@require(Permission.MANAGE_USERS)
def index():
    return render_template("users/list.html", users=service.all_users())


@bp.route("/new", methods=["GET", "POST"])
@require(Permission.MANAGE_USERS)
def new():
    if request.method == "GET":
        return _form(None)
    changes, errors = service.parse_user_form(request.form, new=True)
    if errors:
        return _form(None, errors, 400)
    user = service.create(changes)
    return _show_link(user)


@bp.route("/<int:user_id>", methods=["GET", "POST"])
@require(Permission.MANAGE_USERS)
def edit(user_id: int):
    user = _user_or_404(user_id)
    if request.method == "GET":
        return _form(user)
    changes, errors = service.parse_user_form(request.form, new=False)
    if errors:
        return _form(user, errors, 400)
    try:
        service.update(user, changes, by=current_user)
    except service.SelfLockout as refused:
        return _form(user, [FieldError("role", str(refused), anchor="f-role")], 400)
    return redirect(url_for(".index"))


@bp.post("/<int:user_id>/link")
@require(Permission.MANAGE_USERS)
def link(user_id: int):
    """A new one-time set-password link (earlier ones stop working), shown once; a reset: the user's sessions
    and API tokens end at once."""
    return _show_link(_user_or_404(user_id), reset=True)


def _show_link(user: User, reset: bool = False):
    token = passwords.create_link(user, created_by=current_user, reset=reset)
    url = public_url("account.set_password", token=token)
    return render_template(
        "users/link.html", user=user, url=url, hours=int(passwords.LINK_LIFETIME.total_seconds() // 3600)
    )
