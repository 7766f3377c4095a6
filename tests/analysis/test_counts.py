"""compare_counts against R's printed output (stats::chisq.test, fisher.test; effectsize::cramers_v).

Outputs of R are quoted as printed; each was checked by exact-string search to appear in public R documentation
or notebooks. effectsize outputs are from https://easystats.github.io/effectsize/reference/.
"""

import math

import pytest

from analysis import compare_counts
from analysis.errors import AnalysisError

# ?chisq.test: M <- as.table(rbind(c(762, 327, 468), c(484, 239, 477))) (gender by party)
PARTY = [[762, 327, 468], [484, 239, 477]]
# effectsize's Music_preferences data (https://easystats.github.io/effectsize/reference/phi.html)
MUSIC = [[150, 100, 165, 130], [50, 65, 35, 10], [2, 55, 40, 25]]
# sex by diagnosis from the CAMH-SCWG R workshop notes ("example-party", 01-import-your-data): ftable(dx ~ sex)
SEX_BY_DIAGNOSIS = [[37, 90], [127, 86]]
# R's ?fisher.test: TeaTasting <- matrix(c(3, 1, 1, 3), nrow = 2)
TEA_TASTING = [[3, 1], [1, 3]]


def test_chi_square_matches_r_on_the_party_table():
    # chisq.test(M): X-squared = 30.07, df = 2, p-value = 2.954e-07 (R's ?chisq.test example)
    result = compare_counts(PARTY)
    assert result.statistic == pytest.approx(30.07, abs=0.005)
    assert result.df == 2
    assert result.p == pytest.approx(2.954e-07, rel=5e-4)


def test_chi_square_uses_yates_correction_on_2x2_tables_as_r():
    # chisq.test(dxXsex_table): "Pearson's Chi-squared test with Yates' continuity correction",
    # X-squared = 28.415, df = 1, p-value = 9.791e-08
    result = compare_counts(SEX_BY_DIAGNOSIS)
    assert result.statistic == pytest.approx(28.415, abs=5e-4)
    assert result.p == pytest.approx(9.791e-08, rel=5e-4)
    assert "Yates" in result.note


def test_cramers_v_matches_effectsize_bias_corrected_default():
    # cramers_v(Music_preferences): Cramer's V (adj.) 0.23 [0.18, 1.00], one-sided
    result = compare_counts(MUSIC)
    assert result.effect == "cramers_v"
    assert (round(result.effect_size, 2), round(result.ci_low, 2), result.ci_high) == (0.23, 0.18, 1.0)
    # cramers_v(M) for rbind(c(150, 130, 35, 55), c(100, 50, 10, 40), c(165, 65, 2, 25)): 0.17 [0.11, 1.00]
    other = compare_counts([[150, 130, 35, 55], [100, 50, 10, 40], [165, 65, 2, 25]])
    assert (round(other.effect_size, 2), round(other.ci_low, 2)) == (0.17, 0.11)


def test_cramers_v_on_2x2_uses_the_uncorrected_chi_square():
    # interpret(cramers_v(chisq.test(mtcars$am, mtcars$cyl == 8))): 0.44 [0.03, 1.00]
    # (https://easystats.github.io/effectsize/reference/interpret.html); table of am by cyl == 8 in mtcars
    result = compare_counts([[7, 12], [11, 2]])
    assert (round(result.effect_size, 2), round(result.ci_low, 2)) == (0.44, 0.03)


def test_fisher_matches_r_on_tea_tasting_including_its_interval():
    # fisher.test(TeaTasting): p-value = 0.4857, 95 percent confidence interval 0.2117329 621.9337505,
    # odds ratio 6.408309 (R's ?fisher.test example; printed output in public R notes)
    result = compare_counts(TEA_TASTING, method="fisher")
    assert result.exact
    assert result.p == pytest.approx(0.4857, abs=5e-5)
    assert result.effect == "odds_ratio"
    assert result.effect_size == pytest.approx(6.408309, abs=5e-7)
    assert result.ci_low == pytest.approx(0.2117329, abs=5e-8)
    assert result.ci_high == pytest.approx(621.9337505, abs=5e-7)


