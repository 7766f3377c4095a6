"""compare_groups against R's printed output (stats::t.test, wilcox.test, oneway.test, kruskal.test; effectsize).

Sources: outputs of R's stats functions on R's built-in data are quoted as printed by R; each quoted line was
checked, by exact-string search, to appear in several independent public R notebooks and course notes (R itself is
not available here). effectsize outputs are from its reference pages (https://easystats.github.io/effectsize/).
"""

import math

import numpy as np
import pytest

from analysis import compare_groups
from analysis.errors import AnalysisError
from tests.analysis.r_datasets import (
    AIRQUALITY_MONTH,
    AIRQUALITY_OZONE,
    MPG_AUTOMATIC,
    MPG_MANUAL,
    PLANT_CTRL,
    PLANT_TRT1,
    PLANT_TRT2,
    SLEEP_1,
    SLEEP_2,
)

PLANTS = {"ctrl": PLANT_CTRL, "trt1": PLANT_TRT1, "trt2": PLANT_TRT2}


def test_welch_t_matches_r_on_sleep():
    # t.test(extra ~ group, data = sleep): t = -1.8608, df = 17.776, p-value = 0.07939; difference of means
    # 0.75 - 2.33 (the example of R's ?t.test)
    result = compare_groups([SLEEP_1, SLEEP_2])
    assert result.test == "welch_t"
    assert result.statistic == pytest.approx(-1.8608, abs=5e-5)
    assert result.df == pytest.approx(17.776, abs=5e-4)
    assert result.p == pytest.approx(0.07939, abs=5e-6)
    assert result.estimate == pytest.approx(0.75 - 2.33)
    # 95 percent confidence interval: -3.3654832  0.2054832
    assert (result.estimate_ci_low, result.estimate_ci_high) == pytest.approx((-3.3654832, 0.2054832), abs=5e-7)
    assert result.n == 20


def test_student_t_matches_r_on_sleep():
    # t.test(extra ~ group, data = sleep, var.equal = TRUE): t = -1.8608, df = 18, p-value = 0.07919
    result = compare_groups([SLEEP_1, SLEEP_2], method="student")
    assert result.test == "student_t"
    assert result.df == 18
    assert result.p == pytest.approx(0.07919, abs=5e-6)
    # 95 percent confidence interval: -3.363874  0.203874
    assert (result.estimate_ci_low, result.estimate_ci_high) == pytest.approx((-3.363874, 0.203874), abs=5e-6)


def test_welch_t_and_hedges_g_match_r_on_mtcars():
    # t.test(mpg ~ am, data = mtcars): t = -3.7671, df = 18.332, p-value = 0.001374
    # effectsize::hedges_g(mpg ~ am, data = mtcars): -1.44 [-2.21, -0.65], pooled SD
    # (https://easystats.github.io/effectsize/reference/cohens_d.html, Examples)
    result = compare_groups({"automatic": MPG_AUTOMATIC, "manual": MPG_MANUAL})
    assert result.statistic == pytest.approx(-3.7671, abs=5e-5)
    assert result.df == pytest.approx(18.332, abs=5e-4)
    assert result.p == pytest.approx(0.001374, abs=5e-7)
    assert result.effect == "hedges_g"
    assert result.effect_size == pytest.approx(-1.44, abs=0.005)
    assert result.ci_low == pytest.approx(-2.21, abs=0.005)
    assert result.ci_high == pytest.approx(-0.65, abs=0.005)
    assert "pooled" in result.note


def test_hedges_g_uses_the_exact_gamma_correction():
    # Hand computation: g = J(df) * d with J(df) = Γ(df/2) / (sqrt(df/2) Γ((df-1)/2)); for df = 2 (two groups
    # of two) J = Γ(1) / (1 * Γ(0.5)) = 1 / sqrt(pi). Groups [0, 2] and [1, 3]: d = (1 - 2) / sqrt(2).
    result = compare_groups([[0.0, 2.0], [1.0, 3.0]], method="student")
    assert result.effect_size == pytest.approx(-1 / math.sqrt(2) / math.sqrt(math.pi), rel=1e-12)


