"""Staff pages (minimal; issue 6 builds the full project pages on these): sign-in, the collections a user
may see, one collection with its link, QR code, printable poster and early closing."""

from __future__ import annotations

import io

import segno
from flask import Blueprint, Response, redirect, render_template, url_for
from flask_login import current_user

from survey import collections as service
from survey import permissions
from survey.db import db
from survey.models import Collection

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.get("/")
@permissions.staff_required
def collections():
    rows = db.session.scalars(permissions.visible_collections(current_user)).all()
    counts = {c.id: service.response_count(c) for c in rows}
    return render_template("staff/collections.html", collections=rows, counts=counts)


def _collection(collection_id: int, manage: bool = False) -> Collection:
    need = permissions.Permission.MANAGE_COLLECTIONS if manage else permissions.Permission.VIEW_RESULTS
    return permissions.collection_or_404(collection_id, need)


def respondent_url(collection: Collection) -> str:
    return url_for("respond.start", token=collection.token, _external=True)


@bp.get("/collections/<int:collection_id>")
@permissions.staff_required
def collection(collection_id: int):
    c = _collection(collection_id)
    return render_template(
        "staff/collection.html",
        collection=c,
        link=respondent_url(c),
        responses=service.response_count(c),
        can_manage=permissions.can_manage_collection(current_user, c),
    )


@bp.post("/collections/<int:collection_id>/close")
@permissions.staff_required
def close(collection_id: int):
    service.close_collection(_collection(collection_id, manage=True))
    return redirect(url_for(".collection", collection_id=collection_id))


@bp.get("/collections/<int:collection_id>/qr.<any(png, svg):kind>")
@permissions.staff_required
def qr(collection_id: int, kind: str):
    c = _collection(collection_id)
    out = io.BytesIO()
    code = segno.make(respondent_url(c), error="m")
    if kind == "png":
        code.save(out, kind="png", scale=10, border=4)
        mimetype = "image/png"
    else:
        code.save(out, kind="svg", scale=10, border=4, xmldecl=False, title=c.label or c.instrument_key)
        mimetype = "image/svg+xml"
    response = Response(out.getvalue(), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'inline; filename="arvio-{c.id}.{kind}"'
    return response


@bp.get("/collections/<int:collection_id>/poster")
@permissions.staff_required
def poster(collection_id: int):
    """A printable page for a classroom wall: title, QR code and the link written out."""
    c = _collection(collection_id)
    return render_template("staff/poster.html", collection=c, link=respondent_url(c))
