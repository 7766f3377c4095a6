"""Input checks shared by the statistics: turn what a caller passes into clean float arrays, or say what is wrong.

Every public statistic parses its arguments here once (parse at the edge); the computations after trust them.
Missing values are ``NaN`` (``None`` is read as missing too). Anything that is not a number raises
:class:`~analysis.errors.AnalysisError` naming the argument (or group) and the first offending positions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from analysis.errors import AnalysisError

_MAX_SHOWN = 5  # offending positions listed in a message
_LARGEST = 1e50  # products of variances (fourth powers) of values below this stay finite


def as_vector(values, name: str) -> np.ndarray:
    """`values` as a 1-D float64 array (NaN for missing); AnalysisError naming `name` if it is not one.

    >>> as_vector([1, None, 3], "before")
    array([ 1., nan,  3.])
    >>> as_vector([1, "x"], "before")
    Traceback (most recent call last):
    ...
    analysis.errors.AnalysisError: 'before' has non-numeric values at positions 1: 'x'
    """
    array = _as_float_array(values, name)
    if array.ndim != 1:
        raise AnalysisError(
            f"'{name}' must be one column of values, got an array of shape {array.shape}", column=name
        )
    return array


def as_matrix(values, name: str) -> tuple[np.ndarray, list[str]]:
    """A table (2-D array, or mapping/DataFrame of name -> column) as float64 (n x k), with column names."""
    if hasattr(values, "columns") and hasattr(values, "to_numpy"):  # a pandas DataFrame, without importing pandas
        names = [str(c) for c in values.columns]
        numeric = _pandas_floats(values)
        if numeric is not None:
            return _finite(numeric, name), names
        columns = [as_vector(values[c].to_numpy(dtype=object), str(c)) for c in values.columns]
        return _stack(columns, names, name), names
    if isinstance(values, Mapping):
        names = [str(key) for key in values]
        columns = [as_vector(column, str(key)) for key, column in values.items()]
        return _stack(columns, names, name), names
    array = _as_float_array(values, name)
    if array.ndim != 2:
        raise AnalysisError(
            f"'{name}' must be a table (respondents x items), got shape {array.shape}", column=name
        )
    return array, [f"item {j + 1}" for j in range(array.shape[1])]


def as_groups(groups, name: str = "groups") -> tuple[list[str], list[np.ndarray]]:
    """Groups (a sequence of columns, or a mapping name -> column) as names and arrays with missing values dropped.

    >>> as_groups({"boys": [1, 2, None], "girls": [3]})
    (['boys', 'girls'], [array([1., 2.]), array([3.])])
    """
    if isinstance(groups, Mapping):
        items = [(str(key), column) for key, column in groups.items()]
    elif isinstance(groups, Sequence | np.ndarray) and not isinstance(groups, str | bytes):
        items = [(f"group {i + 1}", column) for i, column in enumerate(groups)]
    else:
        raise AnalysisError(f"'{name}' must be a list of groups or a mapping name -> values", column=name)
    names = [label for label, _ in items]
    arrays = []
    for label, column in items:
        values = as_vector(column, label)
        arrays.append(values[~np.isnan(values)])
    return names, arrays


def check_confidence(confidence: float) -> float:
    """The confidence level as a float strictly between 0 and 1."""
    try:
        level = float(confidence)
    except (TypeError, ValueError):
        raise AnalysisError(f"confidence must be a number between 0 and 1, got {confidence!r}") from None
    if not 0.0 < level < 1.0:
        raise AnalysisError(f"confidence must be between 0 and 1 (e.g. 0.95), got {confidence!r}")
    return level


def check_method(method: str, allowed: tuple[str, ...]) -> str:
    """`method` if it is one of `allowed`, else AnalysisError listing the choices."""
    if method not in allowed:
        choices = ", ".join(repr(m) for m in allowed)
        raise AnalysisError(f"method must be one of {choices}, got {method!r}")
    return method


def _pandas_floats(values) -> np.ndarray | None:
    """A pandas object as float64 in one step (pd.NA becomes NaN); None unless every column is numeric."""
    dtypes = list(values.dtypes) if hasattr(values, "columns") else [values.dtype]
    if not all(getattr(dtype, "kind", "O") in "biuf" for dtype in dtypes):
        return None  # text or mixed: checked value by value, so a message can name the bad ones
    return values.to_numpy(dtype=np.float64, na_value=np.nan)


def _as_float_array(values, name: str) -> np.ndarray:
    return _finite(_parse_floats(values, name), name)


def _finite(array: np.ndarray, name: str) -> np.ndarray:
    """`array` unless a value is infinite or so large that its square overflows: no answer is that large, and
    the sums of squares would turn into inf or NaN silently."""
    with np.errstate(invalid="ignore"):
        too_large = np.flatnonzero(np.abs(array) >= _LARGEST)
    if too_large.size:
        positions = ", ".join(str(i) for i in too_large[:_MAX_SHOWN])
        more = f" and {too_large.size - _MAX_SHOWN} more" if too_large.size > _MAX_SHOWN else ""
        raise AnalysisError(
            f"'{name}' has infinite or too large values (1e50 or more) at positions {positions}{more}",
            column=name,
        )
    return array


def _parse_floats(values, name: str) -> np.ndarray:
    if hasattr(values, "to_numpy") and not isinstance(values, np.ndarray):  # a pandas Series
        numeric = _pandas_floats(values)
        if numeric is not None:
            return numeric
        values = values.to_numpy(dtype=object)  # checked value by value below, to name the bad ones
    if isinstance(values, str | bytes) or np.isscalar(values) or values is None:
        raise AnalysisError(
            f"'{name}' must be a column of values, got a single {type(values).__name__}", column=name
        )
    try:
        raw = values if isinstance(values, np.ndarray) else np.asarray(values)
    except ValueError:  # ragged nested lists
        raise AnalysisError(f"'{name}' must be a rectangular column or table of values", column=name) from None
    if raw.dtype.kind in "fiub":
        return raw.astype(np.float64, copy=False)
    if raw.ndim == 0:
        raise AnalysisError(f"'{name}' must be a column of values", column=name)
    if raw.dtype.kind != "O" and not isinstance(values, np.ndarray):
        raw = np.asarray(values, dtype=object)  # keep the caller's own values for the message
    flat = raw.ravel()
    converted = np.empty(flat.shape, dtype=np.float64)
    bad = []
    for i, value in enumerate(flat):  # object arrays only: the typed fast path above covers numeric input
        number = _to_float(value)
        if number is None:
            bad.append(i)
        else:
            converted[i] = number
    if bad:
        shown = ", ".join(_shown(flat[i]) for i in bad[:_MAX_SHOWN])
        positions = ", ".join(str(i) for i in bad[:_MAX_SHOWN])
        more = f" and {len(bad) - _MAX_SHOWN} more" if len(bad) > _MAX_SHOWN else ""
        raise AnalysisError(
            f"'{name}' has non-numeric values at positions {positions}{more}: {shown}", column=name
        )
    return converted.reshape(raw.shape)


def _shown(value) -> str:
    return repr(str(value)) if isinstance(value, str) else repr(value)


def _to_float(value) -> float | None:
    if value is None:
        return np.nan
    if isinstance(value, bool | np.bool_):
        return float(value)
    if isinstance(value, int | float | np.integer | np.floating):
        return float(value)
    return None


def _stack(columns: list[np.ndarray], names: list[str], name: str) -> np.ndarray:
    lengths = {column.size for column in columns}
    if len(lengths) > 1:
        sizes = ", ".join(f"{n}: {c.size}" for n, c in zip(names, columns, strict=True))
        raise AnalysisError(f"the columns of '{name}' have different lengths ({sizes})", column=name)
    if not columns:
        raise AnalysisError(f"'{name}' has no columns", column=name)
    return np.column_stack(columns)
