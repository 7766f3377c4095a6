"""``python -m instruments``: list, validate, show and convert instruments.

Exit status: 0 when all went well, 1 when an instrument (or a file) has problems, 2 for a usage error. Problems
go to standard error one per line as ``FILE: ITEM: field: message``; there is never a traceback. Wherever an
instrument is named by its path, an XLSForm workbook (.xlsx, .xls, .ods) will do: its warnings (what was left
out) are listed on standard error after the output, each as ``warning: FILE: sheet row N: column: message``.

Example
-------
>>> main(["validate", "instruments/library/no-such-file.yaml"])
files checked: 1, with problems: 1
1
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from instruments.errors import InstrumentError, Message, Problem
from instruments.loader import LIBRARY_DIR, Module, load_file, load_library
from instruments.model import LANGUAGES, Instrument

SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit status. XLSForm warnings come last, also after problems."""
    args = build_parser().parse_args(argv)
    args.warnings = []  # what XLSForm imports left out
    try:
        return args.run(args)
    except InstrumentError as error:
        print(error, file=sys.stderr)
        return 1
    except (KeyError, OSError) as error:
        print(f"error: {error.args[0] if isinstance(error, KeyError) else error}", file=sys.stderr)
        return 1
    except Exception as error:  # the promise is no traceback: say what broke, in one line
        print(f"internal error: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    finally:
        _print_warnings(args.warnings)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m instruments", description="List, validate, show and convert questionnaire instruments."
    )
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    xlsform = argparse.ArgumentParser(add_help=False)
    xlsform.add_argument(
        "--skip-unsupported",
        action="store_true",
        help="XLSForm: leave out what Arvio cannot ask (with a warning each) instead of refusing",
    )
    xlsform.add_argument(
        "--default-language",
        choices=LANGUAGES,
        help="XLSForm: the language of plain label columns when the settings sheet does not say",
    )

    listing = commands.add_parser("list", help="the instruments in the library")
    listing.add_argument("--library", type=Path, default=LIBRARY_DIR, help="library directory (default: built-in)")
    listing.set_defaults(run=list_command)

    validate = commands.add_parser(
        "validate", parents=[xlsform], help="check instrument and module files; every problem at once"
    )
    validate.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help="a .yaml or XLSForm file, or a directory of .yaml"
    )
    validate.set_defaults(run=validate_command)

    show = commands.add_parser("show", parents=[xlsform], help="the questionnaire as text for proof-reading")
    show.add_argument("instrument", metavar="ID|PATH", help="an instrument id in the library, a .yaml or XLSForm")
    show.add_argument("--lang", choices=LANGUAGES, help="language (default: the instrument's first)")
    show.add_argument("--version", help="version (default: the latest)")
    show.set_defaults(run=show_command)

    export = commands.add_parser("export-xlsform", parents=[xlsform], help="write an instrument as an XLSForm")
    export.add_argument(
        "instrument", metavar="ID|PATH", help="an instrument id in the library, a .yaml or XLSForm"
    )
    export.add_argument("out", type=Path, metavar="OUT.xlsx")
    export.add_argument("--version", help="version (default: the latest)")
    export.set_defaults(run=export_command)

    read = commands.add_parser(
        "import-xlsform", parents=[xlsform], help="read an XLSForm workbook into an instrument YAML file"
    )
    read.add_argument("source", type=Path, metavar="IN.xlsx")
    read.add_argument("out", type=Path, metavar="OUT.yaml")
    read.set_defaults(run=import_command)
    return parser


# --- commands ---------------------------------------------------------------------------------------------


def list_command(args: argparse.Namespace) -> int:
    rows = [("id", "version", "group", "languages", "items")]
    rows += [
        (i.id, i.version, i.respondent_group.value, ",".join(i.languages), str(len(i.answered_items)))
        for i in load_library(args.library)
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return 0


def validate_command(args: argparse.Namespace) -> int:
    problems: list[Problem] = []
    checked = 0
    for path in args.paths:
        files = sorted(path.rglob("*.yaml")) if path.is_dir() else [path]
        if not files:
            problems.append(Problem(str(path), "-", "directory", Message("no .yaml files")))
        for file in files:
            checked += 1
            try:
                _read_xlsform(file, args) if _is_spreadsheet(file) else load_file(file)
            except InstrumentError as error:
                problems.extend(p for p in error.problems if p not in problems)
    for problem in problems:
        print(problem, file=sys.stderr)
    broken = len({problem.file for problem in problems})
    print(
        f"files checked: {checked}, with problems: {broken}"
        if problems
        else f"files checked: {checked}, all valid"
    )
    return 1 if problems else 0


def show_command(args: argparse.Namespace) -> int:
    from instruments.render import render_text

    instrument = find_instrument(args.instrument, args.version, args)
    print(render_text(instrument, args.lang or instrument.languages[0]))
    return 0


def export_command(args: argparse.Namespace) -> int:
    instrument = find_instrument(args.instrument, args.version, args)
    _xlsform().export_xlsform(instrument, args.out)
    print(f"{instrument.key} -> {args.out}")
    return 0


def import_command(args: argparse.Namespace) -> int:
    from instruments.document import dump_yaml

    instrument = _read_xlsform(args.source, args)
    args.out.write_text(dump_yaml(instrument), encoding="utf-8")
    print(f"{args.source} -> {args.out} ({instrument.key}, {len(instrument.answered_items)} items)")
    return 0


def find_instrument(
    name: str, version: str | None = None, options: argparse.Namespace | None = None
) -> Instrument:
    """A file when `name` is a path to one (an XLSForm workbook, or a .yaml file), else the library's
    instrument of that id. `options` are the XLSForm options of the command line (and collect its warnings)."""
    path = Path(name)
    if _is_spreadsheet(path):
        return _read_xlsform(path, options)
    if path.suffix in (".yaml", ".yml") or path.is_file():
        result = load_file(path)
        if isinstance(result, Module):
            problem = Problem(
                str(path), "-", "module", Message("this is a module: show an instrument that includes it")
            )
            raise InstrumentError([problem])
        return result
    return load_library().get(name, version)


def _is_spreadsheet(path: Path) -> bool:
    return path.suffix.lower() in SPREADSHEETS


def _read_xlsform(path: Path, options: argparse.Namespace | None) -> Instrument:
    return _xlsform().import_xlsform(
        path,
        skip_unsupported=getattr(options, "skip_unsupported", False),
        default_language=getattr(options, "default_language", None),
        warnings=getattr(options, "warnings", None),
    )


def _print_warnings(warnings: list[Problem]) -> None:
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if warnings:
        print(f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}", file=sys.stderr)


def _xlsform():
    """The XLSForm converter, imported only when a command needs it."""
    try:
        from instruments import xlsform
    except ImportError as error:
        raise OSError(f"XLSForm support is not available: {error}") from None
    return xlsform
