"""The descriptive parts of a report: scale summaries, reliability, option counts and proportions, suppressed.

Each function takes the scored table, the instrument, the design, the partitions (everyone first, then one per
``by`` column, all split by the same waves) and the release units, and returns report rows. Suppression is
decided per wave on a stacked table: the groups of every ``by`` column, then everyone, whose rows add up block
by block (:func:`analysis.suppression.mark_cells`), first in each unit's own table and then across units
(:func:`analysis.disclosure.combine`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from analysis.descriptives import describe
from analysis.disclosure import Units, combine, kept_rows
from analysis.distributions import Partition, option_index
from analysis.errors import AnalysisError
from analysis.proportions import wilson_interval
from analysis.reliability import cronbach_alpha
from analysis.report_model import Cell, Design, OptionCount, Proportion, ReliabilityRow, ScaleSummary, Suppressed
from analysis.response_table import OPTION_SEPARATOR, ResponseTable
from analysis.suppression import PRIMARY, SHOWN, to_cell
from analysis.validation import item_columns
from instruments.model import Instrument, ItemType, Scale, Text

_DESCRIPTION_FIELDS = ("mean", "sd", "se", "ci_low", "ci_high", "median", "q1", "q3", "min", "max")


@dataclass(frozen=True)
class Stack:
    """The cells of one wave across partitions: ``(partition index, cell index)`` per row, everyone last."""

    cells: tuple[tuple[int, int], ...]
    blocks: tuple[tuple[int, ...], ...]


def stack(parts: Sequence[Partition], wave_index: int) -> Stack:
    cells: list[tuple[int, int]] = []
    blocks = []
    for p, part in enumerate(parts[1:], start=1):
        start = len(cells)
        cells.extend((p, wave_index * len(part.groups) + g) for g in range(len(part.groups)))
        blocks.append(tuple(range(start, len(cells))))
    cells.append((0, wave_index))
    return Stack(tuple(cells), tuple(blocks))


def stacks(parts: Sequence[Partition]) -> list[Stack]:
    return [stack(parts, w) for w in range(len(parts[0].waves))]


def people(parts: Sequence[Partition], units: Units) -> list[np.ndarray]:
    """Per part, the people in each unit's cells (``(units, cells)``), whatever they answered."""
    everybody = np.zeros(len(units.codes), dtype=np.int64)
    return [units.counts(part, everybody, 1)[:, :, 0] for part in parts]


def present_cells(sizes: list[np.ndarray]) -> frozenset[tuple[int, int]]:
    """``(part, cell)`` of the cells anyone is in (a group absent from a wave has no row in a report)."""
    return frozenset((p, int(c)) for p, size in enumerate(sizes) for c in np.flatnonzero(size.sum(axis=0)))


def _sizes(s: Stack, sizes: list[np.ndarray]) -> np.ndarray:
    return np.stack([sizes[p][:, c] for p, c in s.cells], axis=1)


@dataclass(frozen=True)
class ScaleCells:
    """Who each scale's numbers describe: per ``(scale, part, cell)``, its suppression mark and its rows.

    The rows are the cell's scored respondents whose release unit's own table shows the cell; a comparison
    reads its samples from here, so it never includes anyone the summaries leave out.
    """

    marks: dict[tuple[str, int, int], int]
    rows: dict[tuple[str, int, int], np.ndarray]
    left_out: dict[tuple[str, int, int], int]
    present: frozenset[tuple[int, int]]  # ``(part, cell)`` with anyone in it: a report has no rows for the others


def scale_summaries(
    table: ResponseTable, instrument: Instrument, design: Design, parts: Sequence[Partition], units: Units
) -> tuple[list[ScaleSummary], ScaleCells]:
    """Summary rows of every scale in every cell, and who each cell describes."""
    summaries: list[ScaleSummary] = []
    sizes = people(parts, units)
    cells = ScaleCells({}, {}, {}, present_cells(sizes))
    for scale in instrument.scales:
        scores = table[scale.code]
        percent = table[f"{scale.code}_pct"] if scale.percent else None
        scored = np.where(np.isnan(scores), -1, 0)
        per_part = [units.counts(part, scored, 1) for part in parts]
        for s in stacks(parts):
            tables = np.stack([per_part[p][:, c, :] for p, c in s.cells], axis=1)
            combined = combine(tables, design.min_cell, population=0, blocks=s.blocks, sizes=_sizes(s, sizes))
            for i, (p, c) in enumerate(s.cells):
                key = (scale.code, p, c)
                cells.marks[key] = int(combined.marks[i, 0])
                cells.left_out[key] = int(combined.left_out[i, 0])
                rows = parts[p].rows[c]
                cells.rows[key] = kept_rows(rows[~np.isnan(scores[rows])], units, combined.included[:, i])
        for p, part in enumerate(parts):
            for c, (wave, group) in enumerate(part.cells):
                if (p, c) not in cells.present:
                    continue
                key = (scale.code, p, c)
                rows, mark = cells.rows[key], cells.marks[key]
                summaries.append(_summary(scale, part.by, wave, group, scores, percent, rows, mark, design))
    return summaries, cells


