"""Ranks, tie counts and the exact null distributions of the Wilcoxon statistics (R's psignrank and pwilcox).

The exact distributions are counted by recursion over sample sizes, with additions only (no cancellation), so
tail probabilities keep their relative precision. R uses them only for samples under 50 without ties, where
they take milliseconds.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy import stats


def average_ranks(values: np.ndarray) -> np.ndarray:
    """Ranks with ties given their average rank, as R's ``rank()``."""
    return stats.rankdata(values, method="average")


def tie_sum(values: np.ndarray) -> float:
    """sum(t^3 - t) over groups of tied values: the term of the tie corrections."""
    _, counts = np.unique(values, return_counts=True)
    counts = counts.astype(np.float64)
    return float(np.sum(counts**3 - counts))


def has_ties(values: np.ndarray) -> bool:
    return np.unique(values).size < values.size


@lru_cache(maxsize=64)
def _signrank_counts(n: int) -> np.ndarray:
    """Number of subsets of {1..n} with each sum 0..n(n+1)/2 (the signed-rank statistic V under H0, times 2^n)."""
    counts = np.zeros(n * (n + 1) // 2 + 1)
    counts[0] = 1.0
    for k in range(1, n + 1):  # add rank k to every subset
        counts[k:] = counts[k:] + counts[:-k].copy()
    return counts


def signrank_exact_p(v: float, n: int) -> float:
    """Two-sided exact p of the signed-rank statistic V with n nonzero differences, as R's wilcox.test.

    >>> round(signrank_exact_p(40, 9), 5)   # R ?wilcox.test, depression data: V = 40, p-value = 0.03906
    0.03906
    """
    return _two_sided_exact(v, n * (n + 1) / 4.0, _signrank_counts(n))


@lru_cache(maxsize=64)
def _wilcox_counts(m: int, n: int) -> np.ndarray:
    """Counts of the Mann-Whitney statistic W (pairs x > y) for sample sizes m and n, W = 0..m*n.

    Recursion on the largest observation: it is an x (then it beats all n y's) or a y.
    f(i, j, w) = f(i - 1, j, w - j) + f(i, j - 1, w).
    """
    previous = [np.ones(1) for _ in range(m + 1)]  # j = 0: only W = 0
    for j in range(1, n + 1):
        current = [np.ones(1)]
        for i in range(1, m + 1):
            counts = np.zeros(i * j + 1)
            counts[: previous[i].size] += previous[i]
            counts[j : j + current[i - 1].size] += current[i - 1]
            current.append(counts)
        previous = current
    return previous[m]


def wilcox_exact_p(w: float, m: int, n: int) -> float:
    """Two-sided exact p of the rank-sum statistic W for sample sizes m and n, as R's wilcox.test.

    >>> round(wilcox_exact_p(0, 3, 3), 4)   # complete separation of 3 + 3: 2 of the 20 rank sets
    0.1
    """
    return _two_sided_exact(w, m * n / 2.0, _wilcox_counts(m, n))


def _two_sided_exact(statistic: float, center: float, counts: np.ndarray) -> float:
    """R's rule: twice the tail on the statistic's side of the centre, capped at 1 (both tails summed directly)."""
    s = round(statistic)
    tail = counts[s:].sum() if statistic > center else counts[: s + 1].sum()
    return float(min(1.0, 2.0 * tail / counts.sum()))
