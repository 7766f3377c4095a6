"""The results page as one standalone HTML file: what the web application's results page shows, for a file.

``python -m analysis report ... --out results.html`` writes it. The page says what the web page says and in the
same words: tests, effect sizes and waves through :mod:`analysis.glossary`, numbers through
:mod:`analysis.numbers` (decimal comma and minus sign in fi and sv), each comparison by its heading, plain
summary and method (``ComparisonRow.label``, ``summary``, ``method``), groups by :mod:`analysis.labels` (the
no-answer group and value labels included), and the same SVG charts of means over the whole scale
(:mod:`.mean_charts`: ``role="img"``, a title and a description, the numbers in a table beside the chart).

Nothing is loaded from elsewhere: the style sheet is inline and the page works without JavaScript, so the file
can be mailed or archived. Every text from data is escaped (Jinja2 autoescaping) and loses invisible characters
(:func:`.safe.without_invisible`). A hidden number shows its marker with the reason beside it for screen readers.

>>> from analysis.report_model import Suppressed
>>> cell(-0.5, 2, "fi"), cell(3, 2, "en"), cell(float("nan"), 2, "en")
(Markup('−0,50'), Markup('3'), Markup('–'))
>>> print(cell(Suppressed("small_cell", 5), 2, "en"))  # doctest: +NORMALIZE_WHITESPACE
<span class="suppressed" title="Suppressed: fewer than 5 people">&lt;5<span class="visually-hidden">
(Suppressed: fewer than 5 people)</span></span>
"""

from __future__ import annotations

import functools
import math
import os
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from analysis import labels, numbers
from analysis.export.mean_charts import summary_charts
from analysis.export.safe import atomic_path, without_invisible
from analysis.export.words import word
from analysis.glossary import capitalised, term, wave_label
from analysis.report_model import Report, Suppressed
from analysis.scoring import score_range

TEMPLATES = Path(__file__).with_name("templates")


def cell(value: object, digits: int = 2, language: str = "fi") -> Markup:
    """A report number for a page: the suppression marker with its reason, "–" for undefined, else the number
    written for `language` (decimal comma and minus sign in Finnish and Swedish)."""
    if isinstance(value, Suppressed):
        reason = value.text.get(language)
        return Markup(
            '<span class="suppressed" title="{0}">{1}<span class="visually-hidden"> ({0})</span></span>'
        ).format(reason, str(value))
    if isinstance(value, bool) or value is None:
        return Markup("–")
    if isinstance(value, int):
        return Markup(numbers.number(value, 0, language))
    if isinstance(value, float):
        return Markup(numbers.number(value, digits, language))
    return Markup("{}").format(value)


def percent(value: object, language: str = "fi") -> Markup:
    """A proportion (0-1) as a percentage with one decimal; markers and undefined values as :func:`cell`."""
    if isinstance(value, float) and not math.isnan(value):
        return cell(value * 100, 1, language)
    return cell(value, 2, language)


def interval(low: object, high: object, digits: int = 2, language: str = "fi") -> Markup:
    """A confidence interval ``0,12–0,50``, or the suppression marker of a hidden end."""
    for end in (low, high):
        if isinstance(end, Suppressed):
            return cell(end, digits, language)
    return Markup(numbers.interval(low, high, digits, language))


def visible_text(value: object) -> object:
    """Text without invisible characters (every ``{{ ... }}`` passes here before it is escaped); HTML already
    escaped stays marked so."""
    if isinstance(value, str):
        cleaned = without_invisible(value)
        if cleaned is not value:
            return Markup(cleaned) if isinstance(value, Markup) else cleaned
    return value


@functools.cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        finalize=visible_text,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(report: Report, language: str | None = None) -> str:
    """The results page of `report` as HTML text, in `language` (default: the report's)."""
    lang = language or report.design.language
    instrument, names = report.instrument, report.labels

    def scale_range(scale) -> str:
        return "–".join(numbers.number(end, 0, lang) for end in score_range(instrument, scale))

    context = {
        "report": report,
        "lang": lang,
        "w": lambda key, **values: word(key, lang).format(**values),
        "charts": summary_charts(report, lang),
        "group_name": lambda by, g: labels.group_label(instrument, by, g, lang, names),
        "group_value": lambda by, g: labels.group_name(instrument, by, g, lang, names),
        "wave_name": lambda wave: capitalised(wave_label(wave, lang)),
        "term": lambda key: term(key, lang),
        "cell": lambda value, digits=2: cell(value, digits, lang),
        "percent": lambda value: percent(value, lang),
        "interval": lambda low, high: interval(low, high, 2, lang),
        "pvalue": lambda value: numbers.p_value(value if isinstance(value, float) else None, lang),
        "level": f"{numbers.number(report.design.confidence * 100, 0, lang)}\u00a0%",
        "scale_range": scale_range,
        "source": dict(report.filters).get("file", ""),
        "made": report.created_at.strftime("%Y-%m-%d %H:%M"),
    }
    return _environment().get_template("report.html").render(context)


def write_html(report: Report, path: str | os.PathLike, *, language: str | None = None, **_: object) -> Path:
    """Write the results page of `report` to `path` (replaced only when complete)."""
    with atomic_path(path) as temporary:
        Path(temporary).write_text(render_html(report, language), encoding="utf-8")
    return Path(path)
