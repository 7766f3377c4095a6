"""XLSForm in and out: author an instrument in a spreadsheet the way ODK and KoboToolbox users do.

:mod:`~instruments.xlsform.convert` is the entry (:func:`import_xlsform`, :func:`export_xlsform`);
:mod:`~instruments.xlsform.read` and :mod:`~instruments.xlsform.write` turn sheets into an instrument document and
back, :mod:`~instruments.xlsform.sheets` and :mod:`~instruments.xlsform.survey_sheet` read the sheets' rows, and
:mod:`~instruments.xlsform.relevant` with :mod:`~instruments.xlsform.xpath` translate ``relevant`` and
``constraint`` expressions into conditions without evaluating anything.
"""

from instruments.xlsform.convert import export_xlsform, import_xlsform

__all__ = ["export_xlsform", "import_xlsform"]
