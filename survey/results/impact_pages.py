"""The programme impact page: each project's change on every scale of one questionnaire, side by side in a
forest plot and a table, pooled, and downloadable as a workbook (audited).

Coordinators see every project; evaluators the projects they may see; team members read their own project's
change on its results page (403 here). A GET form that works without JavaScript.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user

from analysis import impact_readings
from analysis.glossary import capitalised
from analysis.numbers import number
from survey.accounts.permissions import Permission, require
from survey.i18n import current_language
from survey.results import downloads
from survey.results.forest import change_text, impact_plot
from survey.results.impact import UnknownQuestionnaire, impact_book, impact_choices, programme_impact

bp = Blueprint("impact", __name__, url_prefix="/staff/impact")


def _chosen():
    """The form's choices and the impact they pick (None until a questionnaire has two waves); 404 for a
    questionnaire none of the user's projects has used."""
    language = current_language()
    try:
        choices = impact_choices(current_user, request.args, language)
    except UnknownQuestionnaire:
        abort(404)
    impact = None
    if choices.instrument and choices.baseline and choices.later:
        impact = programme_impact(
            current_user,
            choices.instrument,
            baseline=choices.baseline,
            later=choices.later,
            measure=choices.measure,
            method=choices.method,
        )
    return choices, impact


@bp.get("/")
@require(Permission.VIEW_IMPACT)
def index():
    choices, impact = _chosen()
    language = current_language()
    query = {"instrument": choices.instrument, "wave": choices.later, "measure": choices.measure,
             "method": choices.method}  # fmt: skip
    return render_template(
        "results/impact.html",
        lang=language,
        choices=choices,
        impact=impact,
        plots={s.scale.code: impact_plot(s, impact, language) for s in impact.scales} if impact else {},
        words=impact_readings,
        capitalised=capitalised,
        change=lambda estimate, low, high: change_text(estimate, low, high, language),
        number=lambda value, digits=2: number(value, digits, language),
        workbook_url=url_for(".workbook", **query) if impact else None,
    )


@bp.get("/download.xlsx")
@require(Permission.VIEW_IMPACT)
def workbook():
    _choices, impact = _chosen()
    if impact is None:  # no questionnaire with two waves: nothing to file
        abort(404)
    return downloads.send_impact(impact_book(impact), impact.collections, current_user, current_language())
