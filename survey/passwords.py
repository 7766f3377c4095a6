"""Staff password hashing with Argon2id.

The cost comes from argon2-cffi's profiles: ``RFC_9106_LOW_MEMORY`` by default (argon2-cffi's own default),
``ARVIO_PASSWORD_PROFILE = "CHEAPEST"`` only for tests. A hash records its parameters, so hashes made with
one profile verify under any other.
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context

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
