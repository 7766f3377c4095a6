"""The one error type of the analysis library."""

from __future__ import annotations


class AnalysisError(ValueError):
    """Input the analysis cannot use: says which column, group or argument and what is wrong with it.

    >>> raise AnalysisError("column 'P_VOICE_1' has non-numeric answers in rows 3, 8", column="P_VOICE_1")
    Traceback (most recent call last):
    ...
    analysis.errors.AnalysisError: column 'P_VOICE_1' has non-numeric answers in rows 3, 8
    """

    def __init__(self, message: str, *, column: str | None = None, group: str | None = None):
        super().__init__(message)
        self.column = column
        self.group = group
