"""The Report's tables as rows: Summary, Items, Reliability and Comparisons.

Headers are the Report's field names in English (the names the JSON API uses) and words of the chosen language
in Finnish and Swedish. A suppressed number is written as its marker (``<5``, ``x``), which About explains.

>>> summary_header("en")[:7]
['scale', 'label', 'by', 'group', 'group_label', 'wave', 'n']
>>> comparison_header("sv")[:4]
['Summavariabel', 'jämförelse', 'grupper', 'test']
"""

from __future__ import annotations

from collections.abc import Iterator

from analysis import labels
from analysis.export.cells import append, set_widths
from analysis.export.words import word
from analysis.report_model import ComparisonRow, Report, Suppressed

SUMMARY = (
    "scale",
    "label",
    "by",
    "group",
    "group_label",
    "wave",
    "n",
    "mean",
    "sd",
    "se",
    "ci_low",
    "ci_high",
    "median",
    "q1",
    "q3",
    "min",
    "max",
    "percent_mean",
)
DISTRIBUTION = (
    "item",
    "item_text",
    "by",
    "group",
    "group_label",
    "wave",
    "code",
    "label",
    "missing_code",
    "count",
    "percent",
    "valid_n",
)
PROPORTION = (
    "item",
    "item_text",
    "option",
    "label",
    "by",
    "group",
    "group_label",
    "wave",
    "count",
    "n",
    "proportion",
    "ci_low",
    "ci_high",
)
RELIABILITY = (
    "scale",
    "label",
    "by",
    "group",
    "group_label",
    "wave",
    "alpha",
    "ci_low",
    "ci_high",
    "n",
    "k",
    "items",
)
ITEM_DIAGNOSTICS = ("scale", "by", "group", "group_label", "wave", "item", "alpha_if_dropped", "item_total")
COMPARISON = (
    "scale",
    "comparison",
    "groups",
    "test",
    "statistic",
    "df",
    "p",
    "p_adjusted",
    "effect",
    "effect_size",
    "ci_low",
    "ci_high",
    "n",
    "label",
    "by",
    "df2",
    "estimate",
    "exact",
    "reading",
    "note",
    "excluded",
)

_FORMATS = {"n": "0", "count": "0", "valid_n": "0", "k": "0", "p": "0.0000", "p_adjusted": "0.0000"}
_TEXT_FIELDS = {
    "scale",
    "label",
    "by",
    "group",
    "group_label",
    "wave",
    "item",
    "item_text",
    "option",
    "code",
    "items",
    "comparison",
    "groups",
    "test",
    "effect",
    "reading",
    "note",
    "excluded",
    "missing_code",
    "exact",
}
_WORD_KEYS = {"comparison": "comparison", "groups": "groups"}


def _header(fields: tuple[str, ...], language: str) -> list[str]:
    if language == "en":
        return list(fields)
    return [word(_WORD_KEYS.get(name, name), language) for name in fields]


def summary_header(language: str) -> list[str]:
    return _header(SUMMARY, language)


def comparison_header(language: str) -> list[str]:
    return _header(COMPARISON, language)


def _formats(fields: tuple[str, ...]) -> dict[int, str]:
    return {i: _FORMATS.get(name, "0.000") for i, name in enumerate(fields) if name not in _TEXT_FIELDS}


def _group(report: Report, row, language: str) -> tuple[str, str, str]:
    """A row's breakdown column, group value and the group's name (empty, empty, "Everyone" for everyone)."""
    return (row.by or "", row.group or "", group_label(report, row.by, row.group, language))


def group_label(report: Report, by: str | None, group: str | None, language: str) -> str:
    """ "Everyone", or the breakdown item's text and the group's choice label ("Gender: Girl") where known."""
    return labels.group_label(report.instrument, by, group, language)


def summary_rows(report: Report, language: str) -> Iterator[list[object]]:
    for row in report.summaries:
        numbers = [getattr(row, name) for name in SUMMARY[6:]]
        yield [row.scale, row.label.get(language), *_group(report, row, language), row.wave or "", *numbers]


def distribution_rows(report: Report, language: str) -> Iterator[list[object]]:
    for row in report.distributions:
        yield [
            row.item,
            row.item_text.get(language),
            *_group(report, row, language),
            row.wave or "",
            str(row.code),
            row.label.get(language),
            word("yes", language) if row.missing_code else "",
            row.count,
            row.percent,
            row.valid_n,
        ]


