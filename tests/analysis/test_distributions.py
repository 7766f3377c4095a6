import numpy as np
import pytest

from analysis.disclosure import Units
from analysis.distributions import factorize, option_index, partition
from analysis.response_table import ResponseTable


@pytest.fixture
def table():
    return ResponseTable.from_columns(
        {
            "project": ["B", "A", "B", "", "A", "C"],
            "wave": ["pre", "pre", "post", "post", "post", "later"],
            "Q": [1, 2, 2, 9, None, 1],
            "Y": [1, 0, None, 1, 1, 0],
        }
    )


def test_groups_are_sorted_and_those_without_a_value_are_a_group_of_their_own(table):
    part = partition(table, "project")
    assert part.groups == ("A", "B", "C", "")
    assert part.codes.tolist() == [1, 0, 1, 3, 0, 2]
    assert part.sizes().tolist() == [2, 2, 1, 1]


def test_no_answer_group_only_when_someone_in_the_analysed_waves_skipped(table):
    assert partition(table, "project", wave="wave", waves=["pre"]).groups == ("A", "B", "C")


def test_numeric_group_values_sort_as_numbers():
    assert factorize(np.array([10.0, 2.0, 1.0]))[0] == ("1", "2", "10")


def test_waves_follow_the_given_order_and_others_are_left_out(table):
    part = partition(table, None, wave="wave", waves=["pre", "post"])
    assert part.cells == (("pre", None), ("post", None))
    assert part.sizes().tolist() == [2, 3]
    assert [rows.tolist() for rows in part.rows] == [[0, 1], [2, 3, 4]]


def test_cells_cross_waves_and_groups(table):
    part = partition(table, "project", wave="wave", waves=["pre", "post"])
    assert part.cell_index("post", "A") == 4
    assert part.sizes().tolist() == [1, 1, 0, 0, 1, 1, 0, 1]


def counts(table, column, options, part):
    return Units.one(len(table)).counts(part, option_index(table[column], options), len(options))[0]


def test_option_counts_per_cell_include_missing_codes(table):
    by_project = counts(table, "Q", [1, 2, 9], partition(table, "project"))
    assert by_project.tolist() == [[0, 1, 0], [1, 1, 0], [1, 0, 0], [0, 0, 1]]
    assert counts(table, "Q", [1, 2, 9], partition(table)).tolist() == [[2, 2, 1]]


def test_text_codes_are_counted_too():
    values = np.array(["01", "02", "01", ""], dtype=object)
    table = ResponseTable.from_columns({"Q": values})
    assert counts(table, "Q", ["01", "02", "03"], partition(table)).tolist() == [[2, 1, 0]]


def test_counts_are_kept_apart_by_release_unit(table):
    units = Units.from_column(np.array(["u1", "u1", "u2", "u2", "u2", "u1"], dtype=object))
    per_unit = units.counts(partition(table), option_index(table["Q"], [1, 2, 9]), 3)
    assert per_unit.tolist() == [[[2, 1, 0]], [[0, 1, 1]]]


def test_an_empty_column_gives_one_group_of_those_without_an_answer():
    table = ResponseTable.from_columns({"project": ["", ""], "Q": [1, 2]})
    assert partition(table, "project").groups == ("",)

