"""The forest plot of the programme impact page: each project's change with its interval, the pooled change as a
diamond, and the prediction interval, server-rendered as an accessible SVG.

As every chart of the app (:mod:`survey.svg`), it is an ``<svg role="img">`` named by its ``<title>`` and
``<desc>``, every text from data is escaped, and the page puts the same numbers in a table beside it. Each row's
name stands on a line of its own with its numbers at the right, its interval under it, so that the plot keeps
its full width and stays readable when a phone shrinks it. A project's square is sized by its weight in the
pool. The vertical line is "no change"; the axis says which way is up.

>>> rows = [ForestRow("P01 Hanke", "+0,30 (0,10–0,50)", 0.3, 0.1, 0.5, weight=60.0),
...         ForestRow("P02 <b>", "", None, note="alle 5 vastaajaparia")]
>>> svg = forest_plot("Otsikko", "Kuvaus", rows, pooled=ForestRow("Yhdistetty", "+0,30", 0.3, 0.1, 0.5),
...                   axis="Muutos pisteinä", language="fi")
>>> svg.startswith("<svg") and 'role="img"' in svg and "<b>" not in svg and "polygon" in svg
True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import Markup

from analysis.glossary import wave_label
from analysis.impact_readings import left_out_reason
from analysis.numbers import interval, number
from survey.results.impact import ProgrammeImpact, ScaleImpact
from survey.svg import open_svg, shorten

WIDTH = 480  # a phone shows it at about two thirds of this: its 17-pixel names at 11-12 pixels
LEFT, RIGHT = 24, 24  # room for half a tick number at either end
ROW = 72  # a row: its name, then its numbers, then its interval, each on a line of its own
GAP = 14  # between the projects and the pooled rows
AXIS = 84  # under the rows: tick numbers, which way is up, the axis's name
_STEPS = (0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 2.5, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0)
_WAYS = {"fi": ("← laski", "nousi →"), "sv": ("← sjönk", "steg →"), "en": ("← fell", "rose →")}


@dataclass(frozen=True)
class ForestRow:
    """One row: a project, the pooled change or the prediction interval.

    `value` is the row's numbers as the table writes them ("n 56 · +0,30 (0,10–0,50)"); `estimate` None draws
    `note` instead of an interval (a project left out); `weight` (percent) sizes a project's square.
    """

    label: str
    value: str
    estimate: float | None
    ci_low: float | None = None
    ci_high: float | None = None
    weight: float | None = None
    note: str = ""
    detail: str = ""  # the full name and numbers, the row's tooltip (<title>)
    key: str = ""  # data-row: which table row it is (the project's code)


def axis_range(values: Sequence[float]) -> tuple[float, float, float]:
    """The axis's ends and its tick step: round numbers around `values` and zero, 3 to 7 ticks.

    >>> axis_range([-0.42, 0.18, 0.95])
    (-0.5, 1.0, 0.25)
    >>> axis_range([0.2, 0.3])
    (0.0, 0.3, 0.05)
    """
    finite = [v for v in values if math.isfinite(v)]
    low, high = min([0.0, *finite]), max([0.0, *finite])
    if high - low < 1e-9:
        high = low + 1.0
    step = next((s for s in _STEPS if (high - low) / s <= 6), _STEPS[-1])
    low, high = math.floor(low / step + 1e-9) * step, math.ceil(high / step - 1e-9) * step
    return round(low, 10), round(high, 10), step


def forest_plot(
    title: str,
    description: str,
    rows: Sequence[ForestRow],
    *,
    pooled: ForestRow | None = None,
    prediction: ForestRow | None = None,
    axis: str,
    language: str = "fi",
) -> Markup:
    """The plot: `rows` (the projects), then `pooled` as a diamond and `prediction` as a dashed interval."""
    ends = [v for r in (*rows, pooled, prediction) if r is not None for v in (r.ci_low, r.ci_high, r.estimate)]
    low, high, step = axis_range([float(v) for v in ends if v is not None])
    plot = WIDTH - LEFT - RIGHT
    below = [(r, kind) for r, kind in ((pooled, "pooled"), (prediction, "prediction")) if r is not None]
    bottom = ROW * len(rows) + (GAP + ROW * len(below) if below else 0) + 4
    parts = open_svg(title, description, WIDTH, bottom + AXIS, "forest")

    def x(value: float) -> float:
        return round(LEFT + (min(max(value, low), high) - low) / (high - low) * plot, 1)

    _grid(parts, x, low, high, step, bottom, language)
    for i, row in enumerate(rows):
        _row(parts, row, ROW * i, x, "project")
    top = ROW * len(rows) + GAP
    if below:
        parts.append(Markup('<line class="separator" x1="{0}" y1="{1}" x2="{2}" y2="{1}"/>').format(
            LEFT, top - GAP / 2, WIDTH - RIGHT))  # fmt: skip
    for i, (row, kind) in enumerate(below):
        _row(parts, row, top + ROW * i, x, kind)
    _axis_words(parts, x, low, high, bottom, axis, language)
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def _grid(parts: list, x, low: float, high: float, step: float, bottom: float, language: str) -> None:
    digits = 0 if step >= 1 else 1 if round(step * 10, 9).is_integer() else 2
    for i in range(round((high - low) / step) + 1):
        tick = low + i * step
        parts.append(
            Markup(
                '<line class="grid" x1="{0}" y1="4" x2="{0}" y2="{1}"/><text class="tick" x="{0}" y="{2}" '
                'text-anchor="middle">{3}</text>'
            ).format(x(tick), bottom, bottom + 22, number(tick, digits, language, signed=True))
        )
    parts.append(Markup('<line class="zero" x1="{0}" y1="4" x2="{0}" y2="{1}"/>').format(x(0.0), bottom))


def _row(parts: list, row: ForestRow, top: float, x, kind: str) -> None:
    parts.append(Markup('<g class="forest-row forest-row--{0}" data-row="{1}">').format(kind, row.key or kind))
    parts.append(
        Markup('<text class="label" x="{0}" y="{1}"><title>{3}</title>{2}</text>').format(
            LEFT, top + 18, shorten(row.label, 48), row.detail or row.label
        )
    )
    text = row.value if row.estimate is not None else (row.note or "–")
    css = "value" if row.estimate is not None else "note"
    parts.append(Markup('<text class="{0}" x="{1}" y="{2}">{3}</text>').format(css, LEFT, top + 39, text))
    if row.estimate is None or row.ci_low is None or row.ci_high is None:
        parts.append(Markup("</g>"))
        return
    y = top + 56
    left, right, mid = x(row.ci_low), x(row.ci_high), x(row.estimate)
    if kind == "pooled":
        parts.append(
            Markup('<polygon class="diamond" points="{0},{3} {1},{4} {2},{3} {1},{5}"/>').format(
                left, mid, right, y, y - 9, y + 9
            )
        )
    elif kind == "prediction":
        parts.append(
            Markup(
                '<line class="prediction" x1="{0}" y1="{2}" x2="{1}" y2="{2}"/>'
                '<line class="prediction-end" x1="{0}" y1="{3}" x2="{0}" y2="{4}"/>'
                '<line class="prediction-end" x1="{1}" y1="{3}" x2="{1}" y2="{4}"/>'
            ).format(left, right, y, y - 7, y + 7)
        )
    else:
        side = 7 + 9 * math.sqrt(min(max(row.weight or 0.0, 0.0), 100.0) / 100.0) if row.weight else 10
        parts.append(
            Markup(
                '<line class="whisker" x1="{0}" y1="{2}" x2="{1}" y2="{2}"/>'
                '<line class="whisker" x1="{0}" y1="{3}" x2="{0}" y2="{4}"/>'
                '<line class="whisker" x1="{1}" y1="{3}" x2="{1}" y2="{4}"/>'
                '<rect class="square" x="{5}" y="{6}" width="{7}" height="{7}"/>'
            ).format(
                left, right, y, y - 6, y + 6, round(mid - side / 2, 1), round(y - side / 2, 1), round(side, 1)
            )
        )
    parts.append(Markup("</g>"))


def _axis_words(parts: list, x, low: float, high: float, bottom: float, axis: str, language: str) -> None:
    """Under the ticks: which way is down and up, beside the line of no change; then the axis's name."""
    down, up = _WAYS.get(language, _WAYS["en"])
    zero = x(0.0)
    room = 7 * len(down) + 8  # about the width of the words at their size
    if zero - LEFT >= room:
        parts.append(Markup('<text class="way" x="{0}" y="{1}" text-anchor="end">{2}</text>').format(
            round(zero - 6, 1), bottom + 46, down))  # fmt: skip
    if WIDTH - RIGHT - zero >= room:
        parts.append(Markup('<text class="way" x="{0}" y="{1}" text-anchor="start">{2}</text>').format(
            round(zero + 6, 1), bottom + 46, up))  # fmt: skip
    parts.append(
        Markup('<text class="axis-name" x="{0}" y="{1}" text-anchor="middle">{2}</text>').format(
            round((x(low) + x(high)) / 2, 1), bottom + 72, shorten(axis, 60)
        )
    )


