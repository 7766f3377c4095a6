"""The JSON API, ``/api/v1``: what the pages show, for scripts, R and Excel's Power Query.

Every call but the OpenAPI document needs ``Authorization: Bearer <personal token>`` (see
:mod:`survey.accounts.api_tokens`); the token's user then has exactly the permissions they have on the pages. A
browser session is not enough: cookies are never read here, which is also why the blueprint is exempt from
CSRF protection. Errors are JSON (``{"error": code, "message": text}``), never HTML; the handlers for errors
that happen before a view is found (an unknown address, a wrong method) are in :mod:`survey.error_pages`.

The document describing all of this is :mod:`survey.api.schema`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator

from flask import Blueprint, Response, abort, current_app, g, jsonify, request, stream_with_context
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from survey.accounts import audit, permissions
from survey.accounts.api_tokens import bearer_token, user_for_token
from survey.accounts.permissions import Permission, require
from survey.api.documents import collection_documents, ndjson_line, project_document
from survey.api.schema import MAX_PER_PAGE, openapi_document
from survey.bounds import MAX_ID, whole_number
from survey.collect import team
from survey.collect.collections import response_counts
from survey.db import db, streamed_reads
from survey.error_pages import api_error_response, json_error
from survey.models import Collection
from survey.results import reports
from survey.results.rows import count_rows, response_rows, utc_text
from survey.security import csrf, public_root

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # no cookie ever authenticates here, so no other site can make a browser call the API

LANGUAGES = ("fi", "sv", "en")


@bp.before_request
def authenticate_token():
    view = current_app.view_functions.get(request.endpoint or "")
    if permissions.required_permission(view) is Permission.PUBLIC:
        return None
    secret = bearer_token(request.headers.get("Authorization"))
    user = user_for_token(secret) if secret else None
    if user is None:
        response = json_error(
            401, "unauthorized", "Send a valid personal API token: Authorization: Bearer <token>."
        )
        response.headers["WWW-Authenticate"] = 'Bearer realm="arvio"'
        return response
    g._login_user = user  # Flask-Login's current user for this request only; no session is written
    return None


@bp.after_request
def no_caching(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.vary.add("Authorization")
    return response


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    return api_error_response(error)


def bad_parameter(message: str):
    abort(json_error(400, "bad_parameter", message))


def int_arg(name: str, default: int, maximum: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    value = whole_number(raw, maximum)
    if value is None:
        bad_parameter(f"{name} must be a whole number from 1 to {maximum}")
    return value


def id_list(name: str) -> list[int] | None:
    raw = request.args.getlist(name)
    if not raw:
        return None
    values = [whole_number(v, MAX_ID) for v in raw]
    if None in values:
        bad_parameter(f"every {name} must be a positive whole number")
    return values


def language_arg() -> str:
    language = request.args.get("lang") or current_user.language
    if language not in LANGUAGES:
        bad_parameter("lang must be fi, sv or en")
    return language


# Projects and collections -------------------------------------------------------------------------------


@bp.get("/openapi.json")
@require(Permission.PUBLIC)
def openapi():
    return jsonify(openapi_document(public_root()))


@bp.get("/me")
@require(Permission.SIGNED_IN)
def me():
    user = current_user
    return jsonify(id=user.id, email=user.email, name=user.name, role=user.role.value)


@bp.get("/projects")
@require(Permission.VIEW_RESULTS)
def projects():
    return jsonify([project_document(p) for p in db.session.scalars(permissions.visible_projects(current_user))])


@bp.get(f"/projects/<int(min=1, max={MAX_ID}):project_id>")
@require(Permission.VIEW_RESULTS)
def project(project_id: int):
    return jsonify(project_document(permissions.project_or_404(project_id)))


@bp.get(f"/projects/<int(min=1, max={MAX_ID}):project_id>/collections")
@require(Permission.VIEW_RESULTS)
def project_collections(project_id: int):
    project = permissions.project_or_404(project_id)
    query = permissions.visible_collections(current_user).where(Collection.project_id == project.id)
    return jsonify(collection_documents(list(db.session.scalars(query))))


@bp.get("/collections")
@require(Permission.VIEW_RESULTS)
def collections():
    return jsonify(collection_documents(list(db.session.scalars(permissions.visible_collections(current_user)))))


@bp.get(f"/collections/<int(min=1, max={MAX_ID}):collection_id>")
@require(Permission.VIEW_RESULTS)
def collection(collection_id: int):
    return jsonify(collection_documents([permissions.collection_or_404(collection_id)])[0])


@bp.get(f"/collections/<int(min=1, max={MAX_ID}):collection_id>/counts")
@require(Permission.VIEW_RESULTS)
def counts(collection_id: int):
    c = permissions.collection_or_404(collection_id)
    days = [{"date": d.day.isoformat(), "responses": d.responses} for d in team.daily_counts(c)]
    return jsonify(collection_id=c.id, total=response_counts([c])[c.id], days=days)


# Results --------------------------------------------------------------------------------------------------


def report_response(**selection) -> Response:
    try:
        results = reports.report_for(
            current_user,
            by=request.args.getlist("by"),
            scales=request.args.getlist("scale") or None,
            language=language_arg(),
            **selection,
        )
    except reports.SelectionNotFound:
        abort(404)
    except reports.SelectionError as error:
        status = 400 if error.code == "bad_column" else 422
        return json_error(status, error.code, error.message)
    released = {
        "collections": [c.id for c in results.selection.collections],
        "closed_at": utc_text(results.released_at) if results.released_at else None,
        "waiting_for": [c.id for c in results.selection.pending],  # open: analysed once they close
    }
    body = json.dumps({**finite(results.report.to_dict()), "released": released}, ensure_ascii=False)
    return Response(body, mimetype="application/json")


def finite(value: object) -> object:
    """`value` with infinite numbers as null: JSON has no Infinity (a test statistic can be one)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [finite(v) for v in value]
    return value


