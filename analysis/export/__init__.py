"""File exports of a Report: the evaluator's Excel workbook, CSV (wide and long) and SPSS .sav.

Every exporter is looked up by name in :data:`EXPORTERS` and called the same way, with the report, a path and
options (``language``, ``labels``; the workbook also takes ``made_by``, ``include_responses`` and ``responses``).
Text never becomes a spreadsheet formula, and a file appears only when it is complete (:mod:`.safe`).

>>> sorted(EXPORTERS)
['csv', 'csv-long', 'csv-semicolon', 'sav', 'xlsx']
>>> EXPORTERS["csv-semicolon"].filename("Nuoret: kevät 2026")
'Nuoret_kevat_2026.csv'
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from analysis.export.columns import ResponseStream
from analysis.export.csv_files import write_csv_long, write_csv_wide
from analysis.export.safe import ExportError, safe_filename
from analysis.export.spss import write_sav
from analysis.export.workbook import write_workbook
from analysis.report_model import Report


@dataclass(frozen=True)
class Exporter:
    """One file format: how to write it from a Report, and what to call it when it is downloaded."""

    name: str
    extension: str
    media_type: str
    write: Callable[..., Path]

    def filename(self, title: str) -> str:
        """A safe download name for a file about `title`."""
        return safe_filename(f"{title.replace('/', ' ').replace(chr(92), ' ')}{self.extension}")


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
EXPORTERS: dict[str, Exporter] = {
    "xlsx": Exporter("xlsx", ".xlsx", _XLSX, write_workbook),
    "csv": Exporter("csv", ".csv", "text/csv; charset=utf-8", _csv(write_csv_wide, "comma")),
    "csv-semicolon": Exporter(
        "csv-semicolon", ".csv", "text/csv; charset=utf-8", _csv(write_csv_wide, "semicolon")
    ),
    "csv-long": Exporter("csv-long", ".csv", "text/csv; charset=utf-8", _csv(write_csv_long, "comma")),
    "sav": Exporter("sav", ".sav", "application/x-spss-sav", _sav),
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
