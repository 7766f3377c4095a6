"""The Charts sheet: native Excel charts that show the whole scale, name their waves and mark hidden numbers.

The charts come first, one below another, and the figures they draw follow below them (a readable table too);
every chart refers to those cells and also carries a copy of its figures (a cache), as Excel writes it.

- **Means** of each scale: one horizontal bar per group, one series per wave (named by the wave's display name),
  with the confidence interval as error bars. The value axis runs from the scale's lowest to its highest
  possible score (:func:`analysis.scoring.score_range`), never from near the smallest mean, and its title names
  the ends of the response scale ("1 = Täysin eri mieltä … 5 = Täysin samaa mieltä").
- **Distributions** of each scale's items (every item with choices when there are no scales): a stacked bar per
  item, 0-100 %, one chart per wave (the title says which), at most :data:`ITEMS_PER_CHART` items per chart,
  the question texts wrapped as category labels.
- **Hidden numbers** are never drawn and never silently left out: a group whose mean is hidden keeps its place
  with "(piilotettu)" in its label and no bar; in a distribution the hidden share (100 % less the shown
  percentages, which the shown numbers already tell) is a grey hatched "Piilotettu" segment, so the bar is not
  rescaled around the gap.
"""

from __future__ import annotations

import math
import numbers
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from openpyxl.chart import BarChart, Reference, Series
from openpyxl.chart.axis import ChartLines
from openpyxl.chart.data_source import (
    AxDataSource,
    NumData,
    NumDataSource,
    NumFmt,
    NumRef,
    NumVal,
    StrData,
    StrRef,
    StrVal,
)
from openpyxl.chart.error_bar import ErrorBars
from openpyxl.chart.series import SeriesLabel
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.fill import ColorChoice, PatternFillProperties
from openpyxl.drawing.line import LineProperties
from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, TwoCellAnchor
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties, RegularTextRun
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties

from analysis.errors import AnalysisError
from analysis.export.cells import append, set_widths
from analysis.export.report_rows import group_label
from analysis.export.safe import xlsx_text
from analysis.export.words import word
from analysis.glossary import wave_label
from analysis.numbers import interval, number
from analysis.report_model import OptionCount, Report, ScaleSummary, Suppressed
from analysis.scoring import score_range
from instruments.model import ItemType, Scale

ITEMS_PER_CHART = 8
"""Items in one distribution chart: more and a spreadsheet program starts to drop every other label."""

CHART_COLUMNS = 8  # a chart spans columns A-H
WIDTHS = (46, *([11] * 9))
WRAP_AT = 48  # characters per line of a question text used as a category label
NOTES = ("chart_note_axis", "chart_note_hidden", "chart_note_data")  # the sheet's first rows
NOTE_ROWS = len(NOTES) + 1  # and a blank row

WAVE_COLOURS = ("9ECAE1", "3182BD", "08519C", "6BAED6", "C6DBEF")
DIVERGING = {  # ColorBrewer RdBu, the middle made a visible grey: disagreement red, agreement blue
    2: ("EF8A62", "67A9CF"),
    3: ("EF8A62", "D9D9D9", "67A9CF"),
    4: ("CA0020", "F4A582", "92C5DE", "0571B0"),
    5: ("CA0020", "F4A582", "D9D9D9", "92C5DE", "0571B0"),
    6: ("B2182B", "EF8A62", "FDDBC7", "D1E5F0", "67A9CF", "2166AC"),
    7: ("B2182B", "EF8A62", "FDDBC7", "D9D9D9", "D1E5F0", "67A9CF", "2166AC"),
}
QUALITATIVE = ("66C2A5", "FC8D62", "8DA0CB", "E78AC3", "A6D854", "FFD92F", "E5C494", "B3B3B3")
MISSING_COLOUR = "CBC9E2"  # "don't know" and other missing codes: off the red-blue scale
HIDDEN_COLOUR = "595959"


@dataclass
class _Block:
    """One chart and the figures it draws: a header row, then one row per category."""

    rows: list[list[object]]
    height: int  # rows of the sheet the chart covers
    build: Callable[[object, int], BarChart]  # (worksheet, the block's first row) -> chart
    new_page: bool = False  # a scale's first chart starts a printed page


