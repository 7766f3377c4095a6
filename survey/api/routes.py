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
from datetime import datetime

from flask import Blueprint, Response, abort, current_app, g, jsonify, request, stream_with_context
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.exceptions import HTTPException

from survey.accounts import audit, permissions
from survey.accounts.api_tokens import bearer_token, user_for_token
from survey.accounts.permissions import Permission, require
from survey.api.schema import MAX_PER_PAGE, openapi_document
from survey.bounds import MAX_ID, whole_number
from survey.collect import team
from survey.db import db
from survey.error_pages import api_error_response, json_error
from survey.models import Collection, Project
from survey.models import Response as StoredResponse
from survey.results import reports
from survey.results.dataset import collection_name
from survey.security import csrf, public_root

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # no cookie ever authenticates here, so no other site can make a browser call the API

LANGUAGES = ("fi", "sv", "en")
STREAM_BATCH = 1000


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


def utc_text(moment: datetime) -> str:
    """A stored (naive UTC) time as RFC 3339 text, to the second: ``2026-11-02T09:00:00Z``."""
    return moment.replace(microsecond=0).isoformat() + "Z"


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


def project_json(project: Project) -> dict:
    return {
        "id": project.id,
        "code": project.code,
        "name": project.name,
        "kind": project.kind.value,
        "sectors": list(project.sectors or []),
        "counties": list(project.counties or []),
        "raw_data": permissions.can_download_raw(current_user, project),
    }


def response_counts(collections: list[Collection]) -> dict[int, int]:
    ids = [c.id for c in collections]
    if not ids:
        return {}
    query = (
        select(StoredResponse.collection_id, func.count())
        .where(StoredResponse.collection_id.in_(ids))
        .group_by(StoredResponse.collection_id)
    )
    return {collection_id: n for collection_id, n in db.session.execute(query)}


def collections_json(collections: list[Collection]) -> list[dict]:
    counts = response_counts(collections)
    return [
        {
            "id": c.id,
            "project_id": c.project_id,
            "project_code": c.project.code,
            "label": c.label,
            "instrument_id": c.instrument_id,
            "instrument_version": c.instrument_version,
            "wave": c.wave,
            "respondent_group": c.respondent_group,
            "languages": list(c.languages),
            "status": c.status().value,
            "opens_at": utc_text(c.opens_at),
            "closes_at": utc_text(c.closes_at) if c.closes_at else None,
            "responses": counts.get(c.id, 0),
        }
        for c in collections
    ]


@bp.get("/projects")
@require(Permission.VIEW_RESULTS)
def projects():
    return jsonify([project_json(p) for p in db.session.scalars(permissions.visible_projects(current_user))])


@bp.get(f"/projects/<int(min=1, max={MAX_ID}):project_id>")
@require(Permission.VIEW_RESULTS)
def project(project_id: int):
    return jsonify(project_json(permissions.project_or_404(project_id)))


@bp.get(f"/projects/<int(min=1, max={MAX_ID}):project_id>/collections")
@require(Permission.VIEW_RESULTS)
def project_collections(project_id: int):
    project = permissions.project_or_404(project_id)
    query = permissions.visible_collections(current_user).where(Collection.project_id == project.id)
    return jsonify(collections_json(list(db.session.scalars(query))))


@bp.get("/collections")
@require(Permission.VIEW_RESULTS)
def collections():
    return jsonify(collections_json(list(db.session.scalars(permissions.visible_collections(current_user)))))


@bp.get(f"/collections/<int(min=1, max={MAX_ID}):collection_id>")
@require(Permission.VIEW_RESULTS)
def collection(collection_id: int):
    return jsonify(collections_json([permissions.collection_or_404(collection_id)])[0])


@bp.get(f"/collections/<int(min=1, max={MAX_ID}):collection_id>/counts")
@require(Permission.VIEW_RESULTS)
def counts(collection_id: int):
    c = permissions.collection_or_404(collection_id)
    days = [{"date": d.day.isoformat(), "responses": d.responses} for d in team.daily_counts(c)]
    return jsonify(collection_id=c.id, total=response_total(c), days=days)


# Results --------------------------------------------------------------------------------------------------


def report_response(**selection) -> Response:
    try:
        report, _table = reports.report_for(
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
    body = json.dumps(finite(report.to_dict()), ensure_ascii=False)
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


def responses_query(collection_id: int):
    return (
        select(
            StoredResponse.id,
            StoredResponse.submitted_at,
            StoredResponse.language,
            StoredResponse.pairing_code_hash,
            StoredResponse.answers,
        )
        .where(StoredResponse.collection_id == collection_id)
        .order_by(StoredResponse.submitted_at, StoredResponse.id)
    )


def row_fields(c: Collection) -> dict:
    """What every row of one collection shares (the same columns as the workbook's Responses sheet)."""
    return {"project": c.project.code, "collection": collection_name(c), "wave": c.wave}


def response_json(shared: dict, values) -> dict:
    response_id, submitted_at, language, pairing, answers = values
    return {
        "response_id": response_id,
        **shared,
        "submitted_at": utc_text(submitted_at),
        "language": language,
        "pairing_code": pairing or "",
        "answers": answers or {},
    }


def response_total(c: Collection) -> int:
    query = select(func.count()).where(StoredResponse.collection_id == c.id)
    return db.session.scalar(query) or 0


@bp.get(f"/collections/<int(min=1, max={MAX_ID}):collection_id>/responses")
@require(Permission.DOWNLOAD_RAW)
def responses(collection_id: int):
    c = permissions.collection_or_404(collection_id, Permission.DOWNLOAD_RAW)
    page, per_page = int_arg("page", 1, MAX_ID), int_arg("per_page", 100, MAX_PER_PAGE)
    total = response_total(c)
    rows = db.session.execute(responses_query(c.id).offset((page - 1) * per_page).limit(per_page)).all()
    shared = row_fields(c)
    details = {"page": page, "per_page": per_page, "format": "json"}
    audit.record(current_user, "api.responses", f"collection:{c.id}", details, row_count=len(rows))
    return jsonify(
        collection_id=c.id,
        page=page,
        per_page=per_page,
        total=total,
        pages=math.ceil(total / per_page),
        responses=[response_json(shared, values) for values in rows],
    )


@bp.get(f"/collections/<int(min=1, max={MAX_ID}):collection_id>/responses.ndjson")
@require(Permission.DOWNLOAD_RAW)
def responses_stream(collection_id: int):
    c = permissions.collection_or_404(collection_id, Permission.DOWNLOAD_RAW)
    shared, query = row_fields(c), responses_query(c.id)  # plain values: the rows are read after the view returns
    audit.record(
        current_user, "api.responses", f"collection:{c.id}", {"format": "ndjson"}, row_count=response_total(c)
    )

    def lines() -> Iterator[str]:
        result = db.session.execute(query.execution_options(yield_per=STREAM_BATCH))
        for batch in result.partitions():
            yield "".join(json.dumps(response_json(shared, values), ensure_ascii=False) + "\n" for values in batch)

    return Response(stream_with_context(lines()), mimetype="application/x-ndjson")
