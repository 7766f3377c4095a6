"""pool_effects and the paired change effects against metafor 3.8-1 (R 4.2), on metafor's own data sets.

Every reference value below was printed by R with ``sprintf("%.10g", ...)``; the R code that printed it is
quoted above it. These tests run without R; test_meta_against_r.py runs R itself on generated data too.
"""

import math

import pytest

from analysis import compare_paired, paired_change, paired_change_from_summary, pool_effects
from analysis.errors import AnalysisError
from tests.analysis.r_datasets import (
    BCG_VI,
    BCG_YI,
    DEPRESSION_X,
    DEPRESSION_Y,
    NORMAND_VI,
    NORMAND_YI,
    SLEEP_1,
    SLEEP_2,
)

NAN = math.nan
DATA = {"bcg": (BCG_YI, BCG_VI), "nor": (NORMAND_YI, NORMAND_VI)}

# for (name in c("bcg", "nor")) for (method in c("REML", "DL", "FE")) for (test in c("z", "knha")) {
#   fit <- rma(yi, vi, data = get(name), method = method, test = test); pr <- predict(fit)
#   c(estimate = fit$b, se = fit$se, ci_low = fit$ci.lb, ci_high = fit$ci.ub, statistic = fit$zval,
#     p = fit$pval, tau2 = fit$tau2, i2 = fit$I2, q = fit$QE, q_p = fit$QEp, pi_low = pr$pi.lb,
#     pi_high = pr$pi.ub, tau2_se = fit$se.tau2, h2 = fit$H2)
# }   # with bcg and nor the escalc() results of r_datasets.py; predict() gives no pi for "FE" (NAN here)
FIELDS = (
    "estimate", "se", "ci_low", "ci_high", "statistic", "p", "tau2", "i2", "q", "q_p",
    "pi_low", "pi_high", "tau2_se", "h2",
)  # fmt: skip
METAFOR = {
    ("bcg", "REML", "z"): (
        -0.7145323484, 0.1797815318, -1.066897676, -0.362167021, -3.974447994, 7.054267349e-05, 0.313243326,
        92.22138607, 152.2330081, 1.996764591e-26, -1.866692347, 0.4376276499, 0.1664257831, 12.8557608,
    ),
    ("bcg", "REML", "knha"): (
        -0.7145323484, 0.1807917455, -1.108443723, -0.3206209737, -3.95223989, 0.001920015085, 0.313243326,
        92.22138607, 152.2330081, 1.996764591e-26, -1.996016967, 0.5669522703, 0.1664257831, 12.8557608,
    ),
    ("bcg", "DL", "z"): (
        -0.7141172221, 0.1787420895, -1.06444528, -0.3637891641, -3.995238189, 6.462924305e-05, 0.3087602629,
        92.11734685, 152.2330081, 1.996764591e-26, -1.858153753, 0.4299193086, 0.2298699925, 12.68608401,
    ),
    ("bcg", "DL", "knha"): (
        -0.7141172221, 0.1806966283, -1.107821354, -0.32041309, -3.952022949, 0.001920766767, 0.3087602629,
        92.11734685, 152.2330081, 1.996764591e-26, -1.987206963, 0.5589725193, 0.2298699925, 12.68608401,
    ),
    ("bcg", "FE", "z"): (
        -0.4302851637, 0.04049875171, -0.5096612584, -0.3509090689, -10.6246525, 2.288629307e-26, 0, 92.11734685,
        152.2330081, 1.996764591e-26, NAN, NAN, NAN, 12.68608401,
    ),
    ("bcg", "FE", "knha"): (
        -0.4302851637, 0.144246548, -0.744571393, -0.1159989343, -2.982984132, 0.01142223504, 0, 92.11734685,
        152.2330081, 1.996764591e-26, NAN, NAN, NAN, 12.68608401,
    ),
    ("nor", "REML", "z"): (
        -0.5371082586, 0.3086614916, -1.142073666, 0.06785714838, -1.740120725, 0.08183782181, 0.790842921,
        95.49493711, 123.7292744, 5.622513232e-23, -2.382094345, 1.307877828, 0.4280954869, 22.19724841,
    ),
    ("nor", "REML", "knha"): (
        -0.5371082586, 0.3092856339, -1.250322209, 0.1761056921, -1.73660914, 0.1206645321, 0.790842921,
        95.49493711, 123.7292744, 5.622513232e-23, -2.708307008, 1.634090491, 0.4280954869, 22.19724841,
    ),
    ("nor", "DL", "z"): (
        -0.5307373106, 0.2592186057, -1.038796442, -0.02267817937, -2.047450681, 0.04061385461, 0.5397143748,
        93.53427066, 123.7292744, 5.622513232e-23, -2.057634369, 0.9961597477, 0.3558877203, 15.46615929,
    ),
    ("nor", "DL", "knha"): (
        -0.5307373106, 0.3086582553, -1.242504524, 0.1810299024, -1.719498188, 0.1238398155, 0.5397143748,
        93.53427066, 123.7292744, 5.622513232e-23, -2.3682975, 1.306822878, 0.3558877203, 15.46615929,
    ),
    ("nor", "FE", "z"): (
        -0.4106114194, 0.06160275154, -0.5313505938, -0.2898722451, -6.665472064, 2.638159906e-11, 0,
        93.53427066, 123.7292744, 5.622513232e-23, NAN, NAN, NAN, 15.46615929,
    ),
    ("nor", "FE", "knha"): (
        -0.4106114194, 0.242265376, -0.9692763782, 0.1480535394, -1.694882803, 0.1285443317, 0, 93.53427066,
        123.7292744, 5.622513232e-23, NAN, NAN, NAN, 15.46615929,
    ),
}  # fmt: skip


