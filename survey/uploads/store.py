"""Uploaded questionnaires: check a file, keep it as a draft, publish it as an immutable library version.

A file is read once, at the edge (:func:`check_upload`), into a validated :class:`~instruments.model.Instrument`
or a list of problems, each naming where (sheet and row, or the item) and what. Only valid files are kept, as
the canonical YAML of the instrument (:func:`instruments.document.dump_yaml`), so what is published is exactly
what the loader reads; the uploaded file itself is not kept.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from instruments.document import dump_yaml
from instruments.errors import InstrumentError, Problem
from instruments.loader import library_modules, parse_instrument, read_yaml
from instruments.model import Instrument
from instruments.xlsform import import_xlsform
from survey.db import db, utcnow
from survey.models import UploadedInstrument, User
from survey.questionnaires import published_instrument, stored_instrument

MAX_BYTES = 5_000_000
"""The largest file accepted; a questionnaire workbook is rarely above 100 kB."""

XLSX_SUFFIXES = (".xlsx",)
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class Checked:
    """What a file gave: the instrument (None when it has problems), the problems and the warnings."""

    instrument: Instrument | None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


class PublishError(Exception):
    """The draft cannot be published; the message is for the user (already translated)."""


def check_upload(data: bytes, filename: str, built_in_ids: set[str], *, skip_unsupported: bool = False) -> Checked:
    """Read an uploaded XLSForm (.xlsx) or instrument YAML file into an instrument, or list what is wrong.

    `data` may be one byte longer than :data:`MAX_BYTES` (read that far to tell a file too large).
    `skip_unsupported` leaves out of a workbook what Arvio cannot ask, with a warning each (see
    :func:`instruments.xlsform.import_xlsform`).
    """
    name = Path(filename).name[:200]
    suffix = Path(name).suffix.lower()
    if suffix not in XLSX_SUFFIXES + YAML_SUFFIXES:
        return _refused(name, _("This is not an XLSForm workbook (.xlsx) or an instrument file (.yaml)."))
    if len(data) > MAX_BYTES:
        return _refused(name, _("The file is larger than %(size)s MB.", size=MAX_BYTES // 1_000_000))
    if not data:
        return _refused(name, _("The file is empty."))
    if suffix in XLSX_SUFFIXES and not zipfile.is_zipfile(io.BytesIO(data)):
        return _refused(name, _unreadable())
    warnings: list[Problem] = []
    try:
        instrument = _read(data, name, suffix, warnings, skip_unsupported)
    except InstrumentError as error:
        return Checked(None, list(error.problems), warnings)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError):
        # a damaged workbook that still opens as a zip: openpyxl gives up with a plain error
        return _refused(name, _unreadable(), warnings)
    problems = _library_problems(instrument, name, built_in_ids)
    return Checked(None if problems else instrument, problems, warnings)


def _read(data: bytes, name: str, suffix: str, warnings: list[Problem], skip_unsupported: bool) -> Instrument:
    with tempfile.TemporaryDirectory(prefix="arvio-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        if suffix in XLSX_SUFFIXES:
            return import_xlsform(path, source=name, warnings=warnings, skip_unsupported=skip_unsupported)
        try:
            document = read_yaml(path)
        except InstrumentError as error:
            raise InstrumentError([Problem(name, p.item, p.field, p.message) for p in error.problems]) from None
        return parse_instrument(document, name, modules=library_modules())


def _library_problems(instrument: Instrument, name: str, built_in_ids: set[str]) -> list[Problem]:
    if instrument.id in built_in_ids:
        message = _("%(id)s is a built-in questionnaire: give yours an id of its own.", id=instrument.id)
        return [Problem(name, "-", "id", message)]
    if len(instrument.id) > 64 or len(instrument.version) > 20:
        message = _("The id may have at most 64 and the version at most 20 characters.")
        return [Problem(name, "-", "version", message)]
    if published_instrument(instrument.key) is not None:
        return [Problem(name, "-", "version", _already_published(instrument.key))]
    return []


def _already_published(key: str) -> str:
    message = _("%(key)s is already published: a published version never changes, so give the file a new version.")
    return message % {"key": key}


def _unreadable() -> str:
    return _("The file is not a readable .xlsx workbook: save it again as .xlsx in Excel or LibreOffice.")


def _refused(name: str, message: str, warnings: list[Problem] | None = None) -> Checked:
    return Checked(None, [Problem(name, "-", "file", message)], warnings or [])


# --- drafts and publishing --------------------------------------------------------------------------------------


def save_draft(instrument: Instrument, filename: str, user: User) -> UploadedInstrument:
    """Keep a checked instrument as a draft (coordinators see it; teams do not)."""
    draft = UploadedInstrument(
        instrument_id=instrument.id,
        version=instrument.version,
        document=dump_yaml(instrument),
        filename=Path(filename).name[:200],
        uploaded_by_id=user.id,
    )
    db.session.add(draft)
    db.session.commit()
    return draft


draft_instrument = stored_instrument


def publish(upload: UploadedInstrument, user: User) -> UploadedInstrument:
    """Publish a draft to the programme's library; PublishError if that id and version is already there."""
    if upload.published:
        raise PublishError(_already_published(upload.key))
    if published_instrument(upload.key) is not None:
        raise PublishError(_already_published(upload.key))
    upload.published_key = upload.key
    upload.published_at = utcnow()
    upload.published_by_id = user.id
    try:
        db.session.commit()
    except IntegrityError:  # another coordinator (or process) published the same version a moment ago
        db.session.rollback()
        raise PublishError(_already_published(upload.key)) from None
    return upload


def delete_draft(upload: UploadedInstrument) -> None:
    """Remove a draft; a published version stays (responses and collections pin it)."""
    if upload.published:
        raise PublishError(_("A published questionnaire cannot be removed."))
    db.session.delete(upload)
    db.session.commit()


def uploads() -> list[UploadedInstrument]:
    """Every upload, drafts first, newest first."""
    rows = db.session.scalars(select(UploadedInstrument).order_by(UploadedInstrument.uploaded_at.desc())).all()
    return sorted(rows, key=lambda row: row.published)
