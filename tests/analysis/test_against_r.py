"""Live cross-check: every statistic against R run on the same data (stats, psych and effectsize defaults).

The data sets are generated here with fixed seeds: Likert answers with ties and missing values, unequal groups,
small samples where R's tests are exact and samples of 50 or more where R switches to normal approximations,
zero differences, sparse tables. One Rscript run (``r_reference.R``) computes R's numbers for all of them; each
statistic on each data set is its own test, and every field R reports must agree to 1e-4 (absolute, or relative
for values above 1). The R calls are the ones docs/methods.md names.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from analysis import (
    adjust_p,
    compare_counts,
    compare_groups,
    compare_paired,
    cronbach_alpha,
    describe,
    wilson_interval,
)
from tests.analysis.r_compare import agrees, run_r

pytestmark = pytest.mark.r

R_SCRIPT = Path(__file__).with_name("r_reference.R")


def _likert(rng: np.random.Generator, n: int, centre: float = 3.0, spread: float = 1.1) -> np.ndarray:
    return np.clip(np.round(rng.normal(centre, spread, n)), 1, 5)


def _with_missing(rng: np.random.Generator, values: np.ndarray, count: int) -> np.ndarray:
    values = values.astype(np.float64)
    values[rng.choice(values.size, count, replace=False)] = np.nan
    return values


def _scale(rng: np.random.Generator, n: int, k: int, missing: int) -> np.ndarray:
    """Likert items of one scale (a common factor plus noise), ``missing`` answers blanked, no row left empty."""
    trait = rng.normal(0, 1, n)
    items = np.clip(np.round(3 + 0.9 * trait[:, None] + rng.normal(0, 0.9, (n, k))), 1, 5)
    cells = rng.choice(n * k, missing, replace=False)
    items.flat[cells] = np.nan
    items[np.isnan(items).all(axis=1), 0] = 3  # psych counts empty rows in n; Arvio does not (docs/methods.md)
    return items


def _paired_data() -> dict[str, dict]:
    rng = np.random.default_rng(20261128)
    before12 = rng.normal(50, 10, 12)
    likert15 = _likert(rng, 15)
    likert80 = _likert(rng, 80)
    before60 = rng.normal(3, 1, 60)
    return {
        "continuous_n12_exact": {"before": before12, "after": before12 + rng.normal(3, 5, 12)},
        "likert_n15_ties_zeros_missing": {
            "before": _with_missing(rng, likert15, 1),
            "after": _with_missing(rng, np.clip(likert15 + rng.integers(-1, 3, 15), 1, 5), 2),
        },
        "likert_n80_ties_zeros_missing": {
            "before": _with_missing(rng, likert80, 4),
            "after": _with_missing(rng, np.clip(likert80 + rng.integers(-1, 2, 80), 1, 5), 3),
        },
        "continuous_n60_normal": {"before": before60, "after": before60 + rng.normal(0.2, 0.8, 60)},
        "decrease_n7_exact": {
            "before": [4.1, 3.2, 5.0, 2.7, 4.4, 3.9, 4.8],
            "after": [3.0, 3.1, 4.2, 3.5, 2.9, 3.6, 3.3],
        },
    }


def _two_group_data() -> dict[str, dict]:
    rng = np.random.default_rng(11)
    return {
        "continuous_8_11_exact": {"x": rng.normal(5.0, 1.0, 8), "y": rng.normal(4.2, 1.3, 11)},
        "likert_14_23_ties_missing": {
            "x": _with_missing(rng, _likert(rng, 14, 3.4), 2),
            "y": _with_missing(rng, _likert(rng, 23, 2.9), 3),
        },
        "likert_60_52_ties": {"x": _likert(rng, 60, 3.0), "y": _likert(rng, 52, 3.3)},
        "continuous_55_70_normal": {"x": rng.normal(10, 2, 55), "y": rng.normal(10.8, 3, 70)},
        "unequal_spread_6_30": {"x": rng.normal(0, 4, 6), "y": rng.normal(1, 1, 30)},
    }


def _k_group_data() -> dict[str, list[np.ndarray]]:
    rng = np.random.default_rng(7)
    return {
        "likert_12_20_9_missing": [
            _with_missing(rng, _likert(rng, 12, 2.8), 1),
            _with_missing(rng, _likert(rng, 20, 3.5), 2),
            _likert(rng, 9, 3.1),
        ],
        "continuous_15_22_30_18_unequal_spread": [
            rng.normal(10, 1, 15), rng.normal(11, 3, 22), rng.normal(10.5, 2, 30), rng.normal(12, 0.5, 18)
        ],
        "likert_equal_means_7_7_7": [  # F = 0: eta squared and omega squared are 0, their intervals [0, 1]
            np.array([2, 3, 4, 3, 3, 4, 2.0]), np.array([1, 5, 3, 3, 2, 4, 3.0]), np.array([3, 3, 3, 2, 4, 3, 3.0])
        ],
        "likert_60_55_70": [_likert(rng, 60, 3.0), _likert(rng, 55, 3.2), _likert(rng, 70, 3.6)],
    }  # fmt: skip


TABLES_2X2 = {
    "moderate": [[12, 5], [7, 15]],
    "tea_tasting": [[3, 1], [1, 3]],
    "strong": [[30, 5], [6, 28]],
    "zero_cell": [[5, 3], [0, 4]],
    "sparse": [[1, 9], [4, 2]],
}
TABLES_RXC = {
    "3x4": [[8, 12, 5, 9], [14, 6, 10, 3], [5, 9, 16, 11]],
    "2x3": [[20, 15, 5], [10, 12, 18]],
    "3x3_sparse": [[3, 1, 2], [1, 4, 0], [2, 2, 5]],
    "2x4_sparse": [[2, 5, 1, 0], [4, 1, 3, 6]],
}
FISHER_TOO_LARGE = {"3x4"}  # beyond compare_counts' enumeration limit: it asks for the chi-square test instead

# Cases repeated with 90 % intervals: the level must reach R's functions the same way it reaches ours.
AT_90_PERCENT = (
    "describe-likert_n25_missing",
    "alpha-4_items_n40_missing",
    "paired_t-likert_n15_ties_zeros_missing",
    "paired_wilcoxon-continuous_n12_exact",
    "welch-likert_14_23_ties_missing",
    "mann-whitney-likert_14_23_ties_missing",
    "anova_eta_squared-likert_60_55_70",
    "welch-anova_omega_squared-continuous_15_22_30_18_unequal_spread",
    "chi2-2x3",
    "fisher-moderate",
    "wilson-3_of_17",
)

P_VALUES = {
    "ties_and_missing": [0.01, 0.04, np.nan, 0.03, 0.04, 0.2, 0.0005, np.nan, 0.9, 0.049],
    "uniform_20": np.random.default_rng(3).uniform(0, 0.1, 20),
}


def _cases() -> dict[str, dict]:
    """Case id -> what R gets: the kind of statistic, the method and the data."""
    cases: dict[str, dict] = {}
    rng = np.random.default_rng(5)
    for name, x in {
        "likert_n25_missing": _with_missing(rng, _likert(rng, 25), 3),
        "continuous_n7": rng.normal(20, 5, 7),
        "likert_n60_ties": _likert(rng, 60),
        "n2": np.array([1.0, 4.0]),
    }.items():
        cases[f"describe-{name}"] = {"kind": "describe", "x": x}
    for name, (items, missing) in {
        "4_items_n40_missing": (_scale(np.random.default_rng(1), 40, 4, 8), "pairwise"),
        "4_items_n40_missing_listwise": (_scale(np.random.default_rng(1), 40, 4, 8), "listwise"),
        "6_items_n120_missing": (_scale(np.random.default_rng(2), 120, 6, 30), "pairwise"),
        "3_items_n8": (_scale(np.random.default_rng(4), 8, 3, 0), "pairwise"),
    }.items():
        cases[f"alpha-{name}"] = {"kind": "alpha", "items": items, "missing": missing}
    for name, data in _paired_data().items():
        for method in ("t", "wilcoxon"):
            cases[f"paired_{method}-{name}"] = {"kind": "paired", "method": method, **data}
    for name, data in _two_group_data().items():
        for method in ("welch", "student", "mann-whitney"):
            cases[f"{method}-{name}"] = {"kind": "two_groups", "method": method, **data}
    for name, groups in _k_group_data().items():
        flat = {"y": np.concatenate(groups), "g": [f"g{i + 1}" for i, g in enumerate(groups) for _ in g]}
        for method, effect in [
            ("anova", "eta_squared"), ("anova", "omega_squared"), ("welch-anova", "eta_squared"),
            ("welch-anova", "omega_squared"), ("kruskal", None),
        ]:  # fmt: skip
            label = method if effect is None else f"{method}_{effect}"
            cases[f"{label}-{name}"] = {"kind": "k_groups", "method": method, "effect": effect, **flat}
    for name, counts in {**TABLES_2X2, **TABLES_RXC}.items():
        cases[f"chi2-{name}"] = {"kind": "table", "method": "chi2", "counts": counts}
        if name not in FISHER_TOO_LARGE:
            cases[f"fisher-{name}"] = {"kind": "table", "method": "fisher", "counts": counts}
    for name, p in P_VALUES.items():
        for method in ("holm", "bh"):
            cases[f"adjust_{method}-{name}"] = {"kind": "adjust", "method": method, "p": p}
    for successes, n in [(0, 10), (3, 17), (17, 17), (45, 120), (1, 1)]:
        cases[f"wilson-{successes}_of_{n}"] = {"kind": "wilson", "successes": successes, "n": n}
    for case in cases.values():
        case["confidence"] = 0.95
    for case_id in AT_90_PERCENT:
        cases[f"{case_id}-ci90"] = {**cases[case_id], "confidence": 0.90}
    return cases


CASES = _cases()


@pytest.fixture(scope="session")
def r_results(rscript, tmp_path_factory) -> dict[str, dict]:
    """R's numbers for every case, from one Rscript run."""
    return run_r(rscript, R_SCRIPT, CASES, tmp_path_factory.mktemp("r"))


