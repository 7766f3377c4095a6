"""Cost against size: analysis and export timed at 1,000 to 1,000,000 responses, with their baselines.

    .venv/bin/python bench/scaling.py                       # 1k, 10k, 100k, 1M responses, best of 2 (~15 min)
    .venv/bin/python bench/scaling.py --sizes 1000 10000    # quicker
    .venv/bin/python bench/scaling.py --plot-only           # redraw the SVG from the CSV

Five series, each timed at least ``--repeat`` times per size, the fastest run kept:

- ``analysis`` and ``analysis baseline``: ``bench/analysis.py``'s two sides (validation, scoring and the full
  report with ``build_report``, against pandas, SciPy and pingouin), each run in its own subprocess by
  :func:`bench.analysis.measure` on the same synthetic ``participation_youth`` data.
- ``workbook``, ``XlsxWriter dump`` and ``CSV``: ``bench/export.py``'s three writers (the whole workbook, the
  Responses cells with XlsxWriter, the same cells with the csv module) on its 40-item data, one subprocess per
  size; the report is built first and not timed.

A baseline is skipped at a size when its time at the previous size, scaled by the growth in size, exceeds
``--budget`` seconds (default 180): at 1,000,000 responses that leaves out the XlsxWriter dump.

Writes ``docs/performance-scaling.csv`` (after each size, so an interrupted run keeps what it measured) and
``docs/performance-scaling.svg``: CPU seconds against responses on log-log axes, one line per series.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CSV_PATH = ROOT / "docs" / "performance-scaling.csv"
SVG_PATH = ROOT / "docs" / "performance-scaling.svg"
FIELDS = ("responses", "series", "runs", "wall_seconds", "cpu_seconds")

# name -> (colour, dashes, legend): Arvio's series solid, baselines dashed, the CSV floor dotted.
SERIES = {
    "analysis": ("#1f5fa8", "", "analysis: build_report"),
    "analysis baseline": ("#1f5fa8", "7 4", "baseline: pandas + pingouin"),
    "workbook": ("#b3501b", "", "export: whole workbook"),
    "XlsxWriter dump": ("#b3501b", "7 4", "baseline: XlsxWriter dump"),
    "CSV": ("#5b6b2e", "2 3", "floor: plain CSV write"),
}
BASELINES = {"analysis baseline", "XlsxWriter dump"}
ANALYSIS_SIDES = {"arvio": "analysis", "baseline": "analysis baseline"}  # bench/analysis.py's names -> ours


# --- measuring -------------------------------------------------------------------------------------------------


def time_analysis(n: int, repeat: int, sides: list[str]) -> dict[str, list[tuple[float, float]]]:
    """(wall, CPU) seconds of each run of bench/analysis.py's sides, alternating them as that script does."""
    from bench.analysis import measure

    runs: dict[str, list[tuple[float, float]]] = {ANALYSIS_SIDES[side]: [] for side in sides}
    for _ in range(repeat):
        for side in sides:
            result = measure(side, n)
            runs[ANALYSIS_SIDES[side]].append((result["seconds"], result["cpu"]))
    return runs


def time_export(n: int, repeat: int, writers: list[str]) -> dict[str, list[tuple[float, float]]]:
    """(wall, CPU) seconds of each run of bench/export.py's writers, in a fresh subprocess for this size."""
    command = [sys.executable, __file__, "--export-child", str(n), "--repeat", str(repeat), "--writers", *writers]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    if result.returncode != 0:
        sys.exit(f"export at {n:,} responses failed:\n{result.stderr}")
    runs = json.loads(result.stdout.splitlines()[-1])
    return {name: [tuple(run) for run in times] for name, times in runs.items()}


def export_child(n: int, repeat: int, writers: list[str]) -> None:
    """Build the report once (not timed), then time each writer `repeat` times; print JSON on the last line."""
    from analysis.export import write_workbook
    from analysis.report import build_report
    from bench.export import csv_dump, instrument, responses, timed, xlsxwriter_dump

    warnings.simplefilter("ignore")
    report = build_report(responses(n), instrument(), by=("BG_GENDER",), wave="wave")
    functions = {"workbook": write_workbook, "XlsxWriter dump": xlsxwriter_dump, "CSV": csv_dump}
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in writers}
    with tempfile.TemporaryDirectory() as scratch:
        for _ in range(repeat):  # alternate the writers so that each sees the same load on a shared machine
            for name in writers:
                results: dict[str, tuple[float, float]] = {}
                path = Path(scratch) / ("out.csv" if name == "CSV" else "out.xlsx")
                timed(name, lambda write=functions[name], path=path: write(report, path), results)
                runs[name].append(results[name])
    print(json.dumps(runs))


