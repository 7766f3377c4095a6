"""The coordinator's overview of the programme, computed live from the register."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import gettext as _

from survey.accounts.permissions import Permission, can_edit_register, current_user, require
from survey.i18n import current_language
from survey.register import overview_charts
from survey.register.overview import build_overview

bp = Blueprint("overview", __name__, url_prefix="/staff/overview")


@bp.get("/")
@require(Permission.VIEW_PROGRAMME)
def overview():
    figures = build_overview(current_language())
    types_chart = overview_charts.bar_chart(
        [(row.label, row.count) for row in figures.organisation_types],
        _("Implementers by organisation type"),
        _("A bar for each type of organisation, with the number of implementers beside it."),
        "org-types",
    )
    county_map = overview_charts.tile_map(
        overview_charts.county_tiles(figures.counties),
        _("Map of implementers and partners by wellbeing services county"),
        _(
            "A map of Finland's wellbeing services counties as squares: the large number in each is its "
            "implementers, the small one its partners. The same figures are in the table below the map."
        ),
        "county-map",
    )
    return render_template(
        "overview/overview.html",
        figures=figures,
        types_chart=types_chart,
        county_map=county_map,
        can_edit_register=can_edit_register(current_user),
    )
