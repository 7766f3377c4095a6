"""Formula-safe text, safe file names and all-or-nothing file writes, for every exporter.

A spreadsheet program treats text that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return as the
start of a formula (CSV injection, OWASP). Answers, labels and project names come from people, so every text
an exporter writes goes through this module:

- CSV: such text gets a leading apostrophe (OWASP's advice); Excel shows the text, not a formula.
- xlsx: text is always a string cell, never a formula cell, and such text also gets Excel's "quote prefix"
  style, so it stays text even when someone edits the cell.
- Numbers stay numbers: only text is escaped, so ``-2`` (a number) is written as the number -2.
- Invisible characters that change how text reads are removed (:func:`without_invisible`): bidirectional
  overrides and isolates, which can show ``fdp.exe`` as ``exe.pdf`` ("Trojan Source", CVE-2021-42574), and
  zero-width characters, which hide text inside text. A zero-width joiner between two emoji stays: it is how
  emoji such as 👩🏽‍🚀 are written. The web pages use the same function for free text.

Example
-------
>>> csv_text("=cmd|' /C calc'!A0")
"'=cmd|' /C calc'!A0"
>>> csv_text(-2.5), csv_text("Helsinki")
(-2.5, 'Helsinki')
>>> safe_filename("../Raportti: Nuoret 2026?.xlsx")
'Raportti_Nuoret_2026.xlsx'
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from analysis.errors import AnalysisError
from instruments.model import Text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""Text that begins with one of these could be read as a formula by a spreadsheet program."""

EXCEL_MAX_ROWS = 1_048_576
"""Rows in one Excel worksheet, the header row included."""

EXCEL_MAX_TEXT = 32_767
"""Characters in one Excel cell."""

INVISIBLE = frozenset(
    "\u061c"  # Arabic letter mark
    "\u180e"  # Mongolian vowel separator
    "\u200b\u200c\u200d\u200e\u200f"  # zero-width space, non-joiner, joiner; left-to-right and right-to-left marks
    "\u202a\u202b\u202c\u202d\u202e"  # bidirectional embeddings, pop and overrides
    "\u2060\u2061\u2062\u2063\u2064"  # word joiner and the invisible operators
    "\u2066\u2067\u2068\u2069"  # bidirectional isolates
    "\ufeff"  # zero-width no-break space (byte order mark)
)
"""Characters that are invisible yet change how the text around them reads or matches."""

_EMOJI = "\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff"
_INVISIBLE_TEXT = re.compile(
    "[" + "".join(sorted(INVISIBLE - {"\u200d"})) + "]"
    f"|(?<![{_EMOJI}\ufe0f])\u200d|\u200d(?![{_EMOJI}])"  # a joiner not between two emoji
)
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_FILENAME_BAD = re.compile(r"[^\w.\- ]+", re.UNICODE)


class ExportError(AnalysisError):
    """A file cannot be written as asked (too many rows for Excel, an unknown format); nothing was written."""


