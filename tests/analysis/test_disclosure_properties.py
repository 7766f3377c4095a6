"""Properties of the rules across tables (analysis.disclosure), on random data sets of several release units.

A reader with a staff account can obtain a report of any set of closed data collections (a collection alone, a
project's waves, projects side by side) and read it again after more collections close. Subtracting two such
reports must never describe fewer than the threshold of people: for every number shown in both, the two people
sets differ by nobody or by at least the threshold. Within one report, everyone minus the groups shown (the
hidden groups and those left out together) is nobody or at least the threshold too.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.disclosure import combine
from analysis.report import build_report
from analysis.report_model import Suppressed
from analysis.response_table import ResponseTable
from tests.analysis.small_instrument import small_instrument

BY = ("project", "BG_GENDER")


@st.composite
def programme(draw):
    """Up to four collections (release units) of random sizes, in two waves, with pairing codes."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    units = draw(st.integers(2, 4))
    rows = []
    for u in range(units):
        size = draw(st.integers(0, 30))
        wave = "baseline" if u % 2 == 0 else "follow_up"
        project = f"P{u // 2}"
        for i in range(size):
            rows.append(
                {
                    "unit": f"C{u}",
                    "project": project,
                    "wave": wave,
                    "pairing_code": f"{project}-{i}-X-Y",
                    "BG_GENDER": rng.choice([1, 2, 2, 3, None]),
                    "Y1": rng.choice([0, 1, 1, 1, None]),
                    **{code: rng.choice([1, 2, 3, 4, 5, 9, None]) for code in ("A1", "A2", "A3", "B1", "B2")},
                }
            )
    threshold = draw(st.integers(3, 6))
    return rows, [f"C{u}" for u in range(units)], threshold


def _report(rows, units, threshold):
    chosen = [row for row in rows if row["unit"] in units]
    if not chosen:
        return None
    table = ResponseTable.from_answers(chosen, small_instrument())
    waves = [w for w in ("baseline", "follow_up") if any(row["wave"] == w for row in chosen)]
    return build_report(
        table,
        small_instrument(),
        by=BY,
        wave="wave",
        waves=waves,
        pair="pairing_code" if len(waves) > 1 else None,
        unit="unit",
        min_cell=threshold,
    )


def _numbers(report) -> dict[tuple, float]:
    """Every shown count of a report (the n of a number, or a count of people), by what it describes."""
    found: dict[tuple, float] = {}

    def keep(key, value):
        if not isinstance(value, Suppressed) and not (isinstance(value, float) and math.isnan(value)):
            found[key] = float(value)

    for row in report.summaries:
        keep(("summary", row.scale, row.by, row.group, row.wave), row.n)
    for row in report.distributions:
        keep(("option", row.item, row.by, row.group, row.wave, row.code), row.count)
        keep(("answered", row.item, row.by, row.group, row.wave), row.valid_n)
    for row in report.proportions:
        keep(("yes", row.item, row.option, row.by, row.group, row.wave), row.count)
        keep(("asked", row.item, row.option, row.by, row.group, row.wave), row.n)
    for row in report.comparisons:
        if row.kind == "waves_paired" and row.n:
            keep(("pairs", row.scale, row.by, row.group), row.n[0])
    return found


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=programme())
def test_no_two_obtainable_reports_differ_by_fewer_than_the_threshold(data):
    rows, units, threshold = data
    selections = [s for n in range(1, len(units) + 1) for s in itertools.combinations(units, n)]
    numbers = {s: _numbers(report) for s in selections if (report := _report(rows, s, threshold)) is not None}
    for smaller, larger in itertools.permutations(numbers, 2):
        if not set(smaller) < set(larger):
            continue
        for key, value in numbers[smaller].items():
            if key in numbers[larger]:
                difference = abs(numbers[larger][key] - value)
                assert difference == 0 or difference >= threshold, (smaller, larger, key, value, difference)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=programme())
def test_everyone_minus_the_groups_shown_is_nobody_or_enough_people(data):
    rows, units, threshold = data
    report = _report(rows, units, threshold)
    if report is None:
        return
    for everyone in (r for r in report.summaries if r.by is None and not isinstance(r.n, Suppressed)):
        for by in BY:
            key = (everyone.scale, everyone.wave, by)
            groups = [r for r in report.summaries if (r.scale, r.wave, r.by) == key]
            shown = sum(r.n for r in groups if not isinstance(r.n, Suppressed))
            rest = everyone.n - shown
            assert rest == 0 or rest >= threshold, (everyone.scale, everyone.wave, by, rest)


@settings(max_examples=200, deadline=None)
@given(
    sizes=st.lists(st.lists(st.integers(0, 12), min_size=3, max_size=3), min_size=2, max_size=5),
    threshold=st.integers(3, 6),
)
def test_a_combined_count_is_a_sum_of_counts_the_units_show(sizes, threshold):
    tables = np.array([[[g] for g in (*groups, sum(groups))] for groups in sizes])
    combined = combine(tables, threshold, population=0, blocks=[(0, 1, 2)])
    if sum(1 for groups in sizes if sum(groups)) < 2:
        return  # one unit with people: the table is that unit's own, suppressed as one table (test_suppression)
    for cell in range(4):
        shown_parts = [t[cell, 0] for t, kept in zip(tables, combined.included[:, cell], strict=True) if kept]
        assert combined.counts[cell, 0] == sum(shown_parts)
        assert all(part == 0 or part >= threshold for part in shown_parts)
