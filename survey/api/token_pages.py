"""The API page: what the JSON API offers, and the signed-in user's personal API tokens.

A new token is shown once, in the answer to the form that created it (the page is not cached); after that
only its name, its first characters and its dates are shown. Any token can be revoked at once.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from survey.accounts import api_tokens
from survey.accounts.permissions import Permission, require
from survey.api.schema import PATHS
from survey.security import public_url

bp = Blueprint("tokens", __name__, url_prefix="/staff/api")

NAME_ERRORS = {
    "name_missing": lambda: _("Give the token a name, e.g. the computer or program that uses it."),
    "name_too_long": lambda: _("The name can be at most 100 characters long."),
}


def render_page(new=None, error: str | None = None, name: str = "", status: int = 200):
    operations = [(path, item["get"]["summary"]) for path, item in PATHS.items()]
    return (
        render_template(
            "tokens/index.html",
            tokens=api_tokens.tokens_of(current_user),
            new=new,
            error=error,
            name=name,
            operations=operations,
            api_base=public_url("api.openapi").rsplit("/", 1)[0],
        ),
        status,
    )


@bp.get("/")
@require(Permission.SIGNED_IN)
def index():
    return render_page()


@bp.post("/tokens")
@require(Permission.SIGNED_IN)
def create():
    name = request.form.get("name", "")[:500]
    try:
        new = api_tokens.create_token(current_user, name)
    except api_tokens.TokenError as error:
        return render_page(error=NAME_ERRORS[error.code](), name=name, status=400)
    return render_page(new=new)


@bp.post("/tokens/<int:token_id>/revoke")
@require(Permission.SIGNED_IN)
def revoke(token_id: int):
    if not api_tokens.revoke_token(current_user, token_id):
        abort(404)
    return redirect(url_for(".index", revoked=1))
