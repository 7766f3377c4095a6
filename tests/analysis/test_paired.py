"""compare_paired against R's printed output (stats::t.test and wilcox.test with paired = TRUE; effectsize).

Differences are after - before, so compare_paired(before, after) is R's t.test(after, before, paired = TRUE).
Outputs of R on its built-in data are quoted as printed by R, each checked by exact-string search to appear in
several public R notebooks; effectsize outputs are from https://easystats.github.io/effectsize/reference/.
"""

import math

import pytest

from analysis import compare_paired
from analysis.errors import AnalysisError
from tests.analysis.r_datasets import DEPRESSION_X, DEPRESSION_Y, SLEEP_1, SLEEP_2


def test_paired_t_matches_r_on_sleep():
    # t.test(extra ~ group, data = sleep, paired = TRUE): t = -4.0621, df = 9, p-value = 0.002833 (group 1 minus
    # group 2); here group 1 is "before", so after - before flips the sign.
    result = compare_paired(SLEEP_1, SLEEP_2)
    assert result.test == "paired_t"
    assert result.statistic == pytest.approx(4.0621, abs=5e-5)
    assert result.df == 9
    assert result.p == pytest.approx(0.002833, abs=5e-7)
    assert result.estimate == pytest.approx(1.58)
    # 95 percent confidence interval: -2.4598858 -0.7001142 (group 1 minus group 2)
    assert (result.estimate_ci_low, result.estimate_ci_high) == pytest.approx((0.7001142, 2.4598858), abs=5e-7)
    assert result.n == 10


def test_cohens_dz_matches_effectsize_on_sleep():
    # cohens_d(Pair(extra[group == 1], extra[group == 2]) ~ 1, data = sleep): -1.28 [-2.12, -0.41]
    # (https://easystats.github.io/effectsize/reference/cohens_d.html, Examples: "Paired Samples")
    result = compare_paired(SLEEP_2, SLEEP_1)  # before = group 2, after = group 1: R's x - y
    assert result.effect == "cohens_dz"
    assert result.effect_size == pytest.approx(-1.28, abs=0.005)
    assert result.ci_low == pytest.approx(-2.12, abs=0.005)
    assert result.ci_high == pytest.approx(-0.41, abs=0.005)


def test_signed_rank_is_exact_without_ties_and_matches_r():
    # ?wilcox.test depression data: wilcox.test(x, y, paired = TRUE): V = 40, p-value = 0.03906 (exact)
    # effectsize::rank_biserial(Pair(first, second) ~ 1): 0.78 [0.30, 0.94]
    # (https://easystats.github.io/effectsize/reference/rank_biserial.html, Examples: "Paired Samples")
    result = compare_paired(before=DEPRESSION_Y, after=DEPRESSION_X, method="wilcoxon")
    assert result.test == "wilcoxon_signed_rank"
    assert result.exact
    assert result.statistic == 40
    assert result.p == pytest.approx(0.03906, abs=5e-6)
    assert result.effect_size == pytest.approx(0.78, abs=0.005)
    assert (round(result.ci_low, 2), round(result.ci_high, 2)) == (0.30, 0.94)


def test_signed_rank_uses_the_normal_approximation_with_ties_and_zeros():
    # wilcox.test(extra ~ group, data = sleep, paired = TRUE): V = 0, p-value = 0.009091, with R's warnings
    # "cannot compute exact p-value with ties" and "... with zeroes"
    result = compare_paired(SLEEP_2, SLEEP_1, method="wilcoxon")
    assert result.statistic == 0
    assert result.p == pytest.approx(0.009091, abs=5e-7)
    assert not result.exact
    assert "ties" in result.note and "zero" in result.note
    assert result.n == 10
    assert result.effect_size == -1.0  # every nonzero difference negative


def test_signed_rank_exact_p_by_hand():
    # Hand computation: 3 positive differences with distinct sizes; V = 6 is the largest of the 2^3 equally
    # likely sign patterns, so the two-sided exact p is 2 / 8.
    result = compare_paired([0.0, 0.0, 0.0], [1.0, 2.0, 3.0], method="wilcoxon")
    assert result.statistic == 6
    assert result.p == pytest.approx(0.25)


def test_pairs_with_a_missing_side_are_left_out():
    before = [*SLEEP_1, float("nan"), 1.0]
    after = [*SLEEP_2, 2.0, None]
    assert compare_paired(before, after).n == 10
    assert compare_paired(before, after).statistic == pytest.approx(compare_paired(SLEEP_1, SLEEP_2).statistic)


def test_equal_differences_give_a_labelled_nan():
    result = compare_paired([1.0, 2.0, 3.0], [2.0, 3.0, 4.0])
    assert math.isnan(result.statistic) and math.isnan(result.effect_size)
    assert result.estimate == 1.0
    assert "equal" in result.note


def test_all_zero_differences_give_a_labelled_nan():
    result = compare_paired([1.0, 2.0], [1.0, 2.0], method="wilcoxon")
    assert math.isnan(result.p)
    assert "zero" in result.note


@pytest.mark.parametrize(
    ("before", "after", "method", "says"),
    [
        ([1.0, 2.0, 3.0], [1.0, 2.0], "t", "one value per respondent"),
        ([1.0, float("nan")], [2.0, 3.0], "t", "at least two complete pairs"),
        ([float("nan")], [1.0], "wilcoxon", "at least one complete pair"),
        ([1.0, "two"], [2.0, 3.0], "t", "'before' has non-numeric values at positions 1"),
        ([[1.0, 2.0]], [[2.0, 3.0]], "t", "one column"),
        ([1.0, 2.0], [2.0, 3.0], "sign", "method must be one of"),
    ],
)
def test_bad_pairs_raise_an_error_naming_the_problem(before, after, method, says):
    with pytest.raises(AnalysisError, match=says):
        compare_paired(before, after, method=method)
