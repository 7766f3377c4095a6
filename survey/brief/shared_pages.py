"""A brief through its share link, for people without an account, and the plain methods page it links to.

``/b/<token>`` shows the one brief the link is for (only the Report's suppressed aggregates, as the staff see
them) and ``/b/<token>/brief.pdf`` its PDF. Opening either is written to the audit log. The pages create no
session and set no cookie: the language comes from ``?lang`` or the link, never from the session. They are
never indexed (``X-Robots-Tag`` and ``<meta name="robots">``) nor cached. An unknown link is 404 and an
expired or revoked one 410, each a plain page in Finnish, Swedish or English.
"""

from __future__ import annotations

from flask import Blueprint, Response, g, render_template, request, url_for
from flask_babel import gettext as _

from instruments.model import DEFAULT_LANGUAGE, LANGUAGES
from survey.accounts.permissions import Permission, require
from survey.brief import descriptions, links
from survey.brief.briefs import ProjectChoice, build_brief
from survey.brief.charts import NARROW
from survey.brief.figures import brief_chart
from survey.brief.links import LinkState
from survey.brief.pages import document_html, file_name, pdf_response
from survey.brief.pdf import render_pdf
from survey.brief.programme import ProgrammeBrief, programme_brief
from survey.brief.programme_pages import programme_charts, programme_html
from survey.models import BriefLink

bp = Blueprint("brief_share", __name__)

NOINDEX = "noindex, nofollow, noarchive"


@bp.after_request
def never_indexed(response: Response) -> Response:
    response.headers["X-Robots-Tag"] = NOINDEX
    response.headers["Cache-Control"] = "no-store"
    return response


def _language(default: str | None = None) -> str:
    """``?lang``, else the link's own language, else the browser's; set for the request without a session."""
    requested = request.args.get("lang")
    if requested in LANGUAGES:
        language = requested
    else:
        language = default or request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE
    g.language = language
    return language


def _open(token: str):
    """The link's brief, or the page that says why the link does not open (404 unknown, 410 expired/revoked)."""
    link, state = links.find_link(token)
    language = _language(link.language if link is not None and state is LinkState.OPEN else None)
    if state is not LinkState.OPEN:
        return None, _gone(state)
    if link.project is None:
        return (link, programme_brief(link.created_by, language)), None
    brief, message = build_brief(link.created_by, link.project, _link_choice(link), language)
    if brief is None:
        return None, _gone(LinkState.REVOKED, message)
    return (link, brief), None


def _link_choice(link: BriefLink) -> ProjectChoice:
    waves = tuple(link.waves)
    return ProjectChoice((link.instrument_id,), link.instrument_id, waves, waves)


def _gone(state: LinkState, message: str = ""):
    if state is LinkState.UNKNOWN:
        title = _("No brief at this address")
        text = _("Check the address: a share link must be copied exactly.")
        status = 404
    elif state is LinkState.EXPIRED:
        title, text, status = _("This link has expired"), _("The link to this brief is no longer valid."), 410
    else:
        title = _("This link no longer works")
        text = message or _("The link to this brief has been revoked.")
        status = 410
    return render_template("brief/link_gone.html", title=title, message=text), status


@bp.get("/b/<token>")
@require(Permission.PUBLIC)  # the link itself is the key
def shared(token: str):
    found, gone = _open(token)
    if gone:
        return gone
    link, brief = found
    links.record_opening(link, "open")
    pdf_url = url_for(".shared_pdf", token=token, lang=brief.language)
    methods_url = url_for(".methods", lang=brief.language)
    if isinstance(brief, ProgrammeBrief):
        return render_template("brief/shared_programme.html", brief=brief, methods_url=methods_url,
                               pdf_url=pdf_url, lang=brief.language, **programme_charts(brief))  # fmt: skip
    return render_template(
        "brief/shared.html",
        brief=brief,
        chart=brief_chart(brief),
        narrow=brief_chart(brief, NARROW),
        description=descriptions.description_of(link.project, link.instrument_id),
        methods_url=methods_url,
        pdf_url=pdf_url,
        lang=brief.language,
    )


@bp.get("/b/<token>/brief.pdf")
@require(Permission.PUBLIC)
def shared_pdf(token: str):
    found, gone = _open(token)
    if gone:
        return gone
    link, brief = found
    links.record_opening(link, "pdf")
    if isinstance(brief, ProgrammeBrief):
        return pdf_response(render_pdf(programme_html(brief)).data, "arvio-programme-brief.pdf")
    pdf = render_pdf(document_html(brief, descriptions.description_of(link.project, link.instrument_id)))
    return pdf_response(pdf.data, file_name(brief, "pdf"))


@bp.get("/brief/methods")
@require(Permission.PUBLIC)
def methods():
    _language()
    return render_template("brief/methods.html")
