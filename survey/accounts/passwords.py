"""Staff passwords: Argon2id hashing, the length rule, and one-time set-password links.

The cost comes from argon2-cffi's profiles: ``RFC_9106_LOW_MEMORY`` by default (argon2-cffi's own default),
``ARVIO_PASSWORD_PROFILE = "CHEAPEST"`` only for tests. A hash records its parameters, so hashes made with
one profile verify under any other.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from functools import cache

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context
from sqlalchemy import select

from survey.accounts import api_tokens
from survey.db import db, utcnow
from survey.models import PasswordLink, User

DEFAULT_PROFILE = "RFC_9106_LOW_MEMORY"


@cache
def _hasher(profile: str) -> PasswordHasher:
    return PasswordHasher.from_parameters(getattr(profiles, profile))


def _current() -> PasswordHasher:
    profile = current_app.config.get("ARVIO_PASSWORD_PROFILE", DEFAULT_PROFILE) if has_app_context() else None
    return _hasher(profile or DEFAULT_PROFILE)


def hash_password(password: str) -> str:
    """
    >>> verify_password(hash_password("kissa123"), "kissa123")
    True
    """
    return _current().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """
    >>> verify_password(hash_password("kissa123"), "koira123")
    False
    """
    try:
        return _current().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# Passwords people choose -----------------------------------------------------------------------------------

MIN_LENGTH = 10


def password_problem(password: str, confirm: str, email: str = "") -> str | None:
    """Why `password` cannot be used (a translated sentence), or None when it can.

    Long passphrases are what we ask for; composition rules are not (NIST SP 800-63B).
    """
    from flask_babel import gettext as _

    if len(password) < MIN_LENGTH:
        return _("The password must be at least %(n)d characters long.", n=MIN_LENGTH)
    if len(password) > 1024:
        return _("The password can be at most 1024 characters long.")
    if email and password.strip().lower() == email.strip().lower():
        return _("The password must not be your email address.")
    if password != confirm:
        return _("The passwords do not match.")
    return None


# One-time set-password links -------------------------------------------------------------------------------

LINK_LIFETIME = timedelta(hours=72)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_link(user: User, created_by: User | None, *, reset: bool = False) -> str:
    """A new set-password link token for `user` (only its hash is stored); earlier unused links stop working.

    Commits. The coordinator hands the link over; it works once, for :data:`LINK_LIFETIME`. With `reset` (a
    coordinator's new link for an existing user) the user's sessions and API tokens end at once; the password
    itself works until the link is used.
    """
    now = utcnow()
    if reset:
        end_access(user)
    for link in db.session.scalars(select(PasswordLink).where(PasswordLink.user_id == user.id,
                                                              PasswordLink.used_at.is_(None))):  # fmt: skip
        link.expires_at = min(link.expires_at, now)
    token = secrets.token_urlsafe(32)
    db.session.add(
        PasswordLink(
            user_id=user.id,
            token_hash=_token_hash(token),
            created_by_id=created_by.id if created_by is not None else None,
            expires_at=now + LINK_LIFETIME,
        )
    )
    db.session.commit()
    return token


def valid_link(token: str) -> PasswordLink | None:
    """The unused, unexpired link with this token, or None."""
    if not token or len(token) > 100:
        return None
    link = db.session.scalar(select(PasswordLink).where(PasswordLink.token_hash == _token_hash(token)))
    if link is None or link.used_at is not None or link.expires_at <= utcnow() or not link.user.active:
        return None
    return link


def use_link(link: PasswordLink, password: str) -> User:
    """Set the user's password, spend the link and end the user's other sessions. Commits."""
    link.used_at = utcnow()
    return change_password(link.user, password)


def change_password(user: User, password: str) -> User:
    """Set a new password and end the user's other sessions and API tokens. Commits."""
    user.password_hash = hash_password(password)
    end_access(user)
    db.session.commit()
    return user


def end_access(user: User) -> None:
    """End every session cookie and every API token `user` has (no commit)."""
    user.session_version = (user.session_version or 0) + 1
    api_tokens.revoke_all(user)
