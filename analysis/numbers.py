"""Numbers written for people: decimal comma and a real minus sign in Finnish and Swedish, a point in English.

Every text that shows a number — pages, SVG charts, readings, text cells of a workbook, the brief — writes it
here; numbers stored as numbers in a workbook keep a number format instead (Excel then shows the reader's
own decimal separator).

>>> number(-0.345, 2, "fi"), number(-0.345, 2, "en"), number(1234.5, 1, "sv")
('−0,34', '-0.34', '1\\xa0234,5')
>>> p_value(0.0004, "fi"), p_value(0.0412, "en")
('< 0,001', '0.041')
>>> interval(0.12, 0.5, 2, "fi")
'0,12–0,50'
>>> interval(-0.5, -0.12, 2, "fi")
'−0,50 … −0,12'
"""

from __future__ import annotations

import math

MINUS = "\u2212"
NARROW = "\u00a0"  # thousands are grouped with a no-break space in fi and sv (and a comma in en)
COMMA_LANGUAGES = ("fi", "sv")


def number(value: float | int | None, digits: int = 2, language: str = "fi", *, signed: bool = False) -> str:
    """`value` rounded to `digits` decimals, written for `language`; ``–`` for a missing or undefined value.

    `signed` writes a plus sign before a positive number (a change: ``+0,30``).
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    text = f"{abs(value):,.{digits}f}"
    negative = value < 0 and float(text.replace(",", "")) != 0.0  # -0.001 at two decimals is 0,00, not −0,00
    if language in COMMA_LANGUAGES:
        text = text.replace(",", NARROW).replace(".", ",")
        sign = MINUS if negative else ("+" if signed and value > 0 else "")
    else:
        sign = "-" if negative else ("+" if signed and value > 0 else "")
    return sign + text


def p_value(value: float | None, language: str = "fi") -> str:
    """A p-value: three decimals, ``< 0,001`` below that."""
    if value is None or not math.isfinite(value):
        return "–"
    if value < 0.001:
        return f"< {number(0.001, 3, language)}"
    return number(value, 3, language)


def interval(low: float | None, high: float | None, digits: int = 2, language: str = "fi") -> str:
    """A confidence interval: ``0,12–0,50``; with a negative end ``−0,50 … −0,12`` (a dash would read as minus)."""
    if low is None or high is None or not (math.isfinite(low) and math.isfinite(high)):
        return "–"
    separator = " … " if low < 0 or high < 0 else "–"
    return f"{number(low, digits, language)}{separator}{number(high, digits, language)}"


def percent(value: float | None, digits: int = 0, language: str = "fi") -> str:
    """A share of 0-1 as a percentage: ``42 %`` in fi/sv (with a no-break space), ``42%`` in en."""
    if value is None or not math.isfinite(value):
        return "–"
    space = NARROW if language in COMMA_LANGUAGES else ""
    return f"{number(value * 100, digits, language)}{space}%"