def _summary(scale, by, wave, group, scores, percent, rows, mark, design) -> ScaleSummary:
    values = scores[rows]
    if mark != SHOWN:
        hidden = to_cell(math.nan, mark, design.min_cell)
        numbers = dict.fromkeys(("n", *_DESCRIPTION_FIELDS), hidden)
        percent_mean: Cell = hidden if percent is not None else math.nan
    else:
        description = describe(values, confidence=design.confidence)
        numbers = {"n": description.n, **{f: getattr(description, f) for f in _DESCRIPTION_FIELDS}}
        percent_mean = _mean(percent[rows]) if percent is not None else math.nan
    return ScaleSummary(
        scale=scale.code,
        label=scale.label,
        by=by,
        group=group,
        wave=wave,
        percent_mean=percent_mean,
        **numbers,
    )


def reliability_rows(
    matrices: Mapping[str, np.ndarray],
    instrument: Instrument,
    design: Design,
    parts: Sequence[Partition],
    cells: ScaleCells,
) -> list[ReliabilityRow]:
    """Cronbach's alpha (pairwise, as psych::alpha) of each scale with two or more items, in every shown cell.

    `matrices` holds each scale's items as :func:`analysis.scoring.scale_items` gives them, by scale code. A
    cell's alpha describes the people its summary describes (those with a score).
    """
    rows = []
    for scale in instrument.scales:
        if len(scale.items) < 2:
            continue
        matrix = matrices[scale.code]
        for p, part in enumerate(parts):
            for c, (wave, group) in enumerate(part.cells):
                if (p, c) not in cells.present:
                    continue
                key = (scale.code, p, c)
                rows.append(
                    _reliability(scale, part.by, wave, group, matrix[cells.rows[key]], cells.marks[key], design)
                )
    return rows


def _without_alpha(scale: Scale, by, wave, group, value, *, n, skipped: Text | None = None) -> ReliabilityRow:
    """A reliability row whose every statistic is `value`: a suppression marker, or nan when alpha failed."""
    return ReliabilityRow(
        scale=scale.code,
        label=scale.label,
        by=by,
        group=group,
        wave=wave,
        alpha=value,
        ci_low=value,
        ci_high=value,
        n=n,
        k=len(scale.items),
        items=scale.items,
        alpha_if_dropped=(value,) * len(scale.items),
        item_total=(value,) * len(scale.items),
        skipped=skipped,
    )


def _reliability(scale: Scale, by, wave, group, items, mark, design) -> ReliabilityRow:
    answered = int((~np.isnan(items)).any(axis=1).sum())
    if mark == SHOWN and answered < design.min_cell:
        mark = PRIMARY
    if mark != SHOWN:
        hidden = to_cell(math.nan, mark, design.min_cell)
        return _without_alpha(scale, by, wave, group, hidden, n=hidden)
    try:
        alpha = cronbach_alpha(items, missing="pairwise", confidence=design.confidence)
    except AnalysisError:
        return _without_alpha(scale, by, wave, group, math.nan, n=answered, skipped=_NOT_COMPUTED)
    return ReliabilityRow(
        scale=scale.code,
        label=scale.label,
        by=by,
        group=group,
        wave=wave,
        alpha=alpha.alpha,
        ci_low=alpha.ci_low,
        ci_high=alpha.ci_high,
        n=alpha.n,
        k=alpha.k,
        items=scale.items,
        alpha_if_dropped=tuple(alpha.alpha_if_dropped),
        item_total=tuple(alpha.item_total),
    )


