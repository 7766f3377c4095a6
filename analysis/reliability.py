"""Cronbach's alpha with the Feldt confidence interval, alpha if an item is dropped and item-rest correlations.

Everything follows ``psych::alpha`` (Revelle) and comes from one item covariance matrix C (k x k):

- alpha = k / (k - 1) * (1 - tr(C) / sum(C))  (psych: ``raw_alpha``)
- Feldt interval (psych: ``alpha.ci``, the "Feldt" line of ``print(alpha(x))``), with a = 1 - confidence,
  df1 = n - 1 and df2 = (n - 1)(k - 1):
  low = 1 - (1 - alpha) F_{1 - a/2}(df1, df2),  high = 1 - (1 - alpha) F_{a/2}(df1, df2)
- alpha if item i is dropped: the same formula on C without row and column i (psych: ``alpha.drop$raw_alpha``)
- corrected item-total (item-rest) correlation of item i: (sum_j C_ij - C_ii) / sqrt(C_ii * sum(C without i))
  (psych: ``item.stats$r.drop``)

Missing answers: ``missing="pairwise"`` (psych's default, ``cov(x, use = "pairwise")``) estimates each
covariance from the respondents who answered both items; ``"listwise"`` keeps only respondents who answered
every item (R: ``psych::alpha(na.omit(x))``). The pairwise matrix is built with three matrix products over the
answered-masks, never a loop over respondents or item pairs, so a million respondents take well under a second.

Differences from psych, on purpose: n for the Feldt interval counts respondents who answered at least one item
(psych counts every row, also rows with no answers at all; they are the same when no row is empty); with two
items "alpha if dropped" is ``nan`` (the alpha of one item is undefined; psych prints C12 / C22 there). Items
without variance are left out of the computation, as psych does, and named in ``note``.

References
----------
Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests. *Psychometrika*, 16, 297-334.
Feldt, L. S., Woodruff, D. J., & Salih, F. A. (1987). Statistical inference for coefficient alpha. *Applied
Psychological Measurement*, 11(1), 93-103.
Revelle, W. psych: Procedures for Psychological, Psychometric, and Personality Research (``alpha``).
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

from analysis._validate import as_matrix, check_confidence, check_method
from analysis.errors import AnalysisError
from analysis.results import Reliability

MISSING = ("pairwise", "listwise")


def cronbach_alpha(items, missing: str = "pairwise", confidence: float = 0.95) -> Reliability:
    """Cronbach's alpha of a scale, with the Feldt interval, alpha if item dropped and item-rest correlations.

    Parameters
    ----------
    items : 2-D array (respondents x items), or mapping / DataFrame of item code -> answers
        Item scores after reverse keying; NaN marks a missing answer.
    missing : {"pairwise", "listwise"}
        How missing answers enter the covariances (see the module text).
    confidence : float
        Level of the Feldt interval.

    Returns
    -------
    Reliability
        ``alpha_if_dropped`` and ``item_total`` follow the order of the items given (``nan`` for an item left
        out for having no variance).

    Examples
    --------
    >>> r = cronbach_alpha([[1, 2, 2], [2, 3, 3], [3, 3, 4], [4, 5, 4], [5, 4, 5]])
    >>> round(r.alpha, 4), r.n, r.k
    (0.9333, 5, 3)
    >>> [round(a, 4) for a in r.alpha_if_dropped]
    [0.8444, 0.9589, 0.8824]
    """
    check_method(missing, MISSING)
    level = check_confidence(confidence)
    matrix, names = as_matrix(items, "items")
    if matrix.shape[1] < 2:
        raise AnalysisError("Cronbach's alpha needs at least two items", column="items")
    answered = ~np.isnan(matrix)
    rows = answered.all(axis=1) if missing == "listwise" else answered.any(axis=1)
    if not rows.all():  # copying a million rows is the slow part; skip it when every row stays
        matrix, answered = matrix[rows], answered[rows]
    n = int(matrix.shape[0])
    if n < 2:
        raise AnalysisError(
            f"Cronbach's alpha needs at least two respondents ({missing}), got {n}", column="items"
        )
    covariance = _covariance(matrix, answered, names)
    keep = np.diag(covariance) > 0
    note = _dropped_note(names, keep)
    if keep.sum() < 2:
        raise AnalysisError("Cronbach's alpha needs at least two items with variance" + note, column="items")
    kept = covariance[np.ix_(keep, keep)]
    alpha = _alpha(kept)
    k = int(keep.sum())
    if_dropped, item_total = np.full(keep.size, np.nan), np.full(keep.size, np.nan)
    if_dropped[keep], item_total[keep] = _item_statistics(kept)
    if alpha > 1.0:
        # Only a pairwise matrix that is not positive definite can give this (psych prints it with a warning).
        # An alpha above 1 is not a reliability an evaluator can report: say so instead of printing it.
        alpha = math.nan
        if_dropped[:], item_total[:] = math.nan, math.nan
        note += _IMPOSSIBLE_ALPHA
    # Same cause, same answer: an alpha above 1 without an item, or a correlation above 1, is not reported.
    if_dropped[if_dropped > 1.0] = math.nan
    item_total[np.abs(item_total) > 1.0] = math.nan
    low, high = _feldt(alpha, n, k, level) if not math.isnan(alpha) else (math.nan, math.nan)
    return Reliability(
        alpha=alpha,
        ci_low=low,
        ci_high=high,
        n=n,
        k=k,
        missing=missing,
        alpha_if_dropped=tuple(float(a) for a in if_dropped),
        item_total=tuple(float(r) for r in item_total),
        note=note.strip("; "),
    )


_IMPOSSIBLE_ALPHA = (
    "; pairwise deletion gave an impossible alpha above 1 (the covariance matrix of the answers is not positive "
    "definite: too few respondents answered some pairs of items together); use missing='listwise' or more data"
)


def _covariance(matrix: np.ndarray, answered: np.ndarray, names: list[str]) -> np.ndarray:
    """R's ``cov(x, use = "pairwise")``: each entry from the rows where both items are answered.

    With A = answered mask and X the answers shifted by a per-column constant (missing set to 0):
    n_ij = (A'A)_ij, S_ij = (X'A)_ij = sum of item i over rows where j is answered, P = X'X, and
    cov_ij = (P_ij - S_ij S_ji / n_ij) / (n_ij - 1). Three matrix products, no loop over respondents or pairs.
    """
    counts = answered.sum(axis=0)
    if np.any(counts < 2):
        name = names[int(np.argmax(counts < 2))]
        raise AnalysisError(f"item '{name}' has fewer than two answers", column=name)
    # Shifting a column leaves covariances unchanged but keeps the sums small: no cancellation in P - S S' / n.
    shifted = matrix - _typical_values(matrix)
    np.copyto(shifted, 0.0, where=~answered)
    mask = answered.astype(np.float64)
    pair_n = mask.T @ mask
    sums = shifted.T @ mask
    products = shifted.T @ shifted
    if np.any(pair_n < 2):
        i, j = np.argwhere(pair_n < 2)[0]
        raise AnalysisError(
            f"items '{names[i]}' and '{names[j]}' are answered together by fewer than two respondents",
            column=names[i],
        )
    return (products - sums * sums.T / pair_n) / (pair_n - 1.0)


def _typical_values(matrix: np.ndarray) -> np.ndarray:
    """Mean of each column over the first few thousand rows (0 where none answered): a cheap centring constant."""
    head = matrix[:4096]
    seen = ~np.isnan(head)
    total = np.where(seen, head, 0.0).sum(axis=0)
    return total / np.maximum(seen.sum(axis=0), 1)


def _alpha(covariance: np.ndarray) -> float:
    k = covariance.shape[0]
    total = covariance.sum()
    return float(k / (k - 1.0) * (1.0 - np.trace(covariance) / total)) if total != 0 else math.nan


def _feldt(alpha: float, n: int, k: int, level: float) -> tuple[float, float]:
    """psych::alpha.ci: the F distribution of (1 - alpha) / (1 - alpha_hat) with n - 1 and (n - 1)(k - 1) df."""
    tail = (1.0 - level) / 2.0
    df1, df2 = n - 1, (n - 1) * (k - 1)
    low = 1.0 - (1.0 - alpha) * float(stats.f.ppf(1.0 - tail, df1, df2))
    high = 1.0 - (1.0 - alpha) * float(stats.f.ppf(tail, df1, df2))
    return low, high


def _item_statistics(covariance: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Alpha without each item and each item's correlation with the sum of the others, all from one matrix."""
    k = covariance.shape[0]
    variances = np.diag(covariance)
    with_rest = covariance.sum(axis=1) - variances  # cov(item i, sum of the other items)
    rest_variance = covariance.sum() - 2.0 * covariance.sum(axis=1) + variances  # var(sum of the others)
    # A pairwise matrix need not be positive definite: in tiny groups a rest variance can come out <= 0, and
    # the correlation is then undefined (nan), not an error.
    product = variances * rest_variance
    with np.errstate(invalid="ignore", divide="ignore"):
        item_total = np.where(product > 0, with_rest / np.sqrt(np.where(product > 0, product, 1.0)), np.nan)
    if k == 2:
        return np.full(k, math.nan), item_total
    rest_trace = np.trace(covariance) - variances
    safe = np.where(rest_variance != 0, rest_variance, np.nan)
    if_dropped = (k - 1.0) / (k - 2.0) * (1.0 - rest_trace / safe)
    return if_dropped, item_total


def _dropped_note(names: list[str], keep: np.ndarray) -> str:
    dropped = [name for name, kept in zip(names, keep, strict=True) if not kept]
    if not dropped:
        return ""
    listed = ", ".join(f"'{name}'" for name in dropped)
    return f"; items without variance left out (as psych::alpha does): {listed}"
