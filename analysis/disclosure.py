"""Rules across tables: numbers over several release units never reveal what one unit's own table hides.

Suppression within one table (:mod:`analysis.suppression`) is not enough once a reader can get *several* tables:
the project's report minus one collection's report, or a report read before and after one more answer, would
describe the difference by subtraction. So Arvio builds every number from **release units**: sets of responses
that are published together and never change afterwards (in the app: one closed data collection; an open one
is not published at all, so a later read can never differ from an earlier one by a few answers).

A report over one unit is that unit's own table, suppressed as usual. Over several units, for every table of
counts (one statistic in the cells of one wave):

1. each unit's own table is suppressed on its own, exactly as if it were reported alone;
2. **population** (the people a cell describes, e.g. a group's n): a unit's people join a combined cell only if
   the unit's own table shows that cell; otherwise they are left out of it, and the report says how many;
3. **content** (e.g. how many chose an option): a combined count is hidden where any joined unit hides it.

Every number of a combined table is therefore a sum of numbers the units' own tables show, and any two tables
a reader can obtain differ by whole unit cells, each of at least the threshold of people (or by none). Those
left out of a group's cells are a group of their own in the line (everyone = the groups + those left out), and
what they add up to is a sum of hidden parts of the units' own lines, each of at least the threshold.

Example
-------
Two collections, by gender: girls, boys and "no answer" over everyone. The second collection has two girls, so
its own table hides its girls (and, complementing them, its "no answer" group):

>>> tables = np.array([[[30], [25], [6], [61]],     # collection 1: girls, boys, no answer, everyone
...                    [[2], [40], [7], [49]]])     # collection 2
>>> combined = combine(tables, threshold=5, blocks=[(0, 1, 2)])
>>> combined.counts[:, 0].tolist()      # its girls and "no answer" are left out of those groups
[30, 65, 6, 110]
>>> combined.left_out[:, 0].tolist()
[2, 0, 7, 0]
>>> combined.marks[:, 0].tolist()
[0, 0, 0, 0]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from analysis.distributions import Partition, factorize
from analysis.suppression import COMPLEMENTARY, PRIMARY, SHOWN, mark_cells


@dataclass(frozen=True, eq=False)
class Units:
    """Which release unit each row belongs to.

    Attributes
    ----------
    codes : numpy.ndarray of int
        Per row, the unit's index in `names` (-1: a row without a unit, which no number includes).
    names : tuple of str
    """

    codes: np.ndarray
    names: tuple[str, ...]

    @classmethod
    def one(cls, n_rows: int) -> Units:
        """Every row in one unit: the report is that unit's own table."""
        return cls(np.zeros(n_rows, dtype=np.int64), ("",))

    @classmethod
    def from_column(cls, values: np.ndarray) -> Units:
        names, codes = factorize(values)
        return cls(codes, names)

    def __len__(self) -> int:
        return len(self.names)

    def counts(self, part: Partition, columns: np.ndarray, n_columns: int) -> np.ndarray:
        """Rows per unit, cell of `part` and column: an array ``(units, cells, n_columns)``.

        `columns` gives each row's column (-1: counted nowhere), e.g. the option it chose.
        """
        keep = (part.codes >= 0) & (columns >= 0) & (self.codes >= 0)
        n_cells = len(part.cells)
        key = (self.codes[keep] * n_cells + part.codes[keep]) * n_columns + columns[keep]
        flat = np.bincount(key, minlength=len(self) * n_cells * n_columns)
        return flat.reshape(len(self), n_cells, n_columns)


@dataclass(frozen=True)
class Combined:
    """One table of counts over several units, with its suppression.

    Attributes
    ----------
    counts : numpy.ndarray
        ``(cells, columns)``: the combined counts, over the people each cell includes.
    marks : numpy.ndarray of int8
        ``SHOWN``, ``PRIMARY`` or ``COMPLEMENTARY`` per count.
    included : numpy.ndarray of bool
        ``(units, cells)``: whether the unit's people are part of the cell.
    left_out : numpy.ndarray of int
        ``(cells, columns)``: people of the cell left out because their unit's own table hides the cell.
    """

    counts: np.ndarray
    marks: np.ndarray
    included: np.ndarray
    left_out: np.ndarray


def combine(
    tables: np.ndarray,
    threshold: int,
    *,
    population: int = -1,
    rows_add_up: bool = False,
    blocks: Sequence[Sequence[int]] | None = None,
    sizes: np.ndarray | None = None,
) -> Combined:
    """Suppress each unit's table (``(units, cells, columns)``), then combine them by the rules of this module.

    `population` is the column holding each cell's number of people (with `rows_add_up`, the row total).
    `sizes` (``(units, cells)``) are the people in each unit's cells whatever they answered: a cell of nobody
    is absent from the unit's table rather than hidden (default: the population column).
    The other arguments are :func:`analysis.suppression.mark_cells`'s.
    """
    tables = np.asarray(tables)
    sizes = tables[:, :, population] if sizes is None else np.asarray(sizes)
    present = sizes.any(axis=1)  # units with people in this table (a wave has only some of the collections)
    if present.sum() == 1:  # one unit: the table is its own, nothing left out
        (only,) = np.flatnonzero(present)
        absent = sizes[only] == 0
        marks = mark_cells(tables[only], threshold, rows_add_up=rows_add_up, blocks=blocks, absent=absent)
        included = np.repeat(present[:, None], tables.shape[1], axis=1)
        return Combined(tables[only], marks, included, np.zeros_like(tables[0]))
    unit_marks = np.stack(
        [
            mark_cells(table, threshold, rows_add_up=rows_add_up, blocks=blocks, absent=size == 0)
            if size.any()
            else np.full(table.shape, PRIMARY, dtype=np.int8)  # a unit without people in this wave: not included
            for table, size in zip(tables, sizes, strict=True)
        ]
    )
    included = unit_marks[:, :, population] == SHOWN
    counts = (tables * included[:, :, None]).sum(axis=0)
    left_out = (tables * ~included[:, :, None]).sum(axis=0)
    hidden_in_a_unit = ((unit_marks != SHOWN) & included[:, :, None]).any(axis=0)
    marks = np.where(hidden_in_a_unit, COMPLEMENTARY, SHOWN).astype(np.int8)
    marks[hidden_in_a_unit & (counts < threshold)] = PRIMARY  # the combined number is itself small (a zero)
    # a cell whose people are all left out says why, as their units' own tables do (small, or hidden to protect)
    everyone_out = (sizes.sum(axis=0) > 0) & (counts[:, population] == 0)
    small = ((unit_marks[:, :, population] == PRIMARY) & present[:, None]).any(axis=0)
    why = np.where(small, PRIMARY, COMPLEMENTARY)
    marks[everyone_out] = why[everyone_out, None]
    return Combined(counts, marks, included, left_out)


def kept_rows(rows: np.ndarray, units: Units, included: np.ndarray) -> np.ndarray:
    """The rows of one cell whose unit is included in it (`included`: per unit)."""
    return rows[included[units.codes[rows]]]
