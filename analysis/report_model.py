"""The Report: every aggregate of one analysis, already suppressed, as frozen rows.

One Report feeds the web page, the Excel workbook, the CSV/SPSS files and the JSON API, so they never disagree.
:func:`analysis.report.build_report` makes it; writers only read it.

Conventions shared by every row type:

- ``by`` / ``group``: the background column a row is broken down by and its value; both ``None`` for everyone.
- ``wave``: the wave value of the row, ``None`` when the design has no wave column.
- A number field is a ``Cell``: a ``float``/``int`` (``nan`` where undefined, e.g. the sd of one value) or a
  :class:`Suppressed` marker when the number would describe fewer people than ``design.min_cell`` (or would let
  a reader work such a number out). A writer shows ``cell.text.get(language)`` in place of the number.
- Texts people read are :class:`~instruments.model.Text` (fi/sv/en); the writer picks ``design.language``.

Example
-------
>>> s = Suppressed("small_cell", threshold=5)
>>> s.text.get("en")
'Suppressed: fewer than 5 people'
>>> is_suppressed(s), is_suppressed(3.5)
(True, False)
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import datetime

import numpy as np

from analysis.labels import NO_LABELS, ColumnLabels
from analysis.response_table import ResponseTable
from analysis.threshold import DEFAULT_THRESHOLD
from instruments.model import Instrument, Text

_REASONS = {
    "small_cell": Text(
        fi="Piilotettu: alle {t} henkilöä",
        sv="Dold: färre än {t} personer",
        en="Suppressed: fewer than {t} people",
    ),
    "complementary": Text(
        fi="Piilotettu, jotta pienempää lukua ei voi päätellä erotuksena",
        sv="Dold så att ett mindre tal inte kan räknas ut som en skillnad",
        en="Suppressed so that a smaller number cannot be worked out by subtraction",
    ),
    "small_group": Text(
        fi="Ei laskettu: ryhmässä alle {t} henkilöä",
        sv="Inte beräknad: färre än {t} personer i gruppen",
        en="Not computed: a group has fewer than {t} people",
    ),
}


@dataclass(frozen=True)
class Suppressed:
    """Stands in for a number that must not be shown.

    Attributes
    ----------
    reason : str
        ``"small_cell"`` (the number describes fewer than `threshold` people), ``"complementary"`` (shown, it
        would reveal a suppressed number by subtraction from a total) or ``"small_group"`` (a statistic not
        computed because a group is under the threshold).
    threshold : int
        The report's ``min_cell``.
    """

    reason: str
    threshold: int = DEFAULT_THRESHOLD

    @property
    def text(self) -> Text:
        """Why the number is hidden, in fi/sv/en."""
        template = _REASONS[self.reason]
        return Text(**{lang: getattr(template, lang).format(t=self.threshold) for lang in ("fi", "sv", "en")})

    def __str__(self) -> str:
        return f"<{self.threshold}" if self.reason != "complementary" else "x"


Cell = float | int | Suppressed
"""A number in a report row, or the marker that replaces it."""


def is_suppressed(value: object) -> bool:
    return isinstance(value, Suppressed)


@dataclass(frozen=True)
class Design:
    """How the analysis was asked for.

    Attributes
    ----------
    by : tuple of str
        Background columns each summary, distribution and comparison is broken down by (one at a time, not
        crossed: crossing two columns makes cells too small to show).
    wave, pair : str or None
        The wave column and the pairing-code column.
    unit : str or None
        The release-unit column (:mod:`analysis.disclosure`), or None when all rows are one unit.
    waves : tuple of str
        The wave values in order, baseline first (first appearance in the data, or as given).
    min_cell : int
        Suppression threshold: no shown aggregate describes fewer people.
    language : str
        The language writers use (fi, sv or en).
    confidence : float
        Level of every confidence interval.
    adjust : str
        p-value adjustment across the report's comparisons (``"holm"``).
    group_test : str
        Test for two or more independent groups: ``"welch"`` for two, ``"welch-anova"`` for more.
    paired_test : str
        Test for matched pairs: ``"t"``.
    """

    by: tuple[str, ...] = ()
    wave: str | None = None
    pair: str | None = None
    waves: tuple[str, ...] = ()
    unit: str | None = None
    min_cell: int = DEFAULT_THRESHOLD
    language: str = "fi"
    confidence: float = 0.95
    adjust: str = "holm"
    group_test: str = "welch"
    paired_test: str = "t"


@dataclass(frozen=True)
class ScaleSummary:
    """Descriptive statistics of one scale score in one group and wave.

    ``percent_mean`` is the mean of the 0-100 score (``nan`` when the scale has no ``percent``).
    ``n`` is the number of respondents with a score; a row with ``n < min_cell`` has every number suppressed.
    """

    scale: str
    label: Text
    by: str | None
    group: str | None
    wave: str | None
    n: Cell
    mean: Cell
    sd: Cell
    se: Cell
    ci_low: Cell
    ci_high: Cell
    median: Cell
    q1: Cell
    q3: Cell
    min: Cell
    max: Cell
    percent_mean: Cell = math.nan


@dataclass(frozen=True)
class OptionCount:
    """How many chose one option of a single-choice or Likert item ("don't know" and other missing codes included).

    ``valid_n`` is everyone in the group who answered the item (any code);
    ``percent`` is ``100 * count / valid_n``.
    """

    item: str
    item_text: Text
    by: str | None
    group: str | None
    wave: str | None
    code: int | str
    label: Text
    missing_code: bool
    count: Cell
    percent: Cell
    valid_n: Cell


@dataclass(frozen=True)
class Proportion:
    """The share answering yes (``option`` is None) or choosing one multiple-choice option, with a Wilson CI.

    ``n`` is everyone in the group who answered the item; ``count`` those who said yes / chose the option.
    """

    item: str
    item_text: Text
    option: int | str | None
    label: Text
    by: str | None
    group: str | None
    wave: str | None
    count: Cell
    n: Cell
    proportion: Cell
    ci_low: Cell
    ci_high: Cell


@dataclass(frozen=True)
class ReliabilityRow:
    """Cronbach's alpha of one scale's items (reverse keys applied), with per-item diagnostics in item order.

    ``skipped`` says why alpha could not be computed (e.g. no item varies); the numbers are then ``nan``.
    """

    scale: str
    label: Text
    by: str | None
    group: str | None
    wave: str | None
    alpha: Cell
    ci_low: Cell
    ci_high: Cell
    n: Cell
    k: int
    items: tuple[str, ...]
    alpha_if_dropped: tuple[Cell, ...]
    item_total: tuple[Cell, ...]
    skipped: Text | None = None


@dataclass(frozen=True)
class ComparisonRow:
    """One test of one scale: between waves (paired or independent) or between the groups of a ``by`` column.

    ``kind`` is ``"waves_paired"``, ``"waves_independent"`` or ``"groups"``. ``groups`` are the compared group
    (or wave) values in order; ``n`` the group sizes in that order (pairs: one number). ``p_adjusted`` is the
    Holm-adjusted p across all comparisons of the report that were run. A comparison that was not run (a group
    under the threshold, a single group, no variance) has ``skipped`` set to the reason and nan numbers.
    Direction: for waves, ``estimate`` and ``effect_size`` are the later wave minus the baseline (positive =
    increase), paired or not; for two groups, the first group minus the second (R's ``t.test(x, y)``).
    ``excluded`` names groups left out of a comparison of groups because their numbers are hidden (fewer than
    ``min_cell`` people, or hidden so that a smaller group cannot be worked out); the others are still compared.
    ``group`` is the group a comparison of waves is made within (None: everyone); ``wave`` the wave a comparison
    of groups is made in. ``estimate`` (in scale points) has its confidence interval in ``estimate_ci_low`` and
    ``estimate_ci_high`` (t tests); ``summary`` says in plain words what was found: direction and size in scale
    points, the effect size class, and whether the interval reaches zero; ``method`` names the test, the effect
    size and the p-value correction in people's words (``note`` is the technical note, in English, for the
    API). ``skipped`` is the reason in plain words, without a "not computed" of its own (a writer adds one).
    An ``n`` may be :class:`Suppressed`
    although the test ran: the group is large enough, but its size is hidden so that a smaller group's size
    cannot be worked out.
    """

    scale: str
    label: Text
    kind: str
    by: str | None
    groups: tuple[str, ...]
    n: tuple[Cell, ...]
    test: str
    statistic: float
    df: float
    df2: float
    p: float
    p_adjusted: float
    effect: str
    effect_size: float
    ci_low: float
    ci_high: float
    estimate: float
    exact: bool
    note: str
    reading: Text
    skipped: Text | None = None
    excluded: tuple[str, ...] = ()
    group: str | None = None
    wave: str | None = None
    estimate_ci_low: float = math.nan
    estimate_ci_high: float = math.nan
    summary: Text = field(default_factory=Text)
    method: Text = field(default_factory=Text)


@dataclass(frozen=True)
class PairingSummary:
    """How baseline and one later wave were matched by pairing code, and which analysis followed.

    ``exact_matches`` agree on every component of the code; ``tolerant_matches`` differ in exactly one and are
    counted separately (one candidate only). ``ambiguous`` counts codes that appear more than once within a wave
    (excluded). ``match_rate`` is matched pairs / the smaller wave's n. ``analysis`` is ``"paired"`` when enough
    pairs (>= min_cell) were found, ``"independent"`` otherwise, ``"none"`` when a wave is too small for either.
    """

    baseline: str
    follow_up: str
    baseline_n: int
    follow_up_n: int
    exact_matches: int
    tolerant_matches: int
    ambiguous: int
    match_rate: float
    analysis: str
    note: Text


@dataclass(frozen=True)
class ReportWarning:
    """Something the reader should know, e.g. a low alpha or few pairs.

    ``subject`` names the scale, column or group concerned.
    """

    code: str
    subject: str
    text: Text


@dataclass(frozen=True, eq=False)
class Report:
    """Everything one analysis produced. Rows are in a stable order: scales in instrument order, everyone first.

    Attributes
    ----------
    instrument : Instrument
    design : Design
    created_at : datetime
        When the report was built (UTC, timezone-aware).
    filters : tuple of (str, str)
        Descriptions of the row filters the caller applied before building (for the workbook's cover sheet).
    n_responses : int
        Rows of the responses table the report describes.
    summaries, distributions, proportions, reliability, comparisons, pairing, warnings : tuples of rows
    responses : ResponseTable
        The responses with scale scores added (``S_*`` and ``S_*_pct``), for the Responses sheet. Not
        aggregated, so not suppressed: writers show it only to people allowed to see raw data.
    labels : ColumnLabels
        Names of the columns that are not items, and of their values (a label file, a codebook sheet, an SPSS
        file's labels): writers name groups with them ("gender: Woman" rather than "gender: 2").
    """

    instrument: Instrument
    design: Design
    created_at: datetime
    filters: tuple[tuple[str, str], ...]
    n_responses: int
    summaries: tuple[ScaleSummary, ...]
    distributions: tuple[OptionCount, ...]
    proportions: tuple[Proportion, ...]
    reliability: tuple[ReliabilityRow, ...]
    comparisons: tuple[ComparisonRow, ...]
    pairing: tuple[PairingSummary, ...]
    warnings: tuple[ReportWarning, ...]
    responses: ResponseTable
    labels: ColumnLabels = NO_LABELS

    def to_dict(self) -> dict:
        """The aggregates as plain JSON-ready data (no raw responses); suppressed cells become objects."""
        return {
            "instrument": {"id": self.instrument.id, "version": self.instrument.version},
            "design": _plain(self.design),
            "created_at": self.created_at.isoformat(),
            "filters": dict(self.filters),
            "n_responses": self.n_responses,
            **{
                name: [_plain(row) for row in getattr(self, name)]
                for name in (
                    "summaries",
                    "distributions",
                    "proportions",
                    "reliability",
                    "comparisons",
                    "pairing",
                    "warnings",
                )
            },
            "labels": {
                "columns": {column: text.as_dict() for column, text in self.labels.names.items()},
                "values": {
                    column: {code: text.as_dict() for code, text in codes.items()}
                    for column, codes in self.labels.values.items()
                },
            },
        }

    def to_json(self, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text (``nan`` becomes ``null``)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def _plain(value: object) -> object:
    if isinstance(value, Suppressed):
        return {"suppressed": value.reason, "text": value.text.as_dict()}
    if isinstance(value, Text):
        return value.as_dict()
    if is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    return value
