import json
import math

import numpy as np
import pytest

from analysis.adjust import adjust_p
from analysis.descriptives import describe
from analysis.errors import AnalysisError
from analysis.report import build_report
from analysis.report_model import Suppressed
from analysis.response_table import ResponseTable
from tests.analysis.small_instrument import small_instrument

ITEMS = ("A1", "A2", "A3", "B1", "B2")


def responses(groups: dict[str, int], *, seed: int = 3, waves: tuple[str, ...] = (), **extra) -> ResponseTable:
    """Random Likert answers for groups of the given sizes (in every wave when `waves` is given)."""
    rng = np.random.default_rng(seed)
    project = [name for name, size in groups.items() for _ in range(size)]
    wave = [w for w in waves for _ in project] if waves else None
    n = len(project) * max(1, len(waves))
    columns = {"project": project * max(1, len(waves))}
    if wave:
        columns["wave"] = wave
    columns.update({code: rng.integers(1, 6, n) for code in ITEMS})
    columns.update(extra)
    return ResponseTable.from_columns(columns)


def by_group(rows, scale="S_A", wave=None):
    return {row.group: row for row in rows if row.scale == scale and row.wave == wave}


def test_summaries_agree_with_describe_on_each_group():
    table = responses({"P1": 30, "P2": 25})
    report = build_report(table, small_instrument(), by=["project"])
    summaries = by_group(report.summaries)
    scores = report.responses["S_A"]
    for group, mask in (
        (None, np.ones(55, bool)),
        ("P1", table["project"] == "P1"),
        ("P2", table["project"] == "P2"),
    ):
        expected = describe(scores[mask])
        assert summaries[group].n == expected.n
        assert summaries[group].mean == pytest.approx(expected.mean)
        assert summaries[group].ci_high == pytest.approx(expected.ci_high)
    percent = report.responses["S_A_pct"]
    assert summaries[None].percent_mean == pytest.approx(np.nanmean(percent))
    assert math.isnan(by_group(report.summaries, "S_B")[None].percent_mean)  # S_B has no percent


def test_small_group_is_hidden_with_reason_and_the_next_smallest_too():
    report = build_report(responses({"P1": 30, "P2": 12, "P3": 3}), small_instrument(), by=["project"])
    summaries = by_group(report.summaries)
    assert summaries["P3"].n == Suppressed("small_cell", 5)
    assert summaries["P3"].mean == Suppressed("small_cell", 5)
    assert summaries["P2"].n == Suppressed("complementary", 5)  # 45 - 30 - P2 would reveal P3
    assert summaries["P1"].n == 30
    assert any(w.code == "small_group" and "P3" in w.text.fi for w in report.warnings)


def test_comparison_leaves_out_hidden_groups_and_says_which():
    # P3 is too small; P2 is hidden with it (the smallest other group), so neither is compared
    report = build_report(responses({"P1": 30, "P2": 20, "P3": 2, "P4": 25}), small_instrument(), by=["project"])
    row = next(r for r in report.comparisons if r.scale == "S_A")
    assert (row.test, row.groups, row.excluded) == ("welch_t", ("P1", "P4"), ("P2", "P3"))
    three = build_report(responses({"P1": 30, "P2": 20, "P3": 9}), small_instrument(), by=["project"])
    assert next(r for r in three.comparisons if r.scale == "S_A").test == "welch_anova"


def test_comparison_with_one_group_left_is_not_run_and_says_why():
    report = build_report(responses({"P1": 30, "P2": 4}), small_instrument(), by=["project"])
    row = next(r for r in report.comparisons if r.scale == "S_A")
    assert row.test == "" and math.isnan(row.p)
    assert "5" in row.skipped.en


def test_a_single_group_lists_no_comparison_of_groups():
    report = build_report(responses({"P1": 30}), small_instrument(), by=["project"])
    assert not [r for r in report.comparisons if r.kind == "groups"]


def test_two_groups_one_hidden_give_a_comparison_that_says_why_it_was_not_run():
    report = build_report(responses({"P1": 30, "P2": 3}), small_instrument(), by=["project"])
    row = next(r for r in report.comparisons if r.scale == "S_A")
    assert row.groups == ("P1", "P2") and row.label.en == "Scale A: P1 – P2 (Project)"
    assert row.skipped is not None and "numbers are hidden" in row.skipped.en and math.isnan(row.p)


