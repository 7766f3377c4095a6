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
...         {"code": "AGE", "type": "number", "minimum": 13, "text": text, "xlsform_name": "age"}]}]}, modules={})
>>> path = pathlib.Path(tempfile.mkdtemp()) / "demo.xlsx"
>>> export_xlsform(instrument, path)
>>> warnings = []
>>> import_xlsform(path, warnings=warnings) == instrument, warnings
(True, [])
"""

from __future__ import annotations

import os

from instruments.errors import InstrumentError, Message, Problem
from instruments.loader import parse_instrument
from instruments.model import LANGUAGES, Instrument
from instruments.xlsform.read import read_document
from instruments.xlsform.write import write_workbook

__all__ = ["export_xlsform", "import_xlsform"]


def import_xlsform(
    path: str | os.PathLike,
    source: str | None = None,
    *,
    skip_unsupported: bool = False,
    default_language: str | None = None,
    warnings: list[Problem] | None = None,
) -> Instrument:
    """Read an XLSForm file (.xlsx, .xls or .ods) into a validated instrument.

    Parameters
    ----------
    path : path of the workbook.
    source : str, optional
        Names the file in messages and in :attr:`Instrument.source`, and gives a form without ``form_id`` its id
        (an upload's original file name); by default `path`.
    skip_unsupported : bool
        Leave out what Arvio cannot ask (a ``geopoint``, a ``calculate``, a repeat, a condition Arvio cannot read
        and what it applies to, ...) with a warning each, instead of refusing the form.
    default_language : {"fi", "sv", "en"}, optional
        The language of plain ``label``/``hint``/``form_title`` columns when the settings sheet has no
        ``default_language`` (without either: Finnish, see ``docs/xlsform.md``).
    warnings : list, optional
        Receives a :class:`~instruments.errors.Problem` (file, ``survey row 7``, column, message) for everything
        left out, as pyxform's ``convert(warnings=...)`` does; filled also when the import fails.

    Raises
    ------
    InstrumentError
        Listing every problem, each naming the sheet and row (``survey row 7``) and the column (``relevant``).
    """
    source = source if source is not None else os.fspath(path)
    if default_language is not None and default_language not in LANGUAGES:
        message = Message(
            "default language %(language)s is not one of %(languages)s",
            language=repr(default_language),
            languages=", ".join(LANGUAGES),
        )
        raise InstrumentError([Problem(source, "-", "default_language", message)])
    document, places = read_document(
        path, source, skip_unsupported=skip_unsupported, default_language=default_language, warnings=warnings
    )
    try:
        return parse_instrument(document, source=source, modules={})
    except InstrumentError as error:
        raise InstrumentError(places.locate(error.problems)) from None


def export_xlsform(instrument: Instrument, path: str | os.PathLike) -> None:
    """Write `instrument` as an XLSForm .xlsx file that :func:`import_xlsform` reads back unchanged.

    Questions are named by their ``xlsform_name`` when they have one (a form imported with lower-case names
    keeps them), else by their item code.
    """
    write_workbook(instrument, path)
