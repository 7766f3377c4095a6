"""The Report's tables as rows: Summary, Items, Reliability and Comparisons, in people's words.

A row first says what it is about as people name it — the scale or question, the group ("Sukupuoli: tyttö"),
the wave ("alkumittaus") — then its numbers, stored as numbers with a number format (Excel shows them with the
reader's decimal separator). Tests, effect sizes and corrections are named through :mod:`analysis.glossary`;
text that holds a number (a reading, a plain summary) was written by :mod:`analysis.numbers`. The last columns
hold the codes that link a row to the Responses sheet and the Codebook (the scale's or item's variable, the
breakdown variable and the group's code). A suppressed number is written as its marker (``<5``, ``x``), which
About explains.

>>> [header(f, "fi") for f in SUMMARY[:4]]
['Mittari', 'Ryhmä', 'Mittauskerta', 'n']
>>> [header(f, "en") for f in COMPARISON[:3]]
['Comparison', 'Kind of comparison', 'Compared']
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

from openpyxl.styles import Alignment

from analysis import labels
from analysis.errors import AnalysisError
from analysis.export.cells import LINE_HEIGHT, WRAP, append, put, set_widths
from analysis.export.words import header, word
from analysis.glossary import capitalised, term, wave_label
from analysis.numbers import interval
from analysis.report_model import ComparisonRow, Report, Suppressed
from analysis.scoring import score_range

CODES = ("by", "group")
SUMMARY = (
    "scale_label", "group_label", "wave", "n", "mean", "sd", "se", "ci_low", "ci_high", "median", "q1", "q3",
    "min", "max", "percent_mean", "range", "scale", *CODES,
)  # fmt: skip
DISTRIBUTION = (
    "item_text", "group_label", "wave", "choice_label", "missing_code", "count", "percent", "valid_n", "item",
    "code", *CODES,
)  # fmt: skip
PROPORTION = (
    "item_text", "option_label", "group_label", "wave", "count", "n", "proportion", "ci_low", "ci_high", "item",
    "option", *CODES,
)  # fmt: skip
RELIABILITY = (
    "scale_label", "group_label", "wave", "alpha", "ci_low", "ci_high", "n", "k", "not_computed", "scale",
    "items", *CODES,
)  # fmt: skip
ITEM_DIAGNOSTICS = (
    "scale_label", "group_label", "wave", "item_text", "alpha_if_dropped", "item_total", "scale", "item", *CODES,
)  # fmt: skip
COMPARISON = (
    "heading", "kind", "compared", "sizes", "estimate", "estimate_ci_low", "estimate_ci_high", "effect",
    "effect_size", "effect_ci_low", "effect_ci_high", "p", "p_adjusted", "summary", "reading", "method", "test",
    "statistic", "df", "df2", "exact", "excluded", "scale", "by",
)  # fmt: skip

_TWO = "0.00"
_FORMATS = {
    "n": "0", "count": "0", "valid_n": "0", "k": "0", "sizes": "0",
    "mean": _TWO, "sd": _TWO, "se": _TWO, "ci_low": _TWO, "ci_high": _TWO, "median": _TWO, "q1": _TWO,
    "q3": _TWO, "min": _TWO, "max": _TWO, "percent_mean": "0.0", "percent": "0.0",
    "proportion": "0.0%", "alpha": _TWO, "alpha_if_dropped": _TWO, "item_total": _TWO,
    "estimate": _TWO, "estimate_ci_low": _TWO, "estimate_ci_high": _TWO, "effect_size": _TWO,
    "effect_ci_low": _TWO, "effect_ci_high": _TWO, "statistic": _TWO, "df": "0.0", "df2": "0.0",
}  # fmt: skip
_PROPORTION_FORMATS = {"ci_low": "0.0%", "ci_high": "0.0%"}
TOP = Alignment(vertical="top")


def p_format(language: str) -> str:
    """A p-value's number format: three decimals, and below 0.001 the words ``< 0,001`` (``< 0.001`` in en).

    >>> p_format("fi")
    '[<0.001]"< 0,001";0.000'
    """
    below = "< 0,001" if language in ("fi", "sv") else "< 0.001"
    return f'[<0.001]"{below}";0.000'


def _formats(fields: tuple[str, ...], language: str, extra: dict[str, str] | None = None) -> dict[int, str]:
    formats = {**_FORMATS, **(extra or {}), "p": p_format(language), "p_adjusted": p_format(language)}
    return {i: formats[name] for i, name in enumerate(fields) if name in formats}


def group_label(report: Report, by: str | None, group: str | None, language: str) -> str:
    """ "Everyone", or the breakdown item's text and the group's choice label ("Gender: Girl") where known."""
    return labels.group_label(report.instrument, by, group, language, report.labels)


def _about(report: Report, row, language: str) -> tuple[str, str]:
    """Whom a row describes and when: the group's name and the wave's display name."""
    return group_label(report, row.by, row.group, language), wave_label(row.wave, language)


def _codes(row) -> list[str]:
    return [row.by or "", "" if row.group is None else row.group]


def _range(report: Report, code: str, language: str) -> str:
    scale = report.instrument.scale(code)
    try:
        low, high = score_range(report.instrument, scale)
    except AnalysisError:  # a scale without a numeric choice list has no range to show
        return ""
    return interval(low, high, 0, language)


def summary_rows(report: Report, language: str) -> Iterator[list[object]]:
    ranges = {scale.code: _range(report, scale.code, language) for scale in report.instrument.scales}
    for row in report.summaries:
        numbers = [getattr(row, name) for name in SUMMARY[3:15]]
        yield [row.label.get(language), *_about(report, row, language), *numbers, ranges.get(row.scale, ""),
               row.scale, *_codes(row)]  # fmt: skip


def distribution_rows(report: Report, language: str) -> Iterator[list[object]]:
    for row in report.distributions:
        yield [
            row.item_text.get(language),
            *_about(report, row, language),
            row.label.get(language),
            word("yes", language) if row.missing_code else "",
            row.count,
            row.percent,
            row.valid_n,
            row.item,
            str(row.code),
            *_codes(row),
        ]


def proportion_rows(report: Report, language: str) -> Iterator[list[object]]:
    for row in report.proportions:
        yield [
            row.item_text.get(language),
            row.label.get(language),
            *_about(report, row, language),
            row.count,
            row.n,
            row.proportion,
            row.ci_low,
            row.ci_high,
            row.item,
            "" if row.option is None else str(row.option),
            *_codes(row),
        ]


def reliability_rows(report: Report, language: str) -> Iterator[list[object]]:
    for row in report.reliability:
        yield [
            row.label.get(language),
            *_about(report, row, language),
            row.alpha,
            row.ci_low,
            row.ci_high,
            row.n,
            row.k,
            row.skipped.get(language) if row.skipped is not None else "",
            row.scale,
            ", ".join(row.items),
            *_codes(row),
        ]


def item_diagnostic_rows(report: Report, language: str) -> Iterator[list[object]]:
    texts = {item.code: item.text.get(language) for item in report.instrument.items}
    for row in report.reliability:
        for item, dropped, total in zip(row.items, row.alpha_if_dropped, row.item_total, strict=True):
            yield [row.label.get(language), *_about(report, row, language), texts.get(item, item), dropped, total,
                   row.scale, item, *_codes(row)]  # fmt: skip


def comparison_rows(report: Report, language: str) -> Iterator[list[object]]:
    for row in report.comparisons:
        yield [
            row.label.get(language),
            capitalised(term(row.kind, language)),
            " – ".join(_compared(report, row, language)),
            _sizes(row.n),
            row.estimate,
            row.estimate_ci_low,
            row.estimate_ci_high,
            term(row.effect, language) if row.effect else "",
            row.effect_size,
            row.ci_low,
            row.ci_high,
            row.p,
            row.p_adjusted,
            _summary(row, language),
            row.reading.get(language),
            row.method.get(language),
            capitalised(term(row.test, language)) if row.test else "",
            row.statistic,
            row.df,
            row.df2,
            word("yes", language) if row.exact else "",
            ", ".join(_group_names(report, row, row.excluded, language)),
            row.scale,
            row.by or "",
        ]


def _compared(report: Report, row: ComparisonRow, language: str) -> list[str]:
    """The waves (by their display names) or the groups (by their choice labels) a comparison sets side by side."""
    if row.kind == "groups":
        return _group_names(report, row, row.groups, language)
    return [wave_label(w, language) for w in row.groups]


def _group_names(report: Report, row: ComparisonRow, groups: Sequence[str], language: str) -> list[str]:
    return [labels.group_name(report.instrument, row.by, g, language, report.labels) for g in groups]


def _sizes(sizes: tuple) -> object:
    """One group size as a number; several as text ("12; 15"), with a suppressed size as its marker."""
    if len(sizes) == 1 and not isinstance(sizes[0], Suppressed):
        return sizes[0]
    return "; ".join(str(size) for size in sizes)


def _summary(row: ComparisonRow, language: str) -> str:
    """The plain reading of what was found, or why nothing was computed (the technical note stays in the API)."""
    if row.skipped is not None:
        return f"{word('not_run', language)}: {row.skipped.get(language)}"
    return row.summary.get(language)


class _Writer:
    """Appends tables to a write-only sheet, counting rows (a row's height is set before the row is written)."""

    def __init__(self, ws, language: str, widths: Sequence[float]) -> None:
        self.ws, self.language, self.widths, self.row = ws, language, tuple(widths), 0
        set_widths(ws, widths)

    def title(self, key: str) -> None:
        append(self.ws, [word(key, self.language)], bold=True)
        self.row += 1

    def blank(self) -> None:
        self.ws.append([])
        self.row += 1

    def table(self, fields, rows, *, extra=None, wrap: Sequence[str] = ()) -> None:
        """A header row (wrapped, three lines high) and the rows, `wrap` fields wrapped and their rows as tall
        as the longest of them needs."""
        formats = _formats(fields, self.language, extra)
        self._append([header(name, self.language) for name in fields], range(len(fields)), bold=True, lines=3)
        wrapped = [fields.index(name) for name in wrap]
        for values in rows:
            lines = max((_lines(values[i], self.widths[i]) for i in wrapped), default=1)
            self._append(values, wrapped, formats=formats, lines=lines)

    def _append(self, values, wrapped, *, formats=None, bold: bool = False, lines: int = 1) -> None:
        self.row += 1
        if lines > 1:
            self.ws.row_dimensions[self.row].height = LINE_HEIGHT * lines
        formats = formats or {}
        cells = [put(self.ws, v, number_format=formats.get(i), bold=bold, language=self.language)
                 for i, v in enumerate(values)]  # fmt: skip
        for i, cell in enumerate(cells):
            if i in wrapped:
                cell.alignment = WRAP
            elif lines > 1:
                cell.alignment = TOP  # beside wrapped text, read from the top of the row
        self.ws.append(cells)


def _lines(value: object, width: float) -> int:
    return math.ceil(len(value) / max(width - 2, 1)) if isinstance(value, str) else 1


def write_summary(ws, report: Report, language: str) -> None:
    ws.freeze_panes = "B2"
    sheet = _Writer(ws, language, (30, 36, 18, 8, *([11] * 11), 12, 10, 14, 16, 10))
    sheet.table(SUMMARY, summary_rows(report, language))


def write_items(ws, report: Report, language: str) -> None:
    sheet = _Writer(ws, language, (50, 36, 18, 30, 12, 11, 11, 11, 16, 8, 16, 10))
    sheet.title("distributions")
    sheet.table(DISTRIBUTION, distribution_rows(report, language))
    sheet.blank()
    sheet.title("proportions")
    sheet.table(PROPORTION, proportion_rows(report, language), extra=_PROPORTION_FORMATS)


def write_reliability(ws, report: Report, language: str) -> None:
    ws.freeze_panes = "B2"
    sheet = _Writer(ws, language, (30, 36, 18, 11, 11, 11, 8, 8, 40, 14, 30, 16, 10))
    sheet.table(RELIABILITY, reliability_rows(report, language), wrap=("not_computed",))
    sheet.blank()
    sheet.title("item_diagnostics")
    sheet.table(ITEM_DIAGNOSTICS, item_diagnostic_rows(report, language))


def write_comparisons(ws, report: Report, language: str) -> None:
    ws.freeze_panes = "B2"
    widths = (50, 24, 30, 10, 12, 12, 12, 16, 11, 12, 12, 10, 10, 60, 44, 44, 24, 11, 11, 11, 10, 24, 14, 16)
    sheet = _Writer(ws, language, widths)
    sheet.table(COMPARISON, comparison_rows(report, language), wrap=("heading", "summary", "reading", "method"))
