"""The Charts sheet: native Excel charts over a data area on the same sheet.

A write-only sheet is written top to bottom once, so the figures go first (in columns A onwards, readable as a
table too) and each chart refers to their cells; the charts sit to the right of the figures.

- Mean scale scores by group and wave: a column chart per scale, one series per wave, with the confidence
  interval as custom error bars (``mean - ci_low`` below, ``ci_high - mean`` above).
- Distributions of the key items (those of the scales): a 100 % stacked bar chart per choice list, one bar per
  item, for everyone in the first wave. Suppressed numbers are left empty, so a chart never shows them.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, NumDataSource, NumRef, StrRef
from openpyxl.chart.error_bar import ErrorBars
from openpyxl.utils import get_column_letter

from analysis.export.cells import append, set_widths
from analysis.export.report_rows import group_label
from analysis.export.words import word
from analysis.report_model import OptionCount, Report, ScaleSummary

ITEMS_PER_CHART = 20
CHART_ROWS = 18  # a chart's height in rows at the default size, with a gap


@dataclass
class _Layout:
    """Where the next data row goes and where the next chart is anchored."""

    row: int = 0
    charts: int = 0


def write_charts(ws, report: Report, language: str) -> None:
    waves = list(report.design.waves) or [None]
    data_columns = max(1 + 3 * len(waves), 1 + _widest_choice_list(report))
    anchor_column = get_column_letter(data_columns + 2)
    set_widths(ws, (30, *([14] * (data_columns - 1))))
    layout = _Layout()
    _put(ws, layout, [word("chart_data", language)], bold=True)
    for scale in report.instrument.scales:
        rows = [row for row in report.summaries if row.scale == scale.code]
        if rows:
            chart = _means_block(ws, layout, rows, waves, report, language)
            _place(ws, layout, chart, anchor_column)
    for counts in _item_blocks(report):
        chart = _distribution_block(ws, layout, counts, language)
        _place(ws, layout, chart, anchor_column)


def _put(ws, layout: _Layout, values: list[object], *, bold: bool = False, language: str = "fi") -> int:
    append(ws, values, bold=bold, language=language, formats={i: "0.00" for i in range(1, len(values))})
    layout.row += 1
    return layout.row


def _place(ws, layout: _Layout, chart: BarChart, column: str) -> None:
    ws.add_chart(chart, f"{column}{1 + layout.charts * CHART_ROWS}")
    layout.charts += 1
    _put(ws, layout, [])


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, numbers.Real) and math.isfinite(value) else None


def _means_block(ws, layout, rows: list[ScaleSummary], waves, report: Report, language: str) -> BarChart:
    header = [rows[0].label.get(language)]
    for wave in waves:
        name = wave or word("mean", language)
        header += [name, f"{name} −", f"{name} +"]
    top = _put(ws, layout, header, bold=True, language=language)
    groups = list(dict.fromkeys((row.by, row.group) for row in rows))
    by_key = {(row.by, row.group, row.wave): row for row in rows}
    for by, group in groups:
        values: list[object] = [group_label(report, by, group, language)]
        for wave in waves:
            row = by_key.get((by, group, wave))
            mean, low, high = (_number(getattr(row, f, None)) for f in ("mean", "ci_low", "ci_high"))
            errors = (mean - low, high - mean) if None not in (mean, low, high) else (None, None)
            values += [mean, *errors]
        _put(ws, layout, values, language=language)
    bottom = layout.row
    chart = BarChart()
    chart.type = "col"
    level = f"{report.design.confidence * 100:g}"
    chart.title = f"{rows[0].label.get(language)}: {word('chart_means', language).format(level=level)}"
    chart.y_axis.title = word("mean", language)
    for index in range(len(waves)):
        column = 2 + 3 * index
        chart.add_data(Reference(ws, min_col=column, min_row=top, max_row=bottom), titles_from_data=True)
        chart.series[-1].errBars = ErrorBars(
            errDir="y",
            errBarType="both",
            errValType="cust",
            noEndCap=False,
            minus=_ref(ws, column + 1, top + 1, bottom),
            plus=_ref(ws, column + 2, top + 1, bottom),
        )
    _finish(chart, Reference(ws, min_col=1, min_row=top + 1, max_row=bottom))
    return chart


def _finish(chart: BarChart, categories: Reference) -> None:
    """Text categories (openpyxl would refer to them as numbers) and visible axes."""
    for series in chart.series:
        series.cat = AxDataSource(strRef=StrRef(f=str(categories)))
    chart.x_axis.delete = False
    chart.y_axis.delete = False


def _ref(ws, column: int, first: int, last: int) -> NumDataSource:
    return NumDataSource(numRef=NumRef(f=str(Reference(ws, min_col=column, min_row=first, max_row=last))))


def _item_blocks(report: Report) -> list[list[list[OptionCount]]]:
    """Everyone's option counts in the first wave for the items of the scales (every item when there are no
    scales), grouped by choice list, in chunks for charts."""
    waves = report.design.waves
    first = waves[0] if waves else None
    key_items = {code for scale in report.instrument.scales for code in scale.items}
    items: dict[str, list[OptionCount]] = {}
    for row in report.distributions:
        if row.by is None and row.wave == first and (row.item in key_items or not key_items):
            items.setdefault(row.item, []).append(row)
    lists: dict[tuple, list[list[OptionCount]]] = {}
    for counts in items.values():
        lists.setdefault(tuple(c.code for c in counts), []).append(counts)
    return [
        same[start : start + ITEMS_PER_CHART]
        for same in lists.values()
        for start in range(0, len(same), ITEMS_PER_CHART)
    ]


def _widest_choice_list(report: Report) -> int:
    return max((len(block[0]) for block in _item_blocks(report)), default=0)


def _distribution_block(ws, layout, items: list[list[OptionCount]], language: str) -> BarChart:
    top = _put(ws, layout, [word("item", language), *(c.label for c in items[0])], bold=True, language=language)
    for counts in items:
        _put(ws, layout, [counts[0].item, *(_number(c.percent) for c in counts)], language=language)
    bottom = layout.row
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "percentStacked"
    chart.overlap = 100
    chart.title = word("chart_items", language)
    chart.add_data(
        Reference(ws, min_col=2, max_col=1 + len(items[0]), min_row=top, max_row=bottom), titles_from_data=True
    )
    _finish(chart, Reference(ws, min_col=1, min_row=top + 1, max_row=bottom))
    return chart