def without_invisible(text: str) -> str:
    """`text` without the :data:`INVISIBLE` characters (the same object when it has none, which is cheap).

    >>> without_invisible("invoice_\\u202efdp.exe"), without_invisible("pass\\u200bw\\u200dord")
    ('invoice_fdp.exe', 'password')
    >>> without_invisible("\\U0001f469\\u200d\\U0001f680") == "\\U0001f469\\u200d\\U0001f680"  # woman astronaut
    True
    """
    if text.isascii() or INVISIBLE.isdisjoint(text):
        return text
    return _INVISIBLE_TEXT.sub("", text)


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could read `text` as the start of a formula (invisible characters before it
    do not hide one, as they are removed on writing).

    >>> [is_formula_like(t) for t in ("=1", "+1", "-2+3", "@SUM(1)", "\\t=1", "\\r=1", "Kyllä", "")]
    [True, True, True, True, True, True, False, False]
    >>> is_formula_like("\\u200b=1")
    True
    """
    return without_invisible(text).startswith(FORMULA_STARTS)


def csv_text(value: object) -> object:
    """A value for a CSV cell: text without invisible characters, with a leading ``'`` when it looks like a
    formula; anything else is returned unchanged.

    >>> csv_text("\\u202e=1+1"), csv_text("Kyll\\u200bä")
    ("'=1+1", 'Kyllä')
    """
    if isinstance(value, str):
        value = without_invisible(value)
        if is_formula_like(value):
            return "'" + value
    return value


def xlsx_text(text: str) -> str:
    """Text an xlsx cell can hold: characters XML forbids and invisible characters removed, cut to Excel's
    32,767 characters.

    >>> xlsx_text("a\\x00b\\x1fc\\u2066d")
    'abcd'
    """
    return _ILLEGAL_XML.sub("", without_invisible(text))[:EXCEL_MAX_TEXT]


def sheet_title(text: str, fallback: str = "Sheet") -> str:
    """A worksheet name Excel accepts and no one can mistake for a formula: at most 31 characters, none of
    ``[]:*?/\\``, no leading formula characters or apostrophes.

    >>> sheet_title("=cmd|' /C calc'!A0")
    "cmd|' C calc'!A0"
    >>> sheet_title("  ")
    'Sheet'
    """
    title = _SHEET_TITLE_BAD.sub("", xlsx_text(text)).strip()
    title = title.lstrip("=+-@'\t\r ").rstrip("'")[:31].strip()
    return title or fallback


def safe_filename(name: str, *, ascii_only: bool = True, fallback: str = "arvio") -> str:
    """A download file name with no path, no control characters and (by default) only ASCII letters.

    Accents are dropped (``ä`` -> ``a``) and other characters become ``_``; the extension is kept.

    >>> safe_filename("Yhdenvertaisuus – nuoret.csv")
    'Yhdenvertaisuus_nuoret.csv'
    >>> safe_filename("Ålands projekt.xlsx", ascii_only=False)
    'Ålands_projekt.xlsx'
    >>> safe_filename("..")
    'arvio'
    """
    name = unicodedata.normalize("NFKC", name).replace("\\", "/").split("/")[-1]
    if ascii_only:
        name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    name = _FILENAME_BAD.sub("_", name).replace(" ", "_")
    name = re.sub(r"_+", "_", name)
    name = re.sub(r"_?\._?", ".", name).strip("._-")
    return name[-120:] if name else fallback


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """A temporary path beside `path` that replaces `path` only when the block ends without an error.

    A reader never sees a half-written file, and a failed export leaves no file behind (nor changes an
    existing one).
    """
    target = Path(path)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.part")
    # created like any new file (mode 0666 less the umask), so the finished file gets the usual permissions
    os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
    try:
        yield Path(temporary)
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


_TOO_MANY_ROWS = Text(
    fi="{n} vastausta ei mahdu Excel-taulukkoon (enintään {max} riviä otsikkorivin lisäksi). "
    "Lataa vastaukset CSV-tiedostona tai rajaa niitä suodattimella.",
    sv="{n} svar ryms inte i ett Excel-blad (högst {max} rader utöver rubrikraden). "
    "Ladda ner svaren som CSV-fil eller begränsa dem med ett filter.",
    en="{n} responses do not fit in an Excel worksheet (at most {max} rows besides the header row). "
    "Download the responses as CSV, or narrow them down with a filter.",
)


def check_sheet_rows(count: int, language: str = "fi") -> None:
    """Raise :class:`ExportError` when `count` data rows (plus a header) do not fit in one worksheet.

    >>> check_sheet_rows(1_048_575)
    >>> check_sheet_rows(1_048_576, "en")
    Traceback (most recent call last):
    ...
    analysis.export.safe.ExportError: 1048576 responses do not fit in an Excel worksheet ...
    """
    if count + 1 > EXCEL_MAX_ROWS:
        raise ExportError(_TOO_MANY_ROWS.get(language).format(n=count, max=EXCEL_MAX_ROWS - 1))
