"""The evaluator's Excel workbook: About, Codebook, Responses, Summary, Items, Reliability, Comparisons, Charts.

openpyxl writes every sheet in write-only (streaming) mode; the Responses sheet, which may hold a million rows,
gets its rows from :mod:`analysis.export.sheet_xml`, streamed into the saved file. The file appears at `path`
only when it is complete (written beside it under a temporary name, then renamed).
"""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

from analysis.export.about import write_about
from analysis.export.cells import put
from analysis.export.charts import write_charts
from analysis.export.codebook import write_codebook, write_responses_header
from analysis.export.columns import Column, ResponseStream, chunk_values, layout, open_responses
from analysis.export.report_rows import write_comparisons, write_items, write_reliability, write_summary
from analysis.export.safe import ExportError, atomic_path, check_sheet_rows, sheet_title
from analysis.export.sheet_xml import CellStyles, rows_xml, splice_rows
from analysis.export.words import SHEETS
from analysis.report_model import Report
from analysis.response_table import ResponseTable

_BATCH_ROWS = 2_000
_WRITERS = (write_summary, write_items, write_reliability, write_comparisons, write_charts)


def write_workbook(
    report: Report,
    path: str | os.PathLike,
    *,
    labels: bool = False,
    language: str | None = None,
    made_by: str = "",
    include_responses: bool = True,
    responses: ResponseTable | ResponseStream | None = None,
) -> Path:
    """Write the report and its responses as one Excel workbook.

    Parameters
    ----------
    report : Report
    path : path-like
        The ``.xlsx`` file to write (replaced only when the new one is complete).
    labels : bool
        Write choice labels instead of numeric codes in the Responses sheet (a labelled file is for reading;
        ``python -m analysis report`` needs codes).
    language : str, optional
        fi, sv or en; by default the report's.
    made_by : str
        Who asked for the file (the web application passes the signed-in user), shown on the About sheet.
    include_responses : bool
        False leaves out the Responses sheet (individual answers) for people who may see aggregates only.
    responses : ResponseTable or ResponseStream, optional
        The rows of the Responses sheet, by default ``report.responses``; a stream writes a table larger than
        memory chunk by chunk.

    Raises
    ------
    ExportError
        Before anything is written, when the responses have more rows than a worksheet holds.
    """
    language = language or report.design.language
    count, chunks = open_responses(report.responses if responses is None else responses)
    if include_responses:
        check_sheet_rows(count, language)
    first = next(chunks, None)
    columns = layout(report.instrument, first if first is not None else report.responses)
    chunks = itertools.chain([first] if first is not None else [], chunks)

    workbook = Workbook(write_only=True)
    titles = [sheet_title(name) for name in SHEETS.get(language, SHEETS["fi"])]
    write_about(workbook.create_sheet(titles[0]), report, language, made_by)
    write_codebook(workbook.create_sheet(titles[1]), columns, language)
    responses_sheet = workbook.create_sheet(titles[2]) if include_responses else None
    if responses_sheet is not None:
        write_responses_header(responses_sheet, columns, count)
        styles = _styles(responses_sheet)
    for writer, title in zip(_WRITERS, titles[3:], strict=True):
        writer(workbook.create_sheet(title), report, language)

    target = Path(path)
    with (
        atomic_path(target) as final,
        tempfile.TemporaryDirectory(prefix=f".{target.name}.", dir=target.parent) as scratch,
    ):
        saved = Path(scratch) / "openpyxl.xlsx"
        workbook.save(saved)
        if responses_sheet is None:
            os.replace(saved, final)
            return target
        rows = _rows(columns, chunks, count, styles, labels=labels, language=language)
        splice_rows(saved, final, responses_sheet.path.lstrip("/"), rows)
    return target


def _styles(ws) -> CellStyles:
    """Register the formats the streamed rows use, and read their ids."""
    return CellStyles(
        text=0,
        formula=put(ws, "=").style_id,
        date=put(ws, datetime(2000, 1, 1), number_format="yyyy-mm-dd hh:mm:ss").style_id,
    )


def _rows(
    columns: Sequence[Column],
    chunks: Iterator[ResponseTable],
    count: int,
    styles: CellStyles,
    *,
    labels: bool,
    language: str,
) -> Iterator[str]:
    written = 0
    for chunk in chunks:
        check_sheet_rows(written + len(chunk), language)
        for start in range(0, len(chunk), _BATCH_ROWS):  # a few thousand rows of cell text at a time
            part = chunk.select(slice(start, start + _BATCH_ROWS))
            values = chunk_values(columns, part, labels=labels, language=language)
            yield from rows_xml(values, first_row=written + 2, styles=styles)
            written += len(part)
    if written != count:
        raise ExportError(f"the responses stream announced {count} rows but gave {written}; nothing was written")
