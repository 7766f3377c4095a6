"""Result types of the statistics: fixed, named fields, the same shape from every function.

Every statistic returns one of these frozen objects (never a bare tuple), so a notebook user, the report and the
workbook read the same names. Missing or undefined values are ``nan``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from instruments.model import Text


@dataclass(frozen=True)
class Reliability:
    """Cronbach's alpha with the Feldt confidence interval (as ``psych::alpha`` reports it)."""

    alpha: float
    ci_low: float
    ci_high: float
    n: int  # respondents used
    k: int  # items
    missing: str = "pairwise"  # "pairwise" or "listwise"
    alpha_if_dropped: tuple[float, ...] = ()  # per item, in the given order (psych: raw_alpha of alpha.drop)
    item_total: tuple[float, ...] = ()  # corrected item-total correlations (psych: r.drop)
    note: str = ""  # what was done, e.g. items without variance left out (as psych does)


@dataclass(frozen=True)
class Description:
    """Descriptive statistics of one variable; sd uses n - 1; quartiles are R's default (type 7)."""

    n: int
    mean: float
    sd: float
    se: float
    ci_low: float
    ci_high: float
    median: float
    q1: float
    q3: float
    min: float
    max: float


@dataclass(frozen=True)
class Proportion:
    """A share with its Wilson score interval (R: ``prop.test(x, n, correct = FALSE)$conf.int``)."""

    successes: int
    n: int
    proportion: float
    ci_low: float
    ci_high: float


@dataclass(frozen=True)
class Comparison:
    """One hypothesis test with its effect size.

    Fields
    ------
    test : str
        Machine name of the test, e.g. ``"welch_t"``, ``"paired_t"``, ``"wilcoxon_signed_rank"``,
        ``"mann_whitney"``, ``"anova"``, ``"welch_anova"``, ``"kruskal_wallis"``, ``"chi2"``, ``"fisher"``.
    statistic, df : float
        The test statistic and its degrees of freedom (``df`` is a tuple-free float; for F tests the
        numerator df is in ``df`` and the denominator df in ``df2``; ``nan`` where the test has none).
    p : float
        Two-sided p-value.
    effect : str
        Machine name of the effect size, e.g. ``"cohens_dz"``, ``"hedges_g"``, ``"rank_biserial"``,
        ``"eta_squared"``, ``"omega_squared"``, ``"epsilon_squared"``, ``"cramers_v"``, ``"odds_ratio"``.
    effect_size, ci_low, ci_high : float
        The effect size and its confidence interval.
    n : int
        Number of observations (pairs for paired tests).
    exact : bool
        Whether the p-value is exact (True) or asymptotic/normal-approximated (False).
    note : str
        What was done as R decides it, e.g. "normal approximation with continuity correction (ties)".
    reading : Text
        Plain-language reading of the effect size in fi/sv/en, naming the convention used.
    """

    test: str
    statistic: float
    df: float
    p: float
    effect: str
    effect_size: float
    ci_low: float
    ci_high: float
    n: int
    df2: float = float("nan")
    exact: bool = False
    note: str = ""
    reading: Text = field(default_factory=Text)
    estimate: float = float("nan")  # mean difference (t tests) or location shift, where the test has one
    estimate_ci_low: float = float("nan")  # the estimate's confidence interval (t tests: R's t.test conf.int)
    estimate_ci_high: float = float("nan")


@dataclass(frozen=True)
class Effect:
    """One project's effect with its sampling variance, ready for pooling (metafor: ``escalc``'s yi and vi).

    ``measure`` is escalc's name for it: ``"MC"`` (raw mean change, after - before) or ``"SMCC"`` (standardised
    mean change, change-score standardisation). ``n`` is the number of complete pairs; ``note`` says why a value
    is ``nan`` or cannot be weighted.
    """

    yi: float
    vi: float
    n: int
    measure: str
    note: str = ""


@dataclass(frozen=True)
class Pooled:
    """Projects' effects pooled by inverse-variance weighting, as metafor's ``rma()`` and ``predict()`` report it.

    Fields
    ------
    estimate, se : float
        The pooled (average) effect and its standard error (scaled by the Knapp-Hartung factor for ``"knha"``).
    ci_low, ci_high : float
        Its confidence interval.
    statistic, p, df : float
        z (or t with ``df`` = k - 1 for ``"knha"``; ``df`` is nan for z) and its two-sided p-value.
    tau2, tau2_se : float
        Between-project variance of the true effects and its standard error (0 and nan for ``"FE"``).
    i2, h2 : float
        I² in percent (share of the variation due to heterogeneity) and H².
    q, q_p : float
        Cochran's Q (common-effect weights) and its chi-square p-value on k - 1 df.
    k : int
        Number of projects.
    pi_low, pi_high : float
        Prediction interval: where the true effect of a new, similar project would lie.
    method, test : str
        ``"REML"``, ``"DL"`` or ``"FE"``; ``"z"`` or ``"knha"``.
    note : str
        Special cases met, e.g. tau² at 0, a Knapp-Hartung factor below 1, a single project.
    """

    estimate: float
    se: float
    ci_low: float
    ci_high: float
    statistic: float
    p: float
    tau2: float
    i2: float
    q: float
    q_p: float
    k: int
    pi_low: float
    pi_high: float
    method: str
    test: str
    df: float = float("nan")
    tau2_se: float = float("nan")
    h2: float = float("nan")
    note: str = ""
