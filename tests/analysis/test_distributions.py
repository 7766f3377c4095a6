import numpy as np
import pytest

from analysis.distributions import count_options, count_yes, factorize, partition
from analysis.errors import AnalysisError
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


def test_groups_are_sorted_and_empty_values_belong_to_no_group(table):
    part = partition(table, "project")
    assert part.groups == ("A", "B", "C")
    assert part.codes.tolist() == [1, 0, 1, -1, 0, 2]
    assert part.sizes().tolist() == [2, 2, 1]


def test_numeric_group_values_sort_as_numbers():
    assert factorize(np.array([10.0, 2.0, 1.0]))[0] == ("1", "2", "10")


def test_waves_follow_the_given_order_and_others_are_left_out(table):
    part = partition(table, None, wave="wave", waves=["pre", "post"])
    assert part.cells == (("pre", None), ("post", None))
    assert part.sizes().tolist() == [2, 3]
    assert [rows.tolist() for rows in part.rows] == [[0, 1], [2, 3, 4]]


def test_cells_cross_waves_and_groups(table):
    part = partition(table, "project", wave="wave", waves=["pre", "post"])
    assert part.cell_index("post", "A") == 3
    assert part.sizes().tolist() == [1, 1, 0, 1, 1, 0]


def test_option_counts_per_cell_include_missing_codes(table):
    counts, valid_n = count_options(table["Q"], [1, 2, 9], partition(table, "project"))
    assert counts.tolist() == [[0, 1, 0], [1, 1, 0], [1, 0, 0]]
    assert valid_n.tolist() == [1, 2, 1]
    everyone, n = count_options(table["Q"], [1, 2, 9], partition(table))
    assert everyone.tolist() == [[2, 2, 1]] and n.tolist() == [5]


def test_text_codes_are_counted_too():
    values = np.array(["01", "02", "01", ""], dtype=object)
    part = partition(ResponseTable.from_columns({"Q": values}))
    counts, _ = count_options(values, ["01", "02", "03"], part)
    assert counts.tolist() == [[2, 1, 0]]


def test_yes_counts_and_answered_per_cell(table):
    yes, n = count_yes(table["Y"], partition(table, "project"))
    assert yes.tolist() == [1, 1, 0]
    assert n.tolist() == [2, 1, 1]


def test_grouping_by_an_empty_column_is_an_error():
    table = ResponseTable.from_columns({"project": ["", ""], "Q": [1, 2]})
    with pytest.raises(AnalysisError, match="'project' has no values"):
        partition(table, "project")
