"""Previews: any questionnaire of the app's library, in each of its languages, exactly as respondents see it.

The preview renders the respondent pages' own templates (start page, the pairing-code page, every question
page, the thank-you page) with a stand-in for a collection, so faces, read-aloud buttons and the children's
wording are there as a child would see them. It shows every page and every question, those that skip logic
shows only after some answers included (each marked so). Pressing a page's buttons checks what was typed, as
the respondent pages do, and moves on; **nothing is stored**: no draft (cookie or database), no response, no
rate-limit count. The instrument comes from :func:`survey.questionnaires.get_instrument`, so a questionnaire
uploaded to the library (issue 17) previews like a built-in one.

Addresses: ``/staff/questionnaires/`` lists the library; ``/staff/questionnaires/<id>/<version>/?lang=sv`` is
the start page of a preview, ``.../p/<page>`` its pages and ``.../thanks`` the end. ``project=<id>`` names that
project and its organiser on the start page, as its collection would.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from instruments.model import Instrument
from survey.accounts import permissions
from survey.accounts.permissions import Permission, require
from survey.collect import team
from survey.db import db
from survey.models import UploadedInstrument
from survey.questionnaires import UnknownInstrument, get_instrument, stored_instrument
from survey.respond import answers as ans
from survey.respond.flow import ACTIONS, PAIRING_PAGE, Page, check_pairing
from survey.respond.pages import page_context

bp = Blueprint("preview", __name__, url_prefix="/staff/questionnaires")


@dataclass(frozen=True)
class PreviewCollection:
    """What the respondent templates read of a collection: the questionnaire's languages, the pairing code asked
    (when it has one), no texts of a team's own; the project named when the preview was opened from one."""

    respondent_group: str
    languages: tuple[str, ...]
    project_name: str = ""
    organiser: str = ""
    token: str = "preview"
    ask_pairing_code: bool = True
    intro: dict[str, str] = field(default_factory=dict)
    consent: dict[str, str] = field(default_factory=dict)
    closes_at: None = None


@dataclass(frozen=True)
class PreviewDraft:
    """A draft that is never kept: page.html reads its token and whether a pairing code was given."""

    submission_token: str = "preview"
    sealed_pairing_code: None = None


@dataclass(frozen=True)
class Preview:
    """One questionnaire in one language: its pages, and the addresses the respondent templates link to."""

    instrument: Instrument
    language: str
    project_id: int | None = None
    draft_id: int | None = None  # an uploaded questionnaire not yet published (survey/uploads/)

    @property
    def page_ids(self) -> list[str]:
        pairing = [PAIRING_PAGE] if self.instrument.pairing_prompts else []
        return pairing + [s.id for s in self.instrument.sections if s.items]

    def page(self, page_id: str) -> Page | None:
        ids = self.page_ids
        if page_id not in ids:
            return None
        index = ids.index(page_id)
        return Page(
            id=page_id,
            number=index + 1,
            total=len(ids),
            section=next((s for s in self.instrument.sections if s.id == page_id), None),
            previous=ids[index - 1] if index else None,
            next=ids[index + 1] if index + 1 < len(ids) else None,
        )

    def url(self, endpoint: str, language: str | None = None, **values) -> str:
        """The preview's address for a respondent page's `endpoint` (see :func:`survey.templating.flow_url`)."""
        args = {"instrument_id": self.instrument.id, "version": self.instrument.version}
        args["lang"] = language or self.language
        if self.project_id is not None:
            args["project"] = self.project_id
        if self.draft_id is not None:
            args["draft"] = self.draft_id
        if endpoint == "resume":  # saving for later does nothing in a preview: the start page says so
            return url_for("preview.start", notice="save", **args)
        names = {"begin": "preview.begin", "post_page": "preview.post_page", "show_page": "preview.show_page"}
        return url_for(names.get(endpoint, f"preview.{endpoint}"), **args, **values)


@bp.url_value_preprocessor
def _load(endpoint, values):
    """Every preview page: the questionnaire (404 if the library has no such one), its language (from
    ``lang``; the respondent's session language is not touched) and the stand-in collection."""
    if not values or "instrument_id" not in values:
        return
    draft = _draft(values["instrument_id"][:64], values["version"][:20])
    try:
        instrument = (
            stored_instrument(draft)
            if draft
            else get_instrument(values["instrument_id"][:64], values["version"][:20])
        )
    except UnknownInstrument:
        abort(404)
    language = request.args.get("lang", "")
    g.language = language if language in instrument.languages else instrument.languages[0]
    project = _project()
    g.preview = Preview(instrument, g.language, project.id if project else None, draft.id if draft else None)
    g.instrument = instrument
    g.languages = tuple(instrument.languages)
    organiser = (project.lead or next(iter(project.organisations), None)) if project else None
    g.collection = PreviewCollection(
        respondent_group=instrument.respondent_group.value,
        languages=g.languages,
        project_name=project.name if project else _("The project's name"),
        organiser=organiser.name if organiser else ("" if project else _("The organiser")),
    )


