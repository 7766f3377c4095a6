"""A breakdown with a single group (one project picked, say) repeats nobody's results twice."""

import numpy as np

from analysis import build_report
from analysis.response_table import ResponseTable
from tests.analysis.small_instrument import small_instrument


def _two_waves(project_of_row, n=40, seed=3):
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        wave = "baseline" if i < n // 2 else "follow_up"
        rows.append(
            {
                "response_id": i,
                "project": project_of_row(i),
                "wave": wave,
                "pairing_code": f"A-{i % (n // 2)}-B-C",
                **{code: int(rng.integers(1, 6)) for code in ("A1", "A2", "A3", "B1", "B2")},
            }
        )
    return ResponseTable.from_answers(rows, small_instrument())


def test_wave_comparisons_are_not_repeated_for_a_breakdown_with_one_group():
    table = _two_waves(lambda i: "ARV-08")
    report = build_report(table, small_instrument(), by=("project",), wave="wave", pair="pairing_code")
    wave_rows = [row for row in report.comparisons if row.scale == "S_A" and row.by is None]
    project_rows = [row for row in report.comparisons if row.scale == "S_A" and row.by == "project"]
    assert len(wave_rows) == 1
    assert not [row for row in project_rows if "baseline" in str(row.groups)]


def test_wave_comparisons_are_made_within_each_of_several_groups():
    table = _two_waves(lambda i: "ARV-01" if i % 2 else "ARV-02")
    report = build_report(table, small_instrument(), by=("project",), wave="wave", pair="pairing_code")
    within = [row for row in report.comparisons if row.scale == "S_A" and row.by == "project"]
    labels = {row.label.en for row in within if row.kind.startswith("waves")}
    assert labels == {
        "Scale A: baseline – follow-up, Project: ARV-01",
        "Scale A: baseline – follow-up, Project: ARV-02",
    }


def test_a_small_group_warning_names_the_wave_it_is_small_in():
    # ARV-09 has three respondents at baseline and none at follow-up: small in one wave, absent from the other
    table = _two_waves(lambda i: "ARV-09" if i in (0, 1, 2) else "ARV-01")
    report = build_report(table, small_instrument(), by=("project",), wave="wave")
    texts = [warning.text.en for warning in report.warnings if warning.code == "small_group"]
    assert texts == [
        "The group \u201cProject: ARV-09\u201d has fewer than 5 respondents in the baseline wave; "
        "its results are hidden."
    ]
    # a group with nobody in a wave has no rows there (nothing to show, nothing to protect)
    assert not [r for r in report.summaries if r.group == "ARV-09" and r.wave == "follow_up"]
