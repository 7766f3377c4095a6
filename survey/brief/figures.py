"""The charts of a project brief and of the programme brief, drawn from their contents (:mod:`.content`)."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _

from analysis.numbers import number
from analysis.scoring import score_range
from survey.brief.charts import WIDE, Chart, Layout, Row, change_axis, dot_chart, message_chart
from survey.brief.content import FALL, RISE, Brief, ScaleChange
from survey.results.charts import scale_ends


def brief_chart(brief: Brief, layout: Layout = WIDE) -> Chart:
    """The project's one chart: each scale's change (or, with one wave, its mean), or why there is none."""
    title = _chart_title(brief)
    if brief.too_few:
        return message_chart(title, brief.too_few, layout)
    if brief.changes:
        return change_chart(title, brief.changes, brief.scale_range, brief.language, layout=layout)
    return _levels_chart(title, brief, layout)


def change_chart(title: str, changes: Sequence[ScaleChange], scale_range: str, language: str,
                 headings: Sequence[tuple[int, str]] = (), layout: Layout = WIDE) -> Chart:  # fmt: skip
    """Changes around zero, one row each (`headings`: (row index, text) put over the rows from that index)."""
    drawn = [c for c in changes if c.drawn]
    spans = [c.span for c in changes]
    reach = change_axis([v for c in drawn for v in (c.low, c.high)], max(spans, default=4.0))
    rows, before = [], dict(headings)
    for i, change in enumerate(changes):
        if i in before:
            rows.append(Row(before[i], heading=True))
        rows.append(change_row(change, language))
    return dot_chart(
        title,
        _(
            "Each row is a scale: the dot is the change of its mean and the line its confidence interval. A "
            "filled dot is a change that is probably real; an open dot one that cannot be told apart from chance. "
            "The same numbers are written in the text."
        ),
        rows,
        low=-reach,
        high=reach,
        zero=True,
        ends=(_("← fell"), _("rose →")),
        axis_title=_("Change in points on the %(range)s scale", range=scale_range) if scale_range
        else _("Change in scale points"),
        language=language,
        layout=layout,
    )


def change_row(change: ScaleChange, language: str, label: str | None = None) -> Row:
    return Row(
        label=label or change.label,
        mean=change.estimate if change.drawn else None,
        low=change.low,
        high=change.high,
        value=number(change.estimate, 2, language, signed=True) if change.drawn else "",
        note=_("not computed"),
        certain=change.verdict in (RISE, FALL),
    )


def _levels_chart(title: str, brief: Brief, layout: Layout) -> Chart:
    instrument, language = brief.instrument, brief.language
    low, high = score_range(instrument, instrument.scales[0])
    rows = [
        Row(level.label, level.mean if level.drawn else None, level.low, level.high,
            value=number(level.mean, 2, language) if level.drawn else "", note=level.reading)
        for level in brief.levels
    ]  # fmt: skip
    return dot_chart(
        title,
        _(
            "Each row is a scale: the dot is its mean and the line the mean's confidence interval. The horizontal "
            "axis covers the whole answer scale. The same numbers are written in the text."
        ),
        rows,
        low=low,
        high=high,
        ends=scale_ends(instrument, instrument.scales[0], language),
        language=language,
        layout=layout,
    )


def _chart_title(brief: Brief) -> str:
    questionnaire = brief.instrument.title.get(brief.language)
    if len(brief.waves) > 1:
        return _(
            "%(questionnaire)s: change by scale (%(first)s – %(last)s)",
            questionnaire=questionnaire,
            first=brief.waves[0].label,
            last=brief.waves[-1].label,
        )
    return _("%(questionnaire)s: means by scale", questionnaire=questionnaire)