def _same(ours: float, theirs: float) -> bool:
    """Equal to R's 10 printed significant digits (both nan counts as equal)."""
    if math.isnan(theirs):
        return math.isnan(ours)
    return math.isclose(ours, theirs, rel_tol=1e-8, abs_tol=1e-14)


@pytest.mark.parametrize(("data", "method", "test"), list(METAFOR))
def test_pooled_result_matches_metafor_on_its_data_sets(data, method, test):
    result = pool_effects(*DATA[data], method=method, test=test)
    expected = {name: value for name, value in zip(FIELDS, METAFOR[data, method, test], strict=True)
                if not math.isnan(value)}  # fmt: skip
    differing = {name: (getattr(result, name), value) for name, value in expected.items()
                 if not _same(getattr(result, name), value)}  # fmt: skip
    assert not differing, differing
    assert (result.k, result.method, result.test) == (len(DATA[data][0]), method, test)
    assert _same(result.df, len(DATA[data][0]) - 1 if test == "knha" else NAN)


@pytest.mark.parametrize("test", ["z", "knha"])
def test_common_effect_prediction_interval_is_the_confidence_interval(test):
    # metafor's predict() gives no prediction interval for "FE": with tau² = 0 it would be the CI itself.
    result = pool_effects(BCG_YI, BCG_VI, method="FE", test=test)
    assert (result.pi_low, result.pi_high) == (result.ci_low, result.ci_high)
    assert math.isnan(result.tau2_se)


def test_knapp_hartung_factor_below_one_is_not_truncated():
    # yi <- c(0.32, 0.11, 0.54, 0.05, 0.41); vi <- c(0.021, 0.034, 0.048, 0.015, 0.062)
    # fit <- rma(yi, vi, test = "knha"): b 0.2392721337, se 0.08916371861, ci -0.008286036427 to 0.4868303038,
    # zval 2.683514521, pval 0.05502729321, tau2 0.01242461367, I2 29.52518232, QE 5.474299308,
    # QEp 0.241997845, s2w 0.9373879118; predict(fit): pi -0.157038368 to 0.6355826353.
    # rma(yi, vi, test = "z")$se: 0.09209339815 (wider than the Knapp-Hartung se)
    yi, vi = [0.32, 0.11, 0.54, 0.05, 0.41], [0.021, 0.034, 0.048, 0.015, 0.062]
    result = pool_effects(yi, vi, test="knha")
    expected = {
        "estimate": 0.2392721337, "se": 0.08916371861, "ci_low": -0.008286036427, "ci_high": 0.4868303038,
        "statistic": 2.683514521, "p": 0.05502729321, "tau2": 0.01242461367, "i2": 29.52518232,
        "q": 5.474299308, "q_p": 0.241997845, "pi_low": -0.157038368, "pi_high": 0.6355826353,
    }  # fmt: skip
    assert all(_same(getattr(result, name), value) for name, value in expected.items())
    assert result.se < pool_effects(yi, vi, test="z").se
    assert "0.9374 < 1" in result.note


def test_single_project_gives_its_own_estimate_as_metafor_does():
    # rma(yi = 0.5, vi = 0.1): b 0.5, se 0.3162277660, tau2 0, QE 0, QEp 1, I2 0, H2 1; pi = ci
    for method in ("REML", "DL", "FE"):
        result = pool_effects([0.5], [0.1], method=method)
        assert (result.estimate, result.tau2, result.q, result.q_p, result.i2, result.h2) == (0.5, 0, 0, 1, 0, 1)
        assert result.se == pytest.approx(math.sqrt(0.1))
        assert (result.pi_low, result.pi_high) == (result.ci_low, result.ci_high)
        assert "single project" in result.note


