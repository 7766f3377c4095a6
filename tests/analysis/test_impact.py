"""The programme impact: projects' paired changes side by side and pooled (analysis/impact.py), in words
(analysis/impact_readings.py) and as a workbook (analysis/export/impact_sheet.py)."""

import math
import re

import numpy as np
import pytest
from python_calamine import CalamineWorkbook
from scipy import stats

from analysis import compare_paired, paired_change, pool_effects
from analysis.errors import AnalysisError
from analysis.export.impact_sheet import IMPACT, ImpactBook, header, write_impact_workbook
from analysis.impact import METHODS, ProjectPairs, heterogeneity, paired_scores, pool_changes, project_change
from analysis.impact_readings import HETEROGENEITY, heterogeneity_reading, pooled_reading
from analysis.report import build_report
from analysis.report_model import Suppressed
from analysis.response_table import ResponseTable
from analysis.scoring import score
from tests.analysis.small_instrument import small_instrument

# metafor's rma(yi, vi, test = "knha") on these five effects prints estimate 0.2393, se 0.0892, ci.lb -0.0083,
# ci.ub 0.4868, tau^2 0.0124, I^2 29.53%, QE 5.4743 (analysis.meta's example)
KNOWN_YI = (0.32, 0.11, 0.54, 0.05, 0.41)
KNOWN_VI = (0.021, 0.034, 0.048, 0.015, 0.062)
UNIT = np.array([-1.5, -1.0, -0.5, -0.25, 0.0, 0.0, 0.25, 0.5, 1.0, 1.5])  # mean 0
UNIT = UNIT / UNIT.std(ddof=1)  # sd 1: a project's differences are yi + s * UNIT


def pairs_with(name: str, yi: float, vi: float, before: float = 3.0) -> ProjectPairs:
    """Ten pairs whose mean change is `yi` with sampling variance `vi` (sd(d)² / n)."""
    differences = yi + math.sqrt(vi * UNIT.size) * UNIT
    start = np.full(UNIT.size, before) + np.linspace(-0.5, 0.5, UNIT.size)
    return ProjectPairs(name, start, start + differences)


KNOWN = [pairs_with(f"P{i}", y, v) for i, (y, v) in enumerate(zip(KNOWN_YI, KNOWN_VI, strict=True), start=1)]


def test_pooling_the_projects_pairs_reproduces_metafor_on_known_data():
    result = pool_changes(KNOWN, min_cell=5)
    pooled = result.pooled
    assert [round(p.estimate, 12) for p in result.projects] == list(KNOWN_YI)
    assert [round(p.variance, 12) for p in result.projects] == list(KNOWN_VI)
    assert (pooled.method, pooled.test, pooled.k) == ("REML", "knha", 5)
    assert round(pooled.estimate, 4) == 0.2393 and round(pooled.se, 4) == 0.0892
    assert (round(pooled.ci_low, 4), round(pooled.ci_high, 4)) == (-0.0083, 0.4868)
    assert (round(pooled.tau2, 4), round(pooled.i2, 2), round(pooled.q, 4)) == (0.0124, 29.53, 5.4743)


@pytest.mark.parametrize("method", list(METHODS))
@pytest.mark.parametrize("measure", ["points", "standardised"])
def test_every_method_and_measure_is_pool_effects_on_the_projects_paired_changes(method, measure):
    rng = np.random.default_rng(11)
    projects = []
    for i, (n, change) in enumerate([(12, 0.4), (30, 0.1), (20, -0.2), (8, 0.6)]):
        before = rng.normal(3.0, 0.8, n)
        projects.append(ProjectPairs(f"P{i}", before, before + change + rng.normal(0, 0.6, n)))
    result = pool_changes(projects, measure=measure, method=method, min_cell=5)
    effects = [paired_change(p.before, p.after, standardised=measure == "standardised") for p in projects]
    estimator, test = METHODS[method]
    expected = pool_effects([e.yi for e in effects], [e.vi for e in effects], method=estimator, test=test)
    assert result.pooled == expected
    weights = [1.0 / (e.vi + expected.tau2) for e in effects]
    assert [p.weight for p in result.projects] == pytest.approx([100 * w / sum(weights) for w in weights])
    assert sum(p.weight for p in result.projects) == pytest.approx(100.0)


def test_a_change_in_points_has_the_interval_of_the_projects_own_paired_t_test():
    project = KNOWN[0]
    change = project_change(project, measure="points")
    paired = compare_paired(project.before, project.after)
    assert (change.estimate, change.ci_low, change.ci_high) == pytest.approx(
        (paired.estimate, paired.estimate_ci_low, paired.estimate_ci_high), abs=1e-12
    )
    standardised = project_change(project, measure="standardised")
    effect = paired_change(project.before, project.after)
    half = stats.norm.ppf(0.975) * math.sqrt(effect.vi)
    assert (standardised.estimate, standardised.ci_low) == pytest.approx((effect.yi, effect.yi - half))


