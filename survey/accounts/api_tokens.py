"""Personal API tokens: create one (shown once), find its user from a request header, revoke it.

A token is ``arvio_`` followed by 43 random URL-safe characters (256 bits). Only its SHA-256 hash is
stored: a database leak does not reveal usable tokens, and a token cannot be shown again, only replaced.
A plain hash (not Argon2) is enough because the token is random and long; it also lets the lookup be one
indexed query.

>>> token = new_token()
>>> token.startswith("arvio_"), len(token)
(True, 49)
>>> len(token_hash(token))
64
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from survey.db import db, utcnow
from survey.models import User
from survey.models.tokens import ApiToken

PREFIX = "arvio_"
NAME_LENGTH = 100
TOUCH_INTERVAL = timedelta(minutes=5)
"""The last-used time is written at most this often per token, not on every request."""


class TokenError(ValueError):
    """A token name that cannot be used; `code` says which rule (``name_missing``, ``name_too_long``)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class NewToken:
    """A token just created: `secret` is the only time the token itself is available."""

    token: ApiToken
    secret: str


def new_token() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(user: User, name: str) -> NewToken:
    """Create (and commit) a named token for `user`."""
    name = " ".join(name.split())
    if not name:
        raise TokenError("name_missing")
    if len(name) > NAME_LENGTH:
        raise TokenError("name_too_long")
    secret = new_token()
    token = ApiToken(user_id=user.id, name=name, token_hash=token_hash(secret), prefix=secret[:10])
    db.session.add(token)
    db.session.commit()
    return NewToken(token=token, secret=secret)


def tokens_of(user: User) -> list[ApiToken]:
    """The user's tokens, active first, newest first."""
    query = (
        select(ApiToken)
        .where(ApiToken.user_id == user.id)
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    )
    return sorted(db.session.scalars(query), key=lambda t: not t.active)


def revoke_token(user: User, token_id: int) -> bool:
    """Revoke one of `user`'s own tokens; False when `user` has no such token (or it was revoked already)."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id or not token.active:
        return False
    token.revoked_at = utcnow()
    db.session.commit()
    return True


def revoke_all(user: User) -> None:
    """Revoke every active token of `user`, without committing: a new password and signing out everywhere end
    the API tokens as they end the sessions (the caller commits both together)."""
    now = utcnow()
    for token in db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id,
                                                           ApiToken.revoked_at.is_(None))):  # fmt: skip
        token.revoked_at = now


def user_for_token(secret: str) -> User | None:
    """The active user an active token belongs to, or None; notes when the token was last used."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(secret)))
    if token is None or not token.active or not token.user.active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_INTERVAL:
        token.last_used_at = now
        db.session.commit()
    return token.user


def bearer_token(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, or None.

    >>> bearer_token("Bearer arvio_abc"), bearer_token("bearer  arvio_abc "), bearer_token("Basic eDp5")
    ('arvio_abc', 'arvio_abc', None)
    """
    scheme, _, value = (header or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()
