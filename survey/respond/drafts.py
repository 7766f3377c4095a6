"""Drafts: a respondent's answers in progress, kept from page to page until they are sent.

A draft lives in the respondent's browser: a signed cookie of its own (``arvio_draft``) whose path is the
collection's link, so each questionnaire has its own and no other page receives it. Answering a page then
writes nothing on the server; the one write of a respondent is the response itself (docs/performance.md).
The signature (the app's SECRET_KEY) means the server reads back only what it wrote; the cookie is HttpOnly,
SameSite=Lax, Secure on HTTPS, and ends with the browser session, as the session cookie does.

A draft moves to the database when the server must keep it: the respondent asks for a resume code, or the
answers outgrow a cookie (long texts). The cookie then holds a random key whose hash finds the row. Stored
drafts live as long as their collection is open (:func:`survey.collect.collections.close_collection` and
:func:`survey.collect.collections.purge_expired` delete them).

A resume code is short enough to write down: 8 characters from an alphabet without look-alikes (no I, O, 0,
1), stored hashed.

Writing a draft to the database and trying a resume code are limited per client address
(:func:`survey.rate_limits.anonymous_write` raises TooManyRequests before anything is written); a draft in
the cookie is never limited.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

from flask import after_this_request, current_app, request, url_for
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from survey.collect.collections import new_token
from survey.db import db
from survey.models import Draft
from survey.rate_limits import anonymous_write
from survey.respond.links import PublicCollection

COOKIE = "arvio_draft"
# Browsers keep a cookie of up to 4,096 bytes of name, value and attributes; a larger draft goes to the database.
COOKIE_LIMIT = 3800
RESUME_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
RESUME_LENGTH = 8


@dataclass
class DraftState:
    """One respondent's draft, wherever it is kept: `row` is its database row, None while in the cookie."""

    collection_id: int
    collection_token: str
    submission_token: str  # the response's, from the start: a double click or a resend cannot store twice
    language: str
    answers: dict[str, object] = field(default_factory=dict)
    page: str = ""  # the page the respondent was last on
    sealed_pairing_code: str | None = None  # survey.pairing_codes.seal
    row: Draft | None = field(default=None, repr=False)

    def payload(self) -> dict[str, object]:
        return {
            "collection": self.collection_token,
            "token": self.submission_token,
            "language": self.language,
            "answers": self.answers,
            "page": self.page,
            "pairing": self.sealed_pairing_code,
        }


def new_draft(collection: PublicCollection, language: str) -> DraftState:
    """An empty draft; kept once :func:`save_draft` is called."""
    return DraftState(collection.id, collection.token, new_token(), language)


def load_draft(collection: PublicCollection) -> DraftState | None:
    """The draft this browser has for `collection`, or None (no cookie, a forged one, or a stored draft gone)."""
    try:
        payload = _serializer().loads(request.cookies.get(COOKIE, ""))
    except BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("collection") != collection.token:
        return None
    if "key" in payload:
        return _stored_draft(collection, str(payload["key"]))
    try:
        return DraftState(
            collection.id,
            collection.token,
            str(payload["token"]),
            str(payload["language"]),
            dict(payload["answers"]),
            str(payload["page"]),
            payload["pairing"],
        )
    except (KeyError, TypeError, ValueError):  # signed by an older version of this module
        return None


def save_draft(
    draft: DraftState,
    answers: Mapping[str, object],
    *,
    page: str | None = None,
    language: str | None = None,
    sealed_pairing_code: str | None = None,
) -> DraftState:
    draft.answers = dict(answers)
    if page is not None:
        draft.page = page
    if language is not None:
        draft.language = language
    if sealed_pairing_code is not None:
        draft.sealed_pairing_code = sealed_pairing_code
    key = None
    if draft.row is None:
        value = _serializer().dumps(draft.payload())
        if len(value) <= COOKIE_LIMIT:
            _set_cookie(draft, value)
            return draft
        anonymous_write("draft")
        key = _new_row(draft)
    else:
        anonymous_write("draft")
    _copy_to_row(draft)
    db.session.commit()
    if key is not None:  # only now: a failed commit must leave the browser's draft as it was
        _set_key_cookie(draft, key)
    return draft


def forget_draft(draft: DraftState) -> None:
    """After sending: the browser drops the draft (a stored one was deleted with the response's insert)."""
    _set_cookie(draft, None)


