"""The respondent pages under ``/r/<token>``: public, anonymous, server-rendered, working without JavaScript.

Every view reads the request, calls :mod:`survey.respond.flow` (or the draft and collection services), renders.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from survey.db import reads_only
from survey.i18n import choose_language, current_language
from survey.models import CollectionStatus
from survey.questionnaires import get_instrument
from survey.rate_limits import TooManyRequests
from survey.respond import drafts, flow
from survey.respond.answers import as_form_values, visible_items
from survey.respond.links import find_public
from survey.respond.responses import CollectionClosed, find_submitted
from survey.respond.shared_pages import same_for_everyone, shared_page

bp = Blueprint("respond", __name__, url_prefix="/r")


@bp.before_request
def load_collection():
    """Find the collection of the link; closed and not-yet-open links get a plain page saying so."""
    if request.method in ("GET", "HEAD"):
        reads_only()  # the respondent's GET pages never write: on SQLite they need not wait for writers
    collection = find_public((request.view_args or {}).get("token", ""))
    if collection is None:
        abort(404)
    g.collection = collection
    g.languages = tuple(collection.languages)
    if request.endpoint == "respond.thanks":
        return None
    status = collection.status()
    if status is CollectionStatus.CLOSED:
        return _closed()
    if status is not CollectionStatus.OPEN:
        return render_template("respond/not_open.html", collection=collection), 404
    g.instrument = get_instrument(collection.instrument_id, collection.instrument_version)
    return None


def _notice(title: str, message: str, status: int = 200, start_link: bool = False):
    page = render_template("respond/notice.html", title=title, message=message, start_link=start_link)
    return page, status


def _closed():
    return _notice(_("This questionnaire has closed"), _("Answers are no longer collected. Thank you!"), 410)


def _draft():
    return drafts.load_draft(g.collection)


@bp.get("/<token>")
def start(token: str):
    context = {"collection": g.collection, "instrument": g.instrument, "draft": _draft()}
    if not same_for_everyone():
        return render_template("respond/start.html", **context)
    lang = current_language()
    key = (token, g.collection.respondent_group, g.languages, g.collection.intro.get(lang),
           g.collection.consent.get(lang), g.collection.project_name, g.collection.organiser,
           context["draft"] is not None)  # fmt: skip
    return shared_page(key, "respond/start.html", context)


@bp.post("/<token>/start")
def begin(token: str):
    draft = _draft()
    if draft is None:
        draft = drafts.save_draft(drafts.new_draft(g.collection, current_language()), {})
    return redirect(
        url_for(".show_page", token=token, page_id=flow.resume_page(g.collection, g.instrument, draft))
    )


@bp.get("/<token>/p/<page_id>")
def show_page(token: str, page_id: str):
    draft = _draft()
    if draft is None:
        return _lost()
    page = flow.get_page(g.collection, g.instrument, draft.answers, page_id)
    if page is None:
        target = flow.page_after_hidden(g.collection, g.instrument, draft.answers, page_id)
        if target is None:
            abort(404)
        return redirect(url_for(".show_page", token=token, page_id=target))
    errors = ()
    if request.args.get("notice") == "missing":
        missing_page, missing = flow.missing_required(g.instrument, draft.answers)
        errors = tuple(missing) if missing_page == page_id else ()
    values = {code: as_form_values(value) for code, value in draft.answers.items()}
    return _render_page(draft, page, values, errors, notice=request.args.get("notice", ""))


@bp.post("/<token>/p/<page_id>")
def post_page(token: str, page_id: str):
    posted_token = request.form.get("draft", "")
    draft = _draft()
    if draft is None or posted_token != draft.submission_token:
        if find_submitted(posted_token) is not None:
            return redirect(url_for(".thanks", token=token))  # a resend of a sent form: it was stored once
        return _notice(
            _("This page is out of date"),
            _("The form you sent belongs to answers that are no longer in use. Nothing was changed."),
            400,
            start_link=True,
        )
    page = flow.get_page(g.collection, g.instrument, draft.answers, page_id)
    action = request.form.get("action", "next")
    if page is None or not _known_action(action):
        return _notice(_("This page is out of date"), _("Go back to the questionnaire and try again."), 400, True)
    form = {name: request.form.getlist(name) for name in request.form}
    shown = frozenset(request.form.get("shown", "").split())
    try:
        outcome = flow.post_page(g.collection, g.instrument, draft, page, form, action, shown)
    except CollectionClosed:  # closed by staff in the last few seconds (this process's copy was older)
        return _closed()
    return _follow(outcome, draft, page, form)


def _known_action(action: str) -> bool:
    return action in flow.ACTIONS or (action.startswith("lang:") and action[5:] in g.collection.languages)


def _follow(outcome: flow.Outcome, draft, page, form):
    token = g.collection.token
    if outcome.kind == "errors":
        return _render_page(draft, page, form, outcome.errors, answers=outcome.answers), 400
    if outcome.kind == "busy":
        return _busy(draft, page, form, outcome.answers)
    if outcome.kind == "start":
        return redirect(url_for(".start", token=token))
    if outcome.kind == "saved":
        try:
            session["resume_code"] = drafts.issue_resume_code(draft)
        except TooManyRequests:
            return _busy(draft, page, form, draft.answers)
        return redirect(url_for(".saved", token=token))
    if outcome.kind == "submitted":
        drafts.forget_draft(draft)
        return redirect(url_for(".thanks", token=token))
    if draft.language != current_language():
        choose_language(draft.language)
    args = {"notice": outcome.notice} if outcome.notice else {}
    return redirect(url_for(".show_page", token=token, page_id=outcome.target, **args))


def _busy(draft, page, form, answers):
    """A write limit of this address was reached (a school network full of respondents): the same page again,
    with what was sent filled in and a notice to press the button again in a minute. Nothing was written, so
    nothing is lost: the form holds this page, the draft the pages before."""
    return _render_page(draft, page, form, (), notice="busy", answers=answers), 429, {"Retry-After": "60"}


def page_context(collection, instrument, draft, page, items, values, errors, notice: str = "") -> dict:
    """What respond/page.html is rendered from (the respondent flow, and the preview of a questionnaire)."""
    return {
        "render_question": render_question,
        "collection": collection,
        "instrument": instrument,
        "draft": draft,
        "page": page,
        "items": items,
        "values": values,
        "errors": errors,
        "error_codes": {e.field: e.message for e in errors},
        "notice": notice,
    }


def _render_page(draft, page, values, errors, notice: str = "", answers=None):
    answers = draft.answers if answers is None else answers
    items = visible_items(page.section, answers) if page.section else []
    context = page_context(g.collection, g.instrument, draft, page, items, values, errors, notice)
    if errors or notice not in ("", "more") or any(values.get(item.code) for item in items):
        return render_template("respond/page.html", **context)
    return _blank_page(context)


_DRAFT_PLACEHOLDER = "draft-placeholder-5a93c0"


def _blank_page(context: dict) -> str:
    """A page without answers or errors (every page the first time it is shown): the same for everyone."""
    page, draft = context["page"], context["draft"]
    key = (
        g.collection.token,
        g.collection.respondent_group,
        g.languages,
        (page.id, page.number, page.total, page.previous, page.next),
        tuple(item.code for item in context["items"]),
        context["notice"],
        bool(draft.sealed_pairing_code),
    )
    placeholder = _DraftPlaceholder(draft.sealed_pairing_code)
    return shared_page(key, "respond/page.html", {**context, "draft": placeholder},
                       {_DRAFT_PLACEHOLDER: draft.submission_token})  # fmt: skip


@dataclass(frozen=True)
class _DraftPlaceholder:
    """What page.html reads of a draft, with the submission token left to be filled in."""

    sealed_pairing_code: str | None
    submission_token: str = _DRAFT_PLACEHOLDER


def render_question(macro, item, instrument, values, error, lang: str, children: bool):
    """The ``question`` macro's HTML. A question without an answer or an error (every question the first time
    its page is shown) looks the same to every respondent: it is rendered once per process and reused."""
    if error or values.get(item.code):
        return macro(item, instrument, values, error, lang, children)
    blank = current_app.extensions.setdefault("arvio_blank_questions", {})
    key = (instrument.id, instrument.version, item.code, lang, children, request.script_root)
    if key not in blank:
        blank[key] = macro(item, instrument, {}, None, lang, children)
    return blank[key]


def _lost():
    return _notice(
        _("Your answers were not found"),
        _("This browser has no answers in progress. Start again, or continue with your resume code."),
        200,
        start_link=True,
    )


@bp.get("/<token>/saved")
def saved(token: str):
    code = session.pop("resume_code", None)
    if code is None:
        return redirect(url_for(".start", token=token))
    return render_template("respond/saved.html", collection=g.collection, code=drafts.format_resume_code(code))


@bp.route("/<token>/resume", methods=["GET", "POST"])
def resume(token: str):
    if request.method == "GET":
        return render_template("respond/resume.html", collection=g.collection, error=None)
    try:
        draft = drafts.resume_draft(g.collection, request.form.get("code", "")[:40])
    except TooManyRequests:
        error = _("Many people on the same network are using resume codes right now. Wait a minute and try again.")
        page = render_template("respond/resume.html", collection=g.collection, error=error)
        return page, 429, {"Retry-After": "60"}
    if draft is None:
        error = _("No saved answers were found with this code. Check the code and try again.")
        return render_template("respond/resume.html", collection=g.collection, error=error), 400
    choose_language(draft.language)
    return redirect(
        url_for(".show_page", token=token, page_id=flow.resume_page(g.collection, g.instrument, draft))
    )


@bp.get("/<token>/thanks")
def thanks(token: str):
    if not same_for_everyone():
        return render_template("respond/thanks.html", collection=g.collection)
    return shared_page((token, g.languages), "respond/thanks.html", {"collection": g.collection})