def test_mann_whitney_matches_r_on_mtcars_with_ties():
    # wilcox.test(mpg ~ am, data = mtcars): W = 42, p-value = 0.001871 (ties: normal approximation with
    # continuity correction). effectsize::rank_biserial(mpg ~ am, data = mtcars): -0.66 [-0.84, -0.36]
    # (https://easystats.github.io/effectsize/reference/rank_biserial.html, Examples)
    result = compare_groups([MPG_AUTOMATIC, MPG_MANUAL], method="mann-whitney")
    assert result.statistic == 42
    assert result.p == pytest.approx(0.001871, abs=5e-7)
    assert not result.exact
    assert "ties" in result.note
    assert result.effect_size == pytest.approx(-0.66, abs=0.005)
    assert result.ci_low == pytest.approx(-0.84, abs=0.005)
    assert result.ci_high == pytest.approx(-0.36, abs=0.005)


def test_mann_whitney_is_exact_for_small_samples_without_ties():
    # Hand computation: complete separation of 3 and 3 values; W = 0 and the exact two-sided p is 2 / C(6, 3).
    result = compare_groups([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], method="mann-whitney")
    assert result.exact
    assert result.statistic == 0
    assert result.p == pytest.approx(2 / 20)
    assert result.effect_size == -1.0


def test_anova_matches_r_on_plant_growth():
    # oneway.test(weight ~ group, data = PlantGrowth, var.equal = TRUE):
    # F = 4.8461, num df = 2, denom df = 27, p-value = 0.01591
    result = compare_groups(PLANTS, method="anova")
    assert result.statistic == pytest.approx(4.8461, abs=5e-5)
    assert (result.df, result.df2) == (2, 27)
    assert result.p == pytest.approx(0.01591, abs=5e-6)
    assert result.effect == "eta_squared"
    assert result.ci_high == 1.0


def test_welch_anova_matches_r_on_plant_growth():
    # oneway.test(weight ~ group, data = PlantGrowth): F = 5.181, num df = 2.000, denom df = 17.128,
    # p-value = 0.01739
    result = compare_groups(PLANTS, method="welch-anova")
    assert result.statistic == pytest.approx(5.181, abs=5e-4)
    assert result.df2 == pytest.approx(17.128, abs=5e-4)
    assert result.p == pytest.approx(0.01739, abs=5e-6)


def test_eta_and_omega_squared_match_effectsize_on_sleep():
    # effectsize(oneway.test(extra ~ group, data = sleep, var.equal = TRUE)): Eta2 0.16 [0.00, 1.00];
    # type = "omega": Omega2 0.11 [0.00, 1.00] (https://easystats.github.io/effectsize/reference/effectsize.html)
    eta = compare_groups([SLEEP_1, SLEEP_2], method="anova")
    omega = compare_groups([SLEEP_1, SLEEP_2], method="anova", effect="omega_squared")
    assert (round(eta.effect_size, 2), eta.ci_low, eta.ci_high) == (0.16, 0.0, 1.0)
    assert (round(omega.effect_size, 2), omega.ci_low, omega.ci_high) == (0.11, 0.0, 1.0)


def test_eta_squared_is_the_share_of_variance_between_groups():
    # Hand computation: groups [1, 2, 3] and [4, 5, 6]: SS_between = 13.5, SS_total = 17.5.
    result = compare_groups([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], method="anova")
    assert result.effect_size == pytest.approx(13.5 / 17.5)


def test_kruskal_wallis_matches_r_on_plant_growth():
    # kruskal.test(weight ~ group, data = PlantGrowth): chi-squared = 7.9882, df = 2, p-value = 0.01842
    # rank epsilon squared = H (n + 1) / (n^2 - 1) = 0.2754562, as printed from R's H in public course notes
    result = compare_groups(PLANTS, method="kruskal")
    assert result.statistic == pytest.approx(7.9882, abs=5e-5)
    assert result.df == 2
    assert result.p == pytest.approx(0.01842, abs=5e-6)
    assert result.effect == "epsilon_squared"
    assert result.effect_size == pytest.approx(0.2754562, abs=5e-8)
    assert math.isnan(result.ci_low) and "bootstrap" in result.note