def write_charts(ws, report: Report, language: str) -> None:
    """Notes, then the charts one below another (a printed page per scale), then the figures they draw."""
    blocks = _blocks(report, language)
    set_widths(ws, WIDTHS)
    _print_to_page_width(ws)
    tops, row = [], NOTE_ROWS + 1
    for block in blocks:
        if block.new_page and tops:
            ws.row_breaks.append(Break(id=row - 1))
        tops.append(row)
        row += block.height + 1
    data_row = row + 1
    ws.row_breaks.append(Break(id=data_row - 1))
    notes = [word(key, language).format(t=report.design.min_cell, row=data_row) for key in NOTES]
    for note in notes:
        append(ws, [note], language=language)
    for _ in range(len(notes), data_row - 1):
        ws.append([])
    append(ws, [word("chart_data", language)], bold=True)
    first = data_row + 1
    for block, top in zip(blocks, tops, strict=True):
        for index, values in enumerate(block.rows):
            formats = {i: "0.00" for i in range(1, len(values))}
            append(ws, values, bold=index == 0, formats=formats, language=language)
        ws.append([])
        ws.add_chart(block.build(ws, first), _anchor(top, block.height))
        first += len(block.rows) + 1


def _print_to_page_width(ws) -> None:
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = "9"  # A4
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0


def _blocks(report: Report, language: str) -> list[_Block]:
    """Per scale: its means, then its items' distributions wave by wave; without scales, every item's."""
    waves = list(report.design.waves) or [None]
    blocks: list[_Block] = []
    for scale in report.instrument.scales:
        rows = [row for row in report.summaries if row.scale == scale.code]
        scale_blocks = [_means_block(report, scale, rows, waves, language)] if rows else []
        scale_blocks += _distribution_blocks(report, scale.items, scale.label.get(language), waves, language)
        if scale_blocks:
            scale_blocks[0].new_page = True
        blocks += scale_blocks
    if not report.instrument.scales:
        codes = [item.code for item in report.instrument.answered_items]
        blocks.extend(_distribution_blocks(report, codes, "", waves, language))
    return blocks


# --- means -----------------------------------------------------------------------------------------------------


def _means_block(report: Report, scale: Scale, rows: list[ScaleSummary], waves, language: str) -> _Block:
    names = [wave_label(w, language) or word("chart_axis_mean", language) for w in waves]
    header: list[object] = [scale.label.get(language)]
    for name in names:
        header += [name, f"{name} −", f"{name} +"]
    by_key = {(row.by, row.group, row.wave): row for row in rows}
    table: list[list[object]] = [header]
    for by, group in dict.fromkeys((row.by, row.group) for row in rows):
        values: list[object] = []
        hidden = []
        for wave in waves:
            row = by_key.get((by, group, wave))
            mean, low, high = (_number(getattr(row, f, None)) for f in ("mean", "ci_low", "ci_high"))
            if row is not None and isinstance(row.mean, Suppressed):
                hidden.append(wave_label(wave, language))
            errors = (mean - low, high - mean) if None not in (mean, low, high) else (None, None)
            values += [mean, *errors]
        table.append([_hidden_label(group_label(report, by, group, language), hidden, len(waves), language),
                      *values])  # fmt: skip
    bounds = _score_range(report, scale)
    level = report.design.confidence * 100
    title = f"{scale.label.get(language)}: " + word("chart_means", language).format(
        level=number(level, 0 if level.is_integer() else 1, language)
    )
    axis_title = _scale_ends(report, scale, bounds, language)

    def build(ws, top: int) -> BarChart:
        bottom = top + len(table) - 1
        chart = _bar_chart(title)
        categories = _categories(ws, top + 1, bottom, [row[0] for row in table[1:]])
        for index, name in enumerate(names):
            column = 2 + 3 * index
            series = _series(ws, column, top + 1, bottom, [row[column - 1] for row in table[1:]], name, categories)
            series.graphicalProperties = GraphicalProperties(solidFill=WAVE_COLOURS[index % len(WAVE_COLOURS)])
            series.errBars = ErrorBars(
                errBarType="both",
                errValType="cust",
                noEndCap=False,
                minus=_values(ws, column + 1, top + 1, bottom, [row[column] for row in table[1:]]),
                plus=_values(ws, column + 2, top + 1, bottom, [row[column + 1] for row in table[1:]]),
            )
            chart.series.append(series)
        _number_series(chart)
        chart.gapWidth = 60
        if bounds is not None:
            chart.y_axis.scaling.min, chart.y_axis.scaling.max = bounds
            if bounds[1] - bounds[0] <= 10:
                chart.y_axis.majorUnit = 1
        chart.y_axis.number_format = "0"
        chart.y_axis.numFmt = NumFmt(formatCode="0", sourceLinked=False)
        chart.y_axis.title = _title(axis_title, 900, bold=False)
        return chart

    height = 7 + len(table[1:]) * (len(waves) + 1)
    return _Block(table, max(height, 14), build)


