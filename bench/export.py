"""Export speed and memory: the full workbook against a plain XlsxWriter dump and a plain CSV write.

    .venv/bin/python bench/export.py                 # 100,000 responses x 40 items, side by side
    .venv/bin/python bench/export.py --rows 20000    # quicker
    .venv/bin/python bench/export.py --memory        # also peak memory of a 1,000,000-response export

The three writers start from the same scored ResponseTable and write the same Responses cells:

- ``workbook``: :func:`analysis.export.write_workbook` from a Report (every sheet, charts included);
- ``xlsxwriter``: the Responses cells alone with XlsxWriter in constant-memory mode (the way KoboToolbox's
  formpack writes xlsx), the baseline the workbook must not be slower than;
- ``csv``: the same cells with the csv module, the floor.

Peak memory is measured in a subprocess (``resource.getrusage`` maxrss), never in tests.
"""

from __future__ import annotations

import argparse
import csv
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.export import ResponseStream, write_workbook
from analysis.export.columns import chunk_values, layout, open_responses
from analysis.report import build_report
from analysis.response_table import ResponseTable
from analysis.scoring import score
from instruments.model import (
    Choice,
    ChoiceList,
    Instrument,
    Item,
    ItemType,
    RespondentGroup,
    Scale,
    Section,
    Text,
)

ITEMS = 40
PROJECTS = [f"Hanke {i}" for i in range(12)]


def instrument() -> Instrument:
    """40 Likert items in 8 scales of 5 (one reverse-keyed item each), a gender item and a comment."""
    agree = ChoiceList(
        "agree5",
        (
            *(Choice(c, Text(fi=f"Vaihtoehto {c}", sv=f"Alternativ {c}", en=f"Option {c}")) for c in range(1, 6)),
            Choice(9, Text(fi="En osaa sanoa", sv="Vet inte", en="Don't know"), missing=True),
        ),
    )
    gender = ChoiceList("gender", tuple(Choice(c, Text(fi=f"G{c}", sv=f"G{c}", en=f"G{c}")) for c in (1, 2, 3)))
    codes = [f"Q{i:02d}" for i in range(1, ITEMS + 1)]
    items = (
        Item(code="BG_GENDER", type=ItemType.SINGLE, text=Text(fi="Sukupuoli"), choices="gender"),
        *(Item(code=c, type=ItemType.LIKERT, text=Text(fi=f"Väite {c}"), choices="agree5") for c in codes),
        Item(code="COMMENT", type=ItemType.TEXT, text=Text(fi="Kommentti")),
    )
    scales = tuple(
        Scale(
            code=f"S_{k}",
            label=Text(fi=f"Asteikko {k}"),
            items=tuple(codes[5 * k : 5 * k + 5]),
            reverse=(codes[5 * k + 4],),
            percent=True,
        )
        for k in range(ITEMS // 5)
    )
    return Instrument(
        id="bench",
        version="1",
        title=Text(fi="Bench"),
        respondent_group=RespondentGroup.YOUTH,
        languages=("fi",),
        sections=(Section("s", Text(fi="S"), items),),
        choice_lists={"agree5": agree, "gender": gender},
        scales=scales,
    )


def responses(rows: int, start: int = 0, seed: int = 1) -> ResponseTable:
    rng = np.random.default_rng(seed)
    answers = rng.integers(1, 6, size=(ITEMS, rows)).astype(np.float64)
    answers[rng.random((ITEMS, rows)) < 0.05] = np.nan
    answers[rng.random((ITEMS, rows)) < 0.02] = 9
    index = np.arange(start, start + rows)
    seconds = 1_767_225_600 + index * 37
    columns = {
        "response_id": np.array([f"r{i}" for i in index], dtype=object),
        "project": np.array([PROJECTS[i % len(PROJECTS)] for i in index], dtype=object),
        "collection": np.array(["Kevät 2026"] * rows, dtype=object),
        "wave": np.array(["alku" if i % 2 else "loppu" for i in index], dtype=object),
        "submitted_at": np.array(
            [np.datetime_as_string(np.datetime64(int(s), "s")) + "Z" for s in seconds], dtype=object
        ),
        "language": np.array(["fi"] * rows, dtype=object),
        "BG_GENDER": (index % 3 + 1).astype(np.float64),
        **{f"Q{i:02d}": answers[i - 1] for i in range(1, ITEMS + 1)},
        "COMMENT": np.array(["" if i % 7 else "Hyvä hanke, kiitos!" for i in index], dtype=object),
    }
    return ResponseTable(columns)


def timed(label: str, function, results: dict[str, tuple[float, float]]) -> None:
    """Run `function`; keep its wall-clock and CPU time (the steadier figure on a shared machine)."""
    wall, cpu = time.perf_counter(), time.process_time()
    function()
    results[label] = (time.perf_counter() - wall, time.process_time() - cpu)
    print(f"{label:>12}: {results[label][0]:7.2f} s wall, {results[label][1]:7.2f} s CPU", flush=True)


def plain_rows(report):
    """The Responses sheet's cells as plain rows (the same conversion the exporter uses)."""
    _, chunks = open_responses(report.responses)
    columns = layout(report.instrument, report.responses)
    yield [c.name for c in columns]
    for chunk in chunks:
        yield from zip(*chunk_values(columns, chunk, labels=False, language="fi"), strict=True)


def xlsxwriter_dump(report, path: Path) -> None:
    import xlsxwriter

    options = {"constant_memory": True, "default_date_format": "yyyy-mm-dd hh:mm:ss"}
    workbook = xlsxwriter.Workbook(str(path), options)
    sheet = workbook.add_worksheet("Vastaukset")
    for r, row in enumerate(plain_rows(report)):
        sheet.write_row(r, 0, row)
    workbook.close()


def csv_dump(report, path: Path) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out).writerows(plain_rows(report))


