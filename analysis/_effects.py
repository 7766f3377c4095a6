"""Pieces shared by the comparison modules: effect-size intervals, Hedges' correction, "undefined" results."""

from __future__ import annotations

import math

import numpy as np
from scipy import special, stats

from analysis.readings import reading
from analysis.results import Comparison

NAN = math.nan


def rank_biserial_interval(r: float, se: float, level: float) -> tuple[float, float]:
    """effectsize's interval for a rank-biserial correlation: tanh(atanh(r) ± z SE), SE on the r scale.

    At r = ±1 the interval collapses to that value, as in R (atanh(1) = Inf).
    """
    z = float(stats.norm.ppf(0.5 + level / 2.0))
    with np.errstate(divide="ignore"):
        centre = float(np.arctanh(r))
    return math.tanh(centre - z * se), math.tanh(centre + z * se)


def hedges_j(df: float) -> float:
    """Hedges' exact small-sample correction J(df) = Γ(df/2) / (sqrt(df/2) Γ((df - 1)/2)), as effectsize uses."""
    return math.exp(special.gammaln(df / 2.0) - math.log(math.sqrt(df / 2.0)) - special.gammaln((df - 1.0) / 2.0))


def undefined(test: str, effect: str, n: int, why: str, *, estimate: float = NAN, df: float = NAN) -> Comparison:
    """A result whose statistic cannot be computed from valid input (e.g. no variation), saying why in ``note``."""
    return Comparison(
        test=test,
        statistic=NAN,
        df=df,
        p=NAN,
        effect=effect,
        effect_size=NAN,
        ci_low=NAN,
        ci_high=NAN,
        n=n,
        note=why,
        reading=reading(effect, NAN),
        estimate=estimate,
    )
