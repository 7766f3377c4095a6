"""Team pages: my projects, a project's collections, creating, opening, closing (after a confirmation), reopening
and copying a collection, its link, short address, QR code and printable poster, and live response counts by
day. The link, QR code and poster are handed out only once the collection can take answers."""

from __future__ import annotations

import io

import segno
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale, format_date, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from survey.accounts import permissions
from survey.accounts.permissions import Permission, require
from survey.collect import collections as service
from survey.collect import team
from survey.collect.charts import bar_chart
from survey.collect.collections import CollectionError
from survey.collect.form import CollectionForm, CopyForm, OpenForm
from survey.collect.open_answers import open_text_items
from survey.collect.short_links import format_short_code
from survey.db import db
from survey.i18n import current_language
from survey.models import Collection, CollectionStatus
from survey.questionnaires import get_instrument
from survey.security import public_url
from survey.templating import collection_name, moment

bp = Blueprint("staff", __name__, url_prefix="/staff")

NEXT_WAVE = {"baseline": "follow_up", "follow_up": "end"}
"""The wave a copy is offered for by default."""


@bp.get("/")
@require(Permission.SIGNED_IN)
def collections():
    rows = db.session.scalars(permissions.visible_collections(current_user)).all()
    counts = service.response_counts(rows)
    return render_template("staff/collections.html", collections=rows, counts=counts)


@bp.get("/projects")
@require(Permission.SIGNED_IN)
def projects():
    rows = db.session.scalars(permissions.visible_projects(current_user)).all()
    return render_template("staff/projects.html", projects=rows)


@bp.get("/projects/<int:project_id>")
@require(Permission.VIEW_RESULTS)
def project(project_id: int):
    p = permissions.project_or_404(project_id)
    query = select(Collection).where(Collection.project_id == p.id)
    rows = list(db.session.scalars(query.order_by(Collection.opens_at.desc(), Collection.id.desc())))
    return render_template(
        "staff/project.html",
        project=p,
        collections=rows,
        counts=service.response_counts(rows),
        can_manage=permissions.can_manage_collections(current_user, p),
    )


@bp.route("/projects/<int:project_id>/collections/new", methods=["GET", "POST"])
@require(Permission.MANAGE_COLLECTIONS)
def new_collection(project_id: int):
    """The collection form. The questionnaires offered are those for the project's respondent groups in the
    register (``?all=1``: every one); none is chosen until the team chooses one."""
    p = permissions.project_or_404(project_id, Permission.MANAGE_COLLECTIONS)
    every = request.args.get("all") == "1"
    offered, filtered = team.offered_instruments(p, every_group=every)
    form = CollectionForm()
    form.set_instruments(offered, current_language())
    if form.validate_on_submit():
        instrument_id, _sep, version = form.instrument.data.partition("@")
        try:
            created = service.create_collection(
                p, instrument_id, version, created_by=current_user, **form.values()
            )
        except CollectionError as error:
            form.field_for(error.field).errors.append(error.message)
        else:
            flash(_("The data collection was created."))
            return redirect(url_for(".collection", collection_id=created.id))
    status = 400 if request.method == "POST" else 200
    names = team.respondent_group_names()
    return render_template(
        "staff/collection_form.html",
        project=p,
        form=form,
        offered=offered,
        grouped=form.instrument_groups(offered, names, current_language()),
        filtered=filtered,
        every=every,
        project_groups=[names.get(group, group) for group in p.respondent_groups or ()],
    ), status


def _collection(collection_id: int, manage: bool = False) -> Collection:
    need = Permission.MANAGE_COLLECTIONS if manage else Permission.VIEW_RESULTS
    return permissions.collection_or_404(collection_id, need)


def respondent_url(collection: Collection) -> str:
    return public_url("respond.start", token=collection.token)


def short_url(collection: Collection) -> str:
    """The short address of the poster, e.g. ``https://kysely.example.fi/k/ACDE-FGHJ``."""
    return public_url("short.follow", code=format_short_code(collection.short_code or ""))


def typed(url: str) -> str:
    """An address as people type it from a wall: without ``https://``."""
    return url.split("://", 1)[-1]


@bp.get("/collections/<int:collection_id>")
@require(Permission.VIEW_RESULTS)
def collection(collection_id: int):
    c = _collection(collection_id)
    return _collection_page(c, OpenForm(), CopyForm(wave=NEXT_WAVE.get(c.wave, "custom")))


def _collection_page(c: Collection, open_form: OpenForm, copy_form: CopyForm, status: int = 200):
    days = team.daily_counts(c)
    instrument = get_instrument(c.instrument_id, c.instrument_version)
    return render_template(
        "staff/collection.html",
        collection=c,
        status=c.status(),
        link=respondent_url(c),
        short=short_url(c) if c.short_code else "",
        link_ready=team.link_ready(c),
        can_reopen=team.can_reopen(c),
        responses=service.response_counts([c])[c.id],
        days=days,
        chart=_daily_chart(c, days),
        can_manage=permissions.can_manage_collection(current_user, c),
        open_answers=permissions.can_download_raw(current_user, c.project) and bool(open_text_items(instrument)),
        open_form=open_form,
        copy_form=copy_form,
    ), status


def _daily_chart(c: Collection, days):
    return bar_chart(
        _("Responses by day"),
        _("Responses received on each day of the collection; the same numbers are in the table."),
        [(format_date(d.day, "d.M."), d.responses) for d in days],
    )