def test_p_values_are_holm_adjusted_across_the_whole_report():
    report = build_report(responses({"P1": 30, "P2": 20, "P3": 15}), small_instrument(), by=["project"])
    run = [r for r in report.comparisons if not math.isnan(r.p)]
    assert len(run) == 2
    assert [r.p_adjusted for r in run] == pytest.approx(adjust_p([r.p for r in run], method="holm"))


def test_matched_waves_get_the_paired_test():
    table = responses(
        {"P1": 20, "P2": 20},
        waves=("baseline", "follow_up"),
        pairing_code=[f"k{i}-x-{i % 3}" for i in range(40)] * 2,
    )
    report = build_report(table, small_instrument(), wave="wave", pair="pairing_code")
    (pairing,) = report.pairing
    assert (pairing.exact_matches, pairing.match_rate, pairing.analysis) == (40, 1.0, "paired")
    row = next(r for r in report.comparisons if r.scale == "S_A" and r.by is None)
    assert (row.kind, row.test, row.n) == ("waves_paired", "paired_t", (40,))


def test_unmatched_waves_are_compared_as_independent_groups_and_say_so():
    table = responses(
        {"P1": 20},
        waves=("baseline", "follow_up"),
        pairing_code=[f"a{i}" for i in range(20)] + [f"zz{i}" for i in range(20)],
    )
    report = build_report(table, small_instrument(), wave="wave", pair="pairing_code")
    assert report.pairing[0].analysis == "independent"
    row = next(r for r in report.comparisons if r.scale == "S_A" and r.by is None)
    assert (row.kind, row.test) == ("waves_independent", "welch_t")
    assert any(w.code == "few_pairs" for w in report.warnings)


def test_wave_order_follows_first_appearance_or_the_given_order():
    table = responses({"P1": 10}, waves=("follow_up", "baseline"))
    assert build_report(table, small_instrument(), wave="wave").design.waves == ("follow_up", "baseline")
    given = build_report(table, small_instrument(), wave="wave", waves=["baseline", "follow_up"])
    assert given.design.waves == ("baseline", "follow_up")


def test_yes_no_is_a_proportion_with_wilson_interval_and_never_a_scale_score():
    table = responses({"P1": 40}, Y1=[1] * 30 + [0] * 10)
    report = build_report(table, small_instrument())
    (row,) = [r for r in report.proportions if r.item == "Y1"]
    assert (row.count, row.n, row.proportion) == (30, 40, 0.75)
    assert row.ci_low == pytest.approx(0.5980, abs=1e-4)  # prop.test(30, 40, correct = FALSE)
    assert row.ci_high == pytest.approx(0.8581, abs=1e-4)
    assert not any(s.scale == "Y1" for s in report.summaries)


def test_small_no_count_hides_the_yes_share_too():
    report = build_report(responses({"P1": 40}, Y1=[1] * 38 + [0] * 2), small_instrument())
    (row,) = [r for r in report.proportions if r.item == "Y1"]
    assert isinstance(row.count, Suppressed) and isinstance(row.proportion, Suppressed)
    assert row.n == 40


def test_multiple_choice_options_are_proportions_per_option():
    table = responses({"P1": 20}, M1__1=[1] * 12 + [0] * 8, M1__2=[1] * 5 + [0] * 15)
    report = build_report(table, small_instrument())
    rows = {r.option: r for r in report.proportions if r.item == "M1"}
    assert rows[1].count == 12 and rows[1].label.en == "Age"
    assert rows[2].count == 5


def test_option_counts_hide_small_counts_and_a_complement():
    answers = [1] * 20 + [2] * 3 + [3] * 9 + [4] * 10 + [5] * 8
    report = build_report(responses({"P1": 50}, A1=answers), small_instrument())
    counts = {r.code: r.count for r in report.distributions if r.item == "A1"}
    assert counts[2] == Suppressed("small_cell", 5)
    assert counts[9] == Suppressed("small_cell", 5)  # nobody said "don't know": zero is hidden too
    assert counts[1] == 20 and counts[3] == 9
    valid = {r.valid_n for r in report.distributions if r.item == "A1"}
    assert valid == {50}


