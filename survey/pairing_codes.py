"""The self-generated pairing code that links a respondent's baseline and follow-up answers anonymously.

A respondent answers a few simple prompts (the instrument's ``pairing_prompts``: "first letter of ...",
"day of the month you were born"). Each part is normalised, and the whole code is stored **sealed**: encrypted
with AES-GCM under a key derived from the programme's secret (``ARVIO_PAIRING_KEY``) with a fresh random nonce,
and padded to a length that does not depend on the answers. Two equal codes give different stored values, so
no stored value, alone, counted or compared with others or with codes one chose oneself, tells anything about
a part; and AES-GCM authenticates it, so a changed value opens to nothing rather than to another code.

>>> parts = [("PC_LETTER", normalise("letter", " ä ")), ("PC_DAY", normalise("digits", "07"))]
>>> parts
[('PC_LETTER', 'Ä'), ('PC_DAY', '7')]
>>> sealed = seal("programme-secret", parts)
>>> sealed == seal("programme-secret", parts), len(sealed) == len(seal("programme-secret", [("PC_LETTER", "B"),
...                                                                                   ("PC_DAY", "12")]))
(False, True)
>>> unseal("programme-secret", sealed)
(('PC_LETTER', 'Ä'), ('PC_DAY', '7'))
>>> unseal("another-secret", sealed) is None
True

Only when a report is built are codes opened: :func:`part_hashes` gives the analysis one keyed hash per part
under a key made for that one table, so matching (tolerant matching included) works inside the table and
nothing comparable survives it.

>>> table_key = b"made fresh for one table"
>>> part_hashes(table_key, parts) == part_hashes(table_key, [("PC_LETTER", "Ä"), ("PC_DAY", "7")])
True
>>> part_hashes(table_key, parts).count("-"), len(part_hashes(table_key, parts).split("-")[0])
(1, 12)
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import math
import os
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SEALED_PREFIX = "v1:"  # the format of a sealed code; a later format gets its own prefix
_KEY_CONTEXT = b"arvio pairing code sealing v1"  # HKDF info: this key is for nothing else
_ASSOCIATED = b"arvio pairing code"
_NONCE_BYTES = 12  # AES-GCM's standard nonce, drawn at random for every code
_PAD_BLOCK = 64
_VALUE_ROOM = 16  # bytes reserved for each normalised part (one letter upper-cased is at most 3 code points)
PART_HEX = 12  # 48 bits per part in the analysis' table: collisions between respondents stay negligible
_DIGITS = re.compile(r"^[0-9]{1,2}$")
LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ")  # a letter part: A-Ö


class PairingCodeError(ValueError):
    """A part of the pairing code is not of the asked kind."""


def normalise(kind: str, raw: str, minimum: int | None = None, maximum: int | None = None) -> str:
    """One part as sealed: trimmed and upper-case letters A-Ö (the Finnish and Swedish alphabet: A-Z, Å, Ä, Ö),
    digits without leading zeros, within `minimum` and `maximum` when the prompt has them. Raises
    :class:`PairingCodeError` for anything else.

    >>> normalise("letter", "å"), normalise("digits", " 09 "), normalise("digits", "12", 1, 12)
    ('Å', '9', '12')
    >>> normalise("digits", "13", 1, 12)
    Traceback (most recent call last):
    ...
    survey.pairing_codes.PairingCodeError: 13
    >>> normalise("letter", "ß")
    Traceback (most recent call last):
    ...
    survey.pairing_codes.PairingCodeError: ß
    """
    value = raw.strip()
    if kind == "letter" and len(value) == 1 and value.upper() in LETTERS:
        return value.upper()
    if kind == "digits" and _DIGITS.match(value):
        number = int(value)
        if (minimum is None or number >= minimum) and (maximum is None or number <= maximum):
            return str(number)
    raise PairingCodeError(raw)


def seal(key: str | bytes, parts: Iterable[tuple[str, str]]) -> str:
    """The stored form of a whole code given as ``(prompt code, normalised part)`` in prompt order."""
    parts = list(parts)
    text = "\n".join(f"{code}={value}" for code, value in parts).encode()
    room = sum(len(code.encode()) + 2 + _VALUE_ROOM for code, _value in parts)  # depends on the prompts only
    size = _PAD_BLOCK * max(1, math.ceil(max(room, len(text)) / _PAD_BLOCK))
    nonce = os.urandom(_NONCE_BYTES)
    sealed = _cipher(_as_bytes(key)).encrypt(nonce, text.ljust(size, b"\0"), _ASSOCIATED)
    return SEALED_PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def unseal(key: str | bytes, stored: str) -> tuple[tuple[str, str], ...] | None:
    """The parts of a sealed code, or None when `stored` was not sealed with this key (or was altered)."""
    if not stored.startswith(SEALED_PREFIX):
        return None
    try:
        data = base64.urlsafe_b64decode(stored[len(SEALED_PREFIX) :])
        text = _cipher(_as_bytes(key)).decrypt(data[:_NONCE_BYTES], data[_NONCE_BYTES:], _ASSOCIATED)
    except (binascii.Error, ValueError, InvalidTag):
        return None
    lines = text.rstrip(b"\0").decode().split("\n")
    return tuple(tuple(line.split("=", 1)) for line in lines)  # type: ignore[misc]


def part_hashes(table_key: bytes, parts: Sequence[tuple[str, str]]) -> str:
    """One keyed hash per part, joined with ``-`` as :mod:`analysis.pairing` expects."""
    return "-".join(_part_hash(table_key, code, value) for code, value in parts)


def _part_hash(key: bytes, prompt_code: str, value: str) -> str:
    return hmac.digest(key, f"{prompt_code}={value}".encode(), hashlib.sha256).hex()[:PART_HEX]


def new_table_key() -> bytes:
    """A key for the part hashes of one table; never stored, so no two tables can be compared."""
    return os.urandom(32)


def _as_bytes(key: str | bytes) -> bytes:
    return key.encode("utf-8") if isinstance(key, str) else key


@lru_cache(maxsize=8)
def _cipher(secret: bytes) -> AESGCM:
    """AES-256-GCM under a key derived from the programme's secret (HKDF-SHA256 with a fixed context)."""
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_KEY_CONTEXT).derive(secret)
    return AESGCM(derived)
