"""The coordinator's comparison: chosen scales of one questionnaire across chosen projects, waves and groups.

A GET form (works without JavaScript); the table and the confidence-interval chart come from the same Report as
the workbook download, broken down by project (and by a background question when chosen), small cells
suppressed.
"""

from __future__ import annotations

from flask import Blueprint, abort, request, url_for
from flask_login import current_user

from survey.accounts.permissions import Permission, require
from survey.i18n import current_language
from survey.results import downloads
from survey.results.comparison import comparison_choices, selection
from survey.results.pages import page_report, render_report

bp = Blueprint("compare", __name__, url_prefix="/staff/compare")


@bp.get("/")
@require(Permission.VIEW_PROGRAMME)
def index():
    choices = comparison_choices(request.args, current_language())
    results = error = None
    if choices.instrument and choices.picked_projects:
        results, error = page_report(**selection(choices))
    query = {
        "instrument": choices.instrument,
        "project": choices.picked_projects,
        "wave": choices.picked_waves,
        "scale": choices.picked_scales,
        "by": choices.by,
    }
    return render_report(
        "compare/index.html",
        results,
        choices=choices,
        error=error,
        workbook_url=url_for(".workbook", **query) if choices.instrument else None,
    )


@bp.get("/download.xlsx")
@require(Permission.VIEW_PROGRAMME)
def workbook():
    choices = comparison_choices(request.args, current_language())
    if not choices.instrument or not choices.picked_projects:
        abort(404)
    results, error = page_report(**selection(choices))
    if results is None:
        abort(404, error)
    return downloads.send(results, current_user, "xlsx")
