"""``python -m analysis report``: analyse a responses file and write the report as a workbook or JSON.

A person runs this on a file they downloaded (or got from another survey tool), so every fault is one line on
stderr that says what and where, with exit status 1 (2 for a mistyped command), and never a traceback.

Example
-------
>>> args = parser().parse_args(["report", "r.csv", "--instrument", "participation_youth", "--out", "r.xlsx",
...                             "--by", "project", "--by", "BG_GENDER", "--wave", "wave"])
>>> args.by, args.wave, args.min_cell, args.lang
(['project', 'BG_GENDER'], 'wave', 5, 'fi')
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from analysis.errors import AnalysisError
from analysis.report import build_report
from analysis.response_table import read_table
from analysis.threshold import DEFAULT_THRESHOLD, HIGHEST_THRESHOLD, LOWEST_THRESHOLD, checked_threshold
from instruments.model import LANGUAGES, Instrument

_DESCRIPTION = """\
Score a responses file against its instrument and compute every statistic of the report: scale summaries,
item distributions, yes/no and multiple-choice shares with Wilson intervals, Cronbach's alpha, comparisons
between waves (paired by pairing code when possible) and between groups, with Holm-adjusted p-values.
Groups smaller than --min-cell are suppressed, and so is any number that would reveal one.
"""


def parser() -> argparse.ArgumentParser:
    """The command line; ``report`` is its one command."""
    top = argparse.ArgumentParser(prog="python -m analysis", description="Arvio analysis on files.")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    report = commands.add_parser("report", help="analyse a responses file", description=_DESCRIPTION)
    report.add_argument(
        "responses",
        metavar="RESPONSES",
        help="the responses: .xlsx (the sheet Responses/Vastaukset/Svar, else the first) or .csv (UTF-8, "
        "comma or semicolon), one row per response and one column per item code",
    )
    report.add_argument(
        "--instrument",
        required=True,
        metavar="ID|PATH",
        help="the instrument the answers belong to: a built-in id (e.g. participation_youth, optionally "
        "id@version) or the path of an instrument YAML file",
    )
    report.add_argument(
        "--out",
        required=True,
        metavar="OUT",
        help="the file to write: .xlsx for the evaluator's workbook, .json for the report as data",
    )
    report.add_argument(
        "--by",
        action="append",
        default=[],
        metavar="COLUMN",
        help="break results down by this column (e.g. project, BG_GENDER); repeat for several, each on its own",
    )
    report.add_argument("--wave", metavar="COLUMN", help="the column naming each response's wave (e.g. wave)")
    report.add_argument(
        "--pair",
        metavar="COLUMN",
        help="the pairing column (pair_id in Arvio's files, or a pairing_code): matches baseline and later waves "
        "person by person",
    )
    report.add_argument(
        "--waves",
        nargs="+",
        metavar="WAVE",
        help="the waves to analyse, baseline first (default: all, in order of first appearance)",
    )
    report.add_argument(
        "--lang", choices=LANGUAGES, default="fi", help="language of the report's texts (default: fi)"
    )
    report.add_argument(
        "--min-cell",
        type=_threshold,
        default=DEFAULT_THRESHOLD,
        metavar="N",
        help=f"hide every number describing fewer than N people ({LOWEST_THRESHOLD}-{HIGHEST_THRESHOLD}, "
        f"default: {DEFAULT_THRESHOLD})",
    )
    report.add_argument(
        "--confidence",
        type=float,
        default=0.95,
        metavar="LEVEL",
        help="level of the confidence intervals (default: 0.95)",
    )
    report.add_argument("--json", action="store_true", help="write JSON whatever the suffix of --out")
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 a problem with the input, 2 a usage error)."""
    args = parser().parse_args(argv)
    try:
        return _report(args)
    except (AnalysisError, InstrumentProblem) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: {error.filename or ''}: {error.strerror or error}", file=sys.stderr)
        return 1


class InstrumentProblem(Exception):
    """The --instrument argument names no usable instrument."""


def _report(args: argparse.Namespace) -> int:
    out = Path(args.out)
    as_json = args.json or out.suffix.lower() == ".json"
    if not as_json and out.suffix.lower() != ".xlsx":
        raise AnalysisError(f"--out {out.name}: write a .xlsx workbook or a .json file (or add --json)")
    instrument = load(args.instrument)
    table = read_table(args.responses)
    report = build_report(
        table,
        instrument,
        by=args.by,
        wave=args.wave,
        pair=args.pair,
        waves=args.waves,
        min_cell=args.min_cell,
        language=args.lang,
        confidence=args.confidence,
        filters={"file": Path(args.responses).name},
    )
    if as_json:
        out.write_text(report.to_json(), encoding="utf-8")
    else:
        from analysis.export import write_workbook  # the workbook writer is large: load it only when asked

        write_workbook(report, out)
    print(f"{out}: {report.n_responses} responses, {len(report.comparisons)} comparisons", file=sys.stderr)
    return 0


def load(reference: str) -> Instrument:
    """An instrument by library id (``id`` or ``id@version``) or by file path."""
    from instruments.errors import InstrumentError
    from instruments.loader import load_instrument, load_library

    try:
        if reference.endswith((".yaml", ".yml")) or Path(reference).exists():
            return load_instrument(reference)
        identifier, _, version = reference.partition("@")
        return load_library().get(identifier, version or None)
    except InstrumentError as error:
        raise InstrumentProblem(str(error).splitlines()[0]) from None
    except KeyError as error:
        raise InstrumentProblem(f"--instrument {reference}: {error.args[0]}") from None


def _threshold(text: str) -> int:
    try:
        return checked_threshold(text, "--min-cell")
    except AnalysisError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
