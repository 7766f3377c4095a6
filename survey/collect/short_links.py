"""Short addresses for posters: ``/k/ABCD-EFGH`` leads to a collection's respondent link.

The respondent link itself (``/r/<token>``, 22 random characters) is unguessable but hard to type from a wall.
Each collection also has a short code of eight characters from an alphabet without look-alikes (no 0/O, 1/I/L,
2/Z, 5/S, 8/B), written in two groups of four and read in any case, with or without the dash or spaces.
25^8 codes (about 1.5e11) make finding a collection by trying codes hopeless; misses are limited per client
address like resume codes (:func:`survey.rate_limits.anonymous_write`).

>>> normalise_short_code(" abcd-efgh "), format_short_code("ACDEFGHJ")
('ABCDEFGH', 'ACDE-FGHJ')
>>> is_short_code("acde fghj"), is_short_code("ACDE-FGH0"), is_short_code("ACDE")
(True, False, False)
"""

from __future__ import annotations

import secrets

from flask import Blueprint, abort, redirect, url_for
from sqlalchemy import select

from survey.accounts.permissions import Permission, require
from survey.db import db
from survey.models import Collection
from survey.rate_limits import TooManyRequests, anonymous_write

ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
LENGTH = 8

bp = Blueprint("short", __name__)


def new_short_code() -> str:
    """A short code no collection has yet (checked in the database; a clash is astronomically rare)."""
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        if db.session.scalar(select(Collection.id).where(Collection.short_code == code)) is None:
            return code


def normalise_short_code(text: str) -> str:
    """Upper case, without dashes, spaces and other separators."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def is_short_code(text: str) -> bool:
    code = normalise_short_code(text)
    return len(code) == LENGTH and all(ch in ALPHABET for ch in code)


def format_short_code(code: str) -> str:
    """The code as people read and type it: two groups of four."""
    return f"{code[:4]}-{code[4:]}"


def short_path(collection: Collection) -> str:
    """The short address's path (without the host), e.g. ``/k/ACDE-FGHJ``."""
    return url_for("short.follow", code=format_short_code(collection.short_code or ""))


@bp.get("/k/<code>")
@require(Permission.PUBLIC)
def follow(code: str):
    """Lead to the collection's respondent link; an unknown code is 404 (and counts as a guess)."""
    found = None
    if len(code) <= 20 and is_short_code(code):
        found = db.session.scalar(
            select(Collection.token).where(Collection.short_code == normalise_short_code(code))
        )
    if found is None:
        try:
            anonymous_write("resume")  # a miss is a guess, limited as resume codes are
        except TooManyRequests:
            abort(429)
        abort(404)
    return redirect(url_for("respond.start", token=found), 302)
