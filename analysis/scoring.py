"""Scale scores: the mean (or sum) of a scale's items per respondent, vectorized over respondents.

For each scale of the instrument, in this order:

1. missing codes ("don't know", "prefer not to say") become ``nan``;
2. reverse-keyed items are reversed on the choice list's declared bounds, ``low + high - x`` (never on the
   observed values, so a score means the same in every data set);
3. a respondent gets a score only when the answered share of the items is at least ``min_answered``;
4. ``mean``: the mean of the answered items. ``sum``: the mean of the answered items times the number of
   items (a prorated sum, so one skipped item does not lower a total that was otherwise given);
5. ``percent``: also ``100 * (mean - low) / (high - low)`` in ``S_CODE_pct``.

Columns are named after the scale code (``S_VOICE``, ``S_VOICE_pct``).

Example
-------
>>> import numpy as np
>>> from instruments.model import (Choice, ChoiceList, Instrument, Item, ItemType, RespondentGroup, Scale,
...                                Section, Text)
>>> agree = ChoiceList("agree", tuple(Choice(c, Text(fi=str(c))) for c in (1, 2, 3, 4, 5))
...                     + (Choice(9, Text(fi="EOS"), missing=True),))
>>> items = tuple(Item(code=c, type=ItemType.LIKERT, text=Text(fi=c), choices="agree") for c in ("A", "B"))
>>> scale = Scale(code="S_AB", label=Text(fi="AB"), items=("A", "B"), reverse=("B",), percent=True)
>>> instrument = Instrument(id="x", version="1", title=Text(fi="X"), respondent_group=RespondentGroup.YOUTH,
...                         languages=("fi",), sections=(Section("s", Text(fi="S"), items),),
...                         choice_lists={"agree": agree}, scales=(scale,))
>>> scores = scale_scores(ResponseTable.from_columns({"A": [5, 4, 9], "B": [1, 9, 9]}), instrument)
>>> scores["S_AB"], scores["S_AB_pct"]
(array([ 5.,  4., nan]), array([100.,  75.,  nan]))
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from analysis.errors import AnalysisError
from analysis.response_table import ResponseTable
from analysis.validation import prepare
from instruments.model import Instrument, Scale


def score(table: ResponseTable, instrument: Instrument) -> ResponseTable:
    """Check and decode `table` against `instrument`, then add every scale score.

    Parameters
    ----------
    table : ResponseTable
        Wide responses: one column per item code (``CODE__option`` for multiple choice).
    instrument : Instrument

    Returns
    -------
    ResponseTable
        The decoded answers with ``S_*`` (and ``S_*_pct``) columns added.

    Raises
    ------
    AnalysisError
        When an answer cannot be read or a scale's item column is missing (see :mod:`analysis.validation`).
    """
    prepared, _warnings = prepare(table, instrument)
    return prepared.with_columns(scale_scores(prepared, instrument))


def scale_scores(
    table: ResponseTable, instrument: Instrument, matrices: Mapping[str, np.ndarray] | None = None
) -> dict[str, np.ndarray]:
    """Score columns by name for every scale: ``S_CODE`` and, for ``percent`` scales, ``S_CODE_pct``.

    `table` must hold codes (as :func:`analysis.validation.prepare` leaves it). `matrices` may give each scale's
    :func:`scale_items` by scale code, when the caller needs them too (the report computes alpha on them).
    """
    columns: dict[str, np.ndarray] = {}
    for scale in instrument.scales:
        matrix = matrices[scale.code] if matrices is not None else scale_items(table, instrument, scale)
        columns[scale.code] = _combine(matrix, scale)
        if scale.percent:
            low, high = scale_bounds(instrument, scale)
            mean = columns[scale.code] if scale.method == "mean" else columns[scale.code] / len(scale.items)
            columns[f"{scale.code}_pct"] = 100.0 * (mean - low) / (high - low)
    return columns


def scale_items(table: ResponseTable, instrument: Instrument, scale: Scale) -> np.ndarray:
    """Respondents x items matrix of one scale: missing codes as ``nan``, reverse keys applied.

    This is also what reliability (Cronbach's alpha) is computed on.
    """
    low, high = scale_bounds(instrument, scale)
    matrix = np.empty((len(table), len(scale.items)), dtype=np.float64)
    for j, code in enumerate(scale.items):
        if code not in table:
            raise AnalysisError(f"scale {scale.code}: the responses have no column {code!r}", column=code)
        values = table[code]
        if values.dtype.kind != "f":
            raise AnalysisError(f"scale {scale.code}: column {code!r} is not numeric", column=code)
        item = instrument.item(code)
        choices = instrument.choice_list(item)
        matrix[:, j] = low + high - values if code in scale.reverse else values
        for missing in choices.missing_codes if choices else ():
            matrix[values == float(missing), j] = np.nan
    return matrix


def scale_bounds(instrument: Instrument, scale: Scale) -> tuple[float, float]:
    """The declared (lowest, highest) scored code of the scale's choice list."""
    item = instrument.item(scale.items[0])
    choices = instrument.choice_list(item)
    bounds = choices.bounds if choices else None
    if bounds is None or bounds[0] == bounds[1]:
        raise AnalysisError(f"scale {scale.code}: its choice list has no numeric range to score on")
    return float(bounds[0]), float(bounds[1])


def score_range(instrument: Instrument, scale: Scale) -> tuple[float, float]:
    """The lowest and highest score a respondent can get on the scale (its chart's axis, its readings' range)."""
    low, high = scale_bounds(instrument, scale)
    if scale.method == "sum":
        return low * len(scale.items), high * len(scale.items)
    return low, high


def _combine(matrix: np.ndarray, scale: Scale) -> np.ndarray:
    answered = ~np.isnan(matrix)
    count = answered.sum(axis=1)
    total = np.where(answered, matrix, 0.0).sum(axis=1)
    k = matrix.shape[1]
    enough = (count >= 1) & (count >= scale.min_answered * k - 1e-9)
    mean = np.divide(total, count, out=np.full(len(count), np.nan), where=enough)
    return mean if scale.method == "mean" else mean * k
