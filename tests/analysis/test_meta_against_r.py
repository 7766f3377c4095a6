"""Live cross-check: pool_effects and the paired change effects against metafor run on the same data.

metafor's own data sets (BCG trials, Normand 1999) and generated ones: k from 2 to 30 projects, homogeneous ones
whose tau² lands on 0 and whose Knapp-Hartung factor falls below 1, heterogeneous ones, equal effects, a single
project, variances spread over four orders of magnitude, and a data set on which REML needs more than
metafor's default 100 iterations. Every method (REML, DL, FE) with every test (z, Knapp-Hartung), some at 90 %.
One Rscript run (``r_meta_reference.R``) computes metafor's numbers; every field it reports must agree to 1e-4
(absolute, or relative for values above 1).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from analysis import paired_change, paired_change_from_summary, pool_effects
from tests.analysis.r_compare import agrees, run_r
from tests.analysis.r_datasets import BCG_VI, BCG_YI, NORMAND_VI, NORMAND_YI

pytestmark = pytest.mark.r

R_SCRIPT = Path(__file__).with_name("r_meta_reference.R")
METHODS = ("REML", "DL", "FE")
TESTS = ("z", "knha")


def _projects() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Data set name -> (yi, vi)."""
    rng = np.random.default_rng(20260315)
    sets = {"bcg": (np.array(BCG_YI), np.array(BCG_VI)), "normand": (np.array(NORMAND_YI), np.array(NORMAND_VI))}
    for tau in (0.0, 0.0, 0.0, 0.05, 0.15, 0.3, 0.6, 1.0):
        k = int(rng.integers(3, 31))
        vi = rng.uniform(0.01, 0.3, k)
        yi = rng.normal(0.3, tau, k) + rng.normal(0.0, np.sqrt(vi))
        sets[f"k{k}_tau{tau}_{len(sets)}"] = (yi, vi)
    vi = 10.0 ** rng.uniform(-4, 0, 12)
    sets["variances_1e-4_to_1"] = (rng.normal(0.2, 0.2, 12) + rng.normal(0.0, np.sqrt(vi)), vi)
    sets["two_projects"] = (np.array([0.12, 0.61]), np.array([0.04, 0.09]))
    sets["equal_effects"] = (np.full(4, 0.25), np.array([0.02, 0.05, 0.03, 0.08]))
    # REML takes more Fisher scoring steps than metafor's default 100, then its likelihood check sets tau² to 0
    slow_yi, slow_vi = np.zeros(20), np.ones(20)
    slow_yi[[14, 19]], slow_vi[14] = (73.0, 1.0), 72.0
    sets["slow_reml"] = (slow_yi, slow_vi)
    return sets  # fmt: skip


def _changes() -> dict[str, dict]:
    """Change case name -> the arguments of paired_change or paired_change_from_summary."""
    rng = np.random.default_rng(424242)
    cases: dict[str, dict] = {}
    for n, shift, missing in [(5, 0.4, 0), (12, 0.0, 1), (25, -0.3, 3), (60, 0.2, 5), (8, 1.5, 0)]:
        before = np.clip(np.round(rng.normal(3.0, 1.0, n)), 1, 5)
        after = np.clip(np.round(before + rng.normal(shift, 0.8, n)), 1, 5)
        before[rng.choice(n, missing, replace=False)] = np.nan
        cases[f"pairs_n{n}"] = {"before": before, "after": after}
    for name, summary in {
        "published_summary": (3.1, 0.9, 3.5, 1.0, 40, 0.6),
        "negative_correlation": (10.0, 2.0, 9.1, 2.5, 15, -0.2),
        "high_correlation": (50.0, 8.0, 53.0, 8.5, 120, 0.95),
    }.items():
        keys = ("mean_before", "sd_before", "mean_after", "sd_after", "n", "correlation")
        cases[name] = dict(zip(keys, summary, strict=True))
    return cases


def _cases() -> dict[str, dict]:
    cases: dict[str, dict] = {}
    for name, (yi, vi) in _projects().items():
        for method in METHODS:
            for test in TESTS:
                cases[f"pool-{name}-{method}-{test}"] = {
                    "kind": "pool", "yi": yi, "vi": vi, "method": method, "test": test, "confidence": 0.95
                }  # fmt: skip
    for method in METHODS:  # Knapp-Hartung needs two projects: with one, pool_effects refuses it
        cases[f"pool-single_project-{method}-z"] = {
            "kind": "pool", "yi": [0.4], "vi": [0.05], "method": method, "test": "z", "confidence": 0.95
        }  # fmt: skip
    heterogeneous = next(case_id for case_id in cases if "_tau0.3_" in case_id and case_id.endswith("-REML-z"))
    for case_id in ("pool-bcg-REML-knha", "pool-normand-DL-z", heterogeneous):  # the level reaches R the same way
        cases[f"{case_id}-ci90"] = {**cases[case_id], "confidence": 0.90}
    for name, arguments in _changes().items():
        for measure in ("SMCC", "MC"):
            cases[f"change-{name}-{measure}"] = {"kind": "change", "measure": measure, **arguments}
    return cases


CASES = _cases()


@pytest.fixture(scope="session")
def metafor_results(rscript_metafor, tmp_path_factory) -> dict[str, dict]:
    """metafor's numbers for every case, from one Rscript run."""
    return run_r(rscript_metafor, R_SCRIPT, CASES, tmp_path_factory.mktemp("metafor"))


def _ours(case: dict):
    if case["kind"] == "pool":
        return pool_effects(case["yi"], case["vi"], case["method"], case["test"], case["confidence"])
    standardised = case["measure"] == "SMCC"
    if "before" in case:
        return paired_change(case["before"], case["after"], standardised)
    keys = ("mean_before", "sd_before", "mean_after", "sd_after", "n", "correlation")
    return paired_change_from_summary(*(case[key] for key in keys), standardised=standardised)


@pytest.mark.parametrize("case_id", list(CASES))
def test_agrees_with_metafor(case_id, metafor_results):
    ours = _ours(CASES[case_id])
    theirs = metafor_results[case_id]
    disagreements = [
        f"{name}: ours {getattr(ours, name)!r}, metafor {value!r}"
        for name, value in theirs.items()
        if not agrees(getattr(ours, name), value)
    ]
    assert not disagreements, f"{case_id} differs from metafor:\n" + "\n".join(disagreements)


def test_every_case_was_computed_in_r(metafor_results):
    assert set(metafor_results) == set(CASES)
    assert all(metafor_results[case_id] for case_id in CASES)


def test_cases_reach_the_boundaries(metafor_results):
    # The comparison above must include tau² estimated at 0, a Knapp-Hartung factor below 1 (se below z's),
    # heterogeneous data, and REML beyond metafor's default iterations; otherwise it checks less than it says.
    pooled = {case_id: result for case_id, result in metafor_results.items() if case_id.startswith("pool-")}
    reml = [result for case_id, result in pooled.items() if "-REML-" in case_id]
    assert sum(result["tau2"] == 0 for result in reml) >= 4
    assert sum(result["tau2"] > 0.1 for result in reml) >= 4
    smaller_se = [
        case_id for case_id in pooled if case_id.endswith("-REML-knha")
        and pooled[case_id]["se"] < pooled[case_id.replace("-knha", "-z")]["se"]
    ]  # fmt: skip
    assert len(smaller_se) >= 2
    assert "REML needed" in _ours(CASES["pool-slow_reml-REML-z"]).note
