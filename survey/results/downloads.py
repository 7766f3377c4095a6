"""Downloads: the workbook of a Report, the raw-data files CSV (wide, wide with semicolons, long) and SPSS, and the
programme impact workbook (:func:`send_impact`) — audited.

Only the workbook holds aggregates: without the raw-data permission
(:func:`survey.accounts.permissions.can_download_raw` on every project of the selection) it is written without its
Responses sheet; the CSV and SPSS files are individual responses and need that permission. Every file handed out is
written to the audit log before it is sent.

The workbook and the SPSS file are built in a temporary directory and streamed; the directory is removed when the
stream ends. The CSV files need no report and no file (:func:`send_responses`): their rows are read from the
database in batches, scored and written into the response as they come (:mod:`survey.results.raw_data`), so the
first bytes leave before the last row is read and the rows are never all in memory.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from flask import Response, stream_with_context

from analysis.export import EXPORTERS, safe_filename, write_sav
from analysis.export.impact_sheet import ImpactBook, write_impact_workbook
from analysis.glossary import wave_label
from analysis.report_model import Report
from instruments.model import Instrument, Text
from survey.accounts import audit, permissions
from survey.db import streamed_reads, utcnow
from survey.models import Collection, User
from survey.results.raw_data import RawData, scored_responses
from survey.results.reports import Results

RAW_FORMATS = ("csv", "csv-semicolon", "csv-long", "sav")
FORMATS = ("xlsx", *RAW_FORMATS)
_CHUNK = 64 * 1024


class DownloadRefused(PermissionError):
    """The user may see these results but not download individual responses."""


@dataclass(frozen=True)
class Download:
    """A written file: where it is, what to call it, and its media type."""

    path: Path
    filename: str
    media_type: str
    raw: bool


def may_download_raw(user: User, collections: Sequence[Collection]) -> bool:
    """True when `user` may have the individual responses of every collection's project."""
    return all(permissions.can_download_raw(user, c.project) for c in collections)


def file_title(instrument: Instrument, collections: Sequence[Collection], language: str, made: datetime) -> str:
    """A readable base name: projects, questionnaire, waves by their display names and the date, e.g.
    ``arvio P01 participation_youth alkumittaus-seurantamittaus 2026-11-28``; the exporter adds what the file
    holds ("vastaukset puolipiste"), so that no two downloads share a name."""
    projects = "-".join(sorted({c.project.code for c in collections}))
    waves = "-".join(dict.fromkeys(wave_label(c.wave, language) for c in collections))
    return f"arvio {projects} {instrument.id} {waves} {made:%Y-%m-%d}"


def write_download(
    report: Report, collections: Sequence[Collection], user: User, kind: str, directory: Path, *, labels: bool
) -> Download:
    """Write `report` as `kind` (one of :data:`FORMATS`) into `directory`, and audit it.

    Raises :class:`DownloadRefused` for a raw-data format without the permission, KeyError for an unknown kind.
    """
    if kind not in FORMATS:
        raise KeyError(kind)
    exporter = EXPORTERS[kind]
    raw = may_download_raw(user, collections)
    if kind in RAW_FORMATS and not raw:
        raise DownloadRefused(kind)
    design = report.design
    title = file_title(report.instrument, collections, design.language, report.created_at)
    filename = exporter.filename(title, design.language)
    options: dict[str, object] = {"labels": labels, "language": design.language}
    if kind == "xlsx":
        options.update(made_by=user.name or user.email, include_responses=raw)
    path = exporter.write(report, directory / filename, **options)
    described = _Described(report.instrument, tuple(collections), design.waves, design.by, design.language)
    _audit(user, kind, described, report.n_responses, raw=raw, labels=labels)
    return Download(path=Path(path), filename=filename, media_type=exporter.media_type, raw=raw)


@dataclass(frozen=True)
class _Described:
    """What a download's audit entry says it describes."""

    instrument: Instrument
    collections: tuple[Collection, ...]
    waves: tuple[str, ...]
    by: tuple[str, ...]
    language: str


def _audit(user, kind: str, described: _Described, count: int, *, raw: bool, labels: bool) -> None:
    details = {
        "format": kind,
        "instrument": described.instrument.key,
        "collections": [c.id for c in described.collections],
        "waves": list(described.waves),
        "by": list(described.by),
        "language": described.language,
        "labels": labels,
        "responses_included": raw,
        "responses_described": count,
    }
    target = "collections:" + ",".join(str(c.id) for c in described.collections)
    audit.record(user, f"download.{kind}", target, details, count if raw else 0)


