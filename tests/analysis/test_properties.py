"""Properties of the statistics on random small data: an AnalysisError or a result that keeps its invariants.

Whatever an evaluator passes (ties, constant columns, a single value, NaN, infinities, huge or tiny numbers),
a statistics function either raises :class:`AnalysisError` with a message or returns numbers that make sense:
alpha at most 1, p-values in [0, 1], confidence limits around their estimate, adjusted p-values never below
the raw ones. pytest turns every warning into an error, so a NumPy or SciPy warning fails these tests too.
Suppression of reports has its own property test (test_report_suppression.py); this file checks the numbers.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import (
    adjust_p,
    build_report,
    compare_counts,
    compare_groups,
    compare_paired,
    cronbach_alpha,
    describe,
    wilson_interval,
)
from analysis.errors import AnalysisError
from analysis.report_model import Suppressed
from analysis.response_table import ResponseTable
from tests.analysis.small_instrument import small_instrument

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

LIKERT = st.sampled_from([1.0, 2.0, 3.0, 4.0, 5.0, math.nan])
ODD = st.one_of(
    st.floats(-1e6, 1e6, allow_nan=False),
    st.sampled_from([math.nan, math.inf, -math.inf, 0.0, -0.0, 1e-300, 1e49, -1e49, 1e300, 5e-324]),
)
VALUES = st.one_of(LIKERT, ODD)


def vectors(min_size: int = 0, max_size: int = 12, values=VALUES):
    return st.lists(values, min_size=min_size, max_size=max_size)


def ordered(low: float, estimate: float, high: float) -> bool:
    """low <= estimate <= high where all three are defined (a small relative slack for rounding)."""
    if any(math.isnan(x) for x in (low, estimate, high)):
        return True
    slack = 1e-9 * max(1.0, abs(low), abs(high))
    return low - slack <= estimate <= high + slack


def probability(p: float) -> bool:
    return math.isnan(p) or 0.0 <= p <= 1.0


def outcome(function, *args, **kwargs):
    """The result, or None when the function refused the input with an AnalysisError (a message for people)."""
    try:
        return function(*args, **kwargs)
    except AnalysisError as error:
        assert str(error), "an AnalysisError must say what is wrong"
        return None


ITEM_ROWS = st.integers(1, 5).flatmap(
    lambda k: st.lists(st.lists(LIKERT | ODD, min_size=k, max_size=k), max_size=15)
)


@PROPERTY
@given(ITEM_ROWS, st.sampled_from(["listwise", "pairwise"]))
def test_cronbach_alpha_is_at_most_one_with_ordered_limits(rows, missing):
    # Pairwise covariances need not fit together (not positive definite) and then give alpha above 1, as in
    # R's psych::alpha; Arvio reports such an alpha as nan with a note instead of an impossible number.
    reliability = outcome(cronbach_alpha, rows, missing=missing)
    if reliability is None:
        return
    assert math.isnan(reliability.alpha) or reliability.alpha <= 1.0 + 1e-12
    assert ordered(reliability.ci_low, reliability.alpha, reliability.ci_high)
    assert reliability.n >= 2 and reliability.k >= 2
    for dropped in reliability.alpha_if_dropped:
        assert math.isnan(dropped) or dropped <= 1.0 + 1e-12
    for r in reliability.item_total:
        assert math.isnan(r) or -1.0 - 1e-9 <= r <= 1.0 + 1e-9


@PROPERTY
@given(vectors(), st.sampled_from([0.8, 0.95, 0.99]))
def test_describe_orders_its_numbers(values, confidence):
    d = outcome(describe, values, confidence=confidence)
    if d is None:
        return
    finite = [v for v in values if not math.isnan(v)]
    assert d.n == len(finite)
    if d.n == 0:
        return
    assert d.min <= d.q1 <= d.median <= d.q3 <= d.max
    assert ordered(d.ci_low, d.mean, d.ci_high)
    assert math.isnan(d.sd) or d.sd >= 0.0
    assert math.isnan(d.se) or d.se >= 0.0


def _check_comparison(result) -> None:
    assert probability(result.p), f"p = {result.p}"
    assert result.n >= 0
    assert ordered(result.ci_low, result.effect_size, result.ci_high), result
    assert math.isnan(result.df) or result.df >= 0


@PROPERTY
@given(
    st.integers(0, 12).flatmap(lambda n: st.tuples(vectors(n, n), vectors(n, n))),
    st.sampled_from(["t", "wilcoxon"]),
)
def test_compare_paired_gives_a_probability_and_ordered_limits(pair, method):
    before, after = pair
    result = outcome(compare_paired, before, after, method=method)
    if result is not None:
        _check_comparison(result)


@PROPERTY
@given(st.lists(vectors(0, 8), min_size=2, max_size=2), st.sampled_from(["welch", "student", "mann-whitney"]))
def test_compare_two_groups_gives_a_probability_and_ordered_limits(groups, method):
    result = outcome(compare_groups, groups, method=method)
    if result is not None:
        _check_comparison(result)


@PROPERTY
@given(st.lists(vectors(0, 6), min_size=2, max_size=5), st.sampled_from(["welch-anova", "anova", "kruskal"]))
def test_compare_several_groups_gives_a_probability_and_ordered_limits(groups, method):
    result = outcome(compare_groups, {f"g{i}": g for i, g in enumerate(groups)}, method=method)
    if result is not None:
        _check_comparison(result)
        assert math.isnan(result.effect_size) or result.effect_size >= -1e-12


COUNT = st.one_of(st.integers(0, 40), st.sampled_from([0, 1, 1000, -1, 2.5, math.nan]))


@PROPERTY
@given(
    st.integers(1, 4).flatmap(lambda c: st.lists(st.lists(COUNT, min_size=c, max_size=c), min_size=1, max_size=4)),
    st.sampled_from(["chi2", "fisher"]),
)
def test_compare_counts_gives_a_probability_and_ordered_limits(table, method):
    result = outcome(compare_counts, table, method=method)
    if result is not None:
        _check_comparison(result)


PVALUES = st.lists(st.one_of(st.floats(0.0, 1.0), st.just(math.nan)), max_size=15)


@PROPERTY
@given(PVALUES, st.sampled_from(["holm", "bh"]))
def test_adjusted_p_is_at_least_the_raw_p_and_at_most_one_and_nan_stays_nan(pvalues, method):
    adjusted = adjust_p(pvalues, method=method)
    assert len(adjusted) == len(pvalues)
    for raw, new in zip(pvalues, adjusted, strict=True):
        if math.isnan(raw):
            assert math.isnan(new)
        else:
            assert raw - 1e-15 <= new <= 1.0


@PROPERTY
@given(
    st.lists(st.one_of(st.floats(-1.0, 2.0), st.just(math.inf)), min_size=1, max_size=5),
    st.sampled_from(["holm", "bh"]),
)
def test_p_values_outside_zero_to_one_are_refused(pvalues, method):
    adjusted = outcome(adjust_p, pvalues, method=method)
    if any(not 0.0 <= p <= 1.0 for p in pvalues):
        assert adjusted is None
    else:
        assert adjusted is not None


@PROPERTY
@given(st.integers(-3, 60), st.integers(-3, 60), st.sampled_from([0.5, 0.9, 0.95, 0.999]))
def test_wilson_interval_is_a_share_between_its_limits(successes, n, confidence):
    share = outcome(wilson_interval, successes, n, confidence=confidence)
    if not 0 <= successes <= n:
        assert share is None
        return
    assert share is not None
    if n == 0:
        assert math.isnan(share.proportion)
        return
    assert 0.0 <= share.ci_low <= share.proportion <= share.ci_high <= 1.0


@pytest.mark.parametrize("confidence", [0.0, 1.0, -0.5, 1.5, math.nan, "high"])
def test_a_confidence_level_outside_zero_to_one_is_an_analysis_error(confidence):
    for call in (
        lambda: describe([1, 2, 3], confidence=confidence),
        lambda: wilson_interval(1, 3, confidence=confidence),
        lambda: compare_paired([1, 2, 3], [2, 3, 5], confidence=confidence),
    ):
        with pytest.raises(AnalysisError):
            call()


@st.composite
def small_tables(draw) -> ResponseTable:
    """A responses table for the small test instrument, drawn value by value so shrinking stays readable."""
    n = draw(st.integers(1, 14))
    likert = st.sampled_from([1.0, 2.0, 3.0, 4.0, 5.0, 9.0, math.nan])

    def column(values):
        return draw(st.lists(values, min_size=n, max_size=n))

    columns = {
        "project": column(st.sampled_from(["P1", "P2", "Åsa Öberg"])),
        "BG_GENDER": [1.0, *column(st.sampled_from([1.0, 2.0, 3.0, math.nan]))[1:]],
        "wave": column(st.sampled_from(["baseline", "follow_up"])),
        "Y1": column(st.sampled_from([0.0, 1.0, math.nan])),
        "M1__1": column(st.sampled_from([0.0, 1.0])),
    }
    for code in ("A1", "A2", "A3", "B1", "B2"):
        columns[code] = column(likert)
    return ResponseTable({k: np.array(v, dtype=object if k in ("project", "wave") else float)
                          for k, v in columns.items()})  # fmt: skip


def _number(cell) -> float | None:
    return None if isinstance(cell, Suppressed) else float(cell)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_tables(), st.integers(1, 6))
def test_every_number_in_a_report_keeps_its_invariants(table, min_cell):
    report = build_report(table, small_instrument(), by=["project"], wave="wave", min_cell=min_cell)

    for row in report.proportions:
        share, low, high = _number(row.proportion), _number(row.ci_low), _number(row.ci_high)
        if share is not None and not math.isnan(share):
            assert 0.0 <= low <= share <= high <= 1.0
    for row in report.distributions:
        percent = _number(row.percent)
        assert percent is None or math.isnan(percent) or 0.0 <= percent <= 100.0
    def absent(row) -> bool:  # nobody of the row's group in its wave: shown as 0, nobody to protect
        in_group = table.text(row.by) == row.group if row.by else np.ones(len(table), dtype=bool)
        return not (in_group & (table.text("wave") == row.wave)).any()

    for row in (*report.summaries, *report.reliability, *report.proportions):
        n = _number(row.n)
        assert n is None or n >= min_cell or absent(row)
    for row in report.distributions:
        for count in (_number(row.count), _number(row.valid_n)):
            assert count is None or count >= min_cell or absent(row)
    for row in report.comparisons:
        assert probability(row.p) and probability(row.p_adjusted)
        if not math.isnan(row.p):
            assert row.p_adjusted >= row.p - 1e-15
        assert ordered(row.ci_low, row.effect_size, row.ci_high)
