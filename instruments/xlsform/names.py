"""XLSForm names as Arvio's ids and item codes.

A question's name becomes its item code (the column name in data): upper case, letters without accents, other
characters as ``_`` (``age`` is ``AGE``, ``ikä`` is ``IKA``). Form ids, group names and list names become ids of
lower-case letters, digits and ``_``; a name that is one already stays as it is, so an exported form reads back
unchanged.
"""

from __future__ import annotations

import re
import unicodedata

from instruments.checker import CODE, ID


def item_code(name: str) -> str | None:
    """The item code an XLSForm name becomes: upper case, letters without accents, ``-`` and ``.`` as ``_``.

    >>> item_code("age"), item_code("ikä"), item_code("q1.2-b"), item_code("_start"), item_code("1st")
    ('AGE', 'IKA', 'Q1_2_B', 'START', None)
    """
    letters = "".join(
        char if char.isascii() and (char.isalnum() or char == "_") else "_"
        for char in unicodedata.normalize("NFKD", name)
        if not unicodedata.combining(char)
    )
    code = letters.upper().lstrip("_")
    return code if CODE.fullmatch(code) else None


def identifier(text: str, prefix: str = "form") -> str:
    """`text` as an id of lower-case letters, digits and _ (a form id, a list name, a group name); an id that is
    one already stays as it is.

    >>> identifier("Nuorten kysely 2025 (1)"), identifier("2025-survey"), identifier("Coffee_Hunt")
    ('nuorten_kysely_2025_1', 'form_2025_survey', 'coffee_hunt')
    >>> identifier("osa-2", "page"), identifier("", "page"), identifier("a__b_")
    ('osa_2', 'page', 'a__b_')
    """
    if ID.fullmatch(text):
        return text
    letters = "".join(
        char if char.isascii() and char.isalnum() else "_"
        for char in unicodedata.normalize("NFKD", text.lower())
        if not unicodedata.combining(char)
    )
    words = re.sub(r"_+", "_", letters).strip("_")[:56] or prefix
    return words if words[0].isalpha() else f"{prefix}_{words}"