def _hidden_label(label: str, hidden: list[str], waves: int, language: str) -> str:
    """A group's category label, saying where its mean is hidden: "(piilotettu)" or "(piilotettu: alkumittaus)"."""
    if not hidden:
        return label
    if len(hidden) == waves or not any(hidden):
        return f"{label} ({word('hidden', language)})"
    return f"{label} ({word('hidden', language)}: {', '.join(hidden)})"


def _score_range(report: Report, scale: Scale) -> tuple[float, float] | None:
    try:
        return score_range(report.instrument, scale)
    except AnalysisError:  # no numeric choice list: the axis is left to the spreadsheet program
        return None


def _scale_ends(report: Report, scale: Scale, bounds, language: str) -> str:
    """The value axis title: "Keskiarvo: 1 = Täysin eri mieltä … 5 = Täysin samaa mieltä" (a sum scale names
    its range and the ends of each question's scale)."""
    mean = word("chart_axis_mean", language)
    choices = report.instrument.choice_list(report.instrument.item(scale.items[0]))
    scored = [c for c in choices.scored if isinstance(c.code, int | float)] if choices else []
    if not scored or bounds is None:
        return mean
    low = min(scored, key=lambda c: c.code)
    high = max(scored, key=lambda c: c.code)
    ends = (
        f"{number(low.code, 0, language)} = {low.label.get(language)} … "
        f"{number(high.code, 0, language)} = {high.label.get(language)}"
    )
    if scale.method == "sum":
        total = interval(bounds[0], bounds[1], 0, language)
        return f"{word('chart_axis_sum', language)} {total} ({word('chart_axis_per_item', language)} {ends})"
    return f"{mean}: {ends}"


# --- distributions ---------------------------------------------------------------------------------------------


def _distribution_blocks(report: Report, codes: Sequence[str], name: str, waves, language: str) -> list[_Block]:
    """Everyone's answers to `codes`: a chart per wave and choice list, at most ITEMS_PER_CHART items each."""
    wanted = set(codes)
    blocks = []
    for wave in waves:
        items: dict[str, list[OptionCount]] = {}
        for row in report.distributions:
            if row.by is None and row.wave == wave and row.item in wanted:
                items.setdefault(row.item, []).append(row)
        ordered = [items[code] for code in codes if code in items]
        lists: dict[tuple, list[list[OptionCount]]] = {}
        for counts in ordered:
            lists.setdefault(tuple(c.code for c in counts), []).append(counts)
        for same in lists.values():
            parts = [same[i : i + ITEMS_PER_CHART] for i in range(0, len(same), ITEMS_PER_CHART)]
            for number_, part in enumerate(parts, start=1):
                title = _distribution_title(name, wave, number_, len(parts), language)
                blocks.append(_distribution_block(report, part, title, language))
    return blocks


def _distribution_title(name: str, wave: str | None, part: int, parts: int, language: str) -> str:
    title = word("chart_items", language)
    title = f"{name}: {title}" if name else title[:1].upper() + title[1:]
    if wave is not None:
        title += f", {wave_label(wave, language)}"
    if parts > 1:
        title += f" ({word('chart_items_part', language).format(part=part, parts=parts)})"
    return title


def _distribution_block(report: Report, items: list[list[OptionCount]], title: str, language: str) -> _Block:
    header: list[object] = [word("chart_axis_percent", language), *(c.label.get(language) for c in items[0])]
    table: list[list[object]] = [header]
    for counts in items:
        shown = [_number(c.percent) for c in counts]
        hidden = None
        if any(isinstance(c.percent, Suppressed) for c in counts):
            hidden = round(max(0.0, 100.0 - sum(v for v in shown if v is not None)), 6)
        text = counts[0].item_text.get(language)
        if all(isinstance(c.percent, Suppressed) for c in counts):
            text = f"{text} ({word('hidden', language)})"
        table.append([textwrap.fill(text, WRAP_AT), *shown, hidden])
    if any(row[-1] is not None for row in table[1:]):
        header.append(word("chart_hidden_series", language))
    else:  # nothing hidden: no "hidden" entry in the legend
        table[1:] = [row[:-1] for row in table[1:]]
    item = report.instrument.item(items[0][0].item)
    colours = _choice_colours(items[0], item.type is ItemType.LIKERT)

    def build(ws, top: int) -> BarChart:
        bottom = top + len(table) - 1
        chart = _bar_chart(title)
        chart.grouping = "stacked"
        chart.overlap = 100
        chart.gapWidth = 40
        categories = _categories(ws, top + 1, bottom, [row[0] for row in table[1:]])
        for index, name in enumerate(header[1:]):
            column = 2 + index
            values = [row[column - 1] for row in table[1:]]
            series = _series(ws, column, top + 1, bottom, values, str(name), categories)
            if index < len(colours):
                series.graphicalProperties = GraphicalProperties(solidFill=colours[index])
            else:  # the hidden share: hatched grey, unmistakably not an answer
                series.graphicalProperties = GraphicalProperties(
                    pattFill=PatternFillProperties(
                        prst="wdUpDiag",
                        fgClr=ColorChoice(srgbClr=HIDDEN_COLOUR),
                        bgClr=ColorChoice(srgbClr="FFFFFF"),
                    )
                )
            series.graphicalProperties.line = LineProperties(solidFill="FFFFFF")
            chart.series.append(series)
        _number_series(chart)
        chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 100
        chart.y_axis.majorUnit = 20
        chart.y_axis.numFmt = NumFmt(formatCode="0", sourceLinked=False)
        chart.y_axis.title = _title(word("chart_axis_percent", language), 900, bold=False)
        return chart

    lines = sum(str(row[0]).count("\n") + 1 for row in table[1:])
    return _Block(table, max(12, 8 + len(items) + lines), build)


