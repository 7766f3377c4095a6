"""adjust_p against R's p.adjust.

R outputs quoted as recorded next to R calls in several public test suites (exact-string search), e.g.
p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), "holm") -> 0.05 0.08 0.09 0.09 0.09.
"""

import math

import pytest

from analysis import adjust_p
from analysis.errors import AnalysisError


def test_holm_matches_r():
    # p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), method = "holm") -> 0.05 0.08 0.09 0.09 0.09
    assert adjust_p([0.01, 0.02, 0.03, 0.04, 0.05], "holm") == pytest.approx([0.05, 0.08, 0.09, 0.09, 0.09])


def test_bh_matches_r():
    # p.adjust(c(0.001, 0.008, 0.039, 0.041, 0.042, 0.06), method = "BH")
    #   -> 0.00600 0.02400 0.05040 0.05040 0.05040 0.06000
    assert adjust_p([0.001, 0.008, 0.039, 0.041, 0.042, 0.06], "bh") == pytest.approx(
        [0.006, 0.024, 0.0504, 0.0504, 0.0504, 0.06]
    )
    # p.adjust(c(0, 0.001, 0.001, 0.5, 1, 0.75), "BH") -> 0 0.002 0.002 0.75 1 0.90 (ties and bounds)
    assert adjust_p([0, 0.001, 0.001, 0.5, 1, 0.75], "bh") == pytest.approx([0, 0.002, 0.002, 0.75, 1, 0.9])


def test_missing_p_values_stay_missing_and_are_not_counted():
    # p.adjust(c(0.001, 0.01, 0.04, 0.2, 0.5, NA), "BH") -> 0.005 0.025 0.0667 0.25 0.5 NA (n = 5, not 6)
    adjusted = adjust_p([0.001, 0.01, 0.04, 0.2, 0.5, float("nan")], "bh")
    assert adjusted[:5] == pytest.approx([0.005, 0.025, 0.04 * 5 / 3, 0.25, 0.5])
    assert math.isnan(adjusted[5])
    assert adjust_p([float("nan"), 0.01, None], "holm")[1] == pytest.approx(0.01)


def test_results_keep_the_order_given():
    # Holm by hand: sorted 0.01, 0.03, 0.04 -> 0.03, 0.06, 0.06 (running maximum), returned in input order.
    assert adjust_p([0.04, 0.01, 0.03], "holm") == pytest.approx([0.06, 0.03, 0.06])


def test_adjusted_p_values_never_exceed_one():
    assert adjust_p([0.6, 0.7], "holm") == [1.0, 1.0]


def test_no_p_values_give_an_empty_list():
    assert adjust_p([], "bh") == []


@pytest.mark.parametrize(
    ("pvalues", "method", "says"),
    [([0.5, 1.5], "holm", "between 0 and 1"), ([0.5], "bonferroni", "method must be one of")],
)
def test_bad_input_raises_an_error(pvalues, method, says):
    with pytest.raises(AnalysisError, match=says):
        adjust_p(pvalues, method)
