"""The suppression threshold: its default and the one rule every setting of it follows.

>>> checked_threshold("7", "ARVIO_MIN_CELL")
7
"""

from __future__ import annotations

import numpy as np

from analysis.errors import AnalysisError

DEFAULT_THRESHOLD = 5
"""No shown number describes fewer people than this, unless a programme chooses a higher threshold."""
LOWEST_THRESHOLD = 3
"""Below 3, one member of a hidden pair could work out the other's answers from a total."""
HIGHEST_THRESHOLD = 100


def checked_threshold(value: object, setting: str) -> int:
    """`value` as a suppression threshold, or :class:`~analysis.errors.AnalysisError` naming `setting`.

    The one rule for every place a threshold is set (``ARVIO_MIN_CELL``, ``--min-cell``): a whole number from
    :data:`LOWEST_THRESHOLD` to :data:`HIGHEST_THRESHOLD`; text of digits is accepted (the environment).

    >>> checked_threshold(0, "ARVIO_MIN_CELL")
    Traceback (most recent call last):
    ...
    analysis.errors.AnalysisError: ARVIO_MIN_CELL must be a whole number from 3 to 100, not 0 ...
    """
    number = None
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        number = int(value)
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    if number is None or not LOWEST_THRESHOLD <= number <= HIGHEST_THRESHOLD:
        raise AnalysisError(
            f"{setting} must be a whole number from {LOWEST_THRESHOLD} to {HIGHEST_THRESHOLD}, not {value!r} "
            f"(the suppression threshold: no number describes fewer people; the default is {DEFAULT_THRESHOLD})"
        )
    return number
