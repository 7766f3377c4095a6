"""Confidence limits for noncentrality parameters (the "pivot" method of Steiger 2004), as effectsize uses them.

Each function finds the noncentrality parameter for which the observed statistic sits at a given quantile of
the noncentral t, F or chi-squared distribution. effectsize searches with ``optim``; here the same equations
are solved with Brent's method to full precision, so results agree with R to the precision R's search reaches
(about 1e-6 on the effect-size scale).

References
----------
Steiger, J. H. (2004). Beyond the F test: effect size confidence intervals and tests of close fit in the
analysis of variance and contrast analysis. *Psychological Methods*, 9(2), 164-182.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import optimize, special


def t_ncp_interval(t: float, df: float, confidence: float) -> tuple[float, float]:
    """Two-sided limits (low, high) of the t noncentrality parameter: P(T <= t | ncp) = 1 - a/2 and a/2.

    >>> [round(x, 4) for x in t_ncp_interval(-4.0621, 9, 0.95)]
    [-6.6977, -1.3112]
    """
    if not (math.isfinite(t) and df > 0):
        return math.nan, math.nan
    alpha = 1.0 - confidence
    width = 10.0 * math.sqrt(1.0 + t * t / (2.0 * df)) + 5.0  # many standard errors of t around t

    def cdf(ncp: float) -> float:
        value = special.nctdtr(df, ncp, t)
        return (0.0 if ncp > t else 1.0) if math.isnan(value) else float(value)

    low = _solve_decreasing(cdf, 1.0 - alpha / 2.0, t - width, t + width)
    high = _solve_decreasing(cdf, alpha / 2.0, t - width, t + width)
    return low, high


def f_ncp_lower(f: float, df1: float, df2: float, quantile: float) -> float:
    """The smallest noncentrality parameter with P(F <= f | ncp) <= quantile (0 if f is not that extreme).

    effectsize's one-sided ("greater") interval at level c uses ``quantile = c``: the lower limit solves
    ``pf(f, df1, df2, ncp) = c``.
    """
    if not (math.isfinite(f) and f > 0 and df1 > 0 and df2 > 0):
        return 0.0 if f == 0 else math.nan
    return _lower_ncp(lambda ncp: float(special.ncfdtr(df1, df2, ncp, f)), quantile, f * df1)


def chi2_ncp_lower(chi2: float, df: float, quantile: float) -> float:
    """The smallest noncentrality parameter with P(X <= chi2 | ncp) <= quantile (0 if chi2 is not that extreme)."""
    if not (math.isfinite(chi2) and chi2 > 0 and df > 0):
        return 0.0 if chi2 == 0 else math.nan
    return _lower_ncp(lambda ncp: float(special.chndtr(chi2, df, ncp)), quantile, chi2)


def _lower_ncp(cdf, quantile: float, scale: float) -> float:
    if cdf(0.0) <= quantile:
        return 0.0
    high = max(scale, 1.0)
    while cdf(high) > quantile:  # the cdf falls towards 0 as ncp grows; double until bracketed
        high *= 2.0
    return _solve_decreasing(cdf, quantile, 0.0, high)


def _solve_decreasing(cdf, target: float, low: float, high: float) -> float:
    with np.errstate(all="ignore"):
        return float(optimize.brentq(lambda x: cdf(x) - target, low, high, xtol=1e-12, rtol=1e-12, maxiter=500))
