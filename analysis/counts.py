"""Association in a contingency table: Pearson's chi-square test with Cramér's V, and Fisher's exact test.

Rows or columns with no observations are left out first (R's ``chisq.test`` would return NaN for them), and the
note says which.

Chi-square (R: ``chisq.test(table)``)
    E_ij = row_i col_j / N, X² = sum((|O - E| - Y)^2 / E) with Yates' correction Y = min(0.5, |O - E|) on 2 x 2
    tables (R's ``correct = TRUE``) and Y = 0 otherwise; df = (r - 1)(c - 1). The note warns when an expected
    count is below 5 (R: "Chi-squared approximation may be incorrect").
    Effect: Cramér's V with Bergsma's (2013) bias correction, effectsize's default (``cramers_v(table)``,
    ``adjust = TRUE``), from the uncorrected X²:
    phi²_adj = max(0, X²/N - df/(N - 1)), r_adj = r - (r - 1)²/(N - 1), c_adj = c - (c - 1)²/(N - 1),
    V = sqrt(phi²_adj / (min(r_adj, c_adj) - 1)). Interval one-sided [low, 1] (effectsize's default
    ``alternative = "greater"``): the same formula applied to the chi-square noncentrality λ with
    P(X'² <= X² | λ) = confidence.

Fisher's exact test (R: ``fisher.test(table)``)
    2 x 2: p sums the hypergeometric probabilities of all tables no more likely than the observed one (relative
    tolerance 1e-7, as R). The odds ratio is the conditional maximum-likelihood estimate (the odds ratio of the
    noncentral hypergeometric distribution whose mean is the observed count), its interval the two one-sided
    limits at (1 - confidence)/2 (Cornfield 1956), as R computes them.
    Larger tables: the exact p-value by enumerating every table with the observed margins
    (:mod:`analysis._fisher`), up to a limit beyond which an AnalysisError suggests the chi-square test.

References
----------
Agresti, A. (2002). *Categorical data analysis* (2nd ed.). Wiley. (Sections 3.5 and 16.6)
Bergsma, W. (2013). A bias-correction for Cramér's V and Tschuprow's T. *Journal of the Korean Statistical
Society*, 42(3), 323-328.
Fisher, R. A. (1935). The logic of inductive inference. *JRSS*, 98(1), 39-82.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

from analysis import _fisher
from analysis._effects import NAN
from analysis._ncp import chi2_ncp_lower
from analysis._validate import check_confidence, check_method
from analysis.errors import AnalysisError
from analysis.readings import reading
from analysis.results import Comparison

METHODS = ("chi2", "fisher")


def compare_counts(table, method: str = "chi2", confidence: float = 0.95) -> Comparison:
    """Test the association of two categorical variables from their table of counts.

    Parameters
    ----------
    table : 2-D array of non-negative whole numbers
        Counts, rows = categories of one variable, columns = of the other.
    method : {"chi2", "fisher"}
    confidence : float
        Level of the interval (one-sided for Cramér's V, two-sided for the odds ratio).

    Returns
    -------
    Comparison
        ``effect`` is ``"cramers_v"`` (chi2) or ``"odds_ratio"`` (Fisher, 2 x 2; ``nan`` for larger tables).

    Examples
    --------
    R's ``fisher.test(TeaTasting)``: p-value = 0.4857, odds ratio 6.408309, interval 0.2117329 621.9337505.

    >>> result = compare_counts([[3, 1], [1, 3]], "fisher")
    >>> round(result.p, 4), round(result.effect_size, 4), round(result.ci_low, 4), round(result.ci_high, 2)
    (0.4857, 6.4083, 0.2117, 621.93)
    """
    check_method(method, METHODS)
    level = check_confidence(confidence)
    counts, note = _clean_table(table)
    if method == "chi2":
        return _chi_square(counts, level, note)
    if counts.shape == (2, 2):
        return _fisher_2x2(counts, level, note)
    p = _fisher.exact_p(counts)
    return Comparison(
        test="fisher",
        statistic=NAN,
        df=NAN,
        p=p,
        effect="odds_ratio",
        effect_size=NAN,
        ci_low=NAN,
        ci_high=NAN,
        n=int(counts.sum()),
        exact=True,
        note=f"exact p by enumerating all tables with the observed margins; no odds ratio beyond 2 x 2{note}",
        reading=reading("odds_ratio", NAN),
    )


def _clean_table(table) -> tuple[np.ndarray, str]:
    try:
        counts = np.asarray(table, dtype=np.float64)
    except (TypeError, ValueError):
        raise AnalysisError("the table must contain counts (whole numbers)", column="table") from None
    if counts.ndim != 2:
        raise AnalysisError(f"the table must have rows and columns, got shape {counts.shape}", column="table")
    if np.any(np.isnan(counts)) or np.any(counts < 0) or np.any(counts != np.round(counts)):
        raise AnalysisError("the table must contain non-negative whole numbers (no missing cells)", column="table")
    rows, columns = counts.sum(axis=1) > 0, counts.sum(axis=0) > 0
    note = ""
    if not rows.all() or not columns.all():
        empty_rows = [str(i + 1) for i in np.flatnonzero(~rows)]
        empty_columns = [str(j + 1) for j in np.flatnonzero(~columns)]
        parts = [
            f"rows {', '.join(empty_rows)}" if empty_rows else "",
            f"columns {', '.join(empty_columns)}" if empty_columns else "",
        ]
        note = "; empty " + " and ".join(p for p in parts if p) + " left out"
        counts = counts[np.ix_(rows, columns)]
    if counts.shape[0] < 2 or counts.shape[1] < 2:
        raise AnalysisError(
            f"a test of association needs at least two non-empty rows and columns, got {counts.shape[0]} x "
            f"{counts.shape[1]}",
            column="table",
        )
    return counts, note


def _chi_square(counts: np.ndarray, level: float, note: str) -> Comparison:
    n = float(counts.sum())
    expected = np.outer(counts.sum(axis=1), counts.sum(axis=0)) / n
    deviation = np.abs(counts - expected)
    yates = counts.shape == (2, 2)
    correction = np.minimum(0.5, deviation) if yates else 0.0
    statistic = float(((deviation - correction) ** 2 / expected).sum())
    uncorrected = float((deviation**2 / expected).sum())
    r, c = counts.shape
    df = float((r - 1) * (c - 1))
    v = _cramers_v(uncorrected, n, r, c)
    low = _cramers_v(chi2_ncp_lower(uncorrected, df, level), n, r, c)
    notes = ["Yates' continuity correction (2 x 2)"] if yates else []
    if np.any(expected < 5):
        notes.append("some expected counts are below 5: the chi-square approximation may be inaccurate")
    notes.append("Cramér's V bias-corrected (effectsize default adjust = TRUE), one-sided interval [low, 1]")
    return Comparison(
        test="chi2",
        statistic=statistic,
        df=df,
        p=float(stats.chi2.sf(statistic, df)),
        effect="cramers_v",
        effect_size=v,
        ci_low=low,
        ci_high=1.0,
        n=int(n),
        exact=False,
        note="; ".join(notes) + note,
        reading=reading("cramers_v", v, df=min(r, c) - 1),
    )


def _cramers_v(chi2: float, n: float, r: int, c: int) -> float:
    """Bergsma's bias-corrected Cramér's V, as effectsize::chisq_to_cramers_v(adjust = TRUE)."""
    if math.isnan(chi2):
        return NAN
    df = (r - 1) * (c - 1)
    phi2 = max(0.0, chi2 / n - df / (n - 1.0))
    r_adj = r - (r - 1) ** 2 / (n - 1.0)
    c_adj = c - (c - 1) ** 2 / (n - 1.0)
    scale = min(r_adj, c_adj) - 1.0
    return min(1.0, math.sqrt(phi2 / scale)) if scale > 0 else NAN  # scale <= 0 only for N of 2 or 3


def _fisher_2x2(counts: np.ndarray, level: float, note: str) -> Comparison:
    estimate, low, high = _fisher.conditional_odds_ratio(counts, level)
    return Comparison(
        test="fisher",
        statistic=NAN,
        df=NAN,
        p=_fisher.exact_p(counts),
        effect="odds_ratio",
        effect_size=estimate,
        ci_low=low,
        ci_high=high,
        n=int(counts.sum()),
        exact=True,
        note="conditional maximum-likelihood odds ratio with its exact (Cornfield) interval, as fisher.test"
        + note,
        reading=reading("odds_ratio", estimate),
    )