def over_budget(series: str, n: int, rows: list[dict], budget: float) -> bool:
    """True when `series` is a baseline whose time at the next smaller size, scaled to `n`, exceeds `budget`."""
    if series not in BASELINES:
        return False
    earlier = [r for r in rows if r["series"] == series and r["wall_seconds"] != "" and r["responses"] < n]
    if not earlier:
        return False
    last = max(earlier, key=lambda r: r["responses"])
    return last["wall_seconds"] * n / last["responses"] > budget


def measure_size(n: int, repeat: int, rows: list[dict], budget: float) -> list[dict]:
    """The CSV rows of one size: the fastest wall and CPU time of each series, or empty times when skipped."""
    skipped = {name for name in SERIES if over_budget(name, n, rows, budget)}
    sides = [side for side, name in ANALYSIS_SIDES.items() if name not in skipped]
    writers = [name for name in ("workbook", "XlsxWriter dump", "CSV") if name not in skipped]
    runs = {**time_analysis(n, repeat, sides), **time_export(n, repeat, writers)}
    measured = []
    for name in SERIES:
        times = runs.get(name, [])
        wall = min((wall for wall, _ in times), default="")
        cpu = min((cpu for _, cpu in times), default="")
        measured.append(dict(zip(FIELDS, (n, name, len(times), wall, cpu), strict=True)))
        note = f"{wall:8.2f} s wall {cpu:8.2f} s CPU (best of {len(times)})" if times else "skipped (over budget)"
        print(f"{n:>10,} {name:<18} {note}", flush=True)
    return measured


def print_ratios(rows: list[dict]) -> None:
    """Arvio against each baseline at every size where both ran, in CPU time."""
    cpu = {(r["responses"], r["series"]): r["cpu_seconds"] for r in rows if r["cpu_seconds"] != ""}
    for n in sorted({r["responses"] for r in rows}):
        pairs = (("analysis", "analysis baseline"), ("workbook", "XlsxWriter dump"), ("workbook", "CSV"))
        ratios = [f"{a} / {b} {cpu[n, a] / cpu[n, b]:.2f}" for a, b in pairs if (n, a) in cpu and (n, b) in cpu]
        print(f"{n:>10,} CPU ratios: " + ", ".join(ratios))


# --- the CSV and the plot --------------------------------------------------------------------------------------


def write_csv(rows: list[dict], path: Path = CSV_PATH) -> None:
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: f"{v:.3f}" if isinstance(v, float) else v for k, v in row.items()})


def read_csv(path: Path = CSV_PATH) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as source:
        return [
            {
                "responses": int(row["responses"]),
                "series": row["series"],
                "runs": int(row["runs"]),
                "wall_seconds": float(row["wall_seconds"]) if row["wall_seconds"] else "",
                "cpu_seconds": float(row["cpu_seconds"]) if row["cpu_seconds"] else "",
            }
            for row in csv.DictReader(source)
        ]


def _decades(values: list[float]) -> range:
    import math

    return range(math.floor(math.log10(min(values))), math.ceil(math.log10(max(values))) + 1)


def _size_label(n: float) -> str:
    return f"{n / 1e6:g}M" if n >= 1e6 else f"{n / 1e3:g}k" if n >= 1e3 else f"{n:g}"