def _draft(instrument_id: str, version: str) -> UploadedInstrument | None:
    """The uploaded draft named by ``draft=`` (for those who may publish questionnaires; others get 404), so a
    questionnaire can be previewed before it is in the library."""
    value = request.args.get("draft", "")
    if not value:
        return None
    if not value.isdigit() or len(value) > 9 or not current_user.is_authenticated:
        abort(404)
    if not permissions.role_allows(current_user, Permission.PUBLISH_QUESTIONNAIRES):
        abort(404)
    draft = db.session.get(UploadedInstrument, int(value))
    if draft is None or (draft.instrument_id, draft.version) != (instrument_id, version):
        abort(404)
    return draft


def _project():
    """The project named by ``project=``, if the user may see it (another's is 404, like everywhere)."""
    value = request.args.get("project", "")
    if not value:
        return None
    if not value.isdigit() or len(value) > 9:
        abort(404)
    if not current_user.is_authenticated:
        return None  # the view's @require sends the visitor to sign in first
    return permissions.project_or_404(int(value))


@bp.get("/")
@require(Permission.SIGNED_IN)
def library():
    """The questionnaires of the library, newest versions first, each with a preview in each of its languages."""
    everything = team.library_instruments()
    newest = team.newest_versions(everything)
    older = [i for i in everything if i not in newest]
    return render_template(
        "staff/questionnaires.html", newest=newest, older=older, group_names=team.respondent_group_names()
    )


@bp.get("/<instrument_id>/<version>/")
@require(Permission.SIGNED_IN)
def start(instrument_id: str, version: str):
    return render_template("respond/start.html", collection=g.collection, instrument=g.instrument, draft=None)


@bp.post("/<instrument_id>/<version>/start")
@require(Permission.SIGNED_IN)
def begin(instrument_id: str, version: str):
    return redirect(g.preview.url("show_page", page_id=g.preview.page_ids[0]))


@bp.get("/<instrument_id>/<version>/p/<page_id>")
@require(Permission.SIGNED_IN)
def show_page(instrument_id: str, version: str, page_id: str):
    page = g.preview.page(page_id[:64]) or abort(404)
    return _render(page, {}, (), request.args.get("notice", ""))


@bp.post("/<instrument_id>/<version>/p/<page_id>")
@require(Permission.SIGNED_IN)
def post_page(instrument_id: str, version: str, page_id: str):
    """Check the page as the respondent flow would, then move on; nothing is kept."""
    page = g.preview.page(page_id[:64]) or abort(404)
    action = request.form.get("action", "next")
    if action.startswith("lang:") and action[5:] in g.instrument.languages:
        return redirect(g.preview.url("show_page", language=action[5:], page_id=page.id))
    if action not in ACTIONS:
        abort(400)
    form = {name: request.form.getlist(name) for name in request.form}
    if action in ("next", "submit"):
        errors = _errors(page, form)
        if errors:
            return _render(page, form, errors, ""), 400
    if action == "back":
        target = g.preview.url("show_page", page_id=page.previous) if page.previous else g.preview.url("start")
    elif action == "save":
        target = g.preview.url("show_page", page_id=page.id, notice="save")
    elif action == "stay" or (action == "next" and page.next is None):  # only "send" leaves the last page
        target = g.preview.url("show_page", page_id=page.id)
    elif page.next is None:
        target = g.preview.url("thanks")
    else:
        target = g.preview.url("show_page", page_id=page.next)
    return redirect(target)


def _errors(page: Page, form) -> tuple:
    if page.section is None:
        return tuple(check_pairing(g.instrument, form)[1])
    every = frozenset(item.code for item in page.section.items)
    return ans.parse_section(g.instrument, page.section, form, {}, check_required=True, shown=every).errors


def _render(page: Page, values, errors, notice: str):
    items = list(page.section.items) if page.section else []
    context = page_context(g.collection, g.instrument, PreviewDraft(), page, items, values, errors, notice)
    return render_template("respond/page.html", **context, preview_notes=True)


@bp.get("/<instrument_id>/<version>/thanks")
@require(Permission.SIGNED_IN)
def thanks(instrument_id: str, version: str):
    return render_template("respond/thanks.html", collection=g.collection)