def test_zero_variance_group_comparison_is_labelled_not_crashing():
    table = responses({"P1": 10, "P2": 10}, A1=[3] * 20, A2=[3] * 20, A3=[3] * 20)
    report = build_report(table, small_instrument(), by=["project"])
    row = next(r for r in report.comparisons if r.scale == "S_A")
    assert (row.test, row.skipped) == ("welch_t", None)
    assert math.isnan(row.statistic) and math.isnan(row.p) and math.isnan(row.p_adjusted)
    assert "no variation" in row.note


def test_all_missing_item_gives_a_warning_and_hidden_counts():
    report = build_report(responses({"P1": 20}, B2=[None] * 20), small_instrument())
    assert any(w.code == "no_answers" and w.subject == "B2" for w in report.warnings)
    assert {r.valid_n for r in report.distributions if r.item == "B2"} == {Suppressed("small_cell", 5)}


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"by": ["region"]}, "no column 'region'"),
        ({"wave": "when"}, "no column 'when'"),
        ({"pair": "project"}, "need a wave column"),
        ({"min_cell": 0}, "at least 1"),
        ({"language": "de"}, "fi, sv, en"),
        ({"confidence": 95.0}, "between 0 and 1"),
        ({"by": ["project", "project"]}, "given twice"),
    ],
)
def test_bad_design_is_a_clear_error(kwargs, message):
    with pytest.raises(AnalysisError, match=message):
        build_report(responses({"P1": 10}), small_instrument(), **kwargs)


def test_json_has_suppression_reasons_and_null_for_undefined():
    report = build_report(responses({"P1": 30, "P2": 3}), small_instrument(), by=["project"], filters={"x": 1})
    data = json.loads(report.to_json())
    hidden = next(s for s in data["summaries"] if s["group"] == "P2")
    assert hidden["n"]["suppressed"] == "small_cell" and "5" in hidden["n"]["text"]["sv"]
    assert data["filters"] == {"x": "1"}
    assert "responses" not in data


def test_group_of_one_with_threshold_one_is_labelled_not_crashing():
    report = build_report(responses({"P1": 10, "P2": 1}), small_instrument(), by=["project"], min_cell=1)
    one = by_group(report.summaries)["P2"]
    assert one.n == 1 and math.isnan(one.sd)
    row = next(r for r in report.comparisons if r.scale == "S_A")
    assert math.isnan(row.p) and "too few" in row.skipped.en and "'P2' has 1" in row.note
    alpha = next(r for r in report.reliability if r.scale == "S_A" and r.group == "P2")
    assert math.isnan(alpha.alpha) and "too few respondents" in alpha.skipped.en


def test_one_wave_only_gives_no_wave_comparison():
    table = responses({"P1": 10}, waves=("baseline",), pairing_code=[f"c{i}" for i in range(10)])
    report = build_report(table, small_instrument(), wave="wave", pair="pairing_code")
    assert report.pairing == () and report.comparisons == ()


def test_wave_differences_are_later_minus_baseline_paired_or_not():
    low, high = [1] * 10 + [2] * 10, [5] * 10 + [4] * 10  # differences 4 and 2: mean 3
    columns = {code: low + high for code in ("A1", "A2", "B1", "B2")}
    columns["A3"] = [6 - v for v in low + high]  # reverse-keyed
    paired = responses(
        {"P1": 20}, waves=("baseline", "follow_up"), pairing_code=[f"c{i}-x" for i in range(20)] * 2, **columns
    )
    unpaired = responses({"P1": 20}, waves=("baseline", "follow_up"), **columns)
    for table, pair, kind in ((paired, "pairing_code", "waves_paired"), (unpaired, None, "waves_independent")):
        report = build_report(table, small_instrument(), wave="wave", pair=pair)
        row = next(r for r in report.comparisons if r.scale == "S_A" and r.by is None)
        assert row.kind == kind and row.groups == ("baseline", "follow_up")
        assert row.estimate == pytest.approx(3.0) and row.effect_size > 0
