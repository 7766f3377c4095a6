"""The coordinator's comparison: chosen scales of one questionnaire across chosen projects, waves and groups.

A GET form (works without JavaScript); the table and the confidence-interval chart come from the same Report as
the workbook download, broken down by project (and by a background question when chosen), small cells
suppressed.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, request, url_for
from flask_login import current_user
from sqlalchemy import select

from survey.accounts.permissions import Permission, require
from survey.collect.collections import response_counts
from survey.db import db
from survey.i18n import current_language
from survey.models import Collection, CollectionStatus, Project
from survey.questionnaires import UnknownInstrument, get_instrument
from survey.results import downloads, reports
from survey.results.pages import breakdown_choices, page_report, render_report

bp = Blueprint("compare", __name__, url_prefix="/staff/compare")


@dataclass(frozen=True)
class Choices:
    """What the form offers and what was picked."""

    instruments: list[tuple[str, str]]  # (id, title)
    instrument: str | None
    projects: list[Project]
    picked_projects: list[int]
    waves: tuple[str, ...]
    picked_waves: list[str]
    scales: list[tuple[str, str]]
    picked_scales: list[str]
    by_choices: list[tuple[str, str]]
    by: list[str]


def _choices() -> Choices:
    language = current_language()
    collections = list(db.session.scalars(select(Collection).order_by(Collection.id)))
    newest: dict[str, Collection] = {}
    for c in collections:
        newest[c.instrument_id] = c
    titles = {}
    for instrument_id, c in newest.items():
        try:
            titles[instrument_id] = get_instrument(c.instrument_id, c.instrument_version)
        except UnknownInstrument:
            continue
    chosen = request.args.get("instrument")
    if chosen is not None and chosen not in titles:
        abort(404)
    of_chosen = [c for c in collections if c.instrument_id == chosen]
    project_ids = sorted({c.project_id for c in of_chosen})
    projects = list(db.session.scalars(select(Project).where(Project.id.in_(project_ids)).order_by(Project.code)))
    picked_projects = [int(p) for p in request.args.getlist("project") if p.isdigit() and int(p) in project_ids]
    waves = reports.wave_order(c.wave for c in of_chosen)
    counts = response_counts(of_chosen)
    answered = reports.wave_order(
        c.wave for c in of_chosen if c.status() is CollectionStatus.CLOSED and counts[c.id]
    )  # waves with results: ticked by default
    instrument = titles.get(chosen)
    scales = [(s.code, s.label.get(language)) for s in instrument.scales] if instrument else []
    by_choices = breakdown_choices(instrument) if instrument else []
    return Choices(
        instruments=sorted((i, inst.title.get(language)) for i, inst in titles.items()),
        instrument=chosen,
        projects=projects,
        picked_projects=picked_projects or project_ids,
        waves=waves,
        picked_waves=[w for w in request.args.getlist("wave") if w in waves] or list(answered or waves),
        scales=scales,
        picked_scales=[s for s in request.args.getlist("scale") if s in dict(scales)] or [s for s, _t in scales],
        by_choices=by_choices,
        by=[b for b in request.args.getlist("by") if b in dict(by_choices)][:1],
    )


def _selection(choices: Choices) -> dict:
    return {
        "project_ids": choices.picked_projects,
        "instrument_id": choices.instrument,
        "waves": choices.picked_waves,
        "by": ["project", *choices.by],
        "scales": choices.picked_scales,
    }


@bp.get("/")
@require(Permission.VIEW_PROGRAMME)
def index():
    choices = _choices()
    results = error = None
    if choices.instrument and choices.picked_projects:
        results, error = page_report(**_selection(choices))
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
    choices = _choices()
    if not choices.instrument or not choices.picked_projects:
        abort(404)
    results, error = page_report(**_selection(choices))
    if results is None:
        abort(404, error)
    return downloads.send(results, current_user, "xlsx")
