import numpy as np
import pytest

from analysis.errors import AnalysisError
from analysis.response_table import ResponseTable
from analysis.scoring import score
from tests.analysis.small_instrument import small_instrument


def scored(method="mean", **columns):
    return score(ResponseTable.from_columns(columns), small_instrument(method=method))


def test_mean_score_reverses_on_declared_bounds_not_observed_values():
    # A3 = 2 reversed on 1..5 is 4, even though nobody answered 1 or 5
    table = scored(A1=[4, 3], A2=[4, 3], A3=[2, 3], B1=[2, 2], B2=[2, 4])
    np.testing.assert_allclose(table["S_A"], [4.0, 3.0])
    np.testing.assert_allclose(table["S_B"], [2.0, 3.0])


def test_percent_score_maps_bounds_to_0_and_100():
    table = scored(A1=[1, 5, 3], A2=[1, 5, 3], A3=[5, 1, 3], B1=[1, 1, 1], B2=[1, 1, 1])
    np.testing.assert_allclose(table["S_A_pct"], [0.0, 100.0, 50.0])
    assert "S_B_pct" not in table


def test_missing_codes_are_not_scored():
    # 9 = "don't know": the score is the mean of the other two items
    table = scored(A1=[5], A2=[9], A3=[3], B1=[1], B2=[1])
    np.testing.assert_allclose(table["S_A"], [4.0])


def test_score_needs_the_minimum_answered_share():
    # 1 of 3 answered is under the default 0.5; 2 of 3 is enough; 1 of 2 is exactly enough
    table = scored(A1=[5, 5], A2=[None, 4], A3=[9, None], B1=[1, None], B2=[None, None])
    assert np.isnan(table["S_A"][0])
    np.testing.assert_allclose(table["S_A"][1], 4.5)
    np.testing.assert_allclose(table["S_B"], [1.0, np.nan])


def test_sum_score_is_prorated_over_skipped_items():
    table = scored("sum", A1=[5, 5], A2=[4, None], A3=[1, 1], B1=[1, 2], B2=[1, 2])
    np.testing.assert_allclose(table["S_A"], [14.0, 15.0])
    np.testing.assert_allclose(table["S_B"], [2.0, 4.0])


def test_labels_in_any_language_are_read_as_codes():
    table = scored(
        A1=["Strongly agree", "täysin samaa mieltä"],
        A2=["5", "Helt av samma åsikt"],
        A3=["Strongly disagree", "Vet inte"],
        B1=[1, 1],
        B2=[1, 1],
    )
    np.testing.assert_allclose(table["S_A"], [5.0, 5.0])


def test_code_outside_the_choice_list_names_column_and_rows():
    with pytest.raises(AnalysisError, match=r"'A2'.*'7'.*rows 2, 3") as raised:
        scored(A1=[1, 2, 3], A2=[1, 7, 7], A3=[1, 1, 1], B1=[1, 1, 1], B2=[1, 1, 1])
    assert raised.value.column == "A2"


def test_unreadable_text_answer_names_column_and_row():
    with pytest.raises(AnalysisError, match=r"'A1'.*'maybe'.*\(row 2\)"):
        scored(A1=[1, "maybe"], A2=[1, 1], A3=[1, 1], B1=[1, 1], B2=[1, 1])


def test_missing_scale_column_is_an_error_naming_it():
    with pytest.raises(AnalysisError, match=r"S_B.*'B2'"):
        scored(A1=[1], A2=[1], A3=[1], B1=[1])


def test_scoring_many_rows_matches_a_row_by_row_mean():
    rng = np.random.default_rng(1)
    answers = {code: rng.choice([1, 2, 3, 4, 5, 9, np.nan], size=500) for code in ("A1", "A2", "A3", "B1", "B2")}
    table = scored(**answers)
    for row in range(500):
        values = [answers["A1"][row], answers["A2"][row], 6 - answers["A3"][row] if answers["A3"][row] < 9 else 9]
        kept = [v for v in values if v < 9]
        expected = np.mean(kept) if len(kept) >= 2 else np.nan
        np.testing.assert_allclose(table["S_A"][row], expected)
