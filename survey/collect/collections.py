"""Data collections: create, open, close, find, and delete what has passed its retention date.

Every function takes plain values and returns models; the caller (view, CLI, demo data) commits nothing:
the functions commit their own unit of work.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from instruments.model import LANGUAGES
from survey.accounts import audit
from survey.bounds import day_problem
from survey.collect.short_links import new_short_code
from survey.db import db, utcnow
from survey.models import Collection, CollectionStatus, Draft, Project, Response, User, Wave
from survey.questionnaires import UnknownInstrument, get_instrument

_CUSTOM_WAVE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class CollectionError(ValueError):
    """A collection cannot be created or changed as asked; `field` names the setting at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def new_token() -> str:
    """The public, unguessable part of a respondent link (128 random bits)."""
    return secrets.token_urlsafe(16)


def create_collection(
    project: Project,
    instrument_id: str,
    instrument_version: str,
    *,
    wave: str = Wave.BASELINE.value,
    languages: Sequence[str] | None = None,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    retention_until: date | None = None,
    ask_pairing_code: bool = False,
    intro: Mapping[str, str] | None = None,
    consent: Mapping[str, str] | None = None,
    label: str = "",
    created_by: User | None = None,
) -> Collection:
    """Create (and commit) a collection of `instrument_id@instrument_version` for `project`.

    `languages` defaults to the instrument's; `opens_at` to now. Times are naive UTC. Without a
    `retention_until` the collection exists but cannot open until :func:`set_retention` gives one.
    Raises :class:`CollectionError` naming the field at fault.
    """
    try:
        instrument = get_instrument(instrument_id, instrument_version)
    except UnknownInstrument:
        raise CollectionError(
            "instrument", _("No questionnaire %(key)s.", key=f"{instrument_id}@{instrument_version}")
        ) from None
    languages = list(languages or instrument.languages)
    _check_languages(languages, instrument.languages)
    _check_wave(wave)
    opens_at = opens_at or utcnow()
    _check_dates(opens_at, closes_at, retention_until)
    if ask_pairing_code and not instrument.pairing_prompts:
        raise CollectionError(
            "ask_pairing_code",
            _("This questionnaire has no pairing-code questions: untick asking the pairing code."),
        )
    collection = Collection(
        token=new_token(),
        short_code=new_short_code(),
        project=project,
        label=label.strip(),
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        wave=wave,
        respondent_group=instrument.respondent_group.value,
        languages=languages,
        opens_at=opens_at,
        closes_at=closes_at,
        retention_until=retention_until,
        ask_pairing_code=ask_pairing_code,
        intro=_texts("intro", intro, languages),
        consent=_texts("consent", consent, languages),
        created_by_id=created_by.id if created_by else None,
    )
    db.session.add(collection)
    db.session.commit()
    return collection


def _check_languages(languages: Sequence[str], available: Sequence[str]) -> None:
    unknown = [lang for lang in languages if lang not in LANGUAGES or lang not in available]
    if unknown or not languages or len(set(languages)) != len(languages):
        raise CollectionError(
            "languages",
            _("Choose languages among %(available)s.", available=", ".join(available)),
        )


def _check_wave(wave: str) -> None:
    if not _CUSTOM_WAVE.match(wave):
        raise CollectionError(
            "wave",
            _("A wave is baseline, follow_up, end or a label of lower-case letters, digits and _."),
        )


def _check_dates(opens_at: datetime, closes_at: datetime | None, retention_until: date | None) -> None:
    for field, value in (("opens_at", opens_at), ("closes_at", closes_at), ("retention_until", retention_until)):
        problem = day_problem(value if type(value) is date else value.date()) if value is not None else None
        if problem:
            raise CollectionError(field, problem)
    if closes_at is not None and closes_at <= opens_at:
        raise CollectionError("closes_at", _("The closing time must be after the opening time."))
    last_day = (closes_at or opens_at).date()
    if retention_until is not None and retention_until < last_day:
        raise CollectionError("retention_until", _("The retention date cannot be before the collection closes."))


def _texts(field: str, texts: Mapping[str, str] | None, languages: Sequence[str]) -> dict[str, str]:
    texts = {lang: text.strip() for lang, text in (texts or {}).items() if text and text.strip()}
    if any(lang not in languages for lang in texts):
        raise CollectionError(field, _("Texts are given only in the collection's languages."))
    return texts


def set_retention(collection: Collection, retention_until: date) -> Collection:
    """Give (or move) the retention date; a collection opens only once it has one."""
    _check_dates(collection.opens_at, collection.closes_at, retention_until)
    collection.retention_until = retention_until
    db.session.commit()
    return collection


def close_collection(collection: Collection, now: datetime | None = None) -> Collection:
    """Close early. Drafts are deleted with it: nobody can send them any more."""
    if collection.closed_at is None:
        collection.closed_at = now or utcnow()
        db.session.execute(delete(Draft).where(Draft.collection_id == collection.id))
        db.session.commit()
    return collection


def find_by_token(token: str) -> Collection | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(Collection).where(Collection.token == token))


def list_collections(project: Project | None = None) -> list[Collection]:
    query = select(Collection).order_by(Collection.opens_at.desc(), Collection.id.desc())
    if project is not None:
        query = query.where(Collection.project_id == project.id)
    return list(db.session.scalars(query))


def response_counts(collections: Iterable[Collection]) -> dict[int, int]:
    """How many responses each collection has, by collection id, in one grouped query (0 included).

    The one way Arvio counts responses: staff lists, the API, downloads and the demo all call it.
    """
    counts = dict.fromkeys((c.id for c in collections), 0)
    if counts:
        query = (
            select(Response.collection_id, func.count())
            .where(Response.collection_id.in_(list(counts)))
            .group_by(Response.collection_id)
        )
        counts.update((collection_id, n) for collection_id, n in db.session.execute(query))
    return counts


@dataclass(frozen=True)
class Purge:
    """What :func:`purge_expired` deleted."""

    responses: int
    drafts: int
    collections: tuple[int, ...]  # ids whose responses passed their retention date


def purge_expired(today: date | None = None, now: datetime | None = None) -> Purge:
    """Delete the responses of collections whose retention date has passed, and the drafts of collections
    that have closed; write what was deleted to the audit log. Commits."""
    today = today or utcnow().date()
    now = now or utcnow()
    expired = list(db.session.scalars(select(Collection.id).where(Collection.retention_until < today)))
    responses = drafts = 0
    if expired:
        responses = db.session.execute(delete(Response).where(Response.collection_id.in_(expired))).rowcount
    closed = [c.id for c in db.session.scalars(select(Collection)) if c.status(now) is CollectionStatus.CLOSED]
    if closed:
        drafts = db.session.execute(delete(Draft).where(Draft.collection_id.in_(closed))).rowcount
    if responses or drafts:
        audit.record(
            None,
            "responses.purge",
            target="collections:" + ",".join(map(str, expired)),
            details={"drafts": drafts, "retention_before": today.isoformat()},
            row_count=responses,
        )
    db.session.commit()
    return Purge(responses=responses, drafts=drafts, collections=tuple(expired))
