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