def issue_resume_code(draft: DraftState) -> str:
    """A new resume code for the draft (an earlier one stops working), keeping the draft in the database from
    now on; shown to the respondent once."""
    anonymous_write("draft")
    for _attempt in range(5):
        code = "".join(secrets.choice(RESUME_ALPHABET) for _ in range(RESUME_LENGTH))
        key = _new_row(draft) if draft.row is None else None
        _copy_to_row(draft)
        draft.row.resume_code_hash = _digest(draft.collection_token, code)
        try:
            db.session.commit()
        except IntegrityError:  # the same code in the same collection: astronomically rare, draw again
            db.session.rollback()
            if key is not None:
                draft.row = None
            continue
        if key is not None:
            _set_key_cookie(draft, key)
        return code
    raise RuntimeError("could not draw a unique resume code")


def resume_draft(collection: PublicCollection, code: str) -> DraftState | None:
    """The draft saved under `code` in this collection, now this browser's; None if there is no such code."""
    code = normalise_resume_code(code)
    if len(code) != RESUME_LENGTH or any(ch not in RESUME_ALPHABET for ch in code):
        return None
    anonymous_write("resume")  # a guess: counted whether or not it finds a draft
    row = db.session.scalar(
        select(Draft).where(
            Draft.collection_id == collection.id, Draft.resume_code_hash == _digest(collection.token, code)
        )
    )
    if row is None:
        return None
    draft = _from_row(collection, row)
    key = secrets.token_urlsafe(24)
    row.key_hash = _digest(key)  # a browser that had the draft before loses it: one device at a time
    db.session.commit()
    _set_key_cookie(draft, key)
    return draft


def normalise_resume_code(code: str) -> str:
    """
    >>> normalise_resume_code(" abcd-efgh ")
    'ABCDEFGH'
    """
    return "".join(ch for ch in code.upper() if ch.isalnum())


def format_resume_code(code: str) -> str:
    """
    >>> format_resume_code("ABCDEFGH")
    'ABCD-EFGH'
    """
    return f"{code[:4]}-{code[4:]}"


# --- the cookie and the database row ----------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    serializer = current_app.extensions.get("arvio_draft_serializer")
    if serializer is None:  # made once: itsdangerous tries a serialization in every constructor
        serializer = URLSafeSerializer(current_app.secret_key, salt="arvio.draft")
        current_app.extensions["arvio_draft_serializer"] = serializer
    return serializer


def _set_cookie(draft: DraftState, value: str | None) -> None:
    """Set (or with None delete) the draft cookie on this request's response; the last call wins."""
    if _PENDING not in request.environ:

        @after_this_request
        def write(response):
            path, pending = request.environ[_PENDING]
            if pending is None:
                response.delete_cookie(COOKIE, path=path)
            else:
                secure = current_app.session_interface.get_cookie_secure(current_app)
                response.set_cookie(COOKIE, pending, path=path, secure=secure, httponly=True, samesite="Lax")
            return response

    request.environ[_PENDING] = (url_for("respond.start", token=draft.collection_token), value)


_PENDING = "arvio.draft_cookie"  # in the request's environ: the cookie to write, (path, value or None)


def _digest(*parts: str) -> str:
    return hashlib.sha256(":".join(parts).encode()).hexdigest()


def _new_row(draft: DraftState) -> str:
    """Add a database row for the draft; returns the key for the cookie, to be set once the row is committed.
    The cookie holds the key, the row only its hash."""
    key = secrets.token_urlsafe(24)
    draft.row = Draft(
        collection_id=draft.collection_id, submission_token=draft.submission_token, key_hash=_digest(key)
    )
    db.session.add(draft.row)
    return key


def _set_key_cookie(draft: DraftState, key: str) -> None:
    _set_cookie(draft, _serializer().dumps({"collection": draft.collection_token, "key": key}))


def _copy_to_row(draft: DraftState) -> None:
    row = draft.row
    row.answers = dict(draft.answers)
    row.page = draft.page
    row.language = draft.language
    row.sealed_pairing_code = draft.sealed_pairing_code


def _stored_draft(collection: PublicCollection, key: str) -> DraftState | None:
    if len(key) > 64:
        return None
    row = db.session.scalar(
        select(Draft).where(Draft.collection_id == collection.id, Draft.key_hash == _digest(key))
    )
    return _from_row(collection, row) if row is not None else None


def _from_row(collection: PublicCollection, row: Draft) -> DraftState:
    return DraftState(
        collection.id,
        collection.token,
        row.submission_token,
        row.language,
        dict(row.answers),
        row.page,
        row.sealed_pairing_code,
        row=row,
    )