def test_a_project_under_the_threshold_is_left_out_its_count_hidden_and_the_rest_pooled():
    small = ProjectPairs("SMALL", [3.0, 2.0, 4.0, 3.0], [4.0, 4.0, 5.0, 3.0])
    result = pool_changes([*KNOWN[:3], small], min_cell=5)
    left = result.projects[-1]
    assert left.left_out == "few_pairs" and left.n == Suppressed("small_cell", 5)
    assert math.isnan(left.estimate) and math.isnan(left.weight)
    assert result.pooled.k == 3
    assert result.pooled == pool_changes(KNOWN[:3], min_cell=5).pooled  # the small project changes nothing
    assert result.pairs == 30
    # the same project is shown once the threshold allows it
    assert pool_changes([*KNOWN[:3], small], min_cell=4).projects[-1].n == 4


def test_two_projects_are_not_pooled_however_many_are_left_out():
    small = ProjectPairs("SMALL", [3.0, 2.0], [4.0, 4.0])
    result = pool_changes([*KNOWN[:2], small], min_cell=5)
    assert result.pooled is None and result.not_pooled == "too_few_projects"
    assert [p.project for p in result.shown] == ["P1", "P2"]  # still shown side by side, each on its own
    assert all(math.isnan(p.weight) for p in result.projects)
    words = pooled_reading(result)
    assert "vähintään 3 hanketta" in words.fi and "(nu 2)" in words.sv and "at least 3 projects" in words.en
    assert pool_changes(KNOWN[:3], min_cell=5).pooled is not None


def test_a_project_whose_changes_do_not_vary_is_left_out():
    same = ProjectPairs("SAME", [1.0, 2.0, 3.0, 4.0, 5.0, 2.0], [2.0, 3.0, 4.0, 5.0, 6.0, 3.0])
    for measure in ("points", "standardised"):
        result = pool_changes([*KNOWN[:3], same], measure=measure, min_cell=5)
        assert result.projects[-1].left_out == "no_variation" and result.projects[-1].n == 6
        assert result.pooled.k == 3


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"method": "REML"}, "method must be one of"),
        ({"measure": "SMCC"}, "method must be one of"),
        ({"min_projects": 1}, "min_projects"),
        ({"min_cell": 0}, "min_cell"),
    ],
)
def test_bad_choices_are_clear_errors(kwargs, message):
    with pytest.raises(AnalysisError, match=message):
        pool_changes(KNOWN, **kwargs)


@pytest.mark.parametrize(
    ("yi", "vi", "level"),
    [
        ((0.30, 0.32, 0.31), (0.02, 0.03, 0.02), "chance"),
        ((0.1, 0.9, 0.5), (0.01, 0.01, 0.01), "considerable"),
        ((0.1, 0.35, 0.2, 0.3), (0.004, 0.004, 0.004, 0.004), "substantial"),
        ((0.0, 0.3, 0.5, 0.2, 0.4, 0.1), (0.02,) * 6, "unclear"),  # I² 43 %, p(Q) 0.12
        ((0.0, 0.3, 0.5, 0.2, 0.4, 0.1), (0.018,) * 6, "moderate"),  # I² 49 %, p(Q) 0.08
    ],
)
def test_heterogeneity_is_said_from_q_and_i2(yi, vi, level):
    pooled = pool_effects(yi, vi, test="knha")
    assert heterogeneity(pooled) == level


def test_clearly_different_projects_are_said_to_vary_more_than_chance_explains():
    projects = [pairs_with(f"P{i}", y, 0.005) for i, y in enumerate((0.6, 0.3, -0.1, 0.45, 0.0))]
    result = pool_changes(projects)
    assert result.heterogeneity == "considerable"
    words = heterogeneity_reading(result)
    assert words.fi.startswith("Hankkeiden tulokset vaihtelevat selvästi enemmän kuin sattuma selittää.")
    assert "ennusteväli" in words.fi
    common = heterogeneity_reading(pool_changes(projects, method="common"))
    assert "satunnaisvaikutusten malli" in common.fi  # the common-effect model does not fit: it says so
    assert set(HETEROGENEITY) == {"chance", "unclear", "moderate", "substantial", "considerable"}


def test_the_pooled_change_in_words_has_decimal_commas_and_a_prediction_interval_for_random_effects():
    result = pool_changes(KNOWN)
    fi = pooled_reading(result, (1.0, 5.0)).fi
    assert "+0,24 pistettä asteikolla 1–5" in fi and "−0,01 … 0,49" in fi and "ennusteväli" in fi
    assert not re.search(r"\d\.\d", fi)  # no decimal points
    common = pooled_reading(pool_changes(KNOWN, method="common"), (1.0, 5.0))
    assert "ennusteväli" not in common.fi and "prediction interval" not in common.en


# paired_scores: the pairs a report compares ---------------------------------------------------------------