def _choice_colours(counts: list[OptionCount], ordinal: bool) -> list[str]:
    scored = [c for c in counts if not c.missing_code]
    palette = DIVERGING.get(len(scored)) if ordinal else None
    if palette is None:
        palette = tuple(QUALITATIVE[i % len(QUALITATIVE)] for i in range(len(scored)))
    picked = iter(palette)
    return [MISSING_COLOUR if c.missing_code else next(picked) for c in counts]


# --- openpyxl pieces -------------------------------------------------------------------------------------------


def _bar_chart(title: str) -> BarChart:
    """A horizontal bar chart: categories top to bottom in sheet order, the value axis below, legend below."""
    chart = BarChart()
    chart.type = "bar"
    chart.style = 2
    chart.title = _title(title, 1100)
    chart.legend.position = "b"
    chart.x_axis.scaling.orientation = "maxMin"  # the first category at the top
    chart.y_axis.crosses = "max"  # ... and so the value axis at the bottom
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.majorGridlines = ChartLines()
    chart.x_axis.txPr = _font(900)
    chart.y_axis.txPr = _font(900)
    chart.legend.txPr = _font(900)
    return chart


def _title(text: str, size: int, *, bold: bool = True) -> Title:
    properties = CharacterProperties(sz=size, b=bold)
    paragraph = Paragraph(
        pPr=ParagraphProperties(defRPr=properties), r=[RegularTextRun(rPr=properties, t=xlsx_text(text))]
    )
    return Title(tx=Text(rich=RichText(p=[paragraph])), overlay=False)


def _font(size: int) -> RichText:
    properties = CharacterProperties(sz=size)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=properties), endParaRPr=properties)])


def _categories(ws, first: int, last: int, labels: list[object]) -> AxDataSource:
    cache = StrData(ptCount=len(labels), pt=[StrVal(idx=i, v=xlsx_text(str(v))) for i, v in enumerate(labels)])
    return AxDataSource(
        strRef=StrRef(f=str(Reference(ws, min_col=1, min_row=first, max_row=last)), strCache=cache)
    )


def _values(ws, column: int, first: int, last: int, values: list[object]) -> NumDataSource:
    points = [NumVal(idx=i, v=v) for i, v in enumerate(values) if isinstance(v, float | int)]
    cache = NumData(formatCode="General", ptCount=len(values), pt=points)
    reference = Reference(ws, min_col=column, min_row=first, max_row=last)
    return NumDataSource(numRef=NumRef(f=str(reference), numCache=cache))


def _series(ws, column, first, last, values, name: str, categories: AxDataSource) -> Series:
    series = Series(Reference(ws, min_col=column, min_row=first, max_row=last))
    series.val = _values(ws, column, first, last, values)
    series.tx = SeriesLabel(v=xlsx_text(name))
    series.cat = categories
    return series


def _number_series(chart: BarChart) -> None:
    for index, series in enumerate(chart.series):
        series.idx = series.order = index


def _anchor(top: int, height: int) -> TwoCellAnchor:
    """Columns A-H, `height` rows from row `top`: the chart moves and sizes with the cells it covers."""
    anchor = TwoCellAnchor()
    anchor._from = AnchorMarker(col=0, row=top - 1)
    anchor.to = AnchorMarker(col=CHART_COLUMNS, row=top - 1 + height)
    return anchor


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, numbers.Real) and math.isfinite(value) else None
