"""Coordinators' pages for uploaded questionnaires: upload and check, the draft and its preview, publish."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from instruments.errors import Message, Problem
from instruments.model import Instrument, ItemType, RespondentGroup
from survey.accounts import audit
from survey.accounts.permissions import Permission, current_user, require
from survey.db import db
from survey.i18n import current_language
from survey.models import UploadedInstrument
from survey.questionnaires import library
from survey.uploads import store

bp = Blueprint("uploads", __name__, url_prefix="/staff/uploads")

TYPE_NAMES = {
    ItemType.SINGLE: _l("one choice"),
    ItemType.MULTIPLE: _l("several choices"),
    ItemType.LIKERT: _l("a scale"),
    ItemType.YESNO: _l("yes or no"),
    ItemType.NUMBER: _l("a number"),
    ItemType.TEXT: _l("a short text"),
    ItemType.LONGTEXT: _l("a longer text"),
    ItemType.INFO: "",
}
GROUP_NAMES = {
    RespondentGroup.CHILDREN: _l("Children (about 8–12)"),
    RespondentGroup.YOUTH: _l("Young people (13–29)"),
    RespondentGroup.PARENTS: _l("Parents and guardians"),
    RespondentGroup.PROFESSIONALS: _l("Professionals"),
}

_SHEET_ROW = re.compile(r"^(?P<sheet>[\w -]+?) row (?P<row>\d+)$")
_SHEET = re.compile(r"^(?P<sheet>[\w -]+?) sheet$")


@dataclass(frozen=True)
class Finding:
    """A problem or warning as the page lists it: where (in the user's language), the column or field, what."""

    where: str
    column: str
    message: str


def findings(problems: list[Problem]) -> list[Finding]:
    """The loader's problems in the user's words: where (``survey row 7`` -> sheet, row) and what."""
    return [
        Finding(_where(p.item), "" if p.field in ("-", "file") else p.field, in_words(p.message))
        for p in problems
    ]


def in_words(message: str) -> str:
    """A loader's :class:`~instruments.errors.Message` in the page's language: its template from the catalogs,
    its values as the file wrote them (a value that is a message itself is translated the same way)."""
    if not isinstance(message, Message):
        return message
    values = {name: in_words(value) if isinstance(value, str) else value for name, value in message.values.items()}
    return _(message.template, **values)


def _where(item: str) -> str:
    if match := _SHEET_ROW.match(item):
        return _("sheet %(sheet)s, row %(row)s", sheet=match["sheet"], row=match["row"])
    if match := _SHEET.match(item):
        return _("sheet %(sheet)s", sheet=match["sheet"])
    if item in ("", "-"):
        return ""
    return _("item %(code)s", code=item)


@bp.url_value_preprocessor
def _allow_files(endpoint, values):
    # Runs before the CSRF check reads the form: an upload may be larger than the app's limit for answers.
    # A request that says it is too large is refused before any of it is read (and spooled to a file).
    request.max_content_length = store.MAX_BYTES + 64 * 1024
    if (request.content_length or 0) > request.max_content_length:
        abort(413)


@bp.errorhandler(413)
def _too_large(error):
    message = _("The file is larger than %(size)s MB.", size=store.MAX_BYTES // 1_000_000)
    return _upload_page([Finding("", "", message)], []), 413


@bp.route("/", methods=["GET", "POST"])
@require(Permission.PUBLISH_QUESTIONNAIRES)
def upload():
    """The upload form and the uploads so far; a posted file is checked and, when valid, kept as a draft."""
    if request.method == "GET":
        return _upload_page([], [])
    file = request.files.get("questionnaire")
    if file is None or not file.filename:
        return _upload_page([Finding("", "", _("Choose a file to upload."))], []), 400
    built_in = library().built_in
    built_in_ids = {i.id for i in built_in} if hasattr(built_in, "__iter__") else set()
    data = file.stream.read(store.MAX_BYTES + 1)
    skip = request.form.get("skip_unsupported") == "yes"
    checked = store.check_upload(data, file.filename, built_in_ids, skip_unsupported=skip)
    if checked.instrument is None:
        status = 415 if checked.problems[0].field == "file" and len(checked.problems) == 1 else 400
        return _upload_page(findings(checked.problems), findings(checked.warnings), file.filename), status
    draft = store.save_draft(checked.instrument, file.filename, current_user)
    details = {"key": draft.key, "file": draft.filename}
    audit.record(current_user, "questionnaire.upload", f"upload:{draft.id}", details)
    # The warnings are shown once, with the new draft; the draft itself is what was checked.
    return _draft_page(draft, checked.instrument, warnings=findings(checked.warnings)), 201


@bp.get("/<int:upload_id>")
@require(Permission.PUBLISH_QUESTIONNAIRES)
def draft(upload_id: int):
    """A draft (or a published upload): what it holds, shown as its questions read, and the publish button."""
    upload = _upload(upload_id)
    return _draft_page(upload, store.draft_instrument(upload))


@bp.post("/<int:upload_id>/publish")
@require(Permission.PUBLISH_QUESTIONNAIRES)
def publish(upload_id: int):
    upload = _upload(upload_id)
    try:
        store.publish(upload, current_user)
    except store.PublishError as error:
        return _draft_page(upload, store.draft_instrument(upload), refused=str(error)), 409
    audit.record(current_user, "questionnaire.publish", f"upload:{upload.id}", {"key": upload.key})
    flash(_("%(key)s is published: teams can now open collections on it.", key=upload.key))
    return redirect(url_for(".draft", upload_id=upload.id))


@bp.post("/<int:upload_id>/delete")
@require(Permission.PUBLISH_QUESTIONNAIRES)
def delete(upload_id: int):
    upload = _upload(upload_id)
    try:
        store.delete_draft(upload)
    except store.PublishError as error:
        flash(str(error))
        return redirect(url_for(".draft", upload_id=upload_id))
    audit.record(current_user, "questionnaire.delete_draft", f"upload:{upload_id}", {"key": upload.key})
    flash(_("The draft was removed."))
    return redirect(url_for(".upload"))


def _upload(upload_id: int) -> UploadedInstrument:
    upload = db.session.get(UploadedInstrument, upload_id)
    if upload is None:
        abort(404)
    return upload


def _upload_page(problems: list[Finding], warnings: list[Finding], filename: str = "") -> str:
    return render_template(
        "uploads/upload.html",
        problems=problems,
        warnings=warnings,
        filename=filename,
        uploads=store.uploads(),
        max_mb=store.MAX_BYTES // 1_000_000,
    )


def _draft_page(upload: UploadedInstrument, instrument: Instrument, **extra) -> str:
    """The draft's page, its preview in ``in`` (or the page's language, or the questionnaire's first); not
    ``lang``, which would change the language of the page itself."""
    wanted = request.args.get("in", "")
    if wanted not in instrument.languages:
        wanted = current_language() if current_language() in instrument.languages else instrument.languages[0]
    return render_template(
        "uploads/draft.html",
        upload=upload,
        instrument=instrument,
        preview_language=wanted,
        type_names=TYPE_NAMES,
        group_names=GROUP_NAMES,
        **extra,
    )