def proportion_rows(report: Report, language: str) -> Iterator[list[object]]:
    for row in report.proportions:
        yield [
            row.item,
            row.item_text.get(language),
            "" if row.option is None else str(row.option),
            row.label.get(language),
            *_group(report, row, language),
            row.wave or "",
            row.count,
            row.n,
            row.proportion,
            row.ci_low,
            row.ci_high,
        ]


def reliability_rows(report: Report, language: str) -> Iterator[list[object]]:
    for row in report.reliability:
        yield [
            row.scale,
            row.label.get(language),
            *_group(report, row, language),
            row.wave or "",
            row.alpha,
            row.ci_low,
            row.ci_high,
            row.n,
            row.k,
            ", ".join(row.items),
        ]


def item_diagnostic_rows(report: Report, language: str) -> Iterator[list[object]]:
    for row in report.reliability:
        for item, dropped, total in zip(row.items, row.alpha_if_dropped, row.item_total, strict=True):
            yield [row.scale, *_group(report, row, language), row.wave or "", item, dropped, total]


def comparison_rows(report: Report, language: str) -> Iterator[list[object]]:
    for row in report.comparisons:
        yield [
            row.scale,
            _kind(row, language),
            " – ".join(row.groups),
            row.test,
            row.statistic,
            row.df,
            row.p,
            row.p_adjusted,
            row.effect,
            row.effect_size,
            row.ci_low,
            row.ci_high,
            _sizes(row.n),
            row.label,
            row.by or "",
            row.df2,
            row.estimate,
            word("yes", language) if row.exact else "",
            row.reading.get(language),
            _note(row, language),
            ", ".join(row.excluded),
        ]


def _kind(row: ComparisonRow, language: str) -> str:
    return word("groups_kind" if row.kind == "groups" else row.kind, language)


def _sizes(sizes: tuple) -> object:
    """One group size as a number; several as text ("12; 15"), with a suppressed size as its marker."""
    if len(sizes) == 1 and not isinstance(sizes[0], Suppressed):
        return sizes[0]
    return "; ".join(str(size) for size in sizes)


def _note(row: ComparisonRow, language: str) -> str:
    if row.skipped is not None:
        return f"{word('not_run', language)}: {row.skipped.get(language)}"
    return row.note


def _table(ws, fields: tuple[str, ...], rows: Iterator[list[object]], language: str) -> None:
    formats = _formats(fields)
    append(ws, _header(fields, language), bold=True, language=language)
    for row in rows:
        append(ws, row, formats=formats, language=language)


def write_summary(ws, report: Report, language: str) -> None:
    set_widths(ws, (12, 36, 14, 8, 24, 12, *([10] * 12)))
    ws.freeze_panes = "A2"
    _table(ws, SUMMARY, summary_rows(report, language), language)


def write_items(ws, report: Report, language: str) -> None:
    set_widths(ws, (14, 40, 14, 8, 24, 12, 8, 30, 10, 10, 10, 10, 10))
    append(ws, [word("distributions", language)], bold=True)
    _table(ws, DISTRIBUTION, distribution_rows(report, language), language)
    ws.append([])
    append(ws, [word("proportions", language)], bold=True)
    _table(ws, PROPORTION, proportion_rows(report, language), language)


def write_reliability(ws, report: Report, language: str) -> None:
    set_widths(ws, (12, 36, 14, 8, 24, 12, 10, 10, 10, 8, 8, 30))
    ws.freeze_panes = "A2"
    _table(ws, RELIABILITY, reliability_rows(report, language), language)
    ws.append([])
    append(ws, [word("item_diagnostics", language)], bold=True)
    _table(ws, ITEM_DIAGNOSTICS, item_diagnostic_rows(report, language), language)


def write_comparisons(ws, report: Report, language: str) -> None:
    set_widths(ws, (12, 22, 24, 16, 10, 8, 10, 10, 16, 10, 10, 10, 10, 36, 14, 8, 10, 8, 60, 40))
    ws.freeze_panes = "A2"
    _table(ws, COMPARISON, comparison_rows(report, language), language)
