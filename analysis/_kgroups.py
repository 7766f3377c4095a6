"""One-way comparisons of two or more groups: ANOVA, Welch's ANOVA and the Kruskal-Wallis test.

One-way ANOVA (R: ``oneway.test(y ~ g, var.equal = TRUE)``, ``summary(aov(y ~ g))``)
    F = (SS_between / (k - 1)) / (SS_within / (N - k)).

Welch's ANOVA (R's default ``oneway.test(y ~ g)``; Welch 1951)
    w_i = n_i / s_i^2, m = sum(w_i m_i) / sum(w_i), A = sum(w_i (m_i - m)^2) / (k - 1),
    c = sum((1 - w_i / sum(w))^2 / (n_i - 1)) / (k^2 - 1), F = A / (1 + 2 (k - 2) c), df = (k - 1, 1 / (3c)).

Effect sizes (effectsize defaults): eta² = F df1 / (F df1 + df2) and omega² = (F - 1) df1 / (F df1 + df2 + 1),
from the test's own F and df (for the classical ANOVA these equal SS_between / SS_total and Hays' omega²).
A negative omega² is reported as 0, as effectsize does. The interval is one-sided, [low, 1], as effectsize's
default ``alternative = "greater"``: low = λ / (λ + df2) where λ is the noncentrality parameter with
P(F' <= F_es | λ) = confidence and F_es = (es / df1) / ((1 - es) / df2) (Steiger 2004; MBESS ``ci.R2``).

Kruskal-Wallis (R: ``kruskal.test``)
    H = (12 / (N(N + 1)) sum(R_i^2 / n_i) - 3(N + 1)) / (1 - sum(t^3 - t) / (N^3 - N)), df = k - 1, chi-square p.
    Effect: rank epsilon² = H / (N - 1) (Tomczak & Tomczak 2014; effectsize ``rank_epsilon_squared``). R's
    interval for it is a bootstrap (random, so not reproducible without R's random numbers); we report ``nan``
    for the interval rather than a number that would not agree with R, and say so in ``note``.

References
----------
Welch, B. L. (1951). On the comparison of several mean values: an alternative approach. *Biometrika*, 38,
330-336.
Kruskal, W. H., & Wallis, W. A. (1952). Use of ranks in one-criterion variance analysis. *JASA*, 47, 583-621.
Steiger, J. H. (2004). Beyond the F test. *Psychological Methods*, 9(2), 164-182.
Tomczak, M., & Tomczak, E. (2014). The need to report effect size estimates revisited. *Trends in Sport
Sciences*, 21(1), 19-25.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

from analysis._effects import NAN, undefined
from analysis._ncp import f_ncp_lower
from analysis._ranks import average_ranks, tie_sum
from analysis.errors import AnalysisError
from analysis.readings import reading
from analysis.results import Comparison

METHODS = ("welch-anova", "anova", "kruskal")
VARIANCE_EFFECTS = ("eta_squared", "omega_squared")


def compare(
    names: list[str], groups: list[np.ndarray], method: str, level: float, effect: str | None
) -> Comparison:
    """Dispatch from :func:`analysis.groups.compare_groups` (groups already validated, missing values removed)."""
    if method == "kruskal":
        if effect is not None:
            raise AnalysisError("effect= is for ANOVA methods; 'kruskal' reports rank epsilon squared")
        return _kruskal(groups)
    effect = effect or "eta_squared"
    if effect not in VARIANCE_EFFECTS:
        raise AnalysisError(f"effect must be one of {VARIANCE_EFFECTS}, got {effect!r}")
    for name, values in zip(names, groups, strict=True):
        if values.size < 2:
            raise AnalysisError(f"an ANOVA needs at least two values in each group; '{name}' has 1", group=name)
    n = np.array([g.size for g in groups], dtype=np.float64)
    means = np.array([g.mean() for g in groups])
    variances = np.array([g.var(ddof=1) for g in groups])
    test = "welch_anova" if method == "welch-anova" else "anova"
    if method == "welch-anova":
        if np.any(variances == 0):
            name = names[int(np.argmax(variances == 0))]
            return undefined(
                test, effect, int(n.sum()), f"group '{name}' has no variation: Welch's F is undefined"
            )
        f, df1, df2 = _welch_f(n, means, variances)
    else:
        within = float(((n - 1) * variances).sum())
        if within == 0:
            return undefined(test, effect, int(n.sum()), "no variation within the groups: F is undefined")
        grand = float((n * means).sum() / n.sum())
        df1, df2 = len(groups) - 1.0, float(n.sum() - len(groups))
        f = float((n * (means - grand) ** 2).sum() / df1) / (within / df2)
    return _anova_result(test, f, df1, df2, int(n.sum()), effect, level)


def _welch_f(n: np.ndarray, means: np.ndarray, variances: np.ndarray) -> tuple[float, float, float]:
    k = n.size
    w = n / variances
    centre = float((w * means).sum() / w.sum())
    c = float(((1.0 - w / w.sum()) ** 2 / (n - 1.0)).sum() / (k * k - 1.0))
    a = float((w * (means - centre) ** 2).sum() / (k - 1.0))
    return a / (1.0 + 2.0 * (k - 2.0) * c), k - 1.0, 1.0 / (3.0 * c)


def _anova_result(test: str, f: float, df1: float, df2: float, n: int, effect: str, level: float) -> Comparison:
    p = float(stats.f.sf(f, df1, df2))
    if effect == "eta_squared":
        size = f * df1 / (f * df1 + df2)
    else:
        size = max(0.0, (f - 1.0) * df1 / (f * df1 + df2 + 1.0))
    f_es = (size / df1) / ((1.0 - size) / df2) if size < 1 else math.inf
    ncp = f_ncp_lower(f_es, df1, df2, level) if math.isfinite(f_es) else math.inf
    low = ncp / (ncp + df2) if math.isfinite(ncp) else 1.0
    name = "Welch's F" if test == "welch_anova" else "F"
    return Comparison(
        test=test,
        statistic=f,
        df=df1,
        df2=df2,
        p=p,
        effect=effect,
        effect_size=size,
        ci_low=low,
        ci_high=1.0,
        n=n,
        exact=True,
        note=f"{name}; one-sided {level:.0%} interval [low, 1] for {effect} (effectsize default)",
        reading=reading(effect, size),
    )


def _kruskal(groups: list[np.ndarray]) -> Comparison:
    values = np.concatenate(groups)
    total = values.size
    sizes = np.array([g.size for g in groups], dtype=np.float64)
    if total < 3:
        raise AnalysisError(f"a Kruskal-Wallis test needs at least three values in all, got {total}")
    ranks = average_ranks(values)
    bounds = np.cumsum(sizes).astype(int)[:-1]
    rank_sums = np.array([part.sum() for part in np.split(ranks, bounds)])
    correction = 1.0 - tie_sum(values) / (total**3 - total)
    if correction <= 0:
        return undefined("kruskal_wallis", "epsilon_squared", total, "all values are equal: H is undefined")
    h = (12.0 / (total * (total + 1.0)) * float((rank_sums**2 / sizes).sum()) - 3.0 * (total + 1.0)) / correction
    df = len(groups) - 1.0
    epsilon = h / (total - 1.0)
    return Comparison(
        test="kruskal_wallis",
        statistic=h,
        df=df,
        p=float(stats.chi2.sf(h, df)),
        effect="epsilon_squared",
        effect_size=epsilon,
        ci_low=NAN,
        ci_high=NAN,
        n=total,
        exact=False,
        note="chi-square approximation, tie-corrected H; rank epsilon squared = H / (N - 1); no interval "
        "(R's is a bootstrap)",
        reading=reading("epsilon_squared", epsilon),
    )
