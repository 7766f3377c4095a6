"""Results pages and downloads: one collection, a project's waves (paired by pairing code), and the
coordinator's comparison of projects. Every page and workbook is built by
:func:`survey.results.reports.report_for`; the raw-data files by :func:`survey.results.raw_data.raw_data_for`,
read from the database as they are sent."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from analysis import labels, numbers
from analysis.scoring import score_range
from survey.accounts import permissions
from survey.accounts.permissions import Permission, require
from survey.collect.collections import response_counts
from survey.db import db
from survey.i18n import current_language
from survey.models import Collection, CollectionStatus, Project
from survey.questionnaires import UnknownInstrument, get_instrument
from survey.results import downloads, reports
from survey.results.charts import summary_charts
from survey.results.raw_data import raw_data_for

bp = Blueprint("results", __name__, url_prefix="/staff")

RAW_KINDS = 'any("csv", "csv-semicolon", "csv-long", "sav")'


def render_report(template: str, results: reports.Results | None, **context):
    lang = current_language()
    context.setdefault("error", None)
    report = results.report if results is not None else None
    if report is not None:
        instrument = report.instrument
        context.update(
            charts=summary_charts(report, lang),
            group_name=lambda by, g: labels.group_label(instrument, by, g, lang),
            group_value=lambda by, g: labels.group_name(instrument, by, g, lang),
            level=lambda r: f"{numbers.number(r.design.confidence * 100, 0, lang)}\u00a0%",
            scale_range=lambda r, scale: "–".join(
                numbers.number(end, 0, lang) for end in score_range(instrument, scale)
            ),
        )
    return render_template(template, report=report, results=results, lang=lang, **context)


def page_report(**selection):
    """report_for with the page's language; a selection the user may not see is 404, an empty one a message."""
    try:
        results = reports.report_for(current_user, language=current_language(), **selection)
    except reports.SelectionNotFound:
        abort(404)
    except reports.SelectionError as error:
        return None, _selection_message(error)
    return results, None


def _send_raw_data(kind: str, **selection):
    """A raw-data file of the selection, read from the database as it is sent; 404 as for its report."""
    try:
        data = raw_data_for(current_user, language=current_language(), **selection)
    except reports.SelectionNotFound:
        abort(404)
    except reports.SelectionError as error:
        abort(404, _selection_message(error))
    return downloads.send_responses(data, current_user, kind, labels=request.args.get("labels") == "1")


def _selection_message(error: reports.SelectionError) -> str:
    messages = {
        "no_responses": _("No responses yet."),
        "not_released": _(
            "Results are shown once the data collection has closed: its answers are then published "
            "together, so that nobody can be told apart by comparing two readings. Until then, the page "
            "of the data collection shows how many have answered."
        ),
        "empty": _("The selection has no data collections."),
        "mixed_instruments": _("Collections of different questionnaires cannot be combined."),
    }
    return messages.get(error.code, _("These results cannot be computed: %(reason)s", reason=error.message))


# One collection ------------------------------------------------------------------------------------------


@bp.get("/collections/<int:collection_id>/results")
@require(Permission.VIEW_RESULTS)
def collection(collection_id: int):
    c = permissions.collection_or_404(collection_id)
    by = _checked_by(request.args.getlist("by"), c)
    results, error = page_report(collections=[c.id], by=by)
    return render_report(
        "results/collection.html",
        results,
        collection=c,
        error=error,
        by=by,
        by_choices=reports.breakdown_choices(_instrument(c), current_language()),
        raw=downloads.may_download_raw(current_user, [c]),
        download_urls=_download_urls("collection", {"collection_id": c.id, "by": by}),
    )


def _download_urls(kind: str, values: dict) -> dict[str, str]:
    """The workbook and raw-data links of a page, carrying its selection."""
    urls = {"xlsx": url_for(f".{kind}_workbook", **values)}
    urls.update({raw: url_for(f".{kind}_raw", kind=raw, **values) for raw in downloads.RAW_FORMATS})
    return urls


def _checked_by(requested: list[str], *collections: Collection) -> list[str]:
    instrument = get_instrument(collections[0].instrument_id, collections[0].instrument_version)
    allowed = {code for code, _text in reports.breakdown_choices(instrument, current_language())} | {"language"}
    return [b for b in dict.fromkeys(requested) if b in allowed][:3]


@bp.get("/collections/<int:collection_id>/results/download.xlsx")
@require(Permission.VIEW_RESULTS)
def collection_workbook(collection_id: int):
    return _collection_download(collection_id, "xlsx")


