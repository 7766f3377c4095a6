"""Drafts: a respondent's answers saved page by page, found through the browser session or a resume code.

The session holds a random key per collection (the database only its hash). A resume code is short
enough to write down: 8 characters from an alphabet without look-alikes (no I, O, 0, 1), stored hashed.
Drafts live as long as their collection is open.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from survey.collections import new_token
from survey.db import db
from survey.models import Collection, Draft

RESUME_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
RESUME_LENGTH = 8


def _digest(*parts: str) -> str:
    return hashlib.sha256(":".join(parts).encode()).hexdigest()


def start_draft(collection: Collection, language: str) -> tuple[Draft, str]:
    """A new, empty draft and the key for the respondent's session."""
    key = secrets.token_urlsafe(24)
    draft = Draft(
        collection_id=collection.id,
        key_hash=_digest(key),
        submission_token=new_token(),
        language=language,
        answers={},
    )
    db.session.add(draft)
    db.session.commit()
    return draft, key


def find_draft(collection: Collection, key: str | None) -> Draft | None:
    if not key or len(key) > 64:
        return None
    return db.session.scalar(
        select(Draft).where(Draft.collection_id == collection.id, Draft.key_hash == _digest(key))
    )


def save_draft(
    draft: Draft,
    answers: Mapping[str, object],
    *,
    page: str | None = None,
    language: str | None = None,
    pairing_code_hash: str | None = None,
) -> Draft:
    draft.answers = dict(answers)
    if page is not None:
        draft.page = page
    if language is not None:
        draft.language = language
    if pairing_code_hash is not None:
        draft.pairing_code_hash = pairing_code_hash
    db.session.commit()
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


def issue_resume_code(draft: Draft) -> str:
    """A new resume code for the draft (an earlier one stops working); shown to the respondent once."""
    for _attempt in range(5):
        code = "".join(secrets.choice(RESUME_ALPHABET) for _ in range(RESUME_LENGTH))
        draft.resume_code_hash = _digest(draft.collection.token, code)
        try:
            db.session.commit()
            return code
        except IntegrityError:  # the same code in the same collection: astronomically rare, draw again
            db.session.rollback()
    raise RuntimeError("could not draw a unique resume code")


def resume_draft(collection: Collection, code: str) -> tuple[Draft, str] | None:
    """The draft saved under `code` in this collection, with a fresh session key; None if no such code."""
    code = normalise_resume_code(code)
    if len(code) != RESUME_LENGTH or any(ch not in RESUME_ALPHABET for ch in code):
        return None
    draft = db.session.scalar(
        select(Draft).where(
            Draft.collection_id == collection.id, Draft.resume_code_hash == _digest(collection.token, code)
        )
    )
    if draft is None:
        return None
    key = secrets.token_urlsafe(24)
    draft.key_hash = _digest(key)  # a session that had the draft before loses it: one device at a time
    db.session.commit()
    return draft, key
