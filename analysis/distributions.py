"""Groups of respondents: the cells every number of a report describes.

A :class:`Partition` splits the rows by wave and, optionally, by one background column: each row belongs to one
*cell* ``(group, wave)`` or to none (a wave not analysed). Counting an item for every cell (and release unit,
:meth:`analysis.disclosure.Units.counts`) is then a single ``bincount`` over ``cell * options + option``,
whatever the number of respondents.

Example
-------
>>> table = ResponseTable.from_columns({"project": ["A", "B", "A", ""], "Q": [1, 2, 2, 1]})
>>> by_project = partition(table, "project")
>>> by_project.cells, by_project.sizes().tolist()    # the row without a project is a group of its own
(((None, 'A'), (None, 'B'), (None, '')), [2, 1, 1])
>>> option_index(table["Q"], [1, 2]).tolist()
[0, 1, 1, 0]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from analysis.errors import AnalysisError
from analysis.labels import NO_ANSWER
from analysis.response_table import ResponseTable, value_text


@dataclass(frozen=True, eq=False)
class Partition:
    """Rows split into cells ``(wave, group)``.

    Attributes
    ----------
    by : str or None
        The background column (None: everyone, one group per wave).
    waves : tuple
        Wave values in order (``(None,)`` without a wave column).
    groups : tuple
        Group values in order (``(None,)`` for everyone).
    codes : numpy.ndarray of int
        Per row, the cell index ``wave_index * len(groups) + group_index``, or -1.
    """

    by: str | None
    waves: tuple[str | None, ...]
    groups: tuple[str | None, ...]
    codes: np.ndarray

    @property
    def cells(self) -> tuple[tuple[str | None, str | None], ...]:
        """``(wave, group)`` of every cell, in index order."""
        return tuple((wave, group) for wave in self.waves for group in self.groups)

    def sizes(self) -> np.ndarray:
        """Rows in each cell."""
        return np.bincount(self.codes[self.codes >= 0], minlength=len(self.cells))

    @cached_property
    def rows(self) -> list[np.ndarray]:
        """Row positions of each cell (one sort of the codes, then split)."""
        codes = self.codes
        if len(self.cells) < np.iinfo(np.int16).max:
            codes = codes.astype(np.int16)  # NumPy sorts 16-bit integers with a radix sort: linear time
        order = np.argsort(codes, kind="stable")
        ends = np.cumsum(np.bincount(self.codes + 1, minlength=len(self.cells) + 1))
        return [order[ends[i] : ends[i + 1]] for i in range(len(self.cells))]

    def cell_index(self, wave: str | None, group: str | None) -> int:
        return self.waves.index(wave) * len(self.groups) + self.groups.index(group)


def partition(
    table: ResponseTable,
    by: str | None = None,
    *,
    wave: str | None = None,
    waves: Sequence[str] | None = None,
) -> Partition:
    """Split the rows of `table` by `wave` (in the order of `waves`) and by the values of column `by`.

    Rows with a wave not in `waves` (or none) belong to no cell. Rows without a value in `by` form a group of
    their own, :data:`~analysis.labels.NO_ANSWER`, last: everyone minus the groups shown is then itself a
    group, which suppression protects like any other (otherwise subtraction would describe those who skipped
    the background question).
    """
    n = len(table)
    if wave is None:
        wave_labels: tuple[str | None, ...] = (None,)
        wave_codes = np.zeros(n, dtype=np.int64)
    else:
        wave_labels, wave_codes = factorize(table[wave], order=waves)
    if by is None:
        group_labels: tuple[str | None, ...] = (None,)
        group_codes = np.zeros(n, dtype=np.int64)
    else:
        group_labels, group_codes = factorize(table[by])
        skipped = (group_codes < 0) & (wave_codes >= 0)
        if skipped.any():
            group_labels = (*group_labels, NO_ANSWER)
            group_codes = np.where(skipped, len(group_labels) - 1, group_codes)
        if not group_labels:
            raise AnalysisError(f"column {by!r} has no rows to group", column=by)
    codes = np.where((wave_codes >= 0) & (group_codes >= 0), wave_codes * len(group_labels) + group_codes, -1)
    return Partition(by=by, waves=wave_labels, groups=group_labels, codes=codes)


def factorize(values: np.ndarray, order: Sequence[str] | None = None) -> tuple[tuple[str, ...], np.ndarray]:
    """Distinct non-empty values as text, and each row's index among them (-1 for empty).

    Without `order` the values are sorted (numerically for a numeric column); with it, values not listed
    get -1.

    >>> factorize(np.array(["b", "a", "", "b"], dtype=object))
    (('a', 'b'), array([ 1,  0, -1,  1]))
    >>> factorize(np.array([10.0, 9.0, np.nan]))
    (('9', '10'), array([ 1,  0, -1]))
    """
    if values.dtype == object:
        values = np.where(values == "", None, values)
    codes, uniques = pd.factorize(values, sort=order is None)
    labels = [value_text(u) for u in uniques]
    if order is None:
        return tuple(labels), codes.astype(np.int64)
    order = [value_text(o) for o in order]
    lookup = np.array([order.index(label) if label in order else -1 for label in labels] + [-1], dtype=np.int64)
    return tuple(order), lookup[codes]


def option_index(values: np.ndarray, options: Sequence[object]) -> np.ndarray:
    """Each answer's position among `options` (-1 for no answer or an answer not listed).

    >>> option_index(np.array([5.0, np.nan, 1.0, 9.0]), [1, 2, 3, 4, 5, 9]).tolist()
    [4, -1, 0, 5]
    """
    if values.dtype.kind != "f":
        lookup = {value_text(o): i for i, o in enumerate(options)}
        return np.array([lookup.get(v, -1) for v in values], dtype=np.int64)
    codes = np.array([float(o) for o in options])
    if len(codes) and (codes == np.round(codes)).all() and codes.min() >= 0 and codes.max() < 1024:
        # small whole-number codes (the usual case): one table lookup per answer
        table = np.full(int(codes.max()) + 2, -1, dtype=np.int64)
        table[codes.astype(np.int64)] = np.arange(len(codes))
        whole = (values == np.round(values)) & (values >= 0) & (values <= codes.max())
        return np.where(whole, table[np.where(whole, values, len(table) - 1).astype(np.int64)], -1)
    order = np.argsort(codes)
    position = np.searchsorted(codes[order], values).clip(0, len(codes) - 1)
    found = codes[order][position] == values
    return np.where(found, order[position], -1)
