"""Staff password hashing with Argon2id (argon2-cffi's recommended parameters)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    """
    >>> verify_password(hash_password("kissa123"), "kissa123")
    True
    """
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """
    >>> verify_password(hash_password("kissa123"), "koira123")
    False
    """
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