def test_fisher_matches_r_on_a_larger_2x2_table():
    # fisher.test(dxXsex_table): p-value = 5.68e-08, interval 0.1686647 0.4567064, odds ratio 0.279488
    result = compare_counts(SEX_BY_DIAGNOSIS, method="fisher")
    assert result.p == pytest.approx(5.68e-08, rel=5e-4)
    assert result.effect_size == pytest.approx(0.279488, abs=5e-7)
    assert result.ci_low == pytest.approx(0.1686647, abs=5e-8)
    assert result.ci_high == pytest.approx(0.4567064, abs=5e-8)


def test_fisher_on_a_zero_cell_gives_a_zero_odds_ratio():
    # Hand computation: [[0, 5], [3, 2]]: the top-left count X is at its minimum, so the conditional MLE is 0 and
    # so is the lower limit. With row 1 = 5, column 1 = 3, N = 10: P(X = 0) = P(X = 3) = 21/252 are the tables
    # no more likely than the observed one (P(X = 1) = 105/252, P(X = 2) = 63/252), so p = 42/252 = 1/6.
    result = compare_counts([[0, 5], [3, 2]], method="fisher")
    assert result.effect_size == 0.0 and result.ci_low == 0.0
    assert result.p == pytest.approx(1 / 6)


def test_fisher_on_a_larger_table_gives_the_exact_p():
    # Hand computation: [[1, 0, 0], [0, 1, 0], [0, 0, 1]] has 6 tables with all margins 1 (permutations), each
    # of probability 1/6 and none less likely than the observed one, so p = 1.
    assert compare_counts([[1, 0, 0], [0, 1, 0], [0, 0, 1]], method="fisher").p == pytest.approx(1.0)


@pytest.mark.slow
def test_fisher_matches_r_on_the_job_satisfaction_table():
    # ?fisher.test: Job <- matrix(c(1,2,1,0, 3,3,6,1, 10,10,14,9, 6,7,12,11), 4, 4); fisher.test(Job):
    # p-value = 0.7827
    job = [[1, 3, 10, 6], [2, 3, 10, 7], [1, 6, 14, 12], [0, 1, 9, 11]]
    assert compare_counts(job, method="fisher").p == pytest.approx(0.7827, abs=5e-5)


def test_empty_rows_and_columns_are_left_out_and_named():
    result = compare_counts([[7, 0, 12], [11, 0, 2], [0, 0, 0]])
    assert result.df == 1
    assert "rows 3" in result.note and "columns 2" in result.note


def test_small_expected_counts_are_flagged():
    assert "below 5" in compare_counts([[3, 1], [1, 3]]).note


@pytest.mark.parametrize(
    ("table", "says"),
    [
        ([1, 2, 3], "rows and columns"),
        ([[1, 2], [3, -1]], "non-negative whole numbers"),
        ([[1.5, 2], [3, 1]], "non-negative whole numbers"),
        ([[1, 2], [3, float("nan")]], "non-negative whole numbers"),
        ([[1, 2], [0, 0]], "at least two non-empty rows"),
        ([["a", 2], [3, 1]], "counts"),
    ],
)
def test_bad_tables_raise_an_error(table, says):
    with pytest.raises(AnalysisError, match=says):
        compare_counts(table)


def test_a_fisher_table_too_large_to_enumerate_says_so(monkeypatch):
    from analysis import _fisher

    monkeypatch.setattr(_fisher, "MAX_PARTIAL_TABLES", 10)
    with pytest.raises(AnalysisError, match="use the chi-square test"):
        compare_counts([[5, 3, 4], [2, 6, 3], [4, 4, 5]], method="fisher")


def test_reading_names_the_convention_and_the_table_size():
    result = compare_counts(MUSIC)
    assert "df* = 2" in result.reading.en
    assert not math.isnan(result.effect_size)


def test_a_table_of_two_people_gives_nan_for_cramers_v_instead_of_failing():
    # Bergsma's correction needs N > 3 here: min(r_adj, c_adj) - 1 = 1 - 1 / (N - 1) is 0 for N = 2.
    result = compare_counts([[1, 0], [0, 1]])
    assert math.isnan(result.effect_size)
    assert result.p == pytest.approx(1.0)
