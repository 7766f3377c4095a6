"""``python -m analysis report``: analyse a responses file and write the report as a workbook, JSON, CSV or HTML.

A person runs this on a file they downloaded from Arvio or wrote with R, SPSS, Excel or LibreOffice
(:mod:`analysis.reading`), so every fault is one line on stderr that names the file, and the row or column, with
exit status 1 (2 for a mistyped command), and never a traceback. What reading did on its own (a row-name column
left out, a text encoding guessed) is said on stderr as ``note:`` lines.

Example
-------
>>> args = parser().parse_args(["report", "r.csv", "--instrument", "participation_youth", "--out", "r.xlsx",
...                             "--by", "project", "--by", "BG_GENDER", "--wave", "wave"])
>>> args.by, args.wave, args.min_cell, args.lang
(['project', 'BG_GENDER'], 'wave', 5, None)
>>> sorted(OUTPUTS)
['.csv', '.html', '.json', '.xlsx']
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from analysis.errors import AnalysisError
from analysis.export.safe import atomic_path
from analysis.label_files import read_labels
from analysis.labels import ColumnLabels
from analysis.reading import ResponsesFile, read_responses
from analysis.report import build_report
from analysis.report_model import Report
from analysis.threshold import DEFAULT_THRESHOLD, HIGHEST_THRESHOLD, LOWEST_THRESHOLD, checked_threshold
from instruments.model import LANGUAGES, Instrument

_DESCRIPTION = """\
Score a responses file against its instrument and compute every statistic of the report: scale summaries,
item distributions, yes/no and multiple-choice shares with Wilson intervals, Cronbach's alpha, comparisons
between waves (paired by pairing code when possible) and between groups, with Holm-adjusted p-values.
Groups smaller than --min-cell are suppressed, and so is any number that would reveal one.
"""


def _write_json(report: Report, path: Path, **_: object) -> None:
    with atomic_path(path) as temporary:
        Path(temporary).write_text(report.to_json(), encoding="utf-8")


def _write_xlsx(report: Report, path: Path, **_: object) -> None:
    from analysis.export.workbook import write_workbook  # the workbook writer is large: load it only when asked

    write_workbook(report, path)


def _write_csv(report: Report, path: Path, *, decimal_comma: bool | None = None) -> None:
    from analysis.export.summary_csv import write_summary_csv

    write_summary_csv(report, path, decimal_comma=decimal_comma)


def _write_csv_folder(report: Report, path: Path, *, decimal_comma: bool | None = None) -> None:
    from analysis.export.summary_csv import write_summary_folder

    write_summary_folder(report, path, decimal_comma=decimal_comma)


def _write_html(report: Report, path: Path, **_: object) -> None:
    from analysis.export.html import write_html

    write_html(report, path)


OUTPUTS: dict[str, Callable[..., None]] = {
    ".xlsx": _write_xlsx,
    ".json": _write_json,
    ".csv": _write_csv,
    ".html": _write_html,
}
"""--out suffix -> writer; a folder (a path ending in / or an existing directory) gets one CSV file per table."""


def parser() -> argparse.ArgumentParser:
    """The command line; ``report`` is its one command."""
    top = argparse.ArgumentParser(prog="python -m analysis", description="Arvio analysis on files.")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    report = commands.add_parser("report", help="analyse a responses file", description=_DESCRIPTION)
    report.add_argument(
        "responses",
        metavar="RESPONSES",
        help="the responses, one row per response and one column per item code: .csv (as R, SPSS, Excel or "
        "LibreOffice write it: comma, semicolon or tab, decimal comma or point, NA or empty for missing, R's "
        "row names), .xlsx/.xls/.ods (the sheet Responses/Vastaukset/Svar, else the first; a sheet "
        "Codebook/Koodikirja/Kodbok gives labels) or SPSS .sav (with its labels)",
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
        help="what to write, by suffix: .xlsx (the evaluator's workbook), .json (the report as data), .csv "
        "(the report's tables in one file), .html (the results page as one file); a folder (a path ending in "
        "/) gets one CSV file per table",
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
        "--unit",
        metavar="COLUMN",
        help="the column naming each response's release unit (collection in Arvio's files): a group hidden in "
        "one unit is left out of the combined numbers of its breakdown (docs/privacy.md)",
    )
    report.add_argument(
        "--labels",
        action="append",
        default=[],
        metavar="FILE",
        help="names for columns that are not items and for their values (.csv or workbook with the columns "
        "column, code, label), e.g. gender 1 = Woman; repeat for several; they win over the file's own labels",
    )
    report.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="language of the report's texts (default: the instrument's first language)",
    )
    decimal = report.add_mutually_exclusive_group()
    decimal.add_argument(
        "--decimal-comma",
        dest="decimal_comma",
        action="store_const",
        const=True,
        help="CSV output: decimal comma and semicolons between fields (default in fi and sv)",
    )
    decimal.add_argument(
        "--decimal-point",
        dest="decimal_comma",
        action="store_const",
        const=False,
        help="CSV output: decimal point and commas between fields (default in en)",
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
    command = parser()
    args = command.parse_args(argv)
    write = _writer(args)
    if args.decimal_comma is not None and write not in (_write_csv, _write_csv_folder):
        command.error("--decimal-comma and --decimal-point are for CSV output (--out ending in .csv or /)")
    try:
        return _report(args, write)
    except (AnalysisError, InstrumentProblem) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: {error.filename or ''}: {error.strerror or error}", file=sys.stderr)
        return 1


class InstrumentProblem(Exception):
    """The --instrument argument names no usable instrument."""


def _writer(args: argparse.Namespace) -> Callable[..., None] | None:
    """The writer --out asks for, or None when it names no output Arvio writes (an error once run)."""
    if args.json:
        return _write_json
    out = args.out
    if out.endswith(("/", os.sep)) or Path(out).is_dir():
        return _write_csv_folder
    return OUTPUTS.get(Path(out).suffix.lower())


def _report(args: argparse.Namespace, write: Callable[..., None] | None) -> int:
    out = Path(args.out)
    if write is None:
        raise AnalysisError(
            f"--out {out.name}: write a .xlsx workbook, a .json file, a .csv file, an .html page, or a folder "
            "(ending in /) of CSV files (or add --json)"
        )
    if out.exists() and out.resolve() == Path(args.responses).resolve():
        raise AnalysisError(f"--out {out.name}: that is the responses file; name another file to write")
    if not out.parent.is_dir():  # said before the analysis, not after it
        raise AnalysisError(f"--out {out}: the folder {out.parent} does not exist")
    instrument = load(args.instrument)
    found = read_responses(args.responses)
    labels, notes = found.labels, list(found.notes)
    for path in args.labels:
        given = read_labels(path)
        notes += _label_notes(Path(path).name, given, found)
        labels = labels.merged(given)
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    name = Path(args.responses).name
    try:
        report = build_report(
            found.table,
            instrument,
            by=args.by,
            wave=args.wave,
            pair=args.pair,
            waves=args.waves,
            unit=args.unit,
            min_cell=args.min_cell,
            language=args.lang or instrument.languages[0],
            confidence=args.confidence,
            filters={"file": name},
            labels=labels,
        )
    except AnalysisError as error:
        raise AnalysisError(error.in_file(name, found.rows)) from None
    try:
        write(report, out, decimal_comma=args.decimal_comma)
    except OSError as error:
        raise AnalysisError(f"--out {out}: cannot write it ({error.strerror or error})") from None
    print(f"{out}: {report.n_responses} responses, {len(report.comparisons)} comparisons", file=sys.stderr)
    return 0


def _label_notes(file_name: str, labels: ColumnLabels, found: ResponsesFile) -> list[str]:
    """A label file that names a column the responses do not have is probably mistyped: say so."""
    named = sorted(set(labels.names) | set(labels.values))
    missing = [column for column in named if column not in found.table]
    if not missing:
        return []
    shown = ", ".join(repr(column) for column in missing[:5]) + (" ..." if len(missing) > 5 else "")
    return [f"{file_name}: these columns are not in the responses: {shown}"]


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
