"""Server-rendered SVG charts for the results pages: means with their confidence intervals.

Every chart carries ``<title>`` and ``<desc>`` (``role="img"``, ``aria-labelledby``) and every text from data is
escaped; the page puts the same numbers in a table beside it for screen readers and for copying.

>>> chart = ci_chart("Osallisuus", "Keskiarvot", [CIPoint("Kaikki", 3.1, 2.8, 3.4)], low=1, high=5)
>>> chart.startswith("<svg") and "<title" in chart and "Kaikki" in chart
True
>>> "<i>" in ci_chart("t", "d", [CIPoint("<i>P01</i>", None, note="<5 hidden")])
False
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from analysis.export.report_rows import group_label
from analysis.report_model import Report, Suppressed
from instruments.model import Instrument, Scale
from survey.svg import open_svg, shorten

ROW = 28
LABEL_WIDTH = 220
PLOT_WIDTH = 360
RIGHT = 24


@dataclass(frozen=True)
class CIPoint:
    """One row of a confidence-interval chart; `mean` None when the group's numbers are suppressed."""

    label: str
    mean: float | None
    ci_low: float | None = None
    ci_high: float | None = None
    note: str = ""  # shown instead of the point (e.g. "<5 hidden")
    detail: str = ""  # the full label and reason, as the row's tooltip (<title>)


def _number(value: object) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def scale_bounds(instrument: Instrument, scale: Scale) -> tuple[float, float] | None:
    """The lowest and highest possible score of a scale, from its items' choice list (None when unknown)."""
    codes: list[float] = []
    for code in scale.items:
        try:
            choices = instrument.choice_list(instrument.item(code))
        except KeyError:
            continue
        if choices is not None:
            codes += [float(c.code) for c in choices.choices if not c.missing and isinstance(c.code, int)]
    if not codes:
        return None
    low, high = min(codes), max(codes)
    if scale.method == "sum":
        return low * len(scale.items), high * len(scale.items)
    return low, high


def _domain(points: Sequence[CIPoint], low: float | None, high: float | None) -> tuple[float, float]:
    values = [v for p in points for v in (p.mean, p.ci_low, p.ci_high) if v is not None and math.isfinite(v)]
    lo = low if low is not None else min(values, default=0.0)
    hi = high if high is not None else max(values, default=1.0)
    lo, hi = min([lo, *values]), max([hi, *values])
    if hi <= lo:
        hi = lo + 1.0
    return lo, hi


def _ticks(lo: float, hi: float) -> list[float]:
    span = hi - lo
    step = next(s for s in (0.25, 0.5, 1, 2, 5, 10, 20, 25, 50, 100, 250, 500, 1000, math.inf) if span / s <= 8)
    if step == math.inf:
        return [lo, hi]
    first = math.ceil(lo / step) * step
    return [first + i * step for i in range(int((hi - first) / step) + 1)]


def _fmt(value: float) -> str:
    return f"{value:g}" if float(value).is_integer() else f"{value:.2f}".rstrip("0").rstrip(".")


def ci_chart(
    title: str, description: str, points: Sequence[CIPoint], *, low: float | None = None, high: float | None = None
) -> Markup:
    """Means with confidence-interval whiskers, one row per group or wave, on a common axis."""
    lo, hi = _domain(points, low, high)
    width = LABEL_WIDTH + PLOT_WIDTH + RIGHT
    height = ROW * len(points) + 44

    def x(value: float) -> float:
        return round(LABEL_WIDTH + (value - lo) / (hi - lo) * PLOT_WIDTH, 1)

    parts = open_svg(title, description, width, height, "ci")
    bottom = ROW * len(points) + 8
    for tick in _ticks(lo, hi):
        parts.append(
            Markup(
                '<line class="grid" x1="{0}" y1="4" x2="{0}" y2="{1}"/><text class="tick" x="{0}" y="{2}" '
                'text-anchor="middle">{3}</text>'
            ).format(x(tick), bottom, bottom + 18, _fmt(tick))
        )
    for i, point in enumerate(points):
        y = ROW * i + ROW // 2 + 6
        parts.append(
            Markup('<text class="label" x="{0}" y="{1}" text-anchor="end"><title>{3}</title>{2}</text>').format(
                LABEL_WIDTH - 8, y + 4, shorten(point.label), point.detail or point.label
            )
        )
        mean, ci_low, ci_high = _number(point.mean), _number(point.ci_low), _number(point.ci_high)
        if mean is None:
            note = point.note or "–"
            parts.append(
                Markup('<text class="note" x="{0}" y="{1}"><title>{3}</title>{2}</text>').format(
                    LABEL_WIDTH + 4, y + 4, note, point.detail or note
                )
            )
            continue
        if ci_low is not None and ci_high is not None:
            parts.append(
                Markup(
                    '<line class="whisker" x1="{0}" y1="{2}" x2="{1}" y2="{2}"/>'
                    '<line class="whisker" x1="{0}" y1="{3}" x2="{0}" y2="{4}"/>'
                    '<line class="whisker" x1="{1}" y1="{3}" x2="{1}" y2="{4}"/>'
                ).format(x(ci_low), x(ci_high), y, y - 6, y + 6)
            )
        parts.append(Markup('<circle class="point" cx="{0}" cy="{1}" r="5"/>').format(x(mean), y))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def summary_charts(report: Report, language: str) -> dict[str, Markup]:
    """One CI chart per scale of `report`: everyone and every group, in every wave, as the report has them."""
    from flask_babel import gettext as _

    charts: dict[str, Markup] = {}
    level = f"{report.design.confidence:.0%}"
    for scale in report.instrument.scales:
        rows = [row for row in report.summaries if row.scale == scale.code]
        if not rows:
            continue
        points = [_summary_point(report, row, language, _("hidden")) for row in rows]
        label = scale.label.get(language)
        bounds = scale_bounds(report.instrument, scale)
        charts[scale.code] = ci_chart(
            _("%(scale)s: means with %(level)s confidence intervals", scale=label, level=level),
            _(
                "Each row is a group or wave: the dot is the mean, the line its confidence interval. "
                "The same numbers are in the table below the chart."
            ),
            points,
            low=bounds[0] if bounds else None,
            high=bounds[1] if bounds else None,
        )
    return charts


def _summary_point(report: Report, row, language: str, hidden: str) -> CIPoint:
    """A chart row: a short name (the group's answer and the wave) with the full name and any reason as tooltip."""
    from survey.templating import wave_name

    full = group_label(report, row.by, row.group, language)
    short = full if row.by is None else full.rsplit(": ", 1)[-1]
    wave = wave_name(row.wave) if row.wave else ""
    reason = row.mean.text.get(language) if isinstance(row.mean, Suppressed) else ""
    return CIPoint(
        label=" · ".join(p for p in (short, wave) if p),
        mean=_number(row.mean),
        ci_low=_number(row.ci_low),
        ci_high=_number(row.ci_high),
        note=f"{row.mean} {hidden}" if reason else "",
        detail=" · ".join(p for p in (full, wave, reason) if p),
    )


__all__ = ["CIPoint", "ci_chart", "scale_bounds", "summary_charts"]
