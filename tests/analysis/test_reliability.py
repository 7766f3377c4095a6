"""cronbach_alpha: published R output on R's built-in data, closed-form hand computations, psych's definitions.

Alpha, alpha if an item is dropped and the item-rest correlation (psych ``r.drop``) are checked against the
printed examples of the easystats ``performance`` package on R's mtcars (``cronbachs_alpha`` and
``item_reliability``, which compute the same raw alpha and corrected item-total correlation as psych::alpha on data
without missing values), and against hand computations on tiny tables. No published psych::alpha output on
reproducible data with more than the two decimals psych prints was found, so the Feldt interval is checked against
psych's alpha.ci definition, CI = 1 - (1 - alpha) * qf(c(1 - p/2, p/2), n - 1, (n - 1) * (k - 1)), and against a
published R function of the same formula on data built to have a given alpha.
"""

import math

import numpy as np
import pytest
from scipy import stats

from analysis import cronbach_alpha
from analysis.errors import AnalysisError
from tests.analysis.r_datasets import MTCARS_CARB, MTCARS_CYL, MTCARS_GEAR, MTCARS_HP

# Two items: variances 5/3 and 4/3, covariance 4/3 (hand computation), so alpha = 4c / (v1 + v2 + 2c) = 16/17.
TWO_ITEMS = [[1, 2], [2, 2], [3, 4], [4, 4]]
# Three items on five respondents: C = [[2.5, 1.5, 1.75], [1.5, 1.3, 0.95], [1.75, 0.95, 1.3]] (hand computation).
THREE_ITEMS = [[1, 2, 2], [2, 3, 3], [3, 3, 4], [4, 5, 4], [5, 4, 5]]


def test_alpha_of_two_items_matches_the_closed_form():
    result = cronbach_alpha(TWO_ITEMS)
    assert result.alpha == pytest.approx(16 / 17, rel=1e-12)
    assert (result.n, result.k) == (4, 2)


def test_alpha_if_dropped_and_item_rest_correlations_by_hand():
    result = cronbach_alpha(THREE_ITEMS)
    # sum(C) = 5.1 + 2 * 4.2 = 13.5, tr(C) = 5.1: alpha = 3/2 * (1 - 5.1 / 13.5) = 14/15
    assert result.alpha == pytest.approx(14 / 15, rel=1e-12)
    # Without item 1: variances 1.3, 1.3 and covariance 0.95: alpha = 2 * (2 * 0.95) / 4.5 = 38/45.
    assert result.alpha_if_dropped[0] == pytest.approx(38 / 45, rel=1e-12)
    # r.drop of item 1: cov(item 1, item 2 + item 3) / sqrt(var 1 * var(item 2 + item 3)) = 3.25 / sqrt(2.5 * 4.5).
    assert result.item_total[0] == pytest.approx(3.25 / math.sqrt(2.5 * 4.5), rel=1e-12)


MTCARS_ITEMS = {"cyl": MTCARS_CYL, "gear": MTCARS_GEAR, "carb": MTCARS_CARB, "hp": MTCARS_HP}


def test_alpha_matches_r_performance_on_mtcars():
    # performance::cronbachs_alpha(mtcars[, c("cyl", "gear", "carb", "hp")]) prints [1] 0.09463206
    # (https://easystats.github.io/performance/reference/cronbachs_alpha.html, Examples)
    result = cronbach_alpha(MTCARS_ITEMS)
    assert result.alpha == pytest.approx(0.09463206, abs=5e-9)
    assert (result.n, result.k) == (32, 4)


def test_alpha_if_dropped_and_item_rest_correlations_match_r_performance_on_mtcars():
    # performance::item_reliability(mtcars[, c("cyl", "gear", "carb", "hp")]) prints (3 decimals)
    #   term alpha_if_deleted item_discrimination
    #    cyl            0.048               0.826
    #   gear            0.110              -0.127
    #   carb            0.058               0.751
    #     hp            0.411               0.881
    # (https://easystats.github.io/performance/reference/item_reliability.html, Examples); item_discrimination is
    # the corrected item-total correlation, psych's r.drop.
    result = cronbach_alpha(MTCARS_ITEMS)
    assert result.alpha_if_dropped == pytest.approx((0.048, 0.110, 0.058, 0.411), abs=5e-4)
    assert result.item_total == pytest.approx((0.826, -0.127, 0.751, 0.881), abs=5e-4)


def test_identical_items_are_perfectly_reliable():
    column = [1, 3, 2, 5, 4]
    assert cronbach_alpha(np.column_stack([column] * 4)).alpha == pytest.approx(1.0)


def test_feldt_interval_follows_psych_alpha_ci():
    # psych::alpha.ci: df1 = n.obs - 1, df2 = (n.obs - 1) * (n.var - 1)
    result = cronbach_alpha(THREE_ITEMS, confidence=0.90)
    f_high, f_low = stats.f.ppf([0.95, 0.05], 4, 8)
    assert result.ci_low == pytest.approx(1 - (1 - result.alpha) * f_high, rel=1e-12)
    assert result.ci_high == pytest.approx(1 - (1 - result.alpha) * f_low, rel=1e-12)
    assert result.ci_low < result.alpha < result.ci_high


def _items_with_alpha(alpha: float, n: int, k: int) -> np.ndarray:
    """n x k answers whose sample covariance is exactly compound symmetric with the given alpha.

    Equal variances 1 and covariances c give alpha = k c / (1 + (k - 1) c), so c = alpha / (k - (k - 1) alpha).
    Orthonormalised centred noise has identity sample covariance; multiplying by a Cholesky factor of the target
    matrix gives that matrix exactly (up to rounding).
    """
    c = alpha / (k - (k - 1) * alpha)
    target = np.full((k, k), c) + (1 - c) * np.eye(k)
    noise = np.random.default_rng(1).standard_normal((n, k))
    orthonormal, _ = np.linalg.qr(noise - noise.mean(axis=0))
    return math.sqrt(n - 1) * orthonormal @ np.linalg.cholesky(target).T


