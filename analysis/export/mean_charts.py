"""SVG charts of the results pages: means with their confidence intervals, on the whole scale.

The web application's results pages and the standalone results page (:mod:`analysis.export.html`) draw the same
charts from a Report.

Every chart carries ``<title>`` and ``<desc>`` (``role="img"``, ``aria-labelledby``) in the page's language and
every text from data is escaped; the page puts the same numbers in a table beside it for screen readers and for
copying. The value axis runs over the whole response scale (1 to 5, say), with the words of its ends, so that a
change of 0.3 points looks like what it is; numbers are written for the language (decimal comma in fi and sv).

>>> chart = ci_chart("Osallisuus", "Keskiarvot", [CIPoint("Kaikki", 3.1, 2.8, 3.4)], low=1, high=5, language="fi")
>>> chart.startswith("<svg") and "<title" in chart and "Kaikki" in chart and ">1,5<" in chart
True
>>> "<i>" in ci_chart("t", "d", [CIPoint("<i>P01</i>", None, note="<5 hidden")], low=1, high=5)
False
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from analysis import labels
from analysis.export.svg import open_svg, shorten
from analysis.glossary import capitalised, wave_label
from analysis.numbers import number
from analysis.report_model import Report, Suppressed
from analysis.scoring import score_range
from instruments.model import Instrument, Scale, Text

ROW = 50  # a row: the group's name on a line of its own, its interval under it
WIDTH = 560
LEFT, RIGHT = 16, 24  # room for the end ticks' numbers
ENDS = 40  # room under the axis for the words at the scale's ends


@dataclass(frozen=True)
class CIPoint:
    """One row of a confidence-interval chart; `mean` None when the group's numbers are hidden."""

    label: str
    mean: float | None
    ci_low: float | None = None
    ci_high: float | None = None
    note: str = ""  # shown instead of the point (e.g. "<5 piilotettu")
    detail: str = ""  # the full label and reason, as the row's tooltip (<title>)


def _number(value: object) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def _ticks(lo: float, hi: float) -> list[float]:
    span = hi - lo
    step = next(s for s in (0.25, 0.5, 1, 2, 5, 10, 20, 25, 50, 100, 250, 500, 1000, math.inf) if span / s <= 8)
    if step == math.inf:
        return [lo, hi]
    first = math.ceil(lo / step) * step
    return [first + i * step for i in range(int((hi - first) / step) + 1)]


def ci_chart(
    title: str,
    description: str,
    points: Sequence[CIPoint],
    *,
    low: float,
    high: float,
    ends: tuple[str, str] = ("", ""),
    language: str = "fi",
) -> Markup:
    """Means with confidence-interval whiskers, one row per group or wave, on the axis from `low` to `high`.

    Each row's name stands on a line of its own above its interval, so that the chart keeps its full width and
    stays readable when a phone shrinks it. `ends` are the words of the scale's lowest and highest answer,
    written under the axis's ends.
    """
    plot = WIDTH - LEFT - RIGHT
    height = ROW * len(points) + 40 + (ENDS if any(ends) else 0)

    def x(value: float) -> float:
        clipped = min(max(value, low), high)  # an interval cannot leave the scale, but rounding can
        return round(LEFT + (clipped - low) / (high - low) * plot, 1)

    parts = open_svg(title, description, WIDTH, height, "ci")
    bottom = ROW * len(points) + 6
    for tick in _ticks(low, high):
        digits = 0 if float(tick).is_integer() else 2 if tick * 4 % 2 else 1
        parts.append(
            Markup(
                '<line class="grid" x1="{0}" y1="4" x2="{0}" y2="{1}"/><text class="tick" x="{0}" y="{2}" '
                'text-anchor="middle">{3}</text>'
            ).format(x(tick), bottom, bottom + 22, number(tick, digits, language))
        )
    for anchor, end, words in (("start", low, ends[0]), ("end", high, ends[1])):
        if words:
            parts.append(
                Markup('<text class="scale-end" x="{0}" y="{1}" text-anchor="{2}">{3}</text>').format(
                    x(end), bottom + 48, anchor, shorten(words, 30)
                )
            )
    for i, point in enumerate(points):
        top = ROW * i
        parts.append(
            Markup('<text class="label" x="{0}" y="{1}"><title>{3}</title>{2}</text>').format(
                LEFT, top + 18, shorten(point.label, 48), point.detail or point.label
            )
        )
        y = top + 34
        mean, ci_low, ci_high = _number(point.mean), _number(point.ci_low), _number(point.ci_high)
        if mean is None:
            note = point.note or "–"
            parts.append(
                Markup('<text class="note" x="{0}" y="{1}"><title>{3}</title>{2}</text>').format(
                    LEFT, y + 6, note, point.detail or note
                )
            )
            continue
        if ci_low is not None and ci_high is not None:
            parts.append(
                Markup(
                    '<line class="whisker" x1="{0}" y1="{2}" x2="{1}" y2="{2}"/>'
                    '<line class="whisker" x1="{0}" y1="{3}" x2="{0}" y2="{4}"/>'
                    '<line class="whisker" x1="{1}" y1="{3}" x2="{1}" y2="{4}"/>'
                ).format(x(ci_low), x(ci_high), y, y - 7, y + 7)
            )
        parts.append(Markup('<circle class="point" cx="{0}" cy="{1}" r="6"/>').format(x(mean), y))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


