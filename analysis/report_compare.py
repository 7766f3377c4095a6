"""The comparisons of a report: waves (matched pairs or independent groups) and the groups of each ``by`` column.

Default family, chosen to match what an evaluator reports for Likert scale means with unequal group sizes:

- **Waves**: the baseline (first wave) against each later wave. With a pairing column, the waves are matched
  by pairing code (:mod:`analysis.pairing`; exact and tolerant matches) and, when at least ``min_cell`` pairs
  have both scores, compared with the paired t test (Cohen's d_z). Otherwise the waves are compared as
  independent groups with Welch's t test (Hedges' g), and the pairing summary says so.
- **Groups** of a ``by`` column, within each wave: Welch's t test for two groups, Welch's ANOVA for more (both
  keep their error rate when group sizes and variances differ, unlike Student's t and the classic ANOVA).
  Groups under ``min_cell`` are left out of the test and named in ``excluded``; with fewer than two groups
  left the comparison is not run and says why.
- Every p-value run in the report is adjusted together with Holm's method (family-wise error rate), in
  :func:`analysis.report.build_report`.

Rank-based alternatives (Wilcoxon, Mann-Whitney, Kruskal-Wallis) are in the public API for a notebook user.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from analysis.disclosure import Units, combine
from analysis.distributions import Partition
from analysis.errors import AnalysisError
from analysis.groups import compare_groups
from analysis.labels import NO_ANSWER
from analysis.paired import compare_paired
from analysis.pairing import Pairs, pair_waves
from analysis.report_model import Cell, ComparisonRow, Design, PairingSummary
from analysis.report_summaries import ScaleCells
from analysis.response_table import ResponseTable
from analysis.results import Comparison
from analysis.suppression import SHOWN, to_cell
from instruments.model import Instrument, Text

_NAN = math.nan


@dataclass(frozen=True)
class WavePairs:
    """The baseline matched to one later wave, pair of release units by pair of units.

    Matching runs between one baseline unit and one later unit at a time, so that the pairs of two units never
    change when a report adds or drops other units (a pair set a reader could subtract from another).
    ``unit_pair`` gives each pair's ``(baseline unit, later unit)`` index in ``unit_pairs``.
    """

    pairs: Pairs
    unit_pair: np.ndarray
    unit_pairs: tuple[tuple[int, int], ...]


def wave_pairings(table: ResponseTable, design: Design, everyone: Partition, units: Units) -> dict[int, WavePairs]:
    """Pairs of the baseline with each later wave (by wave index), when the design has a pairing column."""
    if design.pair is None or len(everyone.waves) < 2:
        return {}
    codes, baseline = table.text(design.pair), everyone.rows[0]
    return {w: _pair_units(codes, baseline, everyone.rows[w], units) for w in range(1, len(everyone.waves))}


def _pair_units(codes: np.ndarray, baseline: np.ndarray, later: np.ndarray, units: Units) -> WavePairs:
    """Pairs of every (baseline unit, later unit), exact ones of all unit pairs first, then the tolerant ones
    (the order :class:`~analysis.pairing.Pairs` promises)."""
    before_units, after_units = units.codes[baseline], units.codes[later]
    exact: list[tuple[np.ndarray, np.ndarray, int]] = []
    tolerant: list[tuple[np.ndarray, np.ndarray, int]] = []
    unit_pairs: list[tuple[int, int]] = []
    for ub in np.unique(before_units):
        b = np.flatnonzero(before_units == ub)
        for ua in np.unique(after_units):
            a = np.flatnonzero(after_units == ua)
            pairs = pair_waves(codes[baseline[b]], codes[later[a]])
            k = len(unit_pairs)
            unit_pairs.append((int(ub), int(ua)))
            exact.append((b[pairs.before[: pairs.exact]], a[pairs.after[: pairs.exact]], k))
            tolerant.append((b[pairs.before[pairs.exact :]], a[pairs.after[pairs.exact :]], k))
    ambiguous = sum(pair_waves(codes[baseline[before_units == u]], []).ambiguous for u in np.unique(before_units))
    ambiguous += sum(pair_waves([], codes[later[after_units == u]]).ambiguous for u in np.unique(after_units))
    without = int((codes[baseline] == "").sum() + (codes[later] == "").sum())
    found = [*exact, *tolerant]
    empty = np.empty(0, dtype=np.int64)
    before = np.concatenate([f[0] for f in found]).astype(np.int64) if found else empty
    after = np.concatenate([f[1] for f in found]).astype(np.int64) if found else empty
    which = np.concatenate([np.full(len(f[0]), f[2]) for f in found]).astype(np.int64) if found else empty
    n_exact, n_tolerant = sum(len(f[0]) for f in exact), sum(len(f[0]) for f in tolerant)
    return WavePairs(
        pairs=Pairs(before, after, exact=n_exact, tolerant=n_tolerant, ambiguous=ambiguous, without_code=without),
        unit_pair=which,
        unit_pairs=tuple(unit_pairs),
    )


def pairing_summaries(pairings: dict[int, WavePairs], design: Design, everyone: Partition) -> list[PairingSummary]:
    summaries = []
    for w, matched in pairings.items():
        pairs = matched.pairs
        n_before, n_after = len(everyone.rows[0]), len(everyone.rows[w])
        paired = pairs.n >= design.min_cell
        if paired:
            analysis, note = "paired", _PAIRED
        elif min(n_before, n_after) >= design.min_cell:
            analysis, note = "independent", _INDEPENDENT
        else:
            analysis, note = "none", _NONE
        summaries.append(
            PairingSummary(
                baseline=everyone.waves[0],
                follow_up=everyone.waves[w],
                baseline_n=n_before,
                follow_up_n=n_after,
                exact_matches=pairs.exact,
                tolerant_matches=pairs.tolerant,
                ambiguous=pairs.ambiguous,
                match_rate=pairs.n / min(n_before, n_after) if min(n_before, n_after) else _NAN,
                analysis=analysis,
                note=note,
            )
        )
    return summaries


def wave_comparisons(
    table: ResponseTable,
    instrument: Instrument,
    design: Design,
    parts: Sequence[Partition],
    cells: ScaleCells,
    pairings: dict[int, WavePairs],
) -> list[ComparisonRow]:
    """Baseline against each later wave, for everyone and within each group of each ``by`` column."""
    rows = []
    everyone = parts[0]
    for scale in instrument.scales:
        scores = table[scale.code]
        for w in range(1, len(everyone.waves)):
            labels = (everyone.waves[0], everyone.waves[w])
            matched = pairings.get(w)
            if matched is not None and matched.pairs.n >= design.min_cell:
                rows.extend(_paired_rows(scale, parts, w, matched, scores, labels, design, cells))
                continue
            for p, part in enumerate(parts):
                if p and len(part.groups) == 1:
                    continue  # one group only: the same people as everyone, already compared
                for g, group in enumerate(part.groups):
                    if not _in_both(cells, p, g, w * len(part.groups) + g):
                        continue  # nobody of the group in one of the waves: nothing to compare
                    keys = [(scale.code, p, c) for c in (g, w * len(part.groups) + g)]
                    samples = [scores[cells.rows[key]] for key in keys]
                    cell_marks = [cells.marks[key] for key in keys]
                    rows.append(
                        _independent(
                            scale, "waves_independent", part.by, labels, samples, cell_marks, design, group=group
                        )
                    )
    return rows


def _in_both(cells: ScaleCells, p: int, before: int, after: int) -> bool:
    return (p, before) in cells.present and (p, after) in cells.present


def _paired_rows(
    scale, parts, w, matched: WavePairs, scores, labels, design: Design, cells: ScaleCells
) -> list[ComparisonRow]:
    """Paired tests for everyone and within each group (the group of the baseline answer).

    Pair counts are suppressed like group sizes: per ``by`` column they add up to everyone's pairs, first in
    each pair of units' own table, then across them (:func:`analysis.disclosure.combine`).
    """
    everyone, pairs = parts[0], matched.pairs
    before = everyone.rows[0][pairs.before]
    after = everyone.rows[w][pairs.after]
    complete = ~np.isnan(scores[before]) & ~np.isnan(scores[after])
    members = [(p, g) for p, part in enumerate(parts[1:], start=1) for g in range(len(part.groups))]
    members.append((0, 0))
    blocks, start = [], 0
    for part in parts[1:]:
        blocks.append(range(start, start + len(part.groups)))
        start += len(part.groups)
    in_member = {(p, g): complete & (parts[p].codes[before] == g if p else True) for p, g in members}
    keep, marks = shown_pairs(matched, in_member, design.min_cell, blocks)
    rows = []
    for p, part in enumerate(parts):
        if p and len(part.groups) == 1:
            continue  # one group only: the same pairs as everyone's, already compared
        for g, group in enumerate(part.groups):
            if group == NO_ANSWER or not _in_both(cells, p, g, w * len(part.groups) + g):
                continue  # those who skipped the background question are counted, not compared
            size = int(keep[(p, g)].sum())
            label = Text()  # named by analysis.labels.comparison_label once the row exists
            n = (to_cell(size, marks[(p, g)], design.min_cell),)
            if marks[(p, g)] != SHOWN:
                reason = _small(design)
                rows.append(_skipped(scale, label, "waves_paired", part.by, labels, n, reason, group=group))
                continue
            b, a = scores[before[keep[(p, g)]]], scores[after[keep[(p, g)]]]
            run = lambda b=b, a=a: compare_paired(b, a, method=design.paired_test, confidence=design.confidence)  # noqa: E731
            rows.append(_row(scale, label, "waves_paired", part.by, labels, n, run, group=group))
    return rows


def shown_pairs(
    matched: WavePairs, members: dict, min_cell: int, blocks: Sequence[Sequence[int]] = ()
) -> tuple[dict, dict]:
    """Which pairs each member (everyone, a group) of a paired comparison compares, and its pair count's mark.

    `members` maps a member's key to a mask over ``matched.pairs`` (its complete pairs), everyone last when
    `blocks` name the groups that add up to it. Each pair of units' own counts are suppressed first, and a pair
    of units joins a member only where its own count is shown (:func:`analysis.disclosure.combine`), so a pair
    count never differs from another report's by fewer than `min_cell` pairs. Returns the kept masks and the
    marks (``SHOWN`` or why hidden) by key.
    """
    keys = list(members)
    tables = np.zeros((len(matched.unit_pairs), len(keys), 1), dtype=np.int64)
    for i, key in enumerate(keys):
        tables[:, i, 0] = np.bincount(matched.unit_pair[members[key]], minlength=len(matched.unit_pairs))
    combined = combine(tables, min_cell, population=0, blocks=list(blocks))
    keep = {key: members[key] & combined.included[matched.unit_pair, i] for i, key in enumerate(keys)}
    return keep, {key: int(combined.marks[i, 0]) for i, key in enumerate(keys)}


def group_comparisons(
    table: ResponseTable,
    instrument: Instrument,
    design: Design,
    parts: Sequence[Partition],
    cells: ScaleCells,
) -> list[ComparisonRow]:
    """The groups of each ``by`` column compared within each wave (not those who skipped the question)."""
    rows = []
    for scale in instrument.scales:
        scores = table[scale.code]
        for p, part in enumerate(parts[1:], start=1):
            groups = [g for g, group in enumerate(part.groups) if group != NO_ANSWER]
            for w in range(len(part.waves)):
                present = [g for g in groups if (p, w * len(part.groups) + g) in cells.present]
                if len(present) < 2:
                    continue  # one group in this wave: nothing to compare
                keys = [(scale.code, p, w * len(part.groups) + g) for g in present]
                samples = [scores[cells.rows[key]] for key in keys]
                cell_marks = [cells.marks[key] for key in keys]
                labels = tuple(part.groups[g] for g in present)
                rows.append(
                    _independent(scale, "groups", part.by, labels, samples, cell_marks, design, wave=part.waves[w])
                )
    return rows


def _independent(scale, kind, by, labels, samples, cell_marks, design: Design, *, group=None, wave=None):
    """A test of independent samples; a sample whose summary is hidden takes no part (nor its numbers)."""
    sizes = [int((~np.isnan(s)).sum()) for s in samples]
    shown = [i for i, size in enumerate(sizes) if size >= design.min_cell and cell_marks[i] == SHOWN]
    excluded = tuple(labels[i] for i in range(len(labels)) if i not in shown and sizes[i] > 0)
    n_cells: tuple[Cell, ...] = tuple(to_cell(sizes[i], cell_marks[i], design.min_cell) for i in shown)
    kept = tuple(labels[i] for i in shown)
    label = Text()  # named by analysis.labels.comparison_label once the row exists
    if len(shown) < 2:  # named by every group it would have compared, and why it was not run
        reason = _ONE_GROUP if sum(1 for s in sizes if s > 0) < 2 else _small(design)
        return _skipped(scale, label, kind, by, tuple(labels), (), reason, excluded, group=group, wave=wave)
    method = design.group_test if len(shown) == 2 else "welch-anova"
    named = {labels[i]: samples[i] for i in shown}
    if kind == "waves_independent":  # later wave first: a difference is later - baseline, as in the paired test
        named = dict(reversed(named.items()))
    return _row(
        scale,
        label,
        kind,
        by,
        kept,
        n_cells,
        lambda: compare_groups(named, method=method, confidence=design.confidence),
        excluded,
        group=group,
        wave=wave,
    )


def _row(scale, label, kind, by, groups, n, run, excluded=(), *, group=None, wave=None) -> ComparisonRow:
    try:
        result: Comparison = run()
    except AnalysisError as error:
        row = _skipped(scale, label, kind, by, groups, n, _FAILED, excluded, group=group, wave=wave)
        return replace(row, note=str(error))  # the technical reason, for the API and the expert
    return ComparisonRow(
        scale=scale.code,
        label=label,
        kind=kind,
        by=by,
        groups=tuple(groups),
        n=tuple(n),
        test=result.test,
        statistic=result.statistic,
        df=result.df,
        df2=result.df2,
        p=result.p,
        p_adjusted=_NAN,
        effect=result.effect,
        effect_size=result.effect_size,
        ci_low=result.ci_low,
        ci_high=result.ci_high,
        estimate=result.estimate,
        estimate_ci_low=result.estimate_ci_low,
        estimate_ci_high=result.estimate_ci_high,
        exact=result.exact,
        note=result.note,
        reading=result.reading,
        excluded=tuple(excluded),
        group=group,
        wave=wave,
    )


def _small(design: Design) -> Text:
    return Text(**{lang: text.format(t=design.min_cell) for lang, text in _HIDDEN_GROUP.as_dict().items()})


def _skipped(
    scale, label, kind, by, groups, n, reason: Text, excluded=(), *, group=None, wave=None
) -> ComparisonRow:
    return ComparisonRow(
        scale=scale.code,
        label=label,
        kind=kind,
        by=by,
        groups=tuple(groups),
        n=tuple(n),
        test="",
        statistic=_NAN,
        df=_NAN,
        df2=_NAN,
        p=_NAN,
        p_adjusted=_NAN,
        effect="",
        effect_size=_NAN,
        ci_low=_NAN,
        ci_high=_NAN,
        estimate=_NAN,
        exact=False,
        note="",
        reading=Text(),
        skipped=reason,
        excluded=tuple(excluded),
        group=group,
        wave=wave,
    )


_PAIRED = Text(
    fi="Samat vastaajat tunnistettiin parikoodista; muutos testattiin parittaisella t-testillä.",
    sv="Samma svarande känns igen på parkoden; förändringen testades med ett parat t-test.",
    en="The same respondents were matched by their pairing code; the change was tested with a paired t test.",
)
_INDEPENDENT = Text(
    fi="Pareja löytyi liian vähän, joten mittauskertoja verrattiin erillisinä ryhminä (Welchin t-testi).",
    sv="För få par hittades, så mättillfällena jämfördes som separata grupper (Welchs t-test).",
    en="Too few pairs were found, so the waves were compared as separate groups (Welch's t test).",
)
_NONE = Text(
    fi="Mittauskertoja ei verrattu: jollakin mittauskerralla on liian vähän vastaajia.",
    sv="Mättillfällena jämfördes inte: för få svarande vid ett mättillfälle.",
    en="The waves were not compared: a wave has too few respondents.",
)
_ONE_GROUP = Text(
    fi="vertailuun tarvitaan vähintään kaksi ryhmää, joiden luvut voidaan näyttää",
    sv="jämförelsen behöver minst två grupper vars tal kan visas",
    en="a comparison needs at least two groups whose numbers can be shown",
)
_HIDDEN_GROUP = Text(
    fi="ryhmän luvut on piilotettu (alle {t} henkilöä, tai pienemmän ryhmän suojaamiseksi)",
    sv="gruppens tal är dolda (färre än {t} personer, eller för att skydda en mindre grupp)",
    en="the group's numbers are hidden (fewer than {t} people, or to protect a smaller group)",
)
_FAILED = Text(
    fi="tulosta ei voitu laskea: vastauksissa ei ole vaihtelua tai niitä on liian vähän",
    sv="resultatet kunde inte beräknas: svaren varierar inte eller är för få",
    en="no result could be computed: the answers do not vary or are too few",
)