def test_knapp_hartung_with_a_single_project_is_refused():
    # metafor switches to test = "z" with a warning; Arvio says so instead of answering another question
    with pytest.raises(AnalysisError, match="at least two projects"):
        pool_effects([0.5], [0.1], test="knha")


@pytest.mark.parametrize("method", ["REML", "DL", "FE"])
def test_equal_effects_have_no_heterogeneity(method):
    # rma(yi = c(.3, .3, .3), vi = c(.1, .2, .3)): QE 0, QEp 1, I2 0, tau2 0
    result = pool_effects([0.3, 0.3, 0.3], [0.1, 0.2, 0.3], method=method)
    assert (result.q, result.q_p, result.i2, result.tau2) == (0, 1, 0, 0)
    assert result.estimate == pytest.approx(0.3)


def test_equal_effects_with_knapp_hartung_have_zero_se_as_in_metafor():
    # rma(yi = c(.3, .3, .3), vi = c(.1, .2, .3), test = "knha"): s2w 0, se 0, zval Inf, pval 0, ci.lb = ci.ub;
    # with yi = c(0, 0, 0): zval NaN, pval NaN
    result = pool_effects([0.3, 0.3, 0.3], [0.1, 0.2, 0.3], test="knha")
    assert (result.se, result.statistic, result.p) == (0, math.inf, 0)
    assert result.ci_low == result.ci_high == result.pi_low == result.estimate
    assert "Knapp-Hartung factor is 0" in result.note
    at_zero = pool_effects([0, 0, 0], [0.1, 0.2, 0.3], test="knha")
    assert math.isnan(at_zero.statistic) and math.isnan(at_zero.p)


def test_tau2_at_zero_says_so_and_equals_the_common_effect():
    yi, vi = [0.30, 0.32, 0.29, 0.31], [0.1, 0.2, 0.15, 0.12]
    pooled, common = pool_effects(yi, vi), pool_effects(yi, vi, method="FE")
    assert pooled.tau2 == 0 and "tau² is estimated at 0" in pooled.note
    assert (pooled.estimate, pooled.se, pooled.p) == pytest.approx((common.estimate, common.se, common.p))


@pytest.mark.parametrize(
    ("yi", "vi", "message"),
    [
        ([], [], "no projects"),
        ([0.1, 0.2], [0.1], "one value per project: got 2 effects and 1 variances"),
        ([0.1, None, 0.3], [0.1, 0.1, 0.1], "'yi' is missing .NaN. for the projects at positions 1"),
        ([0.1, 0.2, 0.3], [0.1, math.nan, 0.1], "'vi' is missing .NaN. for the projects at positions 1"),
        ([0.1, 0.2, 0.3], [0.1, 0.0, -0.2], "'vi' must be positive: zero or negative .* positions 1, 2"),
        ([0.1, 0.2], [0.1, 1e-60], "too small .* positions 1"),
        ([0.1, math.inf], [0.1, 0.1], "'yi' has infinite or too large values .* at positions 1"),
        ([0.1, "big"], [0.1, 0.1], "'yi' has non-numeric values at positions 1: 'big'"),
        (0.1, 0.1, "'yi' must be a column of values"),
    ],
)
def test_unusable_projects_are_named(yi, vi, message):
    with pytest.raises(AnalysisError, match=message):
        pool_effects(yi, vi)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"method": "PM"}, "method must be one of 'REML', 'DL', 'FE'"),
        ({"test": "t"}, "test must be one of 'z', 'knha'"),
        ({"confidence": 95}, "confidence must be between 0 and 1"),
    ],
)
def test_unknown_options_are_refused(arguments, message):
    with pytest.raises(AnalysisError, match=message):
        pool_effects(BCG_YI, BCG_VI, **arguments)


# m <- "SMCC" or "MC"; before, after: SLEEP_1, SLEEP_2 (group 1 as before) and DEPRESSION_X, DEPRESSION_Y
# escalc(measure = m, m1i = mean(after), m2i = mean(before), sd1i = sd(after), sd2i = sd(before),
#        ni = length(after), ri = cor(before, after))
PAIRED = [
    (SLEEP_1, SLEEP_2, True, 1.173924904, 0.168904984),
    (SLEEP_1, SLEEP_2, False, 1.58, 0.1512888889),
    (DEPRESSION_X, DEPRESSION_Y, True, -0.9133478356, 0.1574557927),
    (DEPRESSION_X, DEPRESSION_Y, False, -0.4318888889, 0.0202450679),
]


