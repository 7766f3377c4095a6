"""The brief's words and numbers: what the numbers cannot say, the method in one paragraph, and numbers, ranges
and dates written for the reader's language (decimal comma and minus sign in Finnish and Swedish)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import format_date
from flask_babel import gettext as _

from analysis import numbers
from analysis.glossary import term
from analysis.report_model import Report
from analysis.scoring import score_range
from instruments.model import Instrument

# What the numbers cannot say, and how they were computed -------------------------------------------------


def limits(report: Report, several: bool) -> tuple[str, ...]:
    """What the numbers cannot say, in plain words (with one wave: that change cannot be said yet)."""
    found = [
        _(
            "How many of those invited answered is not known. If those who answered differ from those who did "
            "not, the results do not describe the whole group."
        ),
        _(
            "There is no comparison group: a change may also come from something other than the project, such "
            "as growing older, the time of year or other things happening at the same time."
        )
        if several
        else _("With one wave only, nothing can yet be said about change; a follow-up wave will show it."),
        _("The answers tell about the respondents' own experience, not about an outside assessment."),
        _(
            "Numbers about fewer than %(min)s people are hidden, and so is any number that would reveal them, so "
            "that nobody can be recognised from the results.",
            min=report.design.min_cell,
        ),
    ]
    return tuple(found)


def method_paragraph(report: Report, language: str, several: bool) -> str:
    """One paragraph for the reader who asks how the numbers were made; the methods page says more."""
    level = level_words(report, language)
    text = _(
        "Each scale's score is the mean of a respondent's answers to its statements (statements worded the other "
        "way round are reversed, and \u201cdon't know\u201d answers are left out). The %(level)s confidence "
        "interval gives the range in which the true value most likely lies.",
        level=level,
    )
    if several:
        text += " " + _(
            "A change is the later wave's mean minus the baseline's, in points of the answer scale. Where the "
            "same people were recognised by their pairing code, the change is computed from their own answers "
            "(%(paired)s), otherwise the waves are compared as separate groups (%(welch)s). A change is called "
            "probably real when its interval does not reach zero and it holds when the number of comparisons is "
            "taken into account (%(correction)s); its size is read with Cohen's (1988) rule of thumb.",
            paired=term("paired_t", language),
            welch=term("welch_t", language),
            correction=term(report.design.adjust, language),
        )
    return text


# Words and numbers --------------------------------------------------------------------------------------------


def level_words(report: Report, language: str) -> str:
    """``95 %:n`` (fi), ``95 %`` (sv), ``95%`` (en): the confidence level as the language writes it."""
    level = numbers.number(report.design.confidence * 100, 0, language)
    return {"fi": f"{level}\u00a0%:n", "sv": f"{level}\u00a0%", "en": f"{level}%"}[language]


def range_text(low: float, high: float, language: str) -> str:
    return f"{numbers.number(low, 0, language)}–{numbers.number(high, 0, language)}"


def common_range(instrument: Instrument, language: str) -> str:
    ranges = {score_range(instrument, s) for s in instrument.scales}
    return range_text(*ranges.pop(), language) if len(ranges) == 1 else ""


def percent_interval(low: float, high: float, language: str) -> str:
    space = "\u00a0" if language in numbers.COMMA_LANGUAGES else ""
    return f"{numbers.number(low * 100, 0, language)}–{numbers.number(high * 100, 0, language)}{space}%"


DATE_FORMATS = {"fi": "d.M.yyyy", "sv": "d.M.yyyy", "en": "d MMM yyyy"}


def date_text(value: datetime | None, language: str) -> str:
    """A stored (UTC) time as a date in Finnish time, written for `language`: ``4.12.2026``."""
    return format_date(value, DATE_FORMATS[language]) if value else ""


def and_list(parts) -> str:
    """``alkumittaus ja seurantamittaus`` in the page's language."""
    items = list(parts)
    if len(items) < 2:
        return "".join(items)
    return _("%(first)s and %(last)s", first=", ".join(items[:-1]), last=items[-1])