@bp.get("/collections/<int:collection_id>/counts")
@require(Permission.VIEW_RESULTS)
def counts(collection_id: int):
    """The live counts fragment the collection page re-fetches (progressive enhancement)."""
    c = _collection(collection_id)
    days = team.daily_counts(c)
    response = Response(
        render_template(
            "staff/_counts.html",
            collection=c,
            days=days,
            chart=_daily_chart(c, days),
            responses=service.response_counts([c])[c.id],
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/collections/<int:collection_id>/open")
@require(Permission.MANAGE_COLLECTIONS)
def open_now(collection_id: int):
    c = _collection(collection_id, manage=True)
    form = OpenForm()
    if form.validate_on_submit():
        try:
            team.open_collection(c, form.retention_until.data)
        except CollectionError as error:
            message = _(
                "Give the date after which the responses are deleted; a collection cannot open without it."
            )
            if error.field == "status":
                message = _("A closed collection cannot be opened again; copy it to a new wave instead.")
            elif error.field == "retention_until" and error.message != "required":
                message = error.message
            form.retention_until.errors.append(message)
        else:
            flash(_("The data collection is open."))
            return redirect(url_for(".collection", collection_id=c.id))
    return _collection_page(c, form, CopyForm(), 400)


@bp.route("/collections/<int:collection_id>/close", methods=["GET", "POST"])
@require(Permission.MANAGE_COLLECTIONS)
def close(collection_id: int):
    """Closing asks first (a page of its own, so it works without JavaScript), then says what happened."""
    c = _collection(collection_id, manage=True)
    if c.status() is CollectionStatus.CLOSED:
        return redirect(url_for(".collection", collection_id=c.id))
    responses = service.response_counts([c])[c.id]
    if request.method == "GET" or request.form.get("confirm") != "yes":
        return render_template("staff/close.html", collection=c, responses=responses, reopen=_reopen_until(c))
    team.close_now(c, current_user)
    closed = moment(c.closed_at)
    flash(ngettext(
        "The data collection was closed on %(when)s. It takes no more answers; its %(num)s answer is in its "
        "results now, and unfinished answers were deleted.",
        "The data collection was closed on %(when)s. It takes no more answers; its %(num)s answers are in its "
        "results now, and unfinished answers were deleted.",
        responses, when=closed))  # fmt: skip
    if team.can_reopen(c):
        flash(_reopen_until(c))
    return redirect(url_for(".collection", collection_id=c.id))


def _reopen_until(c: Collection) -> str:
    if c.closes_at is not None:
        return _("You can open it again until its planned closing time, %(when)s.", when=moment(c.closes_at))
    return _("You can open it again later if you need more answers.")


@bp.post("/collections/<int:collection_id>/reopen")
@require(Permission.MANAGE_COLLECTIONS)
def reopen(collection_id: int):
    """Open a collection closed early again, within its period (audited). Its results so far stay as they are."""
    c = _collection(collection_id, manage=True)
    try:
        team.reopen_collection(c, current_user)
    except CollectionError:
        flash(_("This data collection cannot be opened again: its period has ended. Copy it to a new wave."))
    else:
        flash(_("The data collection is open again with the same link. The results published when it closed stay "
                "as they were; the answers given from now on are added when it closes again."))  # fmt: skip
    return redirect(url_for(".collection", collection_id=c.id))


@bp.post("/collections/<int:collection_id>/copy")
@require(Permission.MANAGE_COLLECTIONS)
def copy(collection_id: int):
    c = _collection(collection_id, manage=True)
    form = CopyForm()
    if form.validate_on_submit():
        try:
            created = team.copy_collection(c, form.wave_value(), created_by=current_user)
        except CollectionError as error:
            form.custom_wave.errors.append(error.message)
        else:
            flash(_("A copy for the new wave was created, with a new link."))
            return redirect(url_for(".collection", collection_id=created.id))
    return _collection_page(c, OpenForm(), form, 400)


@bp.get("/collections/<int:collection_id>/qr.<any(png, svg):kind>")
@require(Permission.VIEW_RESULTS)
def qr(collection_id: int, kind: str):
    """The QR code of the link, once the collection can take answers (before that it would lead nowhere)."""
    c = _collection(collection_id)
    if not team.link_ready(c):
        abort(404)
    out = io.BytesIO()
    code = segno.make(respondent_url(c), error="m")
    if kind == "png":
        code.save(out, kind="png", scale=10, border=4)
        mimetype = "image/png"
    else:
        code.save(out, kind="svg", scale=10, border=4, xmldecl=False, title=collection_name(c))
        mimetype = "image/svg+xml"
    response = Response(out.getvalue(), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'inline; filename="arvio-{c.id}.{kind}"'
    # The link in a QR code never changes; only this user's browser may keep it, and no proxy may recompress it.
    response.headers["Cache-Control"] = "private, max-age=86400, no-transform"
    return response


@bp.get("/collections/<int:collection_id>/poster")
@require(Permission.VIEW_RESULTS)
def poster(collection_id: int):
    """A printable page for a wall in one of the collection's languages (``?lang=``): the questionnaire's title,
    the project, the QR code and the short address written large; the full link in small print."""
    c = _collection(collection_id)
    if not team.link_ready(c):
        abort(404)
    language = request.args.get("lang") or current_language()  # the page's language when the collection has it
    language = language if language in c.languages else c.languages[0]
    instrument = get_instrument(c.instrument_id, c.instrument_version)
    with force_locale(language):
        return render_template(
            "staff/poster.html",
            collection=c,
            instrument=instrument,
            lang=language,
            link=respondent_url(c),
            short=typed(short_url(c)) if c.short_code else "",
        )
