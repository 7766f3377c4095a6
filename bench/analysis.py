"""Analysis speed and memory: a full report against the same statistics done the straightforward way.

    .venv/bin/python bench/analysis.py                 # 1,000,000 responses x 30 items (the target size)
    .venv/bin/python bench/analysis.py --n 100000      # quicker
    .venv/bin/python bench/analysis.py --repeat 3      # best of three, on a busy machine

The data: the built-in ``participation_youth`` instrument (24 Likert items in six scales, three background
single-choice items and a three-option multiple-choice item: 30 answer columns), 12 projects, two waves
(baseline and follow-up) with pairing codes — 70 % of follow-up respondents reuse their code, 10 % mistype one
part of it, 20 % are new. Both sides start from the same NumPy columns, generated from the same seed.

- ``arvio``: :func:`analysis.report.build_report` with ``by=["project"]``, ``wave``, ``pair``: validation,
  scoring, summaries, item distributions, Wilson shares, Cronbach's alpha, pairing (exact and tolerant),
  paired and group comparisons, Holm adjustment and small-cell suppression.
- ``baseline``: the same statistics with pandas group-by, SciPy and pingouin, as an analyst would write them
  in a notebook (exact pairing only and no suppression, so it does less work).

Each side runs in its own subprocess so that peak memory (``resource.getrusage`` maxrss, which includes the
generated data) is measured separately. Only the analysis is timed, not generating the data or importing the
libraries. Wall and CPU time are both printed: on a shared machine the CPU-time ratio is the steadier one.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.response_table import ResponseTable  # noqa: E402
from instruments.loader import load_library  # noqa: E402

PROJECTS = [f"Hanke {i + 1:02d}" for i in range(12)]
SCALE_SIZE = 4


def synthetic(n: int, seed: int = 2026) -> dict[str, np.ndarray]:
    """`n` responses to participation_youth, half baseline and half follow-up, as NumPy columns."""
    instrument = load_library().get("participation_youth")
    rng = np.random.default_rng(seed)
    half = n // 2
    people = half + (n - half) // 5 + 1  # follow-up: 80 % returning, 20 % new
    person_project = rng.integers(0, len(PROJECTS), people)
    person_level = rng.normal(0.0, 0.8, people)
    parts = rng.integers(0, 16**4, (people, 3))
    baseline = np.arange(half)
    returning = rng.choice(half, size=(n - half) * 4 // 5, replace=False)
    new = np.arange(half, half + (n - half) - len(returning))
    who = np.r_[baseline, returning, new]
    follow_parts = parts[who].copy()
    typo = rng.random(n) < 0.125  # of the returning 80 %, about 10 % of all follow-up answers
    typo[:half] = False
    follow_parts[typo, rng.integers(0, 3, typo.sum())] = rng.integers(0, 16**4, typo.sum())
    codes = np.array([f"{a:04x}-{b:04x}-{c:04x}" for a, b, c in follow_parts.tolist()], dtype=object)

    wave = np.where(np.arange(n) < half, "baseline", "follow_up").astype(object)
    columns: dict[str, np.ndarray] = {
        "response_id": np.arange(1, n + 1, dtype=np.float64),
        "project": np.array(PROJECTS, dtype=object)[person_project[who]],
        "wave": wave,
        "pairing_code": codes,
        "BG_AGE_YOUTH": rng.integers(2, 6, n).astype(np.float64),
        "BG_GENDER": rng.choice([1.0, 2.0, 3.0, np.nan], n, p=[0.45, 0.45, 0.06, 0.04]),
        "BG_COUNTY": np.array([f"{c:02d}" for c in range(1, 22)], dtype=object)[rng.integers(0, 21, n)],
    }
    for option in (1, 2, 3):
        columns[f"BG_LANGUAGE__{option}"] = (rng.random(n) < (0.85, 0.1, 0.1)[option - 1]).astype(np.float64)
    level = person_level[who] + np.where(wave == "follow_up", 0.15, 0.0)
    reverse = {code for scale in instrument.scales for code in scale.reverse}
    for scale in instrument.scales:
        for code in scale.items:
            raw = 3.2 + level + rng.normal(0.0, 0.9, n)
            answer = np.clip(np.rint(6 - raw if code in reverse else raw), 1, 5)
            answer[rng.random(n) < 0.03] = 9.0  # don't know
            answer[rng.random(n) < 0.02] = np.nan
            columns[code] = answer
    return columns


def run_arvio(columns: dict[str, np.ndarray], instrument) -> dict:
    from analysis.report import build_report

    report = build_report(ResponseTable(columns), instrument, by=["project"], wave="wave", pair="pairing_code")
    return {
        "summaries": len(report.summaries),
        "distributions": len(report.distributions),
        "proportions": len(report.proportions),
        "reliability": len(report.reliability),
        "comparisons": len(report.comparisons),
        "pairs": [p.exact_matches + p.tolerant_matches for p in report.pairing],
    }


def run_baseline(columns: dict[str, np.ndarray], instrument) -> dict:
    """The same statistics as a notebook would compute them with pandas, SciPy and pingouin."""
    import pandas as pd
    import pingouin as pg
    from scipy import stats

    df = pd.DataFrame(columns)
    # validation: every choice answer is a code of its list
    for item in instrument.answered_items:
        choices = instrument.choice_list(item)
        if item.code in df and choices is not None:
            allowed = [c.code for c in choices.choices]
            allowed += [float(c) for c in allowed if isinstance(c, int)]
            assert (df[item.code].isin(allowed) | df[item.code].isna()).all(), item.code
    # scoring
    scales = []
    for scale in instrument.scales:
        items = df[list(scale.items)].replace(9.0, np.nan)
        for code in scale.reverse:
            items[code] = 6 - items[code]
        enough = items.notna().sum(axis=1) >= scale.min_answered * len(scale.items)
        df[scale.code] = items.mean(axis=1).where(enough)
        df[f"{scale.code}_pct"] = 100 * (df[scale.code] - 1) / 4
        scales.append(scale.code)
    counts: dict[str, int] = {}
    # summaries with t intervals, everyone by wave and by project and wave
    summaries = []
    for keys in (["wave"], ["project", "wave"]):
        grouped = df.groupby(keys)[scales]
        table = grouped.agg(["count", "mean", "std", "median", "min", "max"])
        q1, q3 = grouped.quantile(0.25), grouped.quantile(0.75)
        for scale in scales:
            n, sd = table[(scale, "count")], table[(scale, "std")]
            half = stats.t.ppf(0.975, n - 1) * sd / np.sqrt(n)
            summaries.append((table[(scale, "mean")] - half, table[(scale, "mean")] + half, q1[scale], q3[scale]))
        summaries.append(df.groupby(keys)[[f"{s}_pct" for s in scales]].mean())
    counts["summaries"] = len(summaries)
    # item distributions and multiple-choice shares with Wilson intervals
    choice_items = [i.code for i in instrument.answered_items if i.type.value in ("single", "likert")]
    distributions = []
    for keys in (["wave"], ["project", "wave"]):
        for code in choice_items:
            option_counts = df.groupby(keys)[code].value_counts().unstack(fill_value=0)
            distributions.append(option_counts.div(option_counts.sum(axis=1), axis=0) * 100)
        for option in (1, 2, 3):
            share = df.groupby(keys)[f"BG_LANGUAGE__{option}"].agg(["sum", "count"])
            p, m, z = share["sum"] / share["count"], share["count"], 1.959964
            centre = (p + z * z / (2 * m)) / (1 + z * z / m)
            half = z / (1 + z * z / m) * np.sqrt(p * (1 - p) / m + z * z / (4 * m * m))
            distributions.append((centre - half, centre + half))
    counts["distributions"] = len(distributions)
    # reliability, pairwise as psych::alpha
    alphas = []
    for keys in (["wave"], ["project", "wave"]):
        for _, group in df.groupby(keys):
            for scale in instrument.scales:
                items = group[list(scale.items)].replace(9.0, np.nan)
                for code in scale.reverse:
                    items[code] = 6 - items[code]
                alphas.append(pg.cronbach_alpha(data=items, nan_policy="pairwise"))
    counts["reliability"] = len(alphas)
    # pairing by code (exact matches, codes used twice left out) and paired t tests
    p_values = []
    before, after = df[df["wave"] == "baseline"], df[df["wave"] == "follow_up"]
    before = before.drop_duplicates("pairing_code", keep=False)
    after = after.drop_duplicates("pairing_code", keep=False)
    pairs = before.merge(after, on="pairing_code", suffixes=("_0", "_1"))
    for scale in scales:
        result = pg.ttest(pairs[f"{scale}_1"], pairs[f"{scale}_0"], paired=True)
        p_values.append(float(result["p_val"].iloc[0]) if "p_val" in result else float(result["p-val"].iloc[0]))
        for _, group in pairs.groupby("project_0"):
            p_values.append(stats.ttest_rel(group[f"{scale}_1"], group[f"{scale}_0"], nan_policy="omit").pvalue)
    # projects compared within each wave with Welch's ANOVA
    for _, group in df.groupby("wave"):
        for scale in scales:
            result = pg.welch_anova(data=group, dv=scale, between="project")
            p_values.append(float(result.iloc[0, -2]))
    _reject, adjusted = pg.multicomp(np.array(p_values, dtype=float), method="holm")
    counts["comparisons"] = len(adjusted)
    counts["pairs"] = [len(pairs)]
    return counts


def child(side: str, n: int) -> None:
    """Generate the data, time one side, print JSON (seconds, peak memory)."""
    columns = synthetic(n)
    instrument = load_library().get("participation_youth")
    warnings.simplefilter("ignore")  # the baseline's libraries warn about degenerate groups; not measured
    run = run_arvio if side == "arvio" else run_baseline
    _warm_up(side)
    start, cpu_start = time.perf_counter(), time.process_time()
    counts = run(columns, instrument)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"side": side, "seconds": seconds, "cpu": cpu, "peak_mib": peak_mib, "counts": counts}))


def _warm_up(side: str) -> None:
    """Import each side's libraries before the clock starts: imports are not analysis."""
    if side == "arvio":
        import analysis.report  # noqa: F401
    else:
        import pandas  # noqa: F401
        import pingouin  # noqa: F401
        import scipy.stats  # noqa: F401


