"""Properties of pool_effects and paired_change on random projects: results that make sense, or an AnalysisError.

Any finite effects with positive variances (k >= 2) pool to a finite estimate inside its interval, inside the
prediction interval, with tau² >= 0 and I² in [0, 100); the order of the projects does not matter; and a
random-effects model whose tau² is 0 is the common-effect model. Odd input (NaN, infinities, huge or tiny
numbers) gives either such a result or an AnalysisError. pytest turns warnings into errors, so a NumPy
overflow or division warning fails these tests too.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from analysis import paired_change, pool_effects
from tests.analysis.test_properties import ODD, ordered, outcome, probability

PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

METHOD = st.sampled_from(["REML", "DL", "FE"])
TEST = st.sampled_from(["z", "knha"])
EFFECT = st.floats(-1e3, 1e3, allow_nan=False)
VARIANCE = st.floats(1e-4, 1e2, allow_nan=False)


def projects(effects=EFFECT, variances=VARIANCE, min_size: int = 2, max_size: int = 20):
    """Equal-length lists (yi, vi)."""
    return st.integers(min_size, max_size).flatmap(
        lambda k: st.tuples(st.lists(effects, min_size=k, max_size=k), st.lists(variances, min_size=k, max_size=k))
    )


def _check(result, yi) -> None:
    assert math.isfinite(result.estimate) and ordered(min(yi), result.estimate, max(yi))  # a weighted mean
    assert math.isfinite(result.se) and result.se >= 0.0
    assert ordered(result.ci_low, result.estimate, result.ci_high), result
    assert result.pi_low <= result.ci_low and result.ci_high <= result.pi_high, result
    assert result.tau2 >= 0.0 and result.q >= 0.0
    assert probability(result.p) and probability(result.q_p)
    assert result.k == len(yi)


@PROPERTY
@given(projects(), METHOD, TEST, st.sampled_from([0.8, 0.95, 0.99]))
def test_pooled_estimate_lies_in_its_intervals(data, method, test, confidence):
    yi, vi = data
    result = pool_effects(yi, vi, method=method, test=test, confidence=confidence)
    _check(result, yi)
    assert 0.0 <= result.i2 < 100.0
    assert not math.isnan(result.p) or result.estimate == 0.0  # nan only for 0 / 0 under Knapp-Hartung


@PROPERTY
@given(projects(st.one_of(EFFECT, ODD), st.one_of(VARIANCE, ODD), min_size=0, max_size=8), METHOD, TEST)
def test_odd_input_is_pooled_or_refused_with_a_message(data, method, test):
    yi, vi = data
    result = outcome(pool_effects, yi, vi, method=method, test=test)
    if result is not None:
        _check(result, yi)
        assert 0.0 <= result.i2 <= 100.0


@PROPERTY
@given(projects(), METHOD, TEST, st.randoms(use_true_random=False))
def test_order_of_projects_does_not_matter(data, method, test, random):
    yi, vi = data
    order = list(range(len(yi)))
    random.shuffle(order)
    given_order = pool_effects(yi, vi, method=method, test=test)
    shuffled = pool_effects([yi[i] for i in order], [vi[i] for i in order], method=method, test=test)
    for name in ("estimate", "se", "ci_low", "ci_high", "p", "tau2", "i2", "q", "pi_low", "pi_high"):
        expected = pytest.approx(getattr(given_order, name), rel=1e-7, abs=1e-9, nan_ok=True)
        assert getattr(shuffled, name) == expected, name


@PROPERTY
@given(projects(st.floats(0.0, 0.2), st.floats(0.1, 2.0)), st.sampled_from(["REML", "DL"]), TEST)
def test_random_effects_with_tau2_at_zero_is_the_common_effect(data, method, test):
    yi, vi = data
    random_effects = pool_effects(yi, vi, method=method, test=test)
    assume(random_effects.tau2 == 0.0)
    common = pool_effects(yi, vi, method="FE", test=test)
    for name in ("estimate", "se", "ci_low", "ci_high", "statistic", "p", "q", "q_p", "pi_low", "pi_high"):
        assert getattr(random_effects, name) == pytest.approx(getattr(common, name), rel=1e-12, nan_ok=True), name


@PROPERTY
@given(
    st.integers(0, 12).flatmap(
        lambda n: st.tuples(st.lists(st.one_of(EFFECT, ODD), min_size=n, max_size=n),
                            st.lists(st.one_of(EFFECT, ODD), min_size=n, max_size=n))
    ),
    st.booleans(),
)  # fmt: skip
def test_paired_change_has_a_usable_variance_or_says_why(pair, standardised):
    effect = outcome(paired_change, *pair, standardised=standardised)
    if effect is None:
        return
    if effect.note:
        return  # no variation in the differences: nan (standardised) or vi = 0 (raw), as the note says
    assert math.isfinite(effect.yi) and effect.vi > 0.0
    if standardised:
        assert effect.vi >= 1.0 / effect.n


@pytest.mark.parametrize(
    ("yi", "vi", "method"),
    [
        ([0.0, 1.0], [1.8569096862836493e-42, 7.9143161882307015e34], "DL"),  # was I² 100, H² -1.9e25
        ([-1.0, -394.9695930816006], [2.061453570370613e45, 4.510565655585344e19], "DL"),  # was a 0 / 0
        ([1.0, 0.0, 692.8], [4.03815359145397e-11, 3.5652561698267658e22, 3.8894061992924187e31], "REML"),
    ],
)
def test_one_project_outweighing_the_rest_by_far_keeps_i2_a_share(yi, vi, method):
    """tr(P) summed as Σ (wᵢ − wᵢ²/S) cancelled to noise, even below 0, here (found by a random search)."""
    result = pool_effects(yi, vi, method=method)
    _check(result, yi)
    assert 0.0 <= result.i2 <= 100.0 and result.h2 >= 1.0
