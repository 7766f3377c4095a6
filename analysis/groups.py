"""Comparing independent groups: two groups (Welch / Student t, Mann-Whitney) and k groups (ANOVA, Welch ANOVA,
Kruskal-Wallis, in :mod:`analysis._kgroups`).

Two groups are compared first minus second, as R's ``t.test(x, y)`` and ``wilcox.test(x, y)`` do: with a formula
``y ~ group`` R's first group is the first factor level.

Welch t test (R's default ``t.test``) and Student t test (``var.equal = TRUE``)
    Welch: t = (m1 - m2) / sqrt(v1/n1 + v2/n2), Welch-Satterthwaite df. Student: pooled variance, df = n1 + n2 - 2.
    Effect: Hedges' g = J(n1 + n2 - 2) (m1 - m2) / s_pooled with the exact correction
    J(df) = Γ(df/2) / (sqrt(df/2) Γ((df - 1)/2)) and the noncentral-t interval on t_pooled = (m1 - m2) /
    (s_pooled sqrt(1/n1 + 1/n2)) scaled by J sqrt(1/n1 + 1/n2) (effectsize: ``hedges_g(x, y)``). effectsize uses
    the pooled SD by default also next to a Welch test (``pooled_sd = TRUE``); so do we, and say so in ``note``.

Mann-Whitney (Wilcoxon rank-sum) test (R's ``wilcox.test(x, y)`` defaults)
    W = sum of the ranks of group 1 - n1(n1 + 1)/2. Exact p when n1 < 50 and n2 < 50 and there are no ties;
    otherwise the normal approximation with continuity correction and tie-corrected variance
    (n1 n2 / 12) ((n1 + n2 + 1) - sum(t^3 - t) / ((n1 + n2)(n1 + n2 - 1))).
    Effect: rank-biserial correlation r = 2W / (n1 n2) - 1 (Glass 1965; effectsize ``rank_biserial(x, y)``) with
    the interval tanh(atanh(r) ± z SE), SE = sqrt((n1 + n2 + 1) / (3 n1 n2)).

References
----------
Welch, B. L. (1947). The generalization of "Student's" problem. *Biometrika*, 34, 28-35.
Hedges, L. V., & Olkin, I. (1985). *Statistical methods for meta-analysis*. Academic Press.
Mann, H. B., & Whitney, D. R. (1947). On a test of whether one of two random variables is stochastically larger
than the other. *Annals of Mathematical Statistics*, 18, 50-60.
Glass, G. V. (1965). A ranking variable analogue of biserial correlation. *Journal of Educational Measurement*,
2(1), 91-95.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

from analysis import _kgroups
from analysis._effects import NAN, hedges_j, rank_biserial_interval, undefined
from analysis._ncp import t_ncp_interval
from analysis._ranks import average_ranks, has_ties, tie_sum, wilcox_exact_p
from analysis._validate import as_groups, check_confidence, check_method
from analysis.errors import AnalysisError
from analysis.readings import reading
from analysis.results import Comparison

TWO_GROUP = ("welch", "student", "mann-whitney")
METHODS = (*TWO_GROUP, *_kgroups.METHODS)


def compare_groups(
    groups, method: str = "welch", confidence: float = 0.95, effect: str | None = None
) -> Comparison:
    """Compare independent groups with a t test, a rank test or a one-way ANOVA, with an effect size.

    Parameters
    ----------
    groups : sequence of arrays, or mapping name -> array
        The values of each group; NaN (missing) values are left out. Names from a mapping appear in messages.
    method : {"welch", "student", "mann-whitney", "welch-anova", "anova", "kruskal"}
        The first three compare exactly two groups; the last three two or more.
    confidence : float
        Level of the effect-size interval.
    effect : {"eta_squared", "omega_squared"}, optional
        For "anova" and "welch-anova" only: which share of variance to report (default eta squared).

    Returns
    -------
    Comparison
        ``n`` is the total number of observations; ``estimate`` the difference of means (t tests).

    Examples
    --------
    R's ``sleep`` data, ``t.test(extra ~ group, data = sleep)``: t = -1.8608, df = 17.776, p-value = 0.07939.

    >>> g1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
    >>> g2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]
    >>> result = compare_groups([g1, g2])
    >>> round(result.statistic, 4), round(result.df, 3), round(result.p, 5)
    (-1.8608, 17.776, 0.07939)
    """
    check_method(method, METHODS)
    level = check_confidence(confidence)
    names, arrays = as_groups(groups)
    if len(arrays) < 2:
        raise AnalysisError(f"comparing groups needs at least two groups, got {len(arrays)}", column="groups")
    for name, values in zip(names, arrays, strict=True):
        if values.size == 0:
            raise AnalysisError(f"group '{name}' has no values", group=name)
    if method in _kgroups.METHODS:
        return _kgroups.compare(names, arrays, method, level, effect)
    if effect is not None:
        raise AnalysisError(f"effect= is for ANOVA methods; {method!r} reports its own effect size")
    if len(arrays) != 2:
        raise AnalysisError(
            f"method {method!r} compares exactly two groups, got {len(arrays)}: use 'welch-anova', 'anova' or "
            "'kruskal' for more",
            column="groups",
        )
    if method == "mann-whitney":
        return _mann_whitney(arrays[0], arrays[1], level)
    for name, values in zip(names, arrays, strict=True):
        if values.size < 2:
            raise AnalysisError(f"a t test needs at least two values in each group; '{name}' has 1", group=name)
    return _t_test(arrays[0], arrays[1], welch=method == "welch", level=level)


def _t_test(x: np.ndarray, y: np.ndarray, welch: bool, level: float) -> Comparison:
    n1, n2 = int(x.size), int(y.size)
    m1, m2 = float(x.mean()), float(y.mean())
    v1, v2 = float(x.var(ddof=1)), float(y.var(ddof=1))
    difference = m1 - m2
    test = "welch_t" if welch else "student_t"
    pooled_df = n1 + n2 - 2
    pooled_sd = math.sqrt(((n1 - 1) * v1 + (n2 - 1) * v2) / pooled_df)
    if pooled_sd == 0.0:
        return undefined(
            test, "hedges_g", n1 + n2, "no variation within the groups: t is undefined", estimate=difference
        )
    if welch:
        se1, se2 = v1 / n1, v2 / n2
        se = math.sqrt(se1 + se2)
        df = (se1 + se2) ** 2 / (se1**2 / (n1 - 1) + se2**2 / (n2 - 1))
    else:
        se = pooled_sd * math.sqrt(1.0 / n1 + 1.0 / n2)
        df = float(pooled_df)
    t = difference / se
    p = float(2.0 * stats.t.sf(abs(t), df))
    g, low, high = _hedges_g(difference, pooled_sd, n1, n2, level)
    margin = float(stats.t.ppf(0.5 + level / 2.0, df)) * se
    note = "Hedges' g with the pooled SD (effectsize::hedges_g default, pooled_sd = TRUE)"
    return Comparison(
        test=test,
        statistic=t,
        df=df,
        p=p,
        effect="hedges_g",
        effect_size=g,
        ci_low=low,
        ci_high=high,
        n=n1 + n2,
        exact=True,
        note=f"first group minus second; {note}",
        reading=reading("hedges_g", g),
        estimate=difference,
        estimate_ci_low=difference - margin,
        estimate_ci_high=difference + margin,
    )


def _hedges_g(difference: float, pooled_sd: float, n1: int, n2: int, level: float) -> tuple[float, float, float]:
    df = n1 + n2 - 2
    scale = math.sqrt(1.0 / n1 + 1.0 / n2)
    j = hedges_j(df)
    low, high = t_ncp_interval(difference / (pooled_sd * scale), df, level)
    return j * difference / pooled_sd, j * low * scale, j * high * scale


def _mann_whitney(x: np.ndarray, y: np.ndarray, level: float) -> Comparison:
    n1, n2 = int(x.size), int(y.size)
    combined = np.concatenate([x, y])
    ranks = average_ranks(combined)
    w = float(ranks[:n1].sum() - n1 * (n1 + 1) / 2.0)
    ties = has_ties(combined)
    exact = n1 < 50 and n2 < 50 and not ties
    if exact:
        p, how = wilcox_exact_p(w, n1, n2), "exact p-value"
    else:
        p = _mann_whitney_normal(w, n1, n2, combined)
        reason = "ties" if ties else "n >= 50"
        how = f"normal approximation with continuity correction ({reason})"
    r = 2.0 * w / (n1 * n2) - 1.0
    low, high = rank_biserial_interval(r, math.sqrt((n1 + n2 + 1) / (3.0 * n1 * n2)), level)
    return Comparison(
        test="mann_whitney",
        statistic=w,
        df=NAN,
        p=p,
        effect="rank_biserial",
        effect_size=r,
        ci_low=low,
        ci_high=high,
        n=n1 + n2,
        exact=exact,
        note=f"W = rank sum of the first group - n1(n1 + 1)/2; {how}",
        reading=reading("rank_biserial", r),
    )


def _mann_whitney_normal(w: float, n1: int, n2: int, combined: np.ndarray) -> float:
    n = n1 + n2
    variance = (n1 * n2 / 12.0) * ((n + 1) - tie_sum(combined) / (n * (n - 1)))
    if variance <= 0:
        return NAN  # every value tied: R's z is 0/0 too
    z = w - n1 * n2 / 2.0
    z = (z - math.copysign(0.5, z) * (z != 0)) / math.sqrt(variance)
    return float(2.0 * stats.norm.sf(abs(z)))