def test_feldt_interval_matches_published_r_output():
    # Chris Evans' R function for the Feldt interval (the same formula as psych::alpha.ci), MRC CBU statistics
    # wiki, https://imaging.mrc-cbu.cam.ac.uk/statswiki/FAQ/cafun: feldt1.return(0.913, 873, 20, 0.95) gives
    # [[1]] 0.9044024 and [[2]] 0.9211588.
    result = cronbach_alpha(_items_with_alpha(0.913, n=873, k=20))
    assert (result.alpha, result.n, result.k) == (pytest.approx(0.913, abs=1e-12), 873, 20)
    assert (result.ci_low, result.ci_high) == pytest.approx((0.9044024, 0.9211588), abs=5e-8)


def test_pairwise_covariances_use_every_answered_pair():
    # Hand computation: respondent 5 answered only items 1 and 2. Pairwise (psych default, cov(use = "pairwise"))
    # keeps them in cov(1, 2) and in the variances of items 1 and 2; listwise drops them everywhere.
    items = np.array([[1, 2, 2], [2, 3, 3], [3, 3, 4], [4, 5, 4], [5, 4, np.nan]])
    pairwise = cronbach_alpha(items)
    listwise = cronbach_alpha(items, missing="listwise")
    assert (pairwise.n, listwise.n) == (5, 4)
    assert listwise.alpha == pytest.approx(cronbach_alpha(items[:4]).alpha, rel=1e-12)
    v1, v2, c12 = np.var(items[:, 0], ddof=1), np.var(items[:, 1], ddof=1), np.cov(items[:, 0], items[:, 1])[0, 1]
    v3 = np.var(items[:4, 2], ddof=1)
    c13, c23 = np.cov(items[:4, 0], items[:4, 2])[0, 1], np.cov(items[:4, 1], items[:4, 2])[0, 1]
    total = v1 + v2 + v3 + 2 * (c12 + c13 + c23)
    assert pairwise.alpha == pytest.approx(1.5 * (1 - (v1 + v2 + v3) / total), rel=1e-12)


def test_rows_without_any_answer_are_not_counted():
    items = [[1, 2], [2, 2], [3, 4], [4, 4], [None, None]]
    assert cronbach_alpha(items).n == 4


def test_items_without_variance_are_left_out_as_psych_does():
    items = {"Q1": [1, 2, 3, 4], "Q2": [2, 2, 4, 4], "SAME": [3, 3, 3, 3]}
    result = cronbach_alpha(items)
    assert result.alpha == pytest.approx(16 / 17, rel=1e-12)
    assert result.k == 2
    assert math.isnan(result.alpha_if_dropped[2]) and math.isnan(result.item_total[2])
    assert "'SAME'" in result.note


def test_two_items_have_no_alpha_if_dropped():
    assert all(math.isnan(a) for a in cronbach_alpha(TWO_ITEMS).alpha_if_dropped)


@pytest.mark.parametrize(
    ("items", "missing", "says"),
    [
        ([[1], [2], [3]], "pairwise", "at least two items"),
        ([1, 2, 3], "pairwise", "a table"),
        ([[1, 2]], "pairwise", "at least two respondents"),
        ({"A": [1, 2, 3], "B": [1, None, None]}, "pairwise", "'B' has fewer than two answers"),
        ({"A": [1, 2, None, None], "B": [None, None, 3, 4]}, "pairwise", "'A' and 'B' are answered together"),
        ({"A": [1, 2, 3], "B": [1, 2]}, "pairwise", "different lengths"),
        ({"A": [1, 1, 1], "B": [2, 2, 2]}, "pairwise", "at least two items with variance"),
        ([[1, 2], [2, 3]], "available", "method must be one of"),
        ([[1, "a"], [2, 3]], "pairwise", "non-numeric"),
    ],
)
def test_bad_items_raise_an_error_naming_the_problem(items, missing, says):
    with pytest.raises(AnalysisError, match=says):
        cronbach_alpha(items, missing=missing)


def test_a_dataframe_gives_the_same_alpha_and_names_its_columns_in_errors():
    import pandas as pd

    frame = pd.DataFrame({"Q1": [1, 2, 3, 4], "Q2": pd.array([2, 2, 4, 4], dtype="Int64")})
    assert cronbach_alpha(frame).alpha == pytest.approx(16 / 17, rel=1e-12)
    with pytest.raises(AnalysisError, match="'Q2' has non-numeric values at positions 1: 'two'"):
        cronbach_alpha(pd.DataFrame({"Q1": [1, 2, 3], "Q2": [1, "two", 3]}))


def test_an_impossible_pairwise_alpha_above_one_is_reported_as_nan_with_the_reason():
    # psych::alpha(use = "pairwise") gives 1.0275 here, with a "not positive definite" warning: the two items
    # are answered together by six people only, and the pairwise covariances do not fit together.
    items = {"B1": [2, 1, 1, 1, 1, 2, 1], "B2": [2, 1, 1, 1, 1, 2, float("nan")]}
    result = cronbach_alpha(items)
    assert math.isnan(result.alpha) and math.isnan(result.ci_low) and math.isnan(result.ci_high)
    assert all(math.isnan(r) for r in result.item_total)
    assert "impossible alpha above 1" in result.note
    assert cronbach_alpha(items, missing="listwise").alpha == pytest.approx(1.0)
