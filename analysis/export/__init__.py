"""File exports of a Report: the evaluator's Excel workbook, CSV (wide and long) and SPSS .sav.

Every exporter is looked up by name in :data:`EXPORTERS` and called the same way, with the report, a path and
options (``language``, ``labels``; the workbook also takes ``made_by``, ``include_responses`` and ``responses``).
Text never becomes a spreadsheet formula, and a file appears only when it is complete (:mod:`.safe`). The CSV
files can also be made without a report and without a file: ``stream`` gives their bytes piece by piece from an
instrument and responses (a :class:`ResponseStream` read as it goes), for a web response that starts before the
last row is read.

Every download has a name of its own: the same title, then what the file holds in the language's words, so the
three CSV variants never share a name:

>>> sorted(EXPORTERS)
['csv', 'csv-long', 'csv-semicolon', 'sav', 'xlsx']
>>> for name in ("xlsx", "csv", "csv-semicolon", "csv-long", "sav"):
...     print(EXPORTERS[name].filename("Nuoret: kevät 2026", "fi"))
Nuoret_kevät_2026_tulokset.xlsx
Nuoret_kevät_2026_vastaukset.csv
Nuoret_kevät_2026_vastaukset_puolipiste.csv
Nuoret_kevät_2026_vastaukset_pitkä.csv
Nuoret_kevät_2026_vastaukset.sav
>>> EXPORTERS["csv-long"].filename("Nuoret: kevät 2026", "fi", ascii_only=True)
'Nuoret_kevat_2026_vastaukset_pitka.csv'
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from analysis.export.columns import ResponseStream
from analysis.export.csv_files import csv_bytes, long_rows, wide_rows, write_csv_long, write_csv_wide
from analysis.export.safe import ExportError, safe_filename
from analysis.export.spss import write_sav
from analysis.export.workbook import write_workbook
from analysis.report_model import Report
from analysis.response_table import ResponseTable
from instruments.model import Instrument, Text


@dataclass(frozen=True)
class Exporter:
    """One file format: how to write it from a Report, and what to call it when it is downloaded.

    `holds` is what the file holds in words ("vastaukset puolipiste"), the end of its download name. `stream`,
    for the formats that can be written row by row, is ``stream(instrument, responses, *, language, labels)``:
    the file's bytes, a piece at a time.
    """

    name: str
    extension: str
    media_type: str
    write: Callable[..., Path]
    holds: Text
    stream: Callable[..., Iterator[bytes]] | None = None

    def filename(self, title: str, language: str = "fi", *, ascii_only: bool = False) -> str:
        """A safe download name for this file about `title`: ``TITLE_WHAT.EXT`` (letters such as ä kept unless
        `ascii_only`; no path, no control characters)."""
        title = title.replace("/", " ").replace("\\", " ")
        return safe_filename(f"{title} {self.holds.get(language)}{self.extension}", ascii_only=ascii_only)


def _csv(writer: Callable[..., Path], dialect: str) -> Callable[..., Path]:
    def write(
        report: Report,
        path: str | os.PathLike,
        *,
        language: str | None = None,
        labels: bool = False,
        responses: object = None,
        **_: object,
    ) -> Path:
        return writer(
            report.instrument,
            report.responses if responses is None else responses,
            path,
            language=language or report.design.language,
            labels=labels,
            dialect=dialect,
        )

    return write


def _csv_stream(rows: Callable[..., Iterator[Sequence[object]]], dialect: str) -> Callable[..., Iterator[bytes]]:
    def stream(
        instrument: Instrument, responses: ResponseTable | ResponseStream, *, language: str, labels: bool = False
    ) -> Iterator[bytes]:
        return csv_bytes(rows(instrument, responses, language=language, labels=labels), dialect=dialect)

    return stream


def _sav(
    report: Report, path: str | os.PathLike, *, language: str | None = None, responses: object = None, **_: object
) -> Path:
    return write_sav(
        report.instrument,
        report.responses if responses is None else responses,
        path,
        language=language or report.design.language,
    )


_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_CSV = "text/csv; charset=utf-8"
_RESPONSES = Text(fi="vastaukset", sv="svar", en="responses")
EXPORTERS: dict[str, Exporter] = {
    "xlsx": Exporter("xlsx", ".xlsx", _XLSX, write_workbook, Text(fi="tulokset", sv="resultat", en="results")),
    "csv": Exporter(
        "csv", ".csv", _CSV, _csv(write_csv_wide, "comma"), _RESPONSES, _csv_stream(wide_rows, "comma")
    ),
    "csv-semicolon": Exporter(
        "csv-semicolon",
        ".csv",
        _CSV,
        _csv(write_csv_wide, "semicolon"),
        Text(fi="vastaukset puolipiste", sv="svar semikolon", en="responses semicolon"),
        _csv_stream(wide_rows, "semicolon"),
    ),
    "csv-long": Exporter(
        "csv-long",
        ".csv",
        _CSV,
        _csv(write_csv_long, "comma"),
        Text(fi="vastaukset pitkä", sv="svar lång", en="responses long"),
        _csv_stream(long_rows, "comma"),
    ),
    "sav": Exporter("sav", ".sav", "application/x-spss-sav", _sav, _RESPONSES),
}
"""Format name -> exporter. Every ``write`` takes ``(report, path, **options)``."""


def export(report: Report, name: str, path: str | os.PathLike, **options: object) -> Path:
    """Write `report` in the format called `name` (a key of :data:`EXPORTERS`)."""
    try:
        exporter = EXPORTERS[name]
    except KeyError:
        raise ExportError(f"unknown export format {name!r}; choose one of {', '.join(EXPORTERS)}") from None
    return exporter.write(report, path, **options)


__all__ = [
    "EXPORTERS",
    "ExportError",
    "Exporter",
    "ResponseStream",
    "export",
    "safe_filename",
    "write_csv_long",
    "write_csv_wide",
    "write_sav",
    "write_workbook",
]
