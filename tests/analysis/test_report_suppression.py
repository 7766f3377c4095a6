"""Property: whatever the data, a report shows no aggregate of fewer than min_cell people and gives none away."""

from collections import defaultdict

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.report import build_report
from analysis.report_model import Suppressed
from analysis.response_table import ResponseTable
from tests.analysis.small_instrument import small_instrument


def hidden(value) -> bool:
    return isinstance(value, Suppressed)


@st.composite
def survey(draw):
    n = draw(st.integers(1, 60))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    project = rng.choice(
        ["P1", "P2", "P3", "P4"], n, p=draw(st.sampled_from([[0.25] * 4, [0.6, 0.3, 0.08, 0.02]]))
    )
    columns = {
        "project": project.astype(object),
        "BG_GENDER": rng.choice([1.0, 2.0, 3.0, np.nan], n),
        "wave": rng.choice(["baseline", "follow_up"], n).astype(object),
        "Y1": rng.choice([0.0, 1.0, np.nan], n, p=[0.1, 0.85, 0.05]),
        "M1__1": rng.choice([0.0, 1.0], n),
    }
    columns["BG_GENDER"][0] = 1.0  # a column with no values at all is an error, tested elsewhere
    for code in ("A1", "A2", "A3", "B1", "B2"):
        columns[code] = rng.choice([1.0, 2.0, 3.0, 4.0, 5.0, 9.0, np.nan], n)
    return ResponseTable(columns), draw(st.integers(2, 8))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=survey())
def test_no_shown_aggregate_is_small_and_no_hidden_count_can_be_subtracted_out(data):
    table, threshold = data
    report = build_report(table, small_instrument(), by=["project", "BG_GENDER"], wave="wave", min_cell=threshold)

    def absent(row) -> bool:
        """Nobody of the row's group in its wave (then a 0 is shown: there is no one to protect)."""
        if row.by is None:
            return False
        values = table.text(row.by)
        return not ((values == (row.group or "")) & (table.text("wave") == row.wave)).any()

    for row in report.summaries:
        assert hidden(row.n) or row.n >= threshold or (row.n == 0 and absent(row))
        assert hidden(row.n) == hidden(row.mean) == hidden(row.sd)
    for row in report.reliability:
        assert hidden(row.n) or row.n >= threshold or absent(row)
    for row in report.proportions:
        if not hidden(row.proportion) and not absent(row):
            assert row.count >= threshold and row.n - row.count >= threshold
    for row in report.comparisons:
        for n in row.n:
            assert hidden(n) or n >= threshold

    # option counts: every line (a group's options + its n; an option across a column's groups + everyone)
    # has no hidden cell or at least two
    tables = defaultdict(dict)
    for row in report.distributions:
        if absent(row):
            continue
        assert hidden(row.count) or row.count >= threshold
        assert hidden(row.valid_n) or row.valid_n >= threshold
        assert not hidden(row.count) or hidden(row.percent)
        assert not hidden(row.valid_n) or hidden(row.percent)
        tables[(row.item, row.wave)][(row.by, row.group, row.code)] = hidden(row.count)
        tables[(row.item, row.wave)][(row.by, row.group, "n")] = hidden(row.valid_n)
    for cells in tables.values():
        rows = defaultdict(list)
        columns = defaultdict(list)
        for (by, group, code), is_hidden in cells.items():
            rows[(by, group)].append(is_hidden)
            if by is not None:
                columns[(by, code)].append(is_hidden)
        for (_by, code), line in columns.items():
            line.append(cells[(None, None, code)])
        for line in [*rows.values(), *columns.values()]:
            assert sum(line) != 1

    # group sizes of a summary: n of each group + everyone's n
    sizes = defaultdict(list)
    for row in report.summaries:
        if row.by is not None:
            sizes[(row.scale, row.wave, row.by)].append(hidden(row.n))
    for (scale, wave, _by), line in sizes.items():
        everyone = next(r for r in report.summaries if r.scale == scale and r.wave == wave and r.by is None)
        assert sum([*line, hidden(everyone.n)]) != 1