def _two_collection_table() -> ResponseTable:
    """Two baseline and two follow-up collections of one project: C1 -> C3 has 12 pairs, C2 -> C4 only 3."""
    rng = np.random.default_rng(5)
    rows = []
    for collection, wave, codes in (
        ("C1", "baseline", [f"a{i}-x" for i in range(14)]),
        ("C2", "baseline", [f"b{i}-y" for i in range(8)]),
        ("C3", "follow_up", [f"a{i}-x" for i in range(12)] + ["new1-q", "new2-q"]),
        ("C4", "follow_up", [f"b{i}-y" for i in range(3)] + [f"n{i}-z" for i in range(5)]),
    ):
        for code in codes:
            answers = {item: int(rng.integers(1, 6)) for item in ("A1", "A2", "A3", "B1", "B2")}
            rows.append({"collection": collection, "wave": wave, "pairing_code": code, **answers})
    return ResponseTable.from_columns({key: [r[key] for r in rows] for key in rows[0]})


def test_paired_scores_are_the_pairs_the_project_report_compares_pair_of_collections_by_pair():
    table, instrument = _two_collection_table(), small_instrument()
    scored = score(table, instrument)
    found = paired_scores(scored, ["S_A", "S_B"], wave="wave", waves=("baseline", "follow_up"),
                          pair="pairing_code", unit="collection", min_cell=5)  # fmt: skip
    report = build_report(table, instrument, wave="wave", pair="pairing_code", waves=("baseline", "follow_up"),
                          unit="collection", min_cell=5)  # fmt: skip
    for scale in ("S_A", "S_B"):
        before, after = found[scale]
        row = next(r for r in report.comparisons if r.scale == scale and r.by is None)
        assert row.kind == "waves_paired" and row.n == (before.size,)
        assert before.size == 12  # C2 -> C4's three pairs are not shown in their own table: left out
        change = project_change(ProjectPairs("P", before, after))
        assert change.estimate == pytest.approx(row.estimate, abs=1e-12)
        assert (change.ci_low, change.ci_high) == pytest.approx((row.estimate_ci_low, row.estimate_ci_high))


def test_paired_scores_without_pairs_shown_are_empty_and_the_project_is_left_out():
    table = _two_collection_table()
    keep = np.isin(table["collection"], ["C2", "C4"])
    scored = score(table.select(keep), small_instrument())
    found = paired_scores(scored, ["S_A"], wave="wave", waves=("baseline", "follow_up"), pair="pairing_code",
                          unit="collection", min_cell=5)  # fmt: skip
    before, after = found["S_A"]
    assert before.size == after.size == 0
    assert project_change(ProjectPairs("P", before, after)).left_out == "few_pairs"
    with pytest.raises(AnalysisError, match="two waves"):
        paired_scores(scored, ["S_A"], wave="wave", waves=("baseline",), pair="pairing_code", unit=None,
                      min_cell=5)  # fmt: skip


# the workbook -----------------------------------------------------------------------------------------------


def test_the_impact_workbook_has_the_projects_and_the_pooled_row_as_numbers(tmp_path):
    instrument = small_instrument()
    small = ProjectPairs("=SMALL", [3.0, 2.0], [4.0, 4.0])
    results = (("S_A", pool_changes([*KNOWN, small])), ("S_B", pool_changes(KNOWN[:2])))
    names = {p.project: f"{p.project} Hanke" for p in KNOWN} | {"=SMALL": "=SMALL+cmd|calc"}
    book = ImpactBook(instrument, "baseline", "follow_up", "points", "reml", results, names,
                      waiting=(("P9 Odottava", "later"),))  # fmt: skip
    path = write_impact_workbook(book, tmp_path / "impact.xlsx", language="fi", made_by="Koordinaattori")
    workbook = CalamineWorkbook.from_path(str(path))
    assert workbook.sheet_names == ["Tietoja", "Vaikuttavuus"]
    rows = workbook.get_sheet_by_name("Vaikuttavuus").to_python()
    assert rows[0] == [header(name, "fi") for name in IMPACT]
    column = {name: IMPACT.index(name) for name in IMPACT}
    projects = [r for r in rows[1:] if r[column["row"]] == "hanke"]
    assert [r[column["estimate"]] for r in projects[:5]] == pytest.approx(list(KNOWN_YI))
    (left,) = [r for r in rows[1:] if r[column["row"]] == "hanke, ei mukana"]
    assert left[column["pairs"]] == "<5" and left[column["project"]] == "=SMALL+cmd|calc"
    assert left[column["reading"]] == "alle 5 vastaajaparia"
    (pooled,) = [r for r in rows[1:] if r[column["row"]] == "yhdistetty muutos"]
    assert pooled[column["estimate"]] == pytest.approx(results[0][1].pooled.estimate)
    assert pooled[column["k"]] == 5 and pooled[column["pairs"]] == 50
    (not_pooled,) = [r for r in rows[1:] if r[column["row"]] == "ei yhdistetty"]
    assert "vähintään 3 hanketta" in not_pooled[column["reading"]]
    about = {r[0]: r[1] for r in workbook.get_sheet_by_name("Tietoja").to_python() if len(r) > 1}
    assert "REML-menetelmä" in about["Yhdistämisen menetelmä"]
    assert about["Odottaa päättynyttä mittauskertaa"] == "P9 Odottava (seurantamittaus)"
    assert about["Tekijä"] == "Koordinaattori"