_TITLE = Text(
    fi="{scale}: keskiarvot ja {level} %:n luottamusvälit asteikolla {low}–{high}",
    sv="{scale}: medelvärden med {level} % konfidensintervall på skalan {low}–{high}",
    en="{scale}: means with {level}% confidence intervals on the {low}–{high} scale",
)
_DESCRIPTION = Text(
    fi="Kukin rivi on ryhmä tai mittauskerta: piste on keskiarvo ja viiva sen luottamusväli. Vaaka-akseli kattaa "
    "koko vastausasteikon. Samat luvut ovat taulukossa kuvion alla.",
    sv="Varje rad är en grupp eller ett mättillfälle: punkten är medelvärdet och linjen dess konfidensintervall. "
    "Den vågräta axeln täcker hela svarsskalan. Samma tal finns i tabellen under diagrammet.",
    en="Each row is a group or a wave: the dot is the mean and the line its confidence interval. The horizontal "
    "axis covers the whole answer scale. The same numbers are in the table below the chart.",
)
_HIDDEN = {
    "small_cell": Text(
        fi="piilotettu: alle {t} henkilöä", sv="dold: färre än {t} personer", en="hidden: fewer than {t} people"
    ),
    "complementary": Text(
        fi="piilotettu pienemmän ryhmän suojaamiseksi",
        sv="dold för att skydda en mindre grupp",
        en="hidden to protect a smaller group",
    ),
}


def summary_charts(report: Report, language: str) -> dict[str, Markup]:
    """One CI chart per scale of `report`: everyone and every group, in every wave, as the report has them."""
    charts: dict[str, Markup] = {}
    level = number(report.design.confidence * 100, 0, language)
    for scale in report.instrument.scales:
        rows = [row for row in report.summaries if row.scale == scale.code]
        if not rows:
            continue
        low, high = score_range(report.instrument, scale)
        ends = {"low": number(low, 0, language), "high": number(high, 0, language)}
        title = _TITLE.get(language).format(scale=scale.label.get(language), level=level, **ends)
        charts[scale.code] = ci_chart(
            title,
            _DESCRIPTION.get(language),
            [_summary_point(report, row, language) for row in rows],
            low=low,
            high=high,
            ends=scale_ends(report.instrument, scale, language),
            language=language,
        )
    return charts


def scale_ends(instrument: Instrument, scale: Scale, language: str) -> tuple[str, str]:
    """The words of a scale's lowest and highest answer ("1 = Täysin eri mieltä"), from its first item's list."""
    choices = instrument.choice_list(instrument.item(scale.items[0]))
    scored = [c for c in choices.choices if not c.missing] if choices else []
    if not scored or scale.method == "sum":
        return "", ""
    first, last = scored[0], scored[-1]
    return (
        f"{first.code} = {first.label.get(language)}",
        f"{last.code} = {last.label.get(language)}",
    )


def _summary_point(report: Report, row, language: str) -> CIPoint:
    """A chart row: a short name (the group's answer and the wave) with the full name and any reason as tooltip."""
    instrument = report.instrument
    full = labels.group_label(instrument, row.by, row.group, language, report.labels)
    short = full if row.by is None else labels.group_name(instrument, row.by, row.group, language, report.labels)
    wave = capitalised(wave_label(row.wave, language)) if row.wave else ""
    reason = row.mean.text.get(language) if isinstance(row.mean, Suppressed) else ""
    return CIPoint(
        label=" · ".join(p for p in (short, wave) if p),
        mean=_number(row.mean),
        ci_low=_number(row.ci_low),
        ci_high=_number(row.ci_high),
        note=_HIDDEN.get(row.mean.reason, _HIDDEN["small_cell"]).get(language).format(t=row.mean.threshold)
        if reason
        else "",
        detail=" · ".join(p for p in (full, wave, reason) if p),
    )


__all__ = ["CIPoint", "ci_chart", "scale_ends", "summary_charts"]