def compare(rows: int) -> None:
    print(f"{rows:,} responses x {ITEMS} items (+ metadata, 8 scales with 0-100 scores)", flush=True)
    started = time.perf_counter()
    report = build_report(responses(rows), instrument(), by=("BG_GENDER",), wave="wave")
    print(f"build_report (not timed below): {time.perf_counter() - started:.1f} s", flush=True)
    results: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        timed("workbook", lambda: write_workbook(report, folder / "w.xlsx"), results)
        timed("xlsxwriter", lambda: xlsxwriter_dump(report, folder / "x.xlsx"), results)
        timed("csv", lambda: csv_dump(report, folder / "c.csv"), results)
        sizes = {name: (folder / name).stat().st_size / 2**20 for name in ("w.xlsx", "x.xlsx", "c.csv")}
    for baseline in ("xlsxwriter", "csv"):
        wall, cpu = (results["workbook"][i] / results[baseline][i] for i in (0, 1))
        print(f"workbook / {baseline:<10} = {wall:.2f} wall, {cpu:.2f} CPU")
    print("sizes MiB: " + ", ".join(f"{k} {v:.1f}" for k, v in sizes.items()))


def memory_child(rows: int) -> None:
    """Export `rows` responses streamed in chunks (as the web application reads them) and print peak RSS."""
    sample = responses(5_000)
    report = build_report(sample, instrument(), by=("BG_GENDER",), wave="wave")
    chunk_rows = 10_000

    def chunks():
        for start in range(0, rows, chunk_rows):
            yield score(responses(min(chunk_rows, rows - start), start=start, seed=start), report.instrument)

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory before the export (libraries, a small report): {before:.0f} MiB", flush=True)
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        write_workbook(report, Path(scratch) / "m.xlsx", responses=ResponseStream(rows, chunks()))
        elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{rows:,} responses streamed: {elapsed:.1f} s, peak memory {peak:.0f} MiB ({_high_water()})", flush=True
    )


def _high_water() -> str:
    """The kernel's own high-water mark of this process (Linux), as a cross-check of getrusage."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return "VmHWM not available"
    return next((" ".join(line.split()) for line in status.splitlines() if line.startswith("VmHWM")), "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--memory", action="store_true", help="also measure a 1,000,000-response export")
    parser.add_argument("--memory-rows", type=int, default=1_000_000, help=argparse.SUPPRESS)
    parser.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(args.memory_child)
        return
    if args.memory:
        # First, while this process is small: a child's getrusage maxrss starts at its parent's size at fork.
        subprocess.run([sys.executable, __file__, "--memory-child", str(args.memory_rows)], check=True)
    compare(args.rows)


if __name__ == "__main__":
    main()
