"""Paired comparisons (before/after on the same respondents): the paired t test and the Wilcoxon signed-rank test.

Differences are ``after - before`` (positive = an increase), so ``compare_paired(before, after)`` is R's
``t.test(after, before, paired = TRUE)`` and ``wilcox.test(after, before, paired = TRUE)``. Pairs with a missing
value on either side are left out.

Paired t test
    d_i = after_i - before_i, t = mean(d) / (sd(d) / sqrt(n)), df = n - 1.
    Effect: Cohen's d_z = mean(d) / sd(d) with the noncentral-t interval: the limits of the noncentrality
    parameter for t divided by sqrt(n) (effectsize: ``cohens_d(after, before, paired = TRUE)``, equivalently
    ``cohens_d(after - before)``; Steiger 2004).

Wilcoxon signed-rank test (R's defaults)
    Zero differences are dropped; the n remaining |d_i| are ranked (ties get average ranks) and V is the sum of
    the ranks of the positive differences. The p-value is exact when n < 50 and there are no ties and no zeros;
    otherwise the normal approximation with continuity correction:
    z = (V - n(n + 1)/4 - 0.5 sign(.)) / sqrt(n(n + 1)(2n + 1)/24 - sum(t^3 - t)/48).
    Effect: the matched-pairs rank-biserial correlation r = (V - (S - V)) / S, S = n(n + 1)/2 (Kerby 2014), with
    effectsize's interval: tanh(atanh(r) ± z_{1 - a/2} SE), SE = sqrt((2n^3 + 3n^2 + n) / 6) / S.

References
----------
Cohen, J. (1988). *Statistical power analysis for the behavioral sciences* (2nd ed.). Erlbaum.
Kerby, D. S. (2014). The simple difference formula. *Comprehensive Psychology*, 3, 11.IT.3.1.
Wilcoxon, F. (1945). Individual comparisons by ranking methods. *Biometrics Bulletin*, 1(6), 80-83.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

from analysis._effects import NAN, rank_biserial_interval, undefined
from analysis._ncp import t_ncp_interval
from analysis._ranks import average_ranks, has_ties, signrank_exact_p, tie_sum
from analysis._validate import as_vector, check_confidence, check_method
from analysis.errors import AnalysisError
from analysis.readings import reading
from analysis.results import Comparison

METHODS = ("t", "wilcoxon")


def compare_paired(before, after, method: str = "t", confidence: float = 0.95) -> Comparison:
    """Compare paired measurements: ``"t"`` (paired t test, Cohen's d_z) or ``"wilcoxon"`` (signed-rank, r_rb).

    Parameters
    ----------
    before, after : sequences of numbers of the same length
        The two measurements of each respondent, in the same order; NaN for missing.
    method : {"t", "wilcoxon"}
    confidence : float
        Level of the effect-size interval.

    Returns
    -------
    Comparison
        ``n`` is the number of complete pairs; ``estimate`` the mean difference (t test).

    Examples
    --------
    R's ``sleep`` data (``t.test(extra ~ group, data = sleep, paired = TRUE)``: t = -4.0621, df = 9,
    p-value = 0.002833; here group 2 is "after", so the signs flip):

    >>> g1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
    >>> g2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]
    >>> result = compare_paired(g1, g2)
    >>> round(result.statistic, 4), result.df, round(result.p, 6), round(result.effect_size, 2)
    (4.0621, 9.0, 0.002833, 1.28)
    """
    check_method(method, METHODS)
    level = check_confidence(confidence)
    differences = paired_differences(before, after)
    if method == "t":
        return _paired_t(differences, level)
    return _signed_rank(differences, level)


def paired_differences(before, after) -> np.ndarray:
    """``after - before`` for the complete pairs (a missing value on either side leaves the pair out).

    >>> paired_differences([1, 2, None, 4], [2, 2, 3, 6])
    array([1., 0., 2.])
    """
    first, second = as_vector(before, "before"), as_vector(after, "after")
    if first.size != second.size:
        raise AnalysisError(
            f"'before' and 'after' must have one value per respondent: got {first.size} and {second.size}"
        )
    complete = ~(np.isnan(first) | np.isnan(second))
    return second[complete] - first[complete]


def _paired_t(d: np.ndarray, level: float) -> Comparison:
    n = int(d.size)
    if n < 2:
        raise AnalysisError(f"a paired t test needs at least two complete pairs, got {n}")
    mean = float(d.mean())
    sd = float(d.std(ddof=1))
    if sd == 0.0:
        return undefined(
            "paired_t", "cohens_dz", n, "all differences are equal: t and d_z are undefined", estimate=mean
        )
    se = sd / math.sqrt(n)
    t = mean / se
    p = float(2.0 * stats.t.sf(abs(t), n - 1))
    low, high = t_ncp_interval(t, n - 1, level)
    d_z = mean / sd
    margin = float(stats.t.ppf(0.5 + level / 2.0, n - 1)) * se
    return Comparison(
        test="paired_t",
        statistic=t,
        df=float(n - 1),
        p=p,
        effect="cohens_dz",
        effect_size=d_z,
        ci_low=low / math.sqrt(n),
        ci_high=high / math.sqrt(n),
        n=n,
        exact=True,
        note="differences after - before; d_z = mean / sd of the differences, noncentral-t interval",
        reading=reading("cohens_dz", d_z),
        estimate=mean,
        estimate_ci_low=mean - margin,
        estimate_ci_high=mean + margin,
    )


def _signed_rank(d: np.ndarray, level: float) -> Comparison:
    n_pairs = int(d.size)
    if n_pairs < 1:
        raise AnalysisError("a Wilcoxon signed-rank test needs at least one complete pair, got 0")
    zeros = int(np.count_nonzero(d == 0))
    nonzero = d[d != 0]
    n = int(nonzero.size)
    if n == 0:
        return undefined("wilcoxon_signed_rank", "rank_biserial", n_pairs, "all differences are zero")
    ranks = average_ranks(np.abs(nonzero))
    v = float(ranks[nonzero > 0].sum())
    ties = has_ties(ranks)
    exact = n < 50 and not ties and zeros == 0
    if exact:
        p, how = signrank_exact_p(v, n), "exact p-value"
    else:
        p, how = _signed_rank_normal(v, n, ranks)
        reasons = [why for why, applies in (("ties", ties), ("zeros", zeros > 0), ("n >= 50", n >= 50)) if applies]
        how = f"{how} ({', '.join(reasons)})"
    total = n * (n + 1) / 2.0
    r = (2.0 * v - total) / total
    low, high = rank_biserial_interval(r, math.sqrt((2 * n**3 + 3 * n**2 + n) / 6.0) / total, level)
    dropped = f"; {zeros} zero difference(s) dropped" if zeros else ""
    return Comparison(
        test="wilcoxon_signed_rank",
        statistic=v,
        df=NAN,
        p=p,
        effect="rank_biserial",
        effect_size=r,
        ci_low=low,
        ci_high=high,
        n=n_pairs,
        exact=exact,
        note=f"V = sum of ranks of positive differences (after - before); {how}{dropped}",
        reading=reading("rank_biserial", r),
    )


def _signed_rank_normal(v: float, n: int, ranks: np.ndarray) -> tuple[float, str]:
    variance = n * (n + 1) * (2 * n + 1) / 24.0 - tie_sum(ranks) / 48.0
    if variance <= 0:
        return NAN, "normal approximation undefined (no variation in ranks)"
    z = v - n * (n + 1) / 4.0
    z = (z - math.copysign(0.5, z) * (z != 0)) / math.sqrt(variance)
    return float(2.0 * stats.norm.sf(abs(z))), "normal approximation with continuity correction"