def send(results: Results, user: User, kind: str, *, labels: bool = False):
    """A Flask response that streams the file as an attachment and cleans up after itself.

    The file describes the collections the report analysed (the closed ones of the selection).
    """
    report, collections = results.report, results.selection.collections
    directory = Path(tempfile.mkdtemp(prefix="arvio-download-"))
    try:
        download = write_download(report, collections, user, kind, directory, labels=labels)
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    response = _attachment(_stream(download.path, directory), download.filename, download.media_type)
    response.headers["Content-Length"] = str(download.path.stat().st_size)
    return response


def send_impact(book: ImpactBook, collections: Sequence[Collection], user: User, language: str):
    """The programme impact workbook (:mod:`analysis.export.impact_sheet`) as an attachment, audited like every
    download: aggregates only, so no response rows are counted as handed out."""
    directory = Path(tempfile.mkdtemp(prefix="arvio-download-"))
    try:
        waves = "-".join(wave_label(w, language) for w in (book.baseline, book.later))
        title = f"arvio {_IMPACT_WORD.get(language)} {book.instrument.id} {waves} {utcnow():%Y-%m-%d}.xlsx"
        filename = safe_filename(title, ascii_only=False)
        made_by = user.name or user.email
        path = write_impact_workbook(book, directory / filename, language=language, made_by=made_by)
        details = {
            "format": "xlsx",
            "instrument": book.instrument.key,
            "collections": [c.id for c in collections],
            "waves": [book.baseline, book.later],
            "measure": book.measure,
            "method": book.method,
            "language": language,
            "responses_included": False,
        }
        target = "collections:" + ",".join(str(c.id) for c in collections)
        audit.record(user, "download.impact", target, details, 0)
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    response = _attachment(_stream(path, directory), filename, EXPORTERS["xlsx"].media_type)
    response.headers["Content-Length"] = str(path.stat().st_size)
    return response


_IMPACT_WORD = Text(fi="vaikuttavuus", sv="effekt", en="impact")


def send_responses(data: RawData, user: User, kind: str, *, labels: bool = False):
    """A Flask response with the raw-data file `kind` (one of :data:`RAW_FORMATS`) of `data`, audited first.

    A CSV file is written into the response as its rows are read from the database (no Content-Length: its size
    is known only at the end); an SPSS file, which pyreadstat writes from one data frame, is built in a
    temporary directory first. Raises :class:`DownloadRefused` without the raw-data permission, KeyError for
    another kind.
    """
    if kind not in RAW_FORMATS:
        raise KeyError(kind)
    collections = data.selection.collections
    if not may_download_raw(user, collections):
        raise DownloadRefused(kind)
    exporter = EXPORTERS[kind]
    title = file_title(data.instrument, collections, data.language, data.created_at)
    filename = exporter.filename(title, data.language)
    responses = scored_responses(data)  # the pair ids now; the rows as they are sent
    described = _Described(data.instrument, collections, data.waves, data.by, data.language)
    _audit(user, kind, described, data.count, raw=True, labels=labels)
    if exporter.stream is not None:
        body = exporter.stream(data.instrument, responses, language=data.language, labels=labels)
        return _attachment(stream_with_context(streamed_reads(body)), filename, exporter.media_type)
    directory = Path(tempfile.mkdtemp(prefix="arvio-download-"))
    try:
        path = write_sav(data.instrument, responses, directory / filename, language=data.language)
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    response = _attachment(_stream(path, directory), filename, exporter.media_type)
    response.headers["Content-Length"] = str(path.stat().st_size)
    return response


def _attachment(body, filename: str, media_type: str) -> Response:
    response = Response(body, mimetype=media_type)
    response.headers["Content-Disposition"] = content_disposition(filename)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def content_disposition(filename: str) -> str:
    """An attachment header naming the file: an ASCII name every client reads, and the name with its letters
    (ä, ö, å) for the clients that read RFC 6266's ``filename*``.

    >>> print(content_disposition("arvio_vastaukset_pitkä.csv"))
    attachment; filename="arvio_vastaukset_pitka.csv"; filename*=UTF-8''arvio_vastaukset_pitk%C3%A4.csv
    """
    simple = safe_filename(filename)
    if simple == filename:
        return f'attachment; filename="{filename}"'
    return f"attachment; filename=\"{simple}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _stream(path: Path, directory: Path) -> Iterator[bytes]:
    try:
        with path.open("rb") as file:
            while chunk := file.read(_CHUNK):
                yield chunk
    finally:
        shutil.rmtree(directory, ignore_errors=True)