@bp.get(f"/collections/<int:collection_id>/results/download/<{RAW_KINDS}:kind>")
@require(Permission.DOWNLOAD_RAW)
def collection_raw(collection_id: int, kind: str):
    return _collection_download(collection_id, kind)


def _collection_download(collection_id: int, kind: str):
    c = permissions.collection_or_404(collection_id)
    if kind != "xlsx" and not downloads.may_download_raw(current_user, [c]):
        abort(403)
    by = _checked_by(request.args.getlist("by"), c)
    if kind != "xlsx":
        return _send_raw_data(kind, collections=[c.id], by=by)
    results, error = page_report(collections=[c.id], by=by)
    if results is None:
        abort(404, error)
    return downloads.send(results, current_user, kind, labels=request.args.get("labels") == "1")


# A project's waves ---------------------------------------------------------------------------------------


def _project_selection(project: Project):
    """The project's questionnaires, the chosen one (query ``instrument``) and its collections and waves.

    By default the page opens on the newest questionnaire that has results (closed collections with answers),
    with the waves that have them: a wave still open or without answers is offered but not ticked.
    """
    rows = list(db.session.scalars(select(Collection).where(Collection.project_id == project.id)))
    instruments = sorted({c.instrument_id for c in rows})
    counts = response_counts(rows)
    with_results = [c for c in rows if c.status() is CollectionStatus.CLOSED and counts[c.id]]
    newest = max(with_results or rows, key=lambda c: (c.opens_at, c.id)).instrument_id if rows else None
    chosen = request.args.get("instrument") or newest
    if chosen is not None and chosen not in instruments:
        abort(404)
    collections = [c for c in rows if c.instrument_id == chosen]
    waves = reports.wave_order(c.wave for c in collections)
    answered = reports.wave_order(c.wave for c in with_results if c.instrument_id == chosen)
    picked = [w for w in request.args.getlist("wave") if w in waves] or list(answered or waves)
    return instruments, chosen, collections, waves, picked


@bp.get("/projects/<int:project_id>/results")
@require(Permission.VIEW_RESULTS)
def project(project_id: int):
    p = permissions.project_or_404(project_id)
    instruments, chosen, collections, waves, picked = _project_selection(p)
    results = error = None
    by: list[str] = []
    if chosen is not None:
        by = _checked_by(request.args.getlist("by"), collections[0])
        results, error = page_report(project_ids=[p.id], instrument_id=chosen, waves=picked, by=by)
    return render_report(
        "results/project.html",
        results,
        project=p,
        instruments=instruments,
        chosen=chosen,
        waves=waves,
        picked=picked,
        by=by,
        by_choices=_breakdowns(collections),
        error=error,
        raw=downloads.may_download_raw(current_user, collections) if collections else False,
        download_urls=_download_urls(
            "project", {"project_id": p.id, "instrument": chosen, "wave": picked, "by": by}
        ),
    )


def _breakdowns(collections: list[Collection]) -> list[tuple[str, str]]:
    return reports.breakdown_choices(_instrument(collections[0]), current_language()) if collections else []


def _instrument(collection: Collection):
    try:
        return get_instrument(collection.instrument_id, collection.instrument_version)
    except UnknownInstrument:
        abort(404)


@bp.get("/projects/<int:project_id>/results/download.xlsx")
@require(Permission.VIEW_RESULTS)
def project_workbook(project_id: int):
    return _project_download(project_id, "xlsx")


@bp.get(f"/projects/<int:project_id>/results/download/<{RAW_KINDS}:kind>")
@require(Permission.DOWNLOAD_RAW)
def project_raw(project_id: int, kind: str):
    return _project_download(project_id, kind)


def _project_download(project_id: int, kind: str):
    p = permissions.project_or_404(project_id)
    _instruments, chosen, collections, _waves, picked = _project_selection(p)
    if chosen is None:
        abort(404)
    collections = [c for c in collections if c.wave in picked]
    if kind != "xlsx" and not downloads.may_download_raw(current_user, collections):
        abort(403)
    by = _checked_by(request.args.getlist("by"), collections[0])
    if kind != "xlsx":
        return _send_raw_data(kind, project_ids=[p.id], instrument_id=chosen, waves=picked, by=by)
    results, error = page_report(project_ids=[p.id], instrument_id=chosen, waves=picked, by=by)
    if results is None:
        abort(404, error)
    return downloads.send(results, current_user, kind, labels=request.args.get("labels") == "1")
