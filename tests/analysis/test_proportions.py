"""wilson_interval: R's prop.test(x, n, correct = FALSE)$conf.int as printed in public answers, and closed forms.

The interval is Wilson's (1927) score interval, which R's prop.test gives without continuity correction. Its
closed forms at the edges are easy to verify by hand: at x = 0 the limits are 0 and z^2 / (n + z^2), and they are
symmetric in x <-> n - x.
"""

import math

import pytest

from analysis import wilson_interval
from analysis.errors import AnalysisError

Z = 1.959963984540054  # qnorm(0.975)


@pytest.mark.parametrize(
    ("successes", "n", "confidence", "low", "high", "decimals"),
    [
        # https://math.stackexchange.com/questions/2519873 (question and answer), R output as printed:
        # prop.test(0.916 * 500, n = 500, conf.level = 0.9, correct = FALSE): 0.8932886 0.9342336
        (458, 500, 0.90, 0.8932886, 0.9342336, 7),
        # prop.test(0.016 * 500, n = 500, conf.level = 0.9, correct = FALSE): 0.009038314 0.028171427
        (8, 500, 0.90, 0.009038314, 0.028171427, 9),
        # prop.test(484, 500, correct = FALSE)$conf: 0.9486551 0.9802085
        (484, 500, 0.95, 0.9486551, 0.9802085, 7),
        # https://stats.stackexchange.com/questions/183225: prop.test(319, 1100, conf.level = 0.99,
        # correct = FALSE) gives the 99% CI (0.2561, 0.3264)
        (319, 1100, 0.99, 0.2561, 0.3264, 4),
    ],
)
def test_interval_matches_r_prop_test_without_continuity_correction(successes, n, confidence, low, high, decimals):
    share = wilson_interval(successes, n, confidence)
    assert share.proportion == pytest.approx(successes / n)
    half_unit = 0.5 * 10.0**-decimals
    assert (share.ci_low, share.ci_high) == pytest.approx((low, high), abs=half_unit)


def test_zero_successes_give_the_closed_form_upper_limit():
    share = wilson_interval(0, 20)
    assert share.proportion == 0.0
    assert share.ci_low == 0.0
    assert share.ci_high == pytest.approx(Z**2 / (20 + Z**2), rel=1e-12)


def test_half_gives_a_symmetric_interval_from_the_closed_form():
    # At p = 1/2: centre 1/2, half-width z sqrt(n + z^2) / (2 (n + z^2)) ... = z / (2 sqrt(n + z^2)).
    share = wilson_interval(10, 20)
    half = Z / (2 * math.sqrt(20 + Z**2))
    assert (share.ci_low, share.ci_high) == pytest.approx((0.5 - half, 0.5 + half), rel=1e-12)


def test_interval_mirrors_for_failures():
    yes, no = wilson_interval(3, 17), wilson_interval(14, 17)
    assert (yes.ci_low, yes.ci_high) == pytest.approx((1 - no.ci_high, 1 - no.ci_low), rel=1e-12)


def test_no_answers_give_nan():
    share = wilson_interval(0, 0)
    assert share.n == 0 and math.isnan(share.proportion) and math.isnan(share.ci_low)


@pytest.mark.parametrize(("successes", "n"), [(5, 3), (-1, 3), (1.5, 3), ("a", 3)])
def test_impossible_counts_raise_an_error(successes, n):
    with pytest.raises(AnalysisError):
        wilson_interval(successes, n)
