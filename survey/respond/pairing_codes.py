"""The self-generated pairing code that links a respondent's baseline and follow-up answers anonymously.

A respondent answers a few simple prompts (the instrument's ``pairing_prompts``: "first letter of ...",
"day of the month you were born"). Each part is normalised and stored only as a keyed hash, one per part,
so the analysis can match codes where one part differs without anyone being able to read the parts back:

>>> parts = [("PC_LETTER", normalise("letter", " ä ")), ("PC_DAY", normalise("digits", "07"))]
>>> parts
[('PC_LETTER', 'Ä'), ('PC_DAY', '7')]
>>> code = pairing_code_hash("programme-secret", parts)
>>> len(code.split("-")), len(code.split("-")[0])
(2, 12)
>>> code == pairing_code_hash("programme-secret", [("PC_LETTER", "Ä"), ("PC_DAY", "7")])
True
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable

COMPONENT_HEX = 12  # 48 bits per part: collisions between respondents stay negligible, reversal is guesswork
_DIGITS = re.compile(r"^\d{1,2}$")


class PairingCodeError(ValueError):
    """A part of the pairing code is not of the asked kind."""


def normalise(kind: str, raw: str) -> str:
    """One part as stored before hashing: trimmed and upper-case letters (Å, Ä, Ö kept), digits without
    leading zeros. Raises :class:`PairingCodeError` for anything else.

    >>> normalise("letter", "å"), normalise("digits", " 09 ")
    ('Å', '9')
    >>> normalise("letter", "ab")
    Traceback (most recent call last):
    ...
    survey.respond.pairing_codes.PairingCodeError: ab
    """
    value = raw.strip()
    if kind == "letter" and len(value) == 1 and value.isalpha():
        return value.upper()
    if kind == "digits" and _DIGITS.match(value):
        return str(int(value))
    raise PairingCodeError(raw)


def component_hash(key: str | bytes, prompt_code: str, value: str) -> str:
    """HMAC-SHA256 of one part, keyed with the programme's secret, as 12 hex characters."""
    key_bytes = key.encode("utf-8") if isinstance(key, str) else key
    message = f"{prompt_code}={value}".encode()
    return hmac.new(key_bytes, message, hashlib.sha256).hexdigest()[:COMPONENT_HEX]


def pairing_code_hash(key: str | bytes, parts: Iterable[tuple[str, str]]) -> str:
    """The stored form of a whole code: the parts' hashes in prompt order, joined with ``-``."""
    return "-".join(component_hash(key, code, value) for code, value in parts)
