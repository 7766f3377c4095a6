"""XLSForm in and out: author an instrument in a spreadsheet the way ODK and KoboToolbox users do.

:func:`import_xlsform` reads the survey, choices and settings sheets (and Arvio's own `arvio_` columns and
sheets) into an instrument document and validates it with the same loader as YAML files, so a spreadsheet
gets exactly the checks a YAML file gets. :func:`export_xlsform` writes any instrument back; importing the
export gives an equal instrument. ``docs/xlsform.md`` describes the mapping and what is not supported.

Example
-------
>>> import pathlib, tempfile
>>> from instruments.loader import parse_instrument
>>> text = {"fi": "Ikä", "en": "Age"}
>>> instrument = parse_instrument({
...     "id": "demo", "version": "1.0", "respondent_group": "youth", "languages": ["fi", "en"],
...     "title": text, "sections": [{"id": "about", "title": text, "items": [
...         {"code": "AGE", "type": "number", "minimum": 13, "text": text}]}]}, modules={})
>>> path = pathlib.Path(tempfile.mkdtemp()) / "demo.xlsx"
>>> export_xlsform(instrument, path)
>>> import_xlsform(path) == instrument
True
"""

from __future__ import annotations

import os

from instruments.loader import parse_instrument
from instruments.model import Instrument
from instruments.xlsform.read import read_document
from instruments.xlsform.write import write_workbook

__all__ = ["export_xlsform", "import_xlsform"]


def import_xlsform(path: str | os.PathLike, source: str | None = None) -> Instrument:
    """Read an XLSForm file (.xlsx, .xls or .ods) into a validated instrument.

    Raises :class:`~instruments.errors.InstrumentError` listing every problem, each naming the sheet and row
    (``survey row 7``) and the column (``relevant``). `source` names the file in messages and in
    :attr:`Instrument.source`; by default the path.
    """
    source = source if source is not None else os.fspath(path)
    return parse_instrument(read_document(path, source), source=source, modules={})


def export_xlsform(instrument: Instrument, path: str | os.PathLike) -> None:
    """Write `instrument` as an XLSForm .xlsx file that :func:`import_xlsform` reads back unchanged."""
    write_workbook(instrument, path)