def change_text(estimate: float, low: float, high: float, language: str) -> str:
    """A change with its interval as the page's table and the plot write it: ``+0,28 (0,10–0,46)``.

    >>> change_text(-0.2, -0.35, -0.05, "fi"), change_text(0.25, 0.1, 0.4, "en")
    ('−0,20 (−0,35 … −0,05)', '+0.25 (0.10–0.40)')
    """
    return f"{number(estimate, 2, language, signed=True)} ({interval(low, high, 2, language)})"


def impact_plot(scale: ScaleImpact, impact: ProgrammeImpact, language: str) -> Markup:
    """The forest plot of one scale of the impact page, with the numbers of its table."""
    result = scale.result
    rows = []
    for change in result.projects:
        name = impact.project_name(change.project)
        if change.left_out:
            note = _(
                "not pooled: %(reason)s", reason=left_out_reason(change.left_out, result.min_cell).get(language)
            )
            rows.append(ForestRow(name, "", None, note=note, detail=f"{name}: {note}", key=change.project))
            continue
        change_words = change_text(change.estimate, change.ci_low, change.ci_high, language)
        value = f"n {number(int(change.n), 0, language)} · {change_words}"
        rows.append(ForestRow(name, value, change.estimate, change.ci_low, change.ci_high, change.weight,
                              detail=f"{name}: {value}", key=change.project))  # fmt: skip
    pooled = prediction = None
    if result.pooled is not None:
        p = result.pooled
        value = f"n {number(result.pairs, 0, language)} · {change_text(p.estimate, p.ci_low, p.ci_high, language)}"
        label = _("Pooled change (%(k)s projects)", k=p.k)
        pooled = ForestRow(label, value, p.estimate, p.ci_low, p.ci_high, detail=f"{label}: {value}", key="pooled")
        if p.method != "FE":
            value = interval(p.pi_low, p.pi_high, 2, language)
            label = _("Prediction interval: a new project")
            prediction = ForestRow(label, value, p.estimate, p.pi_low, p.pi_high, detail=f"{label}: {value}",
                                   key="prediction")  # fmt: skip
    name = scale.scale.label.get(language)
    waves = {"baseline": wave_label(impact.baseline, language), "later": wave_label(impact.later, language)}
    if impact.measure == "points":
        axis = _("Change in points (%(later)s − %(baseline)s)", **waves)
    else:
        axis = _("Standardised change (%(later)s − %(baseline)s)", **waves)
    level = number(result.confidence * 100, 0, language)
    title = _(
        "%(scale)s: each project's change with its %(level)s %% confidence interval", scale=name, level=level
    )
    description = _(
        "Each row is a project: the square is its change from %(baseline)s to %(later)s, sized by its weight in "
        "the pool, and the line its confidence interval. The diamond is the pooled change with its confidence "
        "interval, and the dashed line the prediction interval. The vertical line is no change. The same numbers "
        "are in the table below the plot.",
        **waves,
    )
    return forest_plot(
        title, description, rows, pooled=pooled, prediction=prediction, axis=axis, language=language
    )


__all__ = ["ForestRow", "axis_range", "change_text", "forest_plot", "impact_plot"]
