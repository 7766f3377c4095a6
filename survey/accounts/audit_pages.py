"""The coordinator's audit log pages: the entries, newest first, filtered by action or user; the chain check."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from survey.accounts import audit as service
from survey.accounts import users
from survey.accounts.permissions import Permission, require
from survey.bounds import whole_number
from survey.db import db

bp = Blueprint("audit", __name__, url_prefix="/staff/audit")

PAGE_SIZE = 50
MAX_PAGE = 1_000_000  # 50 million entries; a page number that is not from 1 to this shows the first page


@bp.get("/")
@require(Permission.VIEW_AUDIT)
def index():
    action = request.args.get("action", "")[:60]
    user_id = whole_number(request.args.get("user", ""))
    page = whole_number(request.args.get("page", ""), MAX_PAGE) or 1
    query = service.entries_query(action, user_id)
    total = service.count(query)
    entries = db.session.scalars(query.offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    return render_template(
        "audit/list.html",
        entries=entries,
        total=total,
        page=page,
        pages=max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1),
        action=action,
        user_id=user_id,
        actions=service.actions(),
        users=users.all_users(),
    )


@bp.get("/verify")
@require(Permission.VIEW_AUDIT)
def verify():
    return render_template("audit/verify.html", check=service.verify_chain())
