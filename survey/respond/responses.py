"""Storing responses: from a finished draft (the respondent flow) or from an answers dict (imports, demo).

A response keeps the instrument id and version, the language, the answers and the pairing code, sealed
(:mod:`survey.pairing_codes`); never an IP address, a user agent or an account.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from instruments.model import Instrument
from survey.collect.collections import new_token
from survey.db import db, utcnow
from survey.field_errors import FieldError
from survey.models import Collection, Draft, Response
from survey.pairing_codes import PairingCodeError, normalise, seal
from survey.questionnaires import get_instrument
from survey.rate_limits import anonymous_write
from survey.respond.answers import check_answers

if TYPE_CHECKING:
    from survey.respond.drafts import DraftState


class AnswerError(ValueError):
    """Answers that do not fit the instrument; `errors` lists every problem."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors


def seal_pairing_code(instrument: Instrument, parts: Mapping[str, str]) -> str:
    """The stored (sealed) form of a pairing code given as ``{prompt code: raw answer}`` for every prompt."""
    try:
        normalised = [
            (p.code, normalise(p.kind, parts[p.code], p.minimum, p.maximum)) for p in instrument.pairing_prompts
        ]
    except (KeyError, PairingCodeError) as error:
        raise ValueError(f"pairing code part {error} is missing or not of its kind") from None
    return seal(current_app.config["ARVIO_PAIRING_KEY"], normalised)


def store_response(
    collection: Collection,
    answers: Mapping[str, object],
    *,
    language: str | None = None,
    pairing_code: Mapping[str, str] | None = None,
    submitted_at: datetime | None = None,
) -> Response:
    """Check `answers` against the collection's instrument and store (commit) them as one response.

    `answers` maps item codes to choice codes, lists of codes (multiple), numbers or text, as a respondent
    would give them; unanswered items are left out. `pairing_code` gives the raw parts
    (``{"PC_LETTER": "A", ...}``), stored only sealed. The collection need not be open (imports, demo data).
    Raises :class:`AnswerError` listing every problem; nothing is stored then.
    """
    instrument = get_instrument(collection.instrument_id, collection.instrument_version)
    clean, errors = check_answers(instrument, answers)
    if errors:
        raise AnswerError(errors)
    language = language or collection.languages[0]
    if language not in collection.languages:
        raise AnswerError([FieldError("language", f"{language} is not offered")])
    response = Response(
        collection_id=collection.id,
        instrument_id=collection.instrument_id,
        instrument_version=collection.instrument_version,
        language=language,
        answers=clean,
        sealed_pairing_code=seal_pairing_code(instrument, pairing_code) if pairing_code else None,
        submission_token=new_token(),
        submitted_at=submitted_at or utcnow(),
    )
    db.session.add(response)
    db.session.commit()
    return response


class CollectionClosed(RuntimeError):
    """The collection stopped taking answers before this one was sent; nothing was stored."""


def submit_draft(draft: DraftState, answers: Mapping[str, object]) -> Response:
    """Turn a finished draft into a response, once.

    The collection is checked in the database in the same transaction (the respondent pages work from a copy,
    :mod:`survey.respond.links`): :class:`CollectionClosed` if it no longer takes answers. The draft's submission
    token is unique among responses, so a double click or a resend finds the response already stored and returns
    it; a draft kept in the database is deleted in the transaction that stores the response. Sends are limited
    per client address (:func:`survey.rate_limits.anonymous_write`).
    """
    anonymous_write("send")  # TooManyRequests before anything is read or written
    token = draft.submission_token
    collection = db.session.get(Collection, draft.collection_id)
    if collection is None or not collection.is_open():
        existing = find_submitted(token)  # sent (by a first click) before it closed
        if existing is None:
            raise CollectionClosed(draft.collection_token)
        return existing
    response = Response(
        collection_id=collection.id,
        instrument_id=collection.instrument_id,
        instrument_version=collection.instrument_version,
        language=draft.language,
        answers=dict(answers),
        sealed_pairing_code=draft.sealed_pairing_code,
        submission_token=token,
        submitted_at=utcnow(),
    )
    try:
        db.session.add(response)
        if draft.row is not None:
            db.session.flush()
            db.session.execute(delete(Draft).where(Draft.id == draft.row.id))
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        existing = find_submitted(token)
        if existing is None:
            raise
        return existing
    return response


def find_submitted(submission_token: str | None) -> Response | None:
    if not submission_token:
        return None
    return db.session.scalar(select(Response).where(Response.submission_token == submission_token))
