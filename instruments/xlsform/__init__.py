"""XLSForm in and out: author an instrument in a spreadsheet, or bring a form in from ODK or KoboToolbox.

:mod:`~instruments.xlsform.convert` is the entry (:func:`import_xlsform`, :func:`export_xlsform`).
:mod:`~instruments.xlsform.read` is the import pipeline: :mod:`~instruments.xlsform.sheets` reads headers,
languages and rows, :mod:`~instruments.xlsform.settings_sheet` the settings and the default language,
:mod:`~instruments.xlsform.survey_sheet` the questions (types and columns decided in
:mod:`~instruments.xlsform.aliases`, names made codes in :mod:`~instruments.xlsform.names`), and
:mod:`~instruments.xlsform.pages` turns groups into pages; :mod:`~instruments.xlsform.places` names the sheet, row
and column of the problems the shared validator finds. :mod:`~instruments.xlsform.write` writes the workbook back.
:mod:`~instruments.xlsform.relevant` with :mod:`~instruments.xlsform.xpath` translate ``relevant`` and
``constraint`` expressions into conditions without evaluating anything.
"""

from instruments.xlsform.convert import export_xlsform, import_xlsform

__all__ = ["export_xlsform", "import_xlsform"]