@bp.get(f"/collections/<int(min=1, max={MAX_ID}):collection_id>/report")
@require(Permission.VIEW_RESULTS)
def collection_report(collection_id: int):
    permissions.collection_or_404(collection_id)
    return report_response(collections=[collection_id])


@bp.get("/reports")
@require(Permission.VIEW_RESULTS)
def report():
    collection_ids, project_ids = id_list("collection"), id_list("project")
    instrument = request.args.get("instrument", "")[:64] or None
    if (collection_ids is None) == (project_ids is None) or (project_ids is not None and instrument is None):
        bad_parameter("give collection ids, or project ids and an instrument")
    waves = request.args.getlist("wave") or None
    if collection_ids is not None:
        return report_response(collections=collection_ids, waves=waves)
    return report_response(project_ids=project_ids, instrument_id=instrument, waves=waves)


# Raw responses --------------------------------------------------------------------------------------------


# A collection is one wave, so its rows have nothing to pair; /responses.ndjson gives a selection of several
# waves with pair ids. The sealed pairing codes themselves never leave the server.


@bp.get(f"/collections/<int(min=1, max={MAX_ID}):collection_id>/responses")
@require(Permission.DOWNLOAD_RAW)
def responses(collection_id: int):
    c = permissions.collection_or_404(collection_id, Permission.DOWNLOAD_RAW)
    page, per_page = int_arg("page", 1, MAX_ID), int_arg("per_page", 100, MAX_PER_PAGE)
    total = response_counts([c])[c.id]
    rows = [row for batch in response_rows([c], offset=(page - 1) * per_page, limit=per_page) for row in batch]
    details = {"page": page, "per_page": per_page, "format": "json"}
    audit.record(current_user, "api.responses", f"collection:{c.id}", details, row_count=len(rows))
    return jsonify(
        collection_id=c.id,
        page=page,
        per_page=per_page,
        total=total,
        pages=math.ceil(total / per_page),
        responses=[row.as_dict() for row in rows],
    )


@bp.get(f"/collections/<int(min=1, max={MAX_ID}):collection_id>/responses.ndjson")
@require(Permission.DOWNLOAD_RAW)
def responses_stream(collection_id: int):
    c = permissions.collection_or_404(collection_id, Permission.DOWNLOAD_RAW)
    audit.record(
        current_user, "api.responses", f"collection:{c.id}", {"format": "ndjson"},
        row_count=response_counts([c])[c.id]
    )

    batches = response_rows([c])  # the collection is read now; its responses as the lines are sent

    def lines() -> Iterator[str]:
        for batch in batches:
            yield "".join(ndjson_line(row) for row in batch)

    return Response(stream_with_context(streamed_reads(lines())), mimetype="application/x-ndjson")


@bp.get("/responses.ndjson")
@require(Permission.DOWNLOAD_RAW)
def selection_responses():
    """Every row of a selection (as ``/reports`` takes it), each with the pair id its report's pairing gave."""
    collection_ids, project_ids = id_list("collection"), id_list("project")
    instrument = request.args.get("instrument", "")[:64] or None
    if (collection_ids is None) == (project_ids is None) or (project_ids is not None and instrument is None):
        bad_parameter("give collection ids, or project ids and an instrument")
    selection = {"collections": collection_ids, "project_ids": project_ids, "instrument_id": instrument}
    try:
        chosen = reports.select_collections(current_user, waves=request.args.getlist("wave") or None, **selection)
        if not all(permissions.can_download_raw(current_user, c.project) for c in chosen.collections):
            abort(403)
        pair_ids = reports.pair_ids_for(chosen)
    except reports.SelectionNotFound:
        abort(404)
    except reports.SelectionError as error:
        return json_error(422, error.code, error.message)
    audit.record(
        current_user,
        "api.responses",
        "collections:" + ",".join(str(c.id) for c in chosen.collections),
        {"format": "ndjson", "waves": list(chosen.waves), "paired_rows": len(pair_ids)},
        row_count=count_rows(chosen.collections, released=True, now=chosen.now),
    )
    # the collections are read now, the responses (those published) as the lines are sent
    batches = response_rows(list(chosen.collections), released=True, now=chosen.now)

    def lines() -> Iterator[str]:
        for batch in batches:
            yield "".join(ndjson_line(row, pair_id=pair_ids.get(row.response_id, "")) for row in batch)

    return Response(stream_with_context(streamed_reads(lines())), mimetype="application/x-ndjson")
