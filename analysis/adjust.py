"""Adjusting p-values for multiple comparisons with the semantics of R's ``p.adjust``.

Holm (1979): sort the m p-values ascending, p_(i) -> max_{j <= i} min(1, (m - j + 1) p_(j)).
Benjamini & Hochberg (1995): sort descending, p_(i) -> min_{j >= i} min(1, m / j * p_(j)).

Missing p-values (NaN) stay NaN and are not counted in m, as ``p.adjust(p, n = length(p[!is.na(p)]))`` does by
default. Ties keep the order in which they were given, as R's ``order()`` does.

References
----------
Holm, S. (1979). A simple sequentially rejective multiple test procedure. *Scandinavian Journal of Statistics*,
6(2), 65-70.
Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate. *Journal of the Royal Statistical
Society B*, 57(1), 289-300.
"""

from __future__ import annotations

import numpy as np

from analysis._validate import as_vector, check_method
from analysis.errors import AnalysisError

METHODS = ("holm", "bh")


def adjust_p(pvalues, method: str = "holm") -> list[float]:
    """Adjusted p-values in the given order: ``"holm"`` (family-wise error) or ``"bh"`` (false discovery rate).

    Parameters
    ----------
    pvalues : sequence of float
        p-values between 0 and 1; NaN for a test that could not be done.
    method : {"holm", "bh"}

    Returns
    -------
    list of float

    Examples
    --------
    >>> adjust_p([0.01, 0.04, float("nan"), 0.03], "holm")
    [0.03, 0.06, nan, 0.06]
    >>> adjust_p([0.01, 0.04, 0.03], "bh")
    [0.03, 0.04, 0.04]
    """
    check_method(method, METHODS)
    p = as_vector(pvalues, "pvalues")
    present = ~np.isnan(p)
    if np.any((p[present] < 0) | (p[present] > 1)):
        raise AnalysisError("p-values must be between 0 and 1", column="pvalues")
    adjusted = np.full(p.shape, np.nan)
    values = p[present]
    m = values.size
    if m:
        adjusted[present] = _holm(values) if method == "holm" else _bh(values)
    return [float(v) for v in adjusted]


def _holm(p: np.ndarray) -> np.ndarray:
    m = p.size
    order = np.argsort(p, kind="stable")
    scaled = np.maximum.accumulate((m - np.arange(m)) * p[order])
    result = np.empty(m)
    result[order] = np.minimum(1.0, scaled)
    return result


def _bh(p: np.ndarray) -> np.ndarray:
    m = p.size
    order = np.argsort(-p, kind="stable")  # decreasing, ties in the given order as R's order(decreasing = TRUE)
    rank = m - np.arange(m)  # m, m - 1, ..., 1
    scaled = np.minimum.accumulate(m / rank * p[order])
    result = np.empty(m)
    result[order] = np.minimum(1.0, scaled)
    return result