def measure(side: str, n: int) -> dict:
    result = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--n", str(n), "--side", side],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"{side} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _best(results: list[dict]) -> dict:
    """The fastest wall and CPU time of several runs, and the highest peak memory."""
    return {
        **results[0],
        "seconds": min(r["seconds"] for r in results),
        "cpu": min(r["cpu"] for r in results),
        "peak_mib": max(r["peak_mib"] for r in results),
    }


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    options.add_argument("--n", type=int, default=1_000_000, help="responses (default 1,000,000)")
    options.add_argument("--repeat", type=int, default=1, help="runs of each side; the best is reported")
    options.add_argument("--side", choices=("arvio", "baseline"), help=argparse.SUPPRESS)
    args = options.parse_args()
    if args.side:
        child(args.side, args.n)
        return
    print(f"{args.n:,} responses x 30 items, {len(PROJECTS)} projects x 2 waves, best of {args.repeat}")
    runs: dict[str, list[dict]] = {"arvio": [], "baseline": []}
    for _ in range(args.repeat):  # alternate the sides so that both see the same load on a shared machine
        for side, results in runs.items():
            results.append(measure(side, args.n))
    arvio, baseline = (_best(runs[side]) for side in ("arvio", "baseline"))
    for result in (arvio, baseline):
        side, seconds, cpu, peak = result["side"], result["seconds"], result["cpu"], result["peak_mib"]
        print(f"  {side:<9} {seconds:7.2f} s wall {cpu:7.2f} s CPU   peak {peak:6.0f} MiB   {result['counts']}")
    print(
        f"  time ratio arvio / baseline: {arvio['seconds'] / baseline['seconds']:.2f} wall, "
        f"{arvio['cpu'] / baseline['cpu']:.2f} CPU (target <= 0.50)"
    )
    print(f"  peak memory ratio: {arvio['peak_mib'] / baseline['peak_mib']:.2f} (arvio target < 2048 MiB)")


if __name__ == "__main__":
    main()