def test_typed_airquality_ozone_matches_r_summary():
    # summary(airquality) and psych::describe(airquality) as printed in
    # https://rstudio-pubs-static.s3.amazonaws.com/361678_1675a2bdcce743c48b15356b29949f18.html:
    # Ozone n 116, NA's 37, Min. 1.00, 1st Qu. 18.00, Median 31.50, Mean 42.13, 3rd Qu. 63.25, Max. 168.00,
    # sd 32.99
    ozone = np.array([math.nan if value is None else value for value in AIRQUALITY_OZONE], dtype=float)
    answered = ozone[~np.isnan(ozone)]
    assert (answered.size, int(np.isnan(ozone).sum())) == (116, 37)
    assert (answered.min(), answered.max(), np.median(answered)) == (1, 168, 31.5)
    assert np.quantile(answered, [0.25, 0.75]).tolist() == pytest.approx([18.0, 63.25], abs=5e-3)
    assert answered.mean() == pytest.approx(42.13, abs=5e-3)
    assert answered.std(ddof=1) == pytest.approx(32.99, abs=5e-3)


def test_kruskal_wallis_matches_r_on_airquality_with_ties_and_missing_values():
    # kruskal.test(Ozone ~ Month, data = airquality), the example of R's ?kruskal.test, pinned in R's
    # tests/Examples/stats-Ex.Rout.save and printed in http://www.r-tutor.com/elementary-statistics/
    # non-parametric-methods/kruskal-wallis-test: Kruskal-Wallis chi-squared = 29.267, df = 4, p-value = 6.901e-06.
    # Many tied ozone values, so this checks the tie correction; NA days are left out (116 of 153 days remain).
    months = {
        str(month): [ozone for ozone, m in zip(AIRQUALITY_OZONE, AIRQUALITY_MONTH, strict=True) if m == month]
        for month in range(5, 10)
    }
    result = compare_groups(months, method="kruskal")
    assert result.statistic == pytest.approx(29.267, abs=5e-4)
    assert result.df == 4
    assert result.p == pytest.approx(6.901e-06, abs=5e-10)
    assert result.n == 116


def test_group_order_sets_the_sign_of_the_difference():
    forward = compare_groups([SLEEP_1, SLEEP_2])
    backward = compare_groups([SLEEP_2, SLEEP_1])
    assert forward.statistic == pytest.approx(-backward.statistic)
    assert forward.effect_size == pytest.approx(-backward.effect_size)


def test_missing_values_are_left_out_of_each_group():
    with_gaps = compare_groups([[*SLEEP_1, float("nan")], [None, *SLEEP_2]])
    assert with_gaps.statistic == pytest.approx(compare_groups([SLEEP_1, SLEEP_2]).statistic)
    assert with_gaps.n == 20


def test_effect_size_has_a_reading_in_three_languages():
    reading = compare_groups(PLANTS, method="anova").reading
    assert reading.en.startswith("large effect") and "Field 2013" in reading.en
    assert reading.fi.startswith("suuri vaikutus")
    assert reading.sv.startswith("stor effekt")


@pytest.mark.parametrize(
    ("groups", "method", "says"),
    [
        ([[1.0, 2.0]], "welch", "at least two groups"),
        ({"boys": [1.0, 2.0], "girls": []}, "welch", "'girls' has no values"),
        ({"boys": [1.0, 2.0], "girls": [float("nan")]}, "anova", "'girls' has no values"),
        ({"boys": [1.0, 2.0], "girls": [3.0]}, "welch", "'girls' has 1"),
        ({"a": [1.0, 2.0], "b": [3.0]}, "welch-anova", "'b' has 1"),
        ([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], "welch", "exactly two groups"),
        ([[1.0, 2.0], [3.0, "x"]], "welch", "non-numeric"),
        ([[1.0, 2.0], [3.0, 4.0]], "t-test", "method must be one of"),
        ([[1.0, 2.0], [3.0, 4.0]], "kruskal", None),
    ],
)
def test_bad_groups_raise_an_error_naming_the_problem(groups, method, says):
    if says is None:  # a valid call, for contrast
        compare_groups(groups, method=method)
        return
    with pytest.raises(AnalysisError, match=says):
        compare_groups(groups, method=method)


@pytest.mark.parametrize("method", ["welch", "student", "anova", "welch-anova"])
def test_groups_without_variation_give_a_labelled_nan(method):
    result = compare_groups([[2.0, 2.0, 2.0], [2.0, 2.0]], method=method)
    assert math.isnan(result.p) and math.isnan(result.effect_size)
    assert "variation" in result.note


def test_all_tied_values_give_nan_not_a_warning():
    assert math.isnan(compare_groups([[3.0, 3.0], [3.0, 3.0]], method="kruskal").statistic)
    assert math.isnan(compare_groups([[3.0, 3.0], [3.0, 3.0, 3.0]], method="mann-whitney").p)
