import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.report_model import Suppressed
from analysis.suppression import (
    COMPLEMENTARY,
    PRIMARY,
    SHOWN,
    group_marks,
    hidden_sums,
    line_leaks,
    mark_cells,
    to_cell,
)


def with_margins(inner: np.ndarray) -> np.ndarray:
    """Groups x options counts plus each group's total (last column) and everyone's counts (last row)."""
    table = np.c_[inner, inner.sum(axis=1)]
    return np.r_[table, table.sum(axis=0, keepdims=True)]


def test_small_count_is_hidden_and_the_next_smallest_of_its_row_too():
    marks = mark_cells(np.array([[20, 3, 9, 32]]), threshold=5, columns_add_up=False)
    assert marks.tolist() == [[SHOWN, PRIMARY, COMPLEMENTARY, SHOWN]]


def test_zero_counts_are_hidden():
    assert mark_cells(np.array([[0, 30, 30]]), 5, columns_add_up=False)[0, 0] == PRIMARY


def test_nothing_hidden_when_every_count_reaches_the_threshold():
    marks = mark_cells(with_margins(np.array([[5, 6], [7, 8]])), 5)
    assert not marks.any()


def test_hiding_spreads_to_the_column_across_groups():
    marks = mark_cells(with_margins(np.array([[20, 2], [30, 40]])), 5)
    # group 1's 2 is primary; its row and its column each need a second hidden cell
    assert marks[0, 1] == PRIMARY
    assert marks[0, 0] == COMPLEMENTARY and marks[1, 1] == COMPLEMENTARY
    assert not line_leaks(marks)


def test_one_small_group_hides_the_next_smallest_group():
    assert group_marks(np.array([40, 2, 9, 30, 81]), threshold=5).tolist() == [0, 1, 2, 0, 0]
    # a single group under the threshold: everyone's size would give it away
    assert group_marks(np.array([3, 60]), threshold=5).tolist() == [1, 2]


def test_suppressed_cell_says_why_in_three_languages():
    cell = to_cell(3, PRIMARY, 5)
    assert cell == Suppressed("small_cell", 5)
    assert "5" in cell.text.fi and "5" in cell.text.sv and "5" in cell.text.en
    assert to_cell(9, COMPLEMENTARY, 5).reason == "complementary"
    assert to_cell(9, SHOWN, 5) == 9


counts_tables = st.integers(1, 5).flatmap(
    lambda groups: st.integers(1, 5).flatmap(
        lambda options: st.lists(
            st.lists(st.integers(0, 30), min_size=options, max_size=options), min_size=groups, max_size=groups
        )
    )
)


@settings(max_examples=300, deadline=None)
@given(inner=counts_tables, threshold=st.integers(1, 10))
def test_no_shown_count_is_under_the_threshold_and_none_can_be_recovered(inner, threshold):
    table = with_margins(np.array(inner))
    marks = mark_cells(table, threshold)
    assert (table[marks == SHOWN] >= threshold).all()
    assert (marks[table < threshold] == PRIMARY).all()
    assert not line_leaks(marks)
    assert all(revealed >= threshold for revealed in hidden_sums(table, marks))
    # brute force: a hidden cell is recoverable if some line's other cells are all shown
    rows, cols = table.shape
    for r in range(rows):
        for c in range(cols):
            if marks[r, c]:
                assert marks[r].sum() - marks[r, c] > 0 or cols < 2
                assert marks[:, c].sum() - marks[r, c] > 0 or rows < 2


@settings(max_examples=200, deadline=None)
@given(sizes=st.lists(st.integers(0, 40), min_size=1, max_size=8))
def test_group_sizes_never_leak(sizes):
    sizes = np.array(sizes)
    column = np.r_[sizes, sizes.sum()]
    marks = group_marks(column, threshold=5)
    assert (column[marks == SHOWN] >= 5).all()
    assert np.count_nonzero(marks) != 1
    revealed = hidden_sums(column.reshape(-1, 1), marks.reshape(-1, 1), rows_add_up=False)
    assert all(sum_ >= 5 for sum_ in revealed)


def test_two_small_groups_hidden_together_still_get_a_complement():
    # 2 + 2 hidden beside a shown total would give away the four people's numbers together
    marks = mark_cells(np.array([[2, 2, 30, 34]]), threshold=5, columns_add_up=False)
    assert marks.tolist() == [[PRIMARY, PRIMARY, COMPLEMENTARY, SHOWN]]


def test_a_lone_zero_is_protected_by_a_complement():
    marks = mark_cells(np.array([[0, 12, 20, 32]]), threshold=5, columns_add_up=False)
    assert marks.tolist() == [[PRIMARY, COMPLEMENTARY, SHOWN, SHOWN]]
