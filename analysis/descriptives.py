"""Descriptive statistics of one variable, as R's ``mean``, ``sd``, ``quantile`` (type 7) and ``t.test`` give them.

Formulas
--------
With the n non-missing values x_i:

- mean = sum(x_i) / n;  sd = sqrt(sum((x_i - mean)^2) / (n - 1));  se = sd / sqrt(n)
- confidence interval of the mean: mean ± t_{1 - a/2, n - 1} * se (R: ``t.test(x)$conf.int``)
- median, q1, q3: R's default quantile definition (type 7, Hyndman & Fan 1996): linear interpolation between
  order statistics at position 1 + (n - 1) p (R: ``quantile(x, c(.25, .5, .75))``; NumPy ``method="linear"``).

References
----------
Hyndman, R. J., & Fan, Y. (1996). Sample quantiles in statistical packages. *The American Statistician*, 50(4),
361-365.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

from analysis._validate import as_vector, check_confidence
from analysis.results import Description

_NAN = math.nan


def describe(values, confidence: float = 0.95) -> Description:
    """n, mean, sd, se, t-based confidence interval of the mean, median, quartiles (R type 7), min and max.

    Missing values (NaN or None) are left out. With no values every statistic is ``nan`` and ``n`` is 0; with
    one value sd, se and the interval are ``nan`` (they need two).

    Parameters
    ----------
    values : sequence of numbers
        One variable; NaN marks a missing answer.
    confidence : float
        Level of the interval of the mean.

    Returns
    -------
    Description

    Examples
    --------
    R's ``sleep$extra`` for group 1 (``mean`` 0.75, ``sd`` 1.789010, ``t.test`` interval -0.5297804 2.0297804):

    >>> d = describe([0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0])
    >>> round(d.mean, 4), round(d.sd, 4), round(d.ci_low, 4), round(d.ci_high, 4)
    (0.75, 1.789, -0.5298, 2.0298)
    >>> d.median, d.q1, d.q3
    (0.35, -0.175, 1.7)
    """
    level = check_confidence(confidence)
    x = as_vector(values, "values")
    x = x[~np.isnan(x)]
    n = int(x.size)
    if n == 0:
        return Description(0, *([_NAN] * 10))
    mean = float(x.mean())
    sd = float(x.std(ddof=1)) if n > 1 else _NAN
    se = sd / math.sqrt(n)
    half = float(stats.t.ppf(0.5 + level / 2.0, n - 1)) * se if n > 1 else _NAN
    q1, median, q3 = (float(q) for q in np.quantile(x, (0.25, 0.5, 0.75)))
    return Description(
        n=n,
        mean=mean,
        sd=sd,
        se=se,
        ci_low=mean - half,
        ci_high=mean + half,
        median=median,
        q1=q1,
        q3=q3,
        min=float(x.min()),
        max=float(x.max()),
    )
