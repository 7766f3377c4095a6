"""The coordinator's comparison: what the form offers (questionnaires, projects, waves, scales, breakdowns) and
what was picked, read from the database; the page (:mod:`survey.results.compare_pages`) only renders it.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from survey.bounds import whole_number
from survey.collect.collections import response_counts
from survey.db import db
from survey.models import Collection, CollectionStatus, Project
from survey.questionnaires import UnknownInstrument, get_instrument
from survey.results import reports


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


def comparison_choices(args: MultiDict, language: str) -> Choices:
    """What the comparison form offers and what `args` (the form's query) picked; 404 for an unknown
    questionnaire."""
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
    chosen = args.get("instrument")
    if chosen is not None and chosen not in titles:
        abort(404)
    of_chosen = [c for c in collections if c.instrument_id == chosen]
    project_ids = sorted({c.project_id for c in of_chosen})
    projects = list(db.session.scalars(select(Project).where(Project.id.in_(project_ids)).order_by(Project.code)))
    picked = (whole_number(p) for p in args.getlist("project"))
    picked_projects = [p for p in picked if p is not None and p in project_ids]
    waves = reports.wave_order(c.wave for c in of_chosen)
    counts = response_counts(of_chosen)
    answered = reports.wave_order(
        c.wave for c in of_chosen if c.status() is CollectionStatus.CLOSED and counts[c.id]
    )  # waves with results: ticked by default
    instrument = titles.get(chosen)
    scales = [(s.code, s.label.get(language)) for s in instrument.scales] if instrument else []
    by_choices = reports.breakdown_choices(instrument, language) if instrument else []
    return Choices(
        instruments=sorted((i, inst.title.get(language)) for i, inst in titles.items()),
        instrument=chosen,
        projects=projects,
        picked_projects=picked_projects or project_ids,
        waves=waves,
        picked_waves=[w for w in args.getlist("wave") if w in waves] or list(answered or waves),
        scales=scales,
        picked_scales=[s for s in args.getlist("scale") if s in dict(scales)] or [s for s, _t in scales],
        by_choices=by_choices,
        by=[b for b in args.getlist("by") if b in dict(by_choices)][:1],
    )


def selection(choices: Choices) -> dict:
    """The keyword arguments of :func:`survey.results.reports.report_for` for what was picked."""
    return {
        "project_ids": choices.picked_projects,
        "instrument_id": choices.instrument,
        "waves": choices.picked_waves,
        "by": ["project", *choices.by],
        "scales": choices.picked_scales,
    }


