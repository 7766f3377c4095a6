"""A share with its Wilson score confidence interval.

Formula (Wilson 1927), with p = x / n and z = the 1 - a/2 quantile of the standard normal:

    centre = (p + z^2 / (2n)) / (1 + z^2 / n)
    half   = z / (1 + z^2 / n) * sqrt(p (1 - p) / n + z^2 / (4 n^2))

This is R's ``prop.test(x, n, correct = FALSE)$conf.int`` (and ``Hmisc::binconf(method = "wilson")``). Unlike
the textbook p ± z·se it stays within [0, 1] and behaves at 0 % and 100 %, which small survey groups often give.

References
----------
Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference. *Journal of the
American Statistical Association*, 22(158), 209-212.
Newcombe, R. G. (1998). Two-sided confidence intervals for the single proportion: comparison of seven methods.
*Statistics in Medicine*, 17(8), 857-872.
"""

from __future__ import annotations

import math

from scipy import stats

from analysis._validate import check_confidence
from analysis.errors import AnalysisError
from analysis.results import Proportion


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> Proportion:
    """The share ``successes / n`` with its Wilson score interval.

    Parameters
    ----------
    successes : int
        Number of "yes" answers (0 <= successes <= n).
    n : int
        Number of answers.
    confidence : float
        Level of the interval.

    Examples
    --------
    >>> share = wilson_interval(81, 263)
    >>> round(share.proportion, 4), round(share.ci_low, 4), round(share.ci_high, 4)
    (0.308, 0.2553, 0.3662)
    >>> round(wilson_interval(0, 20).ci_high, 4)   # at 0 %: z^2 / (n + z^2)
    0.1611
    """
    level = check_confidence(confidence)
    x, total = _counts(successes, n)
    if total == 0:
        return Proportion(x, 0, math.nan, math.nan, math.nan)
    p = x / total
    z = float(stats.norm.ppf(0.5 + level / 2.0))
    denominator = 1.0 + z * z / total
    centre = (p + z * z / (2.0 * total)) / denominator
    half = z / denominator * math.sqrt(p * (1.0 - p) / total + z * z / (4.0 * total * total))
    # min/max with p: at 0 % or 100 % rounding could leave the limit a hair on the wrong side of p
    return Proportion(x, total, p, min(p, max(0.0, centre - half)), max(p, min(1.0, centre + half)))


def _counts(successes, n) -> tuple[int, int]:
    try:
        x, total = int(successes), int(n)
    except (TypeError, ValueError):
        raise AnalysisError(f"successes and n must be whole numbers, got {successes!r} and {n!r}") from None
    if x != successes or total != n or total < 0 or not 0 <= x <= total:
        raise AnalysisError(f"successes must be a whole number between 0 and n; got {successes!r} of {n!r}")
    return x, total
