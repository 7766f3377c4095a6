"""The staff's brief of a project: the page, its PDF and chart, the team's own description, and share links.

Views only read the request, call the brief's services and render. The brief is built by
:func:`survey.brief.briefs.build_brief` from the same Report as the project's results page.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from analysis.numbers import number
from survey.accounts import audit, permissions
from survey.accounts.permissions import Permission, require
from survey.brief import descriptions, links
from survey.brief.briefs import ProjectChoice, UnknownChoice, build_brief, project_choice
from survey.brief.charts import NARROW, png, standalone_svg
from survey.brief.content import Brief
from survey.brief.figures import brief_chart
from survey.brief.pdf import render_pdf
from survey.i18n import current_language
from survey.models import Project
from survey.results.reports import min_cell

bp = Blueprint("brief", __name__, url_prefix="/staff")

LINK_ERRORS = {
    "expiry_missing": ("f-expires", lambda: _("Choose the last day the link works.")),
    "expiry_past": ("f-expires", lambda: _("The last day cannot be in the past.")),
    "expiry_too_far": ("f-expires", lambda: _("A link can work for at most a year.")),
    "note_too_long": ("f-note", lambda: _("Write at most 200 characters.")),
}


@bp.app_template_global()
def change_text(change) -> str:
    """A change for a table cell: ``+0,35``, or "–" when it was not computed."""
    return number(change.estimate, 2, current_language(), signed=True) if change.drawn else "–"


def _choice(project: Project, source=None) -> ProjectChoice:
    source = source or request.args
    try:
        return project_choice(project, source.get("instrument") or None, source.getlist("wave"))
    except UnknownChoice:
        abort(404)


def _selection_args(choice: ProjectChoice) -> dict:
    return {"instrument": choice.chosen, "wave": list(choice.picked)}


@bp.get("/projects/<int:project_id>/brief")
@require(Permission.VIEW_RESULTS)
def project(project_id: int):
    p = permissions.project_or_404(project_id)
    return render_project(p, _choice(p))


def render_project(p: Project, choice: ProjectChoice, status: int = 200, **context):
    brief, message = build_brief(current_user, p, choice, current_language())
    found = descriptions.description_of(p, choice.chosen) if choice.chosen else None
    can_share = permissions.can_share_brief(current_user, p)
    shared = links.links_of(p, choice.chosen or "") if can_share else []
    context.setdefault("description_text", found.text if found else "")
    context.setdefault("link_form", link_form())
    page = render_template(
        "brief/project.html",
        project=p,
        choice=choice,
        brief=brief,
        message=message,
        chart=brief_chart(brief) if brief else None,
        narrow=brief_chart(brief, NARROW) if brief else None,
        description=found,
        description_limit=descriptions.LONGEST,
        methods_url=url_for("brief_share.methods", lang=current_language()),
        can_describe=permissions.can_manage_collections(current_user, p),
        can_share=can_share,
        links=shared,
        link_states={link.id: links.state_of(link).value for link in shared},
        min_cell=min_cell(),
        lang=current_language(),
        **{"new_link": None, "new_link_url": "", "link_error": None, "description_error": None, **context},
    )
    return page, status


def link_form(values=None) -> dict[str, str]:
    values = values or {}
    today = links.today()
    return {
        "expires_on": values.get("expires_on", (today + timedelta(days=90)).isoformat()),
        "note": values.get("note", ""),
        "language": values.get("language") or current_language(),
        "min": today.isoformat(),
        "max": (today + links.LONGEST).isoformat(),
    }


def _brief_or_404(p: Project) -> Brief:
    brief, message = build_brief(current_user, p, _choice(p), current_language())
    if brief is None:
        abort(404, message)
    return brief


@bp.get("/projects/<int:project_id>/brief.pdf")
@require(Permission.VIEW_RESULTS)
def project_pdf(project_id: int):
    p = permissions.project_or_404(project_id)
    brief = _brief_or_404(p)
    found = descriptions.description_of(p, brief.instrument.id)
    pdf = render_pdf(document_html(brief, found))
    audit.record(current_user, "download.brief_pdf", f"project:{p.id}", _audit_details(brief, pdf.pages))
    return pdf_response(pdf.data, file_name(brief, "pdf"))


def document_html(brief: Brief, description) -> str:
    """The brief as a whole HTML document for the PDF (no site header, no forms)."""
    return render_template(
        "brief/document.html",
        brief=brief,
        chart=brief_chart(brief),
        description=description,
        methods_url=url_for("brief_share.methods", lang=brief.language, _external=True),
        lang=brief.language,
    )


def pdf_response(data: bytes, name: str) -> Response:
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/projects/<int:project_id>/brief/chart.<any(png, svg):fmt>")
@require(Permission.VIEW_RESULTS)
def project_chart(project_id: int, fmt: str):
    p = permissions.project_or_404(project_id)
    brief = _brief_or_404(p)
    return chart_response(standalone_svg(brief_chart(brief), brief.source), fmt, file_name(brief, fmt, "chart"))


def chart_response(svg: str, fmt: str, name: str) -> Response:
    if fmt == "svg":
        response = Response(svg, mimetype="image/svg+xml")
    else:
        response = Response(png(svg), mimetype="image/png")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def file_name(brief: Brief, extension: str, kind: str = "brief") -> str:
    """``arvio-brief-ARV-08-participation_youth-2026-11-04.pdf``: the project, the questionnaire and the date."""
    released = brief.released_at.date().isoformat() if brief.released_at else "open"
    code = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in brief.project.code)
    return f"arvio-{kind}-{code}-{brief.instrument.id}-{released}.{extension}"


def _audit_details(brief: Brief, pages: int) -> dict[str, object]:
    return {"instrument": brief.instrument.id, "waves": [w.wave for w in brief.waves], "pages": pages}


# The team's own description ------------------------------------------------------------------------------


@bp.post("/projects/<int:project_id>/brief/description")
@require(Permission.MANAGE_COLLECTIONS)
def describe(project_id: int):
    p = permissions.project_or_404(project_id, Permission.MANAGE_COLLECTIONS)
    choice = _choice(p, request.form)
    if choice.chosen is None:
        abort(404)
    text = request.form.get("description", "")[:20_000]
    try:
        descriptions.save_description(current_user, p, choice.chosen, text)
    except descriptions.DescriptionError:
        error = _("The description can be at most %(max)s characters long.", max=descriptions.LONGEST)
        return render_project(p, choice, 400, description_error=error, description_text=text)
    flash(_("The description was saved."))
    return redirect(url_for(".project", project_id=p.id, **_selection_args(choice)) + "#brief-describe")


# Share links ----------------------------------------------------------------------------------------------


@bp.post("/projects/<int:project_id>/brief/links")
@require(Permission.SHARE_BRIEF)
def create_link(project_id: int):
    p = permissions.project_or_404(project_id, Permission.SHARE_BRIEF)
    choice = _choice(p, request.form)
    if choice.chosen is None:
        abort(404)
    try:
        new = links.create_link(
            current_user,
            project=p,
            instrument_id=choice.chosen,
            waves=list(choice.picked),
            expires_on=links.parse_expiry(request.form.get("expires_on", "")[:40]),
            note=request.form.get("note", "")[:1000],
            language=request.form.get("language", ""),
        )
    except links.LinkError as error:
        field, message = LINK_ERRORS[error.code]
        return render_project(p, choice, 400, link_error=(field, message()), link_form=link_form(request.form))
    url = url_for("brief_share.shared", token=new.token, _external=True)
    return render_project(p, choice, new_link=new, new_link_url=url)


@bp.post("/projects/<int:project_id>/brief/links/revoke")
@require(Permission.SHARE_BRIEF)
def revoke_link(project_id: int):
    p = permissions.project_or_404(project_id, Permission.SHARE_BRIEF)
    choice = _choice(p, request.form)
    link_id = request.form.get("link", "")
    if link_id.isdigit() and links.revoke_link(current_user, int(link_id), p):
        flash(_("The link has been revoked. It no longer opens the brief."))
    else:
        flash(_("There is no such link to revoke: it may have been revoked already."))
    return redirect(url_for(".project", project_id=p.id, **_selection_args(choice)) + "#brief-share")