@pytest.mark.parametrize(("before", "after", "standardised", "yi", "vi"), PAIRED)
def test_paired_change_matches_escalc(before, after, standardised, yi, vi):
    effect = paired_change(before, after, standardised=standardised)
    assert (effect.yi, effect.vi) == pytest.approx((yi, vi), rel=1e-8)
    assert effect.measure == ("SMCC" if standardised else "MC")
    assert effect.n == len(before)


@pytest.mark.parametrize(
    ("standardised", "yi", "vi"), [(True, 0.4590935435, 0.02763458602), (False, 0.4, 0.01825)]
)
def test_change_from_summary_matches_escalc(standardised, yi, vi):
    # escalc(measure = "SMCC" / "MC", m1i = 3.5, m2i = 3.1, sd1i = 1.0, sd2i = 0.9, ni = 40, ri = 0.6)
    effect = paired_change_from_summary(3.1, 0.9, 3.5, 1.0, 40, 0.6, standardised=standardised)
    assert (effect.yi, effect.vi, effect.n) == pytest.approx((yi, vi, 40), rel=1e-8)


@pytest.mark.parametrize("standardised", [True, False])
def test_change_from_summary_equals_change_from_pairs(standardised):
    before, after = SLEEP_1, SLEEP_2
    mean = lambda xs: sum(xs) / len(xs)  # noqa: E731
    sd = lambda xs: math.sqrt(sum((x - mean(xs)) ** 2 for x in xs) / (len(xs) - 1))  # noqa: E731
    covariance = sum((b - mean(before)) * (a - mean(after)) for b, a in zip(before, after, strict=True)) / 9
    r = covariance / (sd(before) * sd(after))
    summary = paired_change_from_summary(mean(before), sd(before), mean(after), sd(after), 10, r, standardised)
    pairs = paired_change(before, after, standardised)
    assert (summary.yi, summary.vi) == pytest.approx((pairs.yi, pairs.vi), rel=1e-12)


def test_standardised_change_is_bias_corrected_cohens_dz():
    # the d_z that compare_paired reports, times J(n - 1) = Γ(m/2) / (sqrt(m/2) Γ((m - 1)/2)), m = n - 1
    d_z = compare_paired(SLEEP_1, SLEEP_2).effect_size
    m = 9
    j = math.exp(math.lgamma(m / 2) - math.log(math.sqrt(m / 2)) - math.lgamma((m - 1) / 2))
    assert paired_change(SLEEP_1, SLEEP_2).yi == pytest.approx(j * d_z, rel=1e-12)


def test_pairs_with_a_missing_side_are_left_out():
    with_gaps = paired_change([*SLEEP_1, 1.0, None], [*SLEEP_2, None, 2.0])
    assert with_gaps == paired_change(SLEEP_1, SLEEP_2)


def test_change_without_variation():
    standardised = paired_change([1, 2, 3], [2, 3, 4])
    assert math.isnan(standardised.yi) and "all differences are equal" in standardised.note
    raw = paired_change([1, 2, 3], [2, 3, 4], standardised=False)
    assert (raw.yi, raw.vi) == (1, 0) and "cannot be weighted" in raw.note
    with pytest.raises(AnalysisError, match="'vi' must be positive"):
        pool_effects([raw.yi, 0.5], [raw.vi, 0.1])


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: paired_change([1, 2], [2, 4]), "at least three complete pairs, got 2"),
        (lambda: paired_change([1, None], [2, 4], standardised=False), "at least two complete pairs, got 1"),
        (lambda: paired_change([1, 2, 3], [1, 2]), "one value per respondent: got 3 and 2"),
        (lambda: paired_change_from_summary(3, 1, 3.5, 1, 40, 1.2), "correlation must be between -1 and 1"),
        (lambda: paired_change_from_summary(3, -1, 3.5, 1, 40, 0.5), "cannot be negative"),
        (lambda: paired_change_from_summary(3, 1, 3.5, 1, 40.5, 0.5), "whole number"),
        (lambda: paired_change_from_summary("3", 1, 3.5, 1, 40, 0.5), "'mean_before' must be a number"),
        (lambda: paired_change_from_summary(3, 1, math.nan, 1, 40, 0.5), "'mean_after' must be a finite number"),
    ],
)
def test_unusable_change_input_is_refused(call, message):
    with pytest.raises(AnalysisError, match=message):
        call()