def _ours(case: dict):
    """Our result for a case: an object or mapping with the field names R's side uses."""
    kind, method, level = case["kind"], case.get("method"), case["confidence"]
    if kind == "describe":
        return describe(case["x"], level)
    if kind == "alpha":
        return cronbach_alpha(case["items"], missing=case["missing"], confidence=level)
    if kind == "paired":
        return compare_paired(case["before"], case["after"], method, level)
    if kind == "two_groups":
        return compare_groups([case["x"], case["y"]], method, level)
    if kind == "k_groups":
        labels = np.array(case["g"])
        groups = [case["y"][labels == label] for label in dict.fromkeys(case["g"])]
        return compare_groups(groups, method, level, effect=case["effect"])
    if kind == "table":
        return compare_counts(case["counts"], method, level)
    if kind == "adjust":
        return {"adjusted": adjust_p(case["p"], method)}
    return wilson_interval(case["successes"], case["n"], level)


# Fields R reports twice, from two calls that must agree: effectsize on oneway.test and on aov(), and Cohen's d
# on the differences and on the two paired vectors.
ALIASES = {
    "aov_effect_size": "effect_size",
    "aov_ci_low": "ci_low",
    "paired_call_effect_size": "effect_size",
    "paired_call_ci_low": "ci_low",
    "paired_call_ci_high": "ci_high",
}


def _field(ours, name: str):
    name = ALIASES.get(name, name)
    return ours[name] if isinstance(ours, dict) else getattr(ours, name)


@pytest.mark.parametrize("case_id", list(CASES))
def test_statistic_agrees_with_r(case_id, r_results):
    ours = _ours(CASES[case_id])
    theirs = r_results[case_id]
    disagreements = [
        f"{name}: ours {_field(ours, name)!r}, R {value!r}"
        for name, value in theirs.items()
        if not agrees(_field(ours, name), value)
    ]
    assert not disagreements, f"{case_id} differs from R:\n" + "\n".join(disagreements)


def test_every_case_was_computed_in_r(r_results):
    # A case R skipped (or a field name R did not write) must not pass unnoticed as "no disagreements".
    assert set(r_results) == set(CASES)
    assert all(r_results[case_id] for case_id in CASES)
