"""The programme's brief for coordinators (and evaluators of every project): page, PDF, charts, share links."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from analysis.impact_readings import pooled_reading
from analysis.meta import Pooled
from survey.accounts import audit, permissions
from survey.accounts.permissions import Permission, require
from survey.brief import links
from survey.brief.charts import NARROW, Chart, standalone_svg
from survey.brief.pages import LINK_ERRORS, chart_response, link_form, pdf_response
from survey.brief.pdf import render_pdf
from survey.brief.programme import THEMES, ProgrammeBrief, programme_brief, theme_chart
from survey.i18n import current_language
from survey.results.forest import change_text
from survey.results.impact import ProgrammeImpact
from survey.results.reports import min_cell

bp = Blueprint("programme_brief", __name__, url_prefix="/staff")


@bp.app_template_global()
def pooled_change(pooled: Pooled) -> str:
    """The pooled change with its interval for a table cell: ``+0,15 (−0,09 … 0,38)``."""
    return change_text(pooled.estimate, pooled.ci_low, pooled.ci_high, current_language())


@bp.app_template_global()
def not_pooled_words(impact: ProgrammeImpact) -> list[str]:
    """Why the scales that were not pooled were not, in words, each reason once."""
    language = current_language()
    words = (pooled_reading(s.result).get(language) for s in impact.scales if s.result.pooled is None)
    return list(dict.fromkeys(words))

THEME_NAMES = f"any({', '.join(THEMES)})"


@bp.get("/brief")
@require(Permission.VIEW_PROGRAMME)
def page():
    return render_programme()


def render_programme(status: int = 200, **context):
    brief = programme_brief(current_user, current_language())
    can_share = permissions.can_share_brief(current_user)
    shared = links.links_of(None) if can_share else []
    page = render_template(
        "brief/programme.html",
        brief=brief,
        methods_url=url_for("brief_share.methods", lang=current_language()),
        can_share=can_share,
        links=shared,
        link_states={link.id: links.state_of(link).value for link in shared},
        min_cell=min_cell(),
        lang=current_language(),
        **programme_charts(brief),
        **{"new_link": None, "new_link_url": "", "link_error": None, "link_form": link_form(), **context},
    )
    return page, status


def programme_charts(brief: ProgrammeBrief) -> dict[str, dict[str, Chart]]:
    """Each theme's chart for a wide page and for a phone."""
    return {
        "charts": {t.theme: theme_chart(brief, t.theme) for t in brief.themes},
        "narrow_charts": {t.theme: theme_chart(brief, t.theme, NARROW) for t in brief.themes},
    }


def programme_html(brief: ProgrammeBrief) -> str:
    """The programme's brief as a whole HTML document for the PDF."""
    return render_template(
        "brief/programme_document.html",
        brief=brief,
        charts={t.theme: theme_chart(brief, t.theme) for t in brief.themes},
        methods_url=url_for("brief_share.methods", lang=brief.language, _external=True),
        lang=brief.language,
    )


@bp.get("/brief.pdf")
@require(Permission.VIEW_PROGRAMME)
def pdf():
    brief = programme_brief(current_user, current_language())
    made = render_pdf(programme_html(brief))
    details = {"projects": brief.projects, "pages": made.pages}
    audit.record(current_user, "download.brief_pdf", "programme", details)
    return pdf_response(made.data, f"arvio-programme-brief-{_day(brief)}.pdf")


@bp.get(f"/brief/chart-<{THEME_NAMES}:theme>.<any(png, svg):fmt>")
@require(Permission.VIEW_PROGRAMME)
def chart(theme: str, fmt: str):
    brief = programme_brief(current_user, current_language())
    svg = standalone_svg(theme_chart(brief, theme), brief.source)
    return chart_response(svg, fmt, f"arvio-programme-{theme}-{_day(brief)}.{fmt}")


def _day(brief: ProgrammeBrief) -> str:
    return brief.released_at.date().isoformat() if brief.released_at else "none"


@bp.post("/brief/links")
@require(Permission.VIEW_PROGRAMME)
def create_link():
    if not permissions.can_share_brief(current_user):
        abort(403)
    try:
        new = links.create_link(
            current_user,
            project=None,
            expires_on=links.parse_expiry(request.form.get("expires_on", "")[:40]),
            note=request.form.get("note", "")[:1000],
            language=request.form.get("language", ""),
        )
    except links.LinkError as error:
        field, message = LINK_ERRORS[error.code]
        return render_programme(400, link_error=(field, message()), link_form=link_form(request.form))
    url = url_for("brief_share.shared", token=new.token, _external=True)
    return render_programme(new_link=new, new_link_url=url)


@bp.post("/brief/links/revoke")
@require(Permission.VIEW_PROGRAMME)
def revoke_link():
    link_id = request.form.get("link", "")
    if link_id.isdigit() and links.revoke_link(current_user, int(link_id), None):
        flash(_("The link has been revoked. It no longer opens the brief."))
    else:
        flash(_("There is no such link to revoke: it may have been revoked already."))
    return redirect(url_for(".page") + "#brief-share")
