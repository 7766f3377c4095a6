"""Signing in and out, setting a password from a one-time link, and changing one's own password."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_login import current_user

from survey.accounts import auth, passwords, sign_in_limits
from survey.accounts.permissions import Permission, allows, require
from survey.models import Role

bp = Blueprint("account", __name__, url_prefix="/staff")


@bp.app_context_processor
def permission_helpers() -> dict:
    """``can(user, Permission.X)`` in every template, for showing only the links a user may follow;
    ``role_name`` and ``role_hint`` for a role in the interface language."""
    return {"can": allows, "Permission": Permission, "role_name": role_name, "role_hint": role_hint}


def role_name(role: Role | str) -> str:
    names = {
        Role.COORDINATOR: _("Coordinator"),
        Role.EVALUATOR: _("Evaluator"),
        Role.TEAM_MEMBER: _("Project team member"),
    }
    return names[Role(role)]


def role_hint(role: Role | str) -> str:
    hints = {
        Role.COORDINATOR: _("The whole programme: every project, the register, users and the audit log."),
        Role.EVALUATOR: _("Reads the results of the chosen projects (or of all projects); changes nothing."),
        Role.TEAM_MEMBER: _("Runs the data collections of the chosen projects and reads their results."),
    }
    return hints[Role(role)]


def _home() -> str:
    return url_for("staff.collections")


@bp.route("/login", methods=["GET", "POST"])
@require(Permission.PUBLIC)
def login():
    next_page = auth.safe_next(request.values.get("next"))
    if request.method == "GET" and current_user.is_authenticated:
        return redirect(next_page or _home())
    error, status = None, 200
    if request.method == "POST":
        email = request.form.get("email", "")[:254]
        verdict = sign_in_limits.check(email)
        if not verdict.allowed:
            return _too_many_attempts(verdict.wait, next_page)
        user = auth.authenticate(email, request.form.get("password", "")[:1024])
        if user is not None:
            auth.sign_in(user)
            return sign_in_limits.remember_device(redirect(next_page or _home()), user.email)
        sign_in_limits.failed(email)
        error, status = _("The email address or password is wrong."), 400
    return render_template("staff/login.html", error=error, next_page=next_page), status


def _too_many_attempts(seconds: int, next_page: str | None):
    wait = format_timedelta(timedelta(seconds=seconds), threshold=1)
    error = _("Too many sign-in attempts. Wait %(time)s and try again.", time=wait)
    page = render_template("staff/login.html", error=error, next_page=next_page)
    return page, 429, {"Retry-After": str(seconds)}


@bp.post("/logout")
@require(Permission.PUBLIC)  # signing out without a session just shows the sign-in page
def logout():
    if current_user.is_authenticated:
        auth.sign_out(current_user._get_current_object())
    return redirect(url_for(".login"))


@bp.post("/account/sign-out-everywhere")
@require(Permission.PUBLIC)  # as signing out: without a session it just shows the sign-in page
def sign_out_everywhere():
    """End every session of the user, in every browser, and revoke their API tokens."""
    if current_user.is_authenticated:
        auth.sign_out_everywhere(current_user._get_current_object())
    return redirect(url_for(".login"))


@bp.route("/password/<token>", methods=["GET", "POST"])
@require(Permission.PUBLIC)  # the link is the key
def set_password(token: str):
    link = passwords.valid_link(token)
    if link is None:
        return render_template("account/link_invalid.html"), 404
    error = None
    if request.method == "POST":
        password, confirm = request.form.get("password", "")[:2048], request.form.get("confirm", "")[:2048]
        error = passwords.password_problem(password, confirm, link.user.email)
        if error is None:
            user = passwords.use_link(link, password)
            auth.sign_in(user)
            return redirect(_home())
    return render_template("account/set_password.html", email=link.user.email, error=error), 400 if error else 200


@bp.route("/account", methods=["GET", "POST"])
@require(Permission.SIGNED_IN)
def account():
    """The signed-in user's own details and a new password (which signs out other browsers)."""
    error, error_field, done, status = None, "f-current", False, 200
    if request.method == "POST":
        current = request.form.get("current", "")[:1024]
        password, confirm = request.form.get("password", "")[:2048], request.form.get("confirm", "")[:2048]
        verdict = sign_in_limits.check(current_user.email)  # a taken-over session cannot guess the password
        if not verdict.allowed:
            wait = format_timedelta(timedelta(seconds=verdict.wait), threshold=1)
            error, status = _("Too many wrong passwords. Wait %(time)s and try again.", time=wait), 429
        elif auth.authenticate(current_user.email, current) is None:
            sign_in_limits.failed(current_user.email)
            error = _("The current password is wrong.")
        else:
            error, error_field = passwords.password_problem(password, confirm, current_user.email), "f-password"
        if error is None:
            user = passwords.change_password(current_user._get_current_object(), password)
            auth.sign_in(user)
            done = True
    status = status if status != 200 else (400 if error else 200)
    return render_template("account/account.html", error=error, error_field=error_field, done=done), status