def svg(rows: list[dict], desc: str) -> str:
    """A log-log line chart of CPU seconds against responses, one line per series, as standalone SVG."""
    import math

    points = {name: [(r["responses"], r["cpu_seconds"]) for r in rows if r["series"] == name] for name in SERIES}
    points = {name: [(n, s) for n, s in p if s != ""] for name, p in points.items()}
    xs = _decades([n for p in points.values() for n, _ in p])
    ys = _decades([s for p in points.values() for _, s in p])
    left, top, width, height = 80, 50, 460, 320

    def x(n: float) -> float:
        return left + width * (math.log10(n) - xs[0]) / (xs[-1] - xs[0])

    def y(s: float) -> float:
        return top + height - height * (math.log10(s) - ys[0]) / (ys[-1] - ys[0])

    title = "Arvio: analysis and export time against the number of responses"
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" width="800" height="430" viewBox="0 0 800 430" '
        'font-family="sans-serif" font-size="12" role="img" aria-labelledby="title desc">',
        f'<title id="title">{escape(title)}</title>',
        f'<desc id="desc">{escape(desc)}</desc>',
        '<rect width="800" height="430" fill="white"/>',
        f'<text x="{left}" y="28" font-size="15" font-weight="bold">{escape(title)}</text>',
    ]
    for d in xs:
        px = x(10**d)
        out.append(f'<line x1="{px:.1f}" y1="{top}" x2="{px:.1f}" y2="{top + height}" stroke="#ddd"/>')
        out.append(f'<text x="{px:.1f}" y="{top + height + 18}" text-anchor="middle">{_size_label(10**d)}</text>')
    for d in ys:
        py = y(10**d)
        out.append(f'<line x1="{left}" y1="{py:.1f}" x2="{left + width}" y2="{py:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 8}" y="{py + 4:.1f}" text-anchor="end">{10**d:g} s</text>')
    out += [
        f'<rect x="{left}" y="{top}" width="{width}" height="{height}" fill="none" stroke="#444"/>',
        f'<text x="{left + width / 2}" y="{top + height + 40}" text-anchor="middle">Responses (log scale)</text>',
        f'<text transform="translate(22 {top + height / 2}) rotate(-90)" text-anchor="middle">'
        "CPU seconds, best run (log scale)</text>",
    ]
    for i, (name, (colour, dash, legend)) in enumerate(SERIES.items()):
        line = " ".join(f"{x(n):.1f},{y(s):.1f}" for n, s in sorted(points[name]))
        style = f'fill="none" stroke="{colour}" stroke-width="2"' + (f' stroke-dasharray="{dash}"' if dash else "")
        out.append(f'<g><title>{escape(legend)}</title><polyline points="{line}" {style}/>')
        out += [f'<circle cx="{x(n):.1f}" cy="{y(s):.1f}" r="3" fill="{colour}"/>' for n, s in points[name]]
        out.append("</g>")
        ly = top + 10 + 22 * i
        out.append(f'<line x1="{left + width + 20}" y1="{ly}" x2="{left + width + 50}" y2="{ly}" {style}/>')
        out.append(f'<text x="{left + width + 58}" y="{ly + 4}">{escape(legend)}</text>')
    skipped = [f"{r['series']} at {_size_label(r['responses'])}" for r in rows if not r["runs"]]
    for i, line in enumerate(["Not run (over the time budget):", *skipped] if skipped else []):
        out.append(f'<text x="{left + width + 20}" y="{top + 130 + 16 * i}" fill="#555">{escape(line)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def draw(rows: list[dict], path: Path = SVG_PATH) -> None:
    sizes = sorted({r["responses"] for r in rows})
    runs = sorted({r["runs"] for r in rows if r["runs"]})
    skipped = [f"{r['series']} at {r['responses']:,}" for r in rows if not r["runs"]]
    desc = (
        f"CPU seconds (fastest of {'/'.join(map(str, runs))} runs) of Arvio's analysis (build_report) and "
        f"workbook export against their baselines (pandas, SciPy and pingouin; a plain XlsxWriter dump) and a "
        f"plain CSV write, at {', '.join(f'{n:,}' for n in sizes)} responses; log-log axes. "
        + (f"Not measured (over the time budget): {', '.join(skipped)}. " if skipped else "")
        + "Figures in docs/performance-scaling.csv, made by bench/scaling.py."
    )
    path.write_text(svg(rows, desc), encoding="utf-8")


# --- command line ----------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=2, help="runs per series and size; the fastest is kept")
    parser.add_argument("--budget", type=float, default=180.0, help="seconds a baseline may take at one size")
    parser.add_argument("--plot-only", action="store_true", help="redraw the SVG from the CSV, measure nothing")
    parser.add_argument("--export-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--writers", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export_child:
        export_child(args.export_child, args.repeat, args.writers)
        return
    if not args.plot_only:
        rows: list[dict] = []
        for n in sorted(args.sizes):
            rows += measure_size(n, args.repeat, rows, args.budget)
            write_csv(rows)
        print_ratios(rows)
    draw(read_csv())
    print(f"wrote {SVG_PATH.relative_to(ROOT)}" + ("" if args.plot_only else f" and {CSV_PATH.relative_to(ROOT)}"))


if __name__ == "__main__":
    main()