def option_counts(
    table: ResponseTable, instrument: Instrument, design: Design, parts: Sequence[Partition], units: Units
) -> list[OptionCount]:
    """Counts and percentages of every option of every single-choice and Likert item, in every cell."""
    rows = []
    sizes = people(parts, units)
    present = present_cells(sizes)
    for item in instrument.answered_items:
        if item.type not in (ItemType.SINGLE, ItemType.LIKERT) or item.code not in table:
            continue
        choices = instrument.choice_list(item).choices
        index = option_index(table[item.code], [ch.code for ch in choices])
        per_part = [_with_totals(units.counts(part, index, len(choices))) for part in parts]
        for s in stacks(parts):
            tables = np.stack([per_part[p][:, c, :] for p, c in s.cells], axis=1)
            combined = combine(tables, design.min_cell, rows_add_up=True, blocks=s.blocks, sizes=_sizes(s, sizes))
            for (p, c), row, row_marks in zip(s.cells, combined.counts, combined.marks, strict=True):
                if (p, c) not in present:
                    continue
                wave, group = parts[p].cells[c]
                valid_n = to_cell(int(row[-1]), row_marks[-1], design.min_cell)
                for j, choice in enumerate(choices):
                    count = to_cell(int(row[j]), row_marks[j], design.min_cell)
                    percent = count if isinstance(count, Suppressed) else _percent(row[j], row[-1])
                    if isinstance(valid_n, Suppressed) and not isinstance(percent, Suppressed):
                        percent = valid_n  # a share of a hidden total would give the total away
                    rows.append(
                        OptionCount(
                            item=item.code,
                            item_text=item.text,
                            by=parts[p].by,
                            group=group,
                            wave=wave,
                            code=choice.code,
                            label=choice.label,
                            missing_code=choice.missing,
                            count=count,
                            percent=percent,
                            valid_n=valid_n,
                        )
                    )
    return rows


def proportions(
    table: ResponseTable, instrument: Instrument, design: Design, parts: Sequence[Partition], units: Units
) -> list[Proportion]:
    """Share of yes answers (yes/no items) and of each option (multiple choice) with Wilson intervals."""
    rows = []
    sizes = people(parts, units)
    for item in instrument.answered_items:
        if item.type is ItemType.YESNO and item.code in table:
            targets = [(item.code, None, instrument.choice_list(item).choice(1).label)]
        elif item.type is ItemType.MULTIPLE:
            choices = instrument.choice_list(item)
            targets = []
            for column in item_columns(table, item):
                code = column.split(OPTION_SEPARATOR, 1)[1]
                choice = next((ch for ch in choices.choices if str(ch.code) == code), None)
                targets.append((column, choice.code if choice else code, choice.label if choice else item.text))
        else:
            continue
        for column, option, label in targets:
            rows.extend(_proportion_rows(table[column], item, option, label, design, parts, units, sizes))
    return rows


def _proportion_rows(values, item, option, label, design: Design, parts, units: Units, sizes) -> list[Proportion]:
    # "no" is in the table too: printed yes and n would give a small "no" away
    answer = np.where(np.isnan(values), -1, np.where(values == 1, 0, 1))
    per_part = [_with_totals(units.counts(part, answer, 2)) for part in parts]
    present = present_cells(sizes)
    rows = []
    for s in stacks(parts):
        tables = np.stack([per_part[p][:, c, :] for p, c in s.cells], axis=1)
        combined = combine(tables, design.min_cell, rows_add_up=True, blocks=s.blocks, sizes=_sizes(s, sizes))
        for (p, c), (yes, _no, n), (yes_mark, no_mark, n_mark) in zip(
            s.cells, combined.counts, combined.marks, strict=True
        ):
            if (p, c) not in present:
                continue
            wave, group = parts[p].cells[c]
            hidden_share = yes_mark != SHOWN or no_mark != SHOWN or n_mark != SHOWN
            count = to_cell(int(yes), yes_mark, design.min_cell)
            if hidden_share:
                why = next(to_cell(0, m, design.min_cell) for m in (yes_mark, no_mark, n_mark) if m != SHOWN)
                share = (why, why, why)
                count = count if isinstance(count, Suppressed) else why
            else:
                result = wilson_interval(int(yes), int(n), confidence=design.confidence)
                share = (result.proportion, result.ci_low, result.ci_high)
            rows.append(
                Proportion(
                    item=item.code,
                    item_text=item.text,
                    option=option,
                    label=label,
                    by=parts[p].by,
                    group=group,
                    wave=wave,
                    count=count,
                    n=to_cell(int(n), n_mark, design.min_cell),
                    proportion=share[0],
                    ci_low=share[1],
                    ci_high=share[2],
                )
            )
    return rows


def _with_totals(counts: np.ndarray) -> np.ndarray:
    """``(units, cells, columns)`` counts with each row's total appended as the last column."""
    return np.concatenate([counts, counts.sum(axis=2, keepdims=True)], axis=2)


def _mean(values: np.ndarray) -> float:
    kept = values[~np.isnan(values)]
    return float(kept.mean()) if len(kept) else math.nan


def _percent(count: int, total: int) -> float:
    return 100.0 * count / total if total else math.nan


_NOT_COMPUTED = Text(
    fi="alfaa ei voitu laskea: vastaajia on liian vähän tai osioiden vastauksissa ei ole vaihtelua",
    sv="alfa kunde inte beräknas: för få svarande, eller svaren på frågorna varierar inte",
    en="alpha could not be computed: too few respondents, or the items' answers do not vary",
)
