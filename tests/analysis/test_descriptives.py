"""describe against R's printed output on mtcars$mpg (mean, sd, quantile type 7, t.test interval)."""

import math

import pytest

from analysis import describe
from analysis.errors import AnalysisError
from tests.analysis.r_datasets import MTCARS_MPG


def test_describe_matches_r_on_mtcars_mpg():
    # mean(mtcars$mpg) 20.09062; sd(mtcars$mpg) 6.026948; t.test(mtcars$mpg)$conf.int 17.91768 22.26357;
    # quantile(mtcars$mpg): 10.400 15.425 19.200 22.800 33.900 (R output quoted in public R course notes)
    result = describe(MTCARS_MPG)
    assert result.n == 32
    assert result.mean == pytest.approx(20.09062, abs=1e-5)  # exactly 642.9 / 32 = 20.090625
    assert result.sd == pytest.approx(6.026948, abs=5e-7)
    assert result.se == pytest.approx(6.026948 / math.sqrt(32), abs=5e-7)
    assert result.ci_low == pytest.approx(17.91768, abs=5e-6)
    assert result.ci_high == pytest.approx(22.26357, abs=5e-6)
    assert (result.min, result.q1, result.median, result.q3, result.max) == pytest.approx(
        (10.4, 15.425, 19.2, 22.8, 33.9)
    )


def test_quartiles_interpolate_as_r_type_7():
    # Hand computation: for 1..4, type 7 puts q1 at 1 + 3 * 0.25 = 1.75 and q3 at 3.25.
    result = describe([4, 1, 3, 2])
    assert (result.q1, result.median, result.q3) == (1.75, 2.5, 3.25)


def test_missing_values_are_left_out():
    assert describe([1.0, None, float("nan"), 3.0]).mean == 2.0
    assert describe([1.0, None, float("nan"), 3.0]).n == 2


def test_one_value_has_no_spread_and_no_values_have_nothing():
    one = describe([5.0])
    assert one.n == 1 and one.mean == 5.0 and math.isnan(one.sd) and math.isnan(one.ci_low)
    empty = describe([float("nan"), None])
    assert empty.n == 0 and math.isnan(empty.mean) and math.isnan(empty.median)


def test_confidence_level_widens_the_interval():
    assert describe(MTCARS_MPG, confidence=0.99).ci_low < describe(MTCARS_MPG).ci_low


@pytest.mark.parametrize(
    ("values", "confidence", "says"),
    [
        (["1", 2], 0.95, "non-numeric values at positions 0"),
        ([[1, 2], [3, 4]], 0.95, "one column"),
        (5, 0.95, "a single int"),
        ([1, 2], 95, "between 0 and 1"),
    ],
)
def test_bad_values_raise_an_error(values, confidence, says):
    with pytest.raises(AnalysisError, match=says):
        describe(values, confidence=confidence)


def test_a_pandas_column_with_missing_values_is_read_as_numbers():
    import pandas as pd

    result = describe(pd.Series(pd.array([1, None, 3], dtype="Int64")))
    assert (result.n, result.mean) == (2, 2.0)
