"""Small-cell suppression: no shown aggregate describes fewer people than the threshold, nor reveals one that does.

A table of counts is suppressed in two steps:

1. **Primary**: every count under the threshold is hidden, zero included (a zero says that nobody in a group
   chose an option, which in a small group is itself telling). Everything computed from those people goes
   with it (percentages, means, confidence intervals).
2. **Complementary**: a total and the counts it adds up to form a *line*. Subtraction from a shown total gives
   away the sum of a line's hidden counts, so that sum must describe at least the threshold of people: a line
   with one hidden cell, or whose hidden counts add up to fewer than the threshold, gets its smallest shown
   count hidden too (the total only when no count is left). Rows (options of one group, with the group's n)
   and columns (one option across the groups of a background column, with everyone's count) are both lines;
   hiding one cell can open another line, so this repeats until every line is safe.

A hidden cell carries why (:class:`~analysis.report_model.Suppressed`). The same rule protects group sizes of
scale summaries: if one group of a background column is too small, the next smallest is hidden as well, so
its n (and its mean, via everyone's mean) cannot be worked out from the others. Rules across tables (several
data collections, reads at different times) are in :mod:`analysis.disclosure`.

Example
-------
>>> counts = np.array([[12, 3, 9, 24],     # group 1: three options and its total
...                    [10, 8, 7, 25],     # group 2
...                    [22, 11, 16, 49]])  # everyone
>>> mark_cells(counts, threshold=5)
array([[0, 1, 2, 0],
       [0, 2, 2, 0],
       [0, 0, 0, 0]], dtype=int8)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from analysis.report_model import Cell, Suppressed

SHOWN, PRIMARY, COMPLEMENTARY = 0, 1, 2



def mark_cells(
    counts: np.ndarray,
    threshold: int,
    *,
    rows_add_up: bool = True,
    columns_add_up: bool = True,
    blocks: Sequence[Sequence[int]] | None = None,
    absent: np.ndarray | None = None,
) -> np.ndarray:
    """Which cells of a count table to hide: ``SHOWN`` (0), ``PRIMARY`` (1) or ``COMPLEMENTARY`` (2).

    Parameters
    ----------
    counts : 2-d array of int
        The table with its margins: when `rows_add_up`, the last column holds each row's total; when
        `columns_add_up`, the last row holds each column's total.
    threshold : int
        Counts under it are hidden (the report's ``min_cell``).
    blocks : sequence of sequences of int, optional
        When `columns_add_up`, the sets of rows that each add up to the last row (e.g. the groups of each of
        two background columns, which both add up to everyone). Default: all rows but the last.

    A count the report does not print but that follows from printed ones (the "no" count beside a printed
    "yes" count and n) belongs in the table as if printed, so that a small one is protected too.

    absent : array of bool, optional
        Rows of nobody (a group without members in a wave, say: not a group that skipped an item). They are
        left as they are: there is no one to protect, and no line needs them.
    """
    counts = np.asarray(counts)
    empty = np.zeros(len(counts), dtype=bool) if absent is None else np.asarray(absent, dtype=bool)
    if empty.any() and not empty.all():
        present = np.flatnonzero(~empty)
        position = {int(row): i for i, row in enumerate(present)}
        kept_blocks = None if blocks is None else [[position[r] for r in b if r in position] for b in blocks]
        marks = np.full(counts.shape, SHOWN, dtype=np.int8)
        marks[present] = mark_cells(
            counts[present], threshold, rows_add_up=rows_add_up, columns_add_up=columns_add_up, blocks=kept_blocks
        )
        return marks
    if empty.all():
        return np.full(counts.shape, SHOWN, dtype=np.int8)
    marks = np.where(counts < threshold, PRIMARY, SHOWN).astype(np.int8)
    lines = _lines(counts.shape, rows_add_up, columns_add_up, blocks)
    changed = True
    while changed:
        changed = False
        for line, total in lines:
            cells = marks[line]
            if not _leaks(counts[line], cells, total, threshold):
                continue
            pick = _smallest_shown(counts[line], cells, total)
            if pick is not None:
                marks[tuple(index[pick] for index in line)] = COMPLEMENTARY
                changed = True
    return marks


def _leaks(values: np.ndarray, marks: np.ndarray, total: int, threshold: int) -> bool:
    """Whether subtraction within one line reveals a hidden number of fewer than `threshold` people.

    One hidden cell is revealed whole. With more, a shown total gives away the hidden counts' sum.
    """
    hidden = np.flatnonzero(marks != SHOWN)
    if len(hidden) == 0:
        return False
    if len(hidden) == 1:
        return True
    if marks[total] != SHOWN:
        return False  # the total is hidden too: subtraction gives only what is shown
    return values[hidden].sum() < threshold


def line_leaks(
    marks: np.ndarray,
    *,
    rows_add_up: bool = True,
    columns_add_up: bool = True,
    blocks: Sequence[Sequence[int]] | None = None,
) -> bool:
    """Whether some line has exactly one hidden cell (which subtraction would reveal).

    (The sum rule of :func:`mark_cells` needs the counts: see :func:`hidden_sums`.)

    >>> line_leaks(np.array([[0, 1, 0]]), columns_add_up=False)
    True
    """
    lines = _lines(marks.shape, rows_add_up, columns_add_up, blocks)
    return any(np.count_nonzero(marks[line]) == 1 for line, _ in lines)


def hidden_sums(
    counts: np.ndarray,
    marks: np.ndarray,
    *,
    rows_add_up: bool = True,
    columns_add_up: bool = True,
    blocks: Sequence[Sequence[int]] | None = None,
) -> list[int]:
    """For each line whose total is shown and that hides something, the sum subtraction reveals.

    >>> hidden_sums(np.array([[2, 2, 30, 34]]), np.array([[1, 1, 0, 0]]), columns_add_up=False)
    [4]
    """
    found = []
    for line, total in _lines(marks.shape, rows_add_up, columns_add_up, blocks):
        cells, values = marks[line], counts[line]
        hidden = np.flatnonzero(cells != SHOWN)
        if len(hidden) and cells[total] == SHOWN:
            found.append(int(values[hidden].sum()))
    return found


def to_cell(value: float, mark: int, threshold: int) -> Cell:
    """`value` as shown in a report: the number, or a :class:`Suppressed` saying why it is not.

    >>> to_cell(12.0, SHOWN, 5), to_cell(3.0, PRIMARY, 5)
    (12.0, Suppressed(reason='small_cell', threshold=5))
    """
    if mark == SHOWN:
        return value
    return Suppressed("small_cell" if mark == PRIMARY else "complementary", threshold)


def group_marks(sizes: np.ndarray, threshold: int, blocks: Sequence[Sequence[int]] | None = None) -> np.ndarray:
    """Marks for group sizes followed by everyone's size (last), e.g. the groups of a background column.

    Groups under the threshold are ``PRIMARY``; when exactly one group of a block is, the next smallest group
    of the block is ``COMPLEMENTARY`` (or everyone's size, when the block has no other group).
    `blocks` as in :func:`mark_cells`.

    >>> group_marks(np.array([3, 40, 20, 63]), threshold=5)
    array([1, 0, 2, 0], dtype=int8)
    """
    column = np.asarray(sizes).reshape(-1, 1)
    return mark_cells(column, threshold, rows_add_up=False, blocks=blocks)[:, 0]


def _lines(
    shape: tuple[int, int], rows_add_up: bool, columns_add_up: bool, blocks: Sequence[Sequence[int]] | None
) -> list[tuple[tuple, int]]:
    """Index tuples of every line of cells that add up, with the position of the line's total in it."""
    n_rows, n_cols = shape
    lines = []
    if rows_add_up and n_cols >= 2:
        for r in range(n_rows):
            lines.append(((np.full(n_cols, r), np.arange(n_cols)), n_cols - 1))
    if columns_add_up and n_rows >= 2:
        for block in [range(n_rows - 1)] if blocks is None else blocks:
            members = np.r_[np.asarray(block, dtype=np.int64), n_rows - 1]
            if len(members) < 2:
                continue
            for c in range(n_cols):
                lines.append(((members, np.full(len(members), c)), len(members) - 1))
    return lines


def _smallest_shown(values: np.ndarray, marks: np.ndarray, total: int) -> int | None:
    """Position of the smallest shown cell of a line, a count before the total."""
    shown = np.flatnonzero(marks == SHOWN)
    if len(shown) == 0:
        return None
    counts = shown[shown != total]
    candidates = counts if len(counts) else shown
    return int(candidates[np.argmin(values[candidates])])
