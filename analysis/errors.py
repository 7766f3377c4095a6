"""The one error type of the analysis library."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

SHOWN_ROWS = 5
"""Rows an error names before it says "and N more"."""


class AnalysisError(ValueError):
    """Input the analysis cannot use: says which column, group or argument and what is wrong with it.

    `rows` are the offending data rows (0-based); the message counts them from 1. A caller that read the table
    from a file says where they are in the file with :meth:`in_file`.

    >>> raise AnalysisError("column 'P_VOICE_1' has non-numeric answers", column="P_VOICE_1", rows=[2, 7])
    Traceback (most recent call last):
    ...
    analysis.errors.AnalysisError: column 'P_VOICE_1' has non-numeric answers (rows 3, 8)
    >>> error = AnalysisError("column 'A1': 'x' is not a code", column="A1", rows=[0])
    >>> error.in_file("r.csv", [2, 4]), AnalysisError("no rows").in_file("r.csv")
    ("r.csv: column 'A1': 'x' is not a code (row 2)", 'r.csv: no rows')
    """

    def __init__(
        self, message: str, *, column: str | None = None, group: str | None = None, rows: Iterable[int] = ()
    ):
        self.detail = message
        self.rows = tuple(int(row) for row in rows)
        super().__init__(f"{message} ({row_list([row + 1 for row in self.rows])})" if self.rows else message)
        self.column = column
        self.group = group

    def in_file(self, name: str, row_numbers: Sequence[int] | None = None) -> str:
        """The message for someone looking at file `name`: the file named first and the rows numbered as the
        file numbers them (``row_numbers[i]`` is the file's row of data row ``i``)."""
        text = str(self)
        if self.rows and row_numbers is not None:
            text = f"{self.detail} ({row_list([row_numbers[row] for row in self.rows])})"
        return text if text.startswith(f"{name}:") else f"{name}: {text}"


def row_list(numbers: Sequence[int]) -> str:
    """ "row 3", or "rows 3, 5" and at most :data:`SHOWN_ROWS` of them before "and N more".

    >>> row_list([3]), row_list(list(range(2, 10)))
    ('row 3', 'rows 2, 3, 4, 5, 6 and 3 more')
    """
    shown = ", ".join(str(n) for n in numbers[:SHOWN_ROWS])
    more = len(numbers) - SHOWN_ROWS
    return ("row " if len(numbers) == 1 else "rows ") + shown + (f" and {more} more" if more > 0 else "")
