"""Programme impact: each project's change from baseline to a later wave, side by side and pooled.

A programme asks whether participation (equality, gender equality) improved across its projects, by how much,
how sure we can be, and which projects differ. That is a meta-analysis of the projects' own before-and-after
changes, in three steps:

1. :func:`paired_scores` — a project's pairs of scale scores, exactly those its report's paired comparison of
   everyone compares: the baseline matched to the later wave by pairing code (exact and tolerant matches), one
   pair of release units (data collections) at a time, and a pair of units only where its own count of
   complete pairs is shown (:func:`analysis.report_compare.shown_pairs`).
2. :func:`project_change` — one project's change with its sampling variance, as
   :func:`analysis.meta.paired_change` gives it: the mean change in scale points (escalc's ``"MC"``, with the
   paired t interval its results page shows) or the standardised mean change (``"SMCC"``, with a normal
   interval as metafor's ``forest()`` draws it). A project with fewer pairs than the threshold is left out and
   its pair count hidden; so is one whose changes do not vary (it cannot be weighted).
3. :func:`pool_changes` — the changes of the projects not left out pooled by :func:`analysis.meta.pool_effects`,
   only when at least :data:`MIN_PROJECTS` of them are left: with two, a reader who knows one project's result
   (its own team) could work out the other's from the pooled one.

Methods (``method``), in the words of the page: ``"reml"`` — random effects, REML with the Knapp-Hartung
adjustment (the default, IntHout et al. 2014); ``"dl"`` — random effects, DerSimonian-Laird with a z interval
(the classic method); ``"common"`` — one common change for every project (a z interval).

Example
-------
Three projects' pairs on a 1-5 scale, and a fourth with too few pairs:

>>> rng = np.random.default_rng(3)
>>> def project(name, n, change):
...     before = rng.normal(3, 0.7, n)
...     return ProjectPairs(name, before, before + change + rng.normal(0, 0.5, n))
>>> projects = [project("A", 40, 0.6), project("B", 30, 0.2), project("C", 25, -0.1), project("D", 4, 1.0)]
>>> result = pool_changes(projects, min_cell=5)
>>> [(p.project, p.n, p.left_out) for p in result.projects]
[('A', 40, ''), ('B', 30, ''), ('C', 25, ''), ('D', Suppressed(reason='small_cell', threshold=5), 'few_pairs')]
>>> [round(p.estimate, 2) for p in result.shown], [round(p.weight) for p in result.shown]
([0.53, 0.26, 0.14], [35, 32, 33])
>>> result.pooled.k, round(result.pooled.estimate, 2), round(result.pooled.i2), result.heterogeneity
(3, 0.32, 79, 'considerable')
>>> pool_changes(projects[:2], min_cell=5).not_pooled
'too_few_projects'

References
----------
IntHout, J., Ioannidis, J. P. A., & Borm, G. F. (2014). The Hartung-Knapp-Sidik-Jonkman method for random
effects meta-analysis is straightforward and considerably outperforms the standard DerSimonian-Laird method.
*BMC Medical Research Methodology*, 14, 25.
Higgins, J. P. T., Thomas, J., et al. (eds.) (2023). *Cochrane Handbook for Systematic Reviews of
Interventions*, version 6.4, section 10.10.2 (what I² means and how to read it with Q's p-value).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from scipy import stats

from analysis._validate import check_confidence, check_method
from analysis.disclosure import Units
from analysis.distributions import partition
from analysis.errors import AnalysisError
from analysis.meta import paired_change, pool_effects
from analysis.report_compare import shown_pairs, wave_pairings
from analysis.report_model import Design, Suppressed
from analysis.response_table import ResponseTable
from analysis.results import Pooled
from analysis.suppression import SHOWN
from analysis.threshold import DEFAULT_THRESHOLD

MEASURES = ("points", "standardised")
"""How a project's change is measured: in points of the scale (escalc's ``"MC"``) or standardised (``"SMCC"``)."""
METHODS: dict[str, tuple[str, str]] = {"reml": ("REML", "knha"), "dl": ("DL", "z"), "common": ("FE", "z")}
"""The pooling methods offered, by name: :func:`analysis.meta.pool_effects`'s ``method`` and ``test``."""
MIN_PROJECTS = 3
"""Fewest projects pooled: with two, one project's own result and the pooled one would give the other's."""
Q_LEVEL = 0.10
"""Q's p-value under which the projects are said to differ more than chance explains (Cochrane: Q has little
power with few studies, so 0.10 rather than 0.05)."""
_NAN = math.nan


@dataclass(frozen=True)
class ProjectPairs:
    """One project's paired scores on one scale: each respondent's baseline and later score, in the same order."""

    project: str
    before: np.ndarray
    after: np.ndarray


@dataclass(frozen=True)
class ProjectChange:
    """One project's change as the page, the workbook and the pool use it.

    Attributes
    ----------
    project : str
    n : int or Suppressed
        Complete pairs; hidden when under the threshold (a count of people).
    estimate, ci_low, ci_high : float
        The change (after - before) and its confidence interval; nan when left out.
    variance : float
        Its sampling variance (metafor's vi).
    weight : float
        Its share of the pooled weight in percent (nan when nothing was pooled or it is left out).
    left_out : str
        ``""`` (pooled, or shown when nothing is pooled), ``"few_pairs"`` or ``"no_variation"``.
    """

    project: str
    n: int | Suppressed
    estimate: float
    ci_low: float
    ci_high: float
    variance: float
    weight: float = _NAN
    left_out: str = ""


@dataclass(frozen=True)
class PooledChange:
    """The projects' changes on one scale and, when enough of them can be shown, their pooled change.

    Attributes
    ----------
    measure, method : str
        One of :data:`MEASURES` and one of :data:`METHODS`.
    projects : tuple of ProjectChange
        In the order given, left-out ones included.
    pooled : Pooled or None
        :func:`analysis.meta.pool_effects` on the projects not left out; None when not pooled.
    not_pooled : str
        ``""``, ``"too_few_projects"`` or ``"failed"`` (the reason is in `note`).
    heterogeneity : str
        How much the projects differ, for the words of :mod:`analysis.impact_readings`: ``"chance"``,
        ``"unclear"``, ``"moderate"``, ``"substantial"`` or ``"considerable"`` (``""`` when not pooled).
    """

    measure: str
    method: str
    projects: tuple[ProjectChange, ...]
    pooled: Pooled | None
    not_pooled: str = ""
    heterogeneity: str = ""
    confidence: float = 0.95
    min_cell: int = DEFAULT_THRESHOLD
    min_projects: int = MIN_PROJECTS
    note: str = ""

    @property
    def shown(self) -> tuple[ProjectChange, ...]:
        """The projects whose change is shown (and pooled, when the pool is computed)."""
        return tuple(p for p in self.projects if not p.left_out)

    @property
    def pairs(self) -> int:
        """Pairs of the projects shown, in all (each at least the threshold)."""
        return sum(int(p.n) for p in self.shown)


def paired_scores(
    scored: ResponseTable,
    scales: Sequence[str],
    *,
    wave: str,
    waves: Sequence[str],
    pair: str,
    unit: str | None,
    min_cell: int,
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The pairs of scores a report's paired comparison of everyone compares, scale by scale.

    `scored` holds one project's responses with their scale scores (:func:`analysis.scoring.score`); the first
    of `waves` is matched to the second by the codes of column `pair`, one pair of `unit` values (data
    collections) at a time, as :func:`analysis.report.build_report` matches them. A pair of units counts only
    where its own number of complete pairs is shown (at least `min_cell`); with none, a scale's arrays are empty.
    """
    if len(waves) != 2:
        raise AnalysisError(f"a change needs two waves, the baseline and a later one; got {len(waves)}")
    everyone = partition(scored, None, wave=wave, waves=waves)
    design = Design(wave=wave, pair=pair, waves=everyone.waves, unit=unit, min_cell=min_cell)
    units = Units.from_column(scored[unit]) if unit is not None else Units.one(len(scored))
    matched = wave_pairings(scored, design, everyone, units).get(1)
    empty = np.empty(0, dtype=float)
    if matched is None:
        return {scale: (empty, empty) for scale in scales}
    before = everyone.rows[0][matched.pairs.before]
    after = everyone.rows[1][matched.pairs.after]
    found = {}
    for scale in scales:
        scores = scored[scale]
        complete = ~np.isnan(scores[before]) & ~np.isnan(scores[after])
        keep, marks = shown_pairs(matched, {"everyone": complete}, min_cell)
        if marks["everyone"] != SHOWN:
            found[scale] = (empty, empty)
            continue
        found[scale] = (scores[before[keep["everyone"]]], scores[after[keep["everyone"]]])
    return found


def project_change(
    pairs: ProjectPairs, *, measure: str = "points", min_cell: int = DEFAULT_THRESHOLD, confidence: float = 0.95
) -> ProjectChange:
    """One project's change on one scale, or the project left out (with its pair count hidden when small).

    The mean change in points has the paired t interval (as the project's own results page); the standardised
    change yi ± z √vi (as metafor's ``forest()``).
    """
    check_method(measure, MEASURES)
    level = check_confidence(confidence)
    before, after = np.asarray(pairs.before, dtype=float), np.asarray(pairs.after, dtype=float)
    n = int((~np.isnan(before) & ~np.isnan(after)).sum()) if before.size == after.size else -1
    if n < 0:
        raise AnalysisError(f"project {pairs.project!r}: 'before' and 'after' differ in length")
    if n < min_cell:
        hidden = Suppressed("small_cell", min_cell)
        return ProjectChange(pairs.project, hidden, _NAN, _NAN, _NAN, _NAN, left_out="few_pairs")
    effect = paired_change(before, after, standardised=measure == "standardised")
    if not (math.isfinite(effect.yi) and effect.vi > 0):
        return ProjectChange(pairs.project, n, _NAN, _NAN, _NAN, _NAN, left_out="no_variation")
    if measure == "points":
        critical = float(stats.t.ppf(0.5 + level / 2.0, n - 1))
    else:
        critical = float(stats.norm.ppf(0.5 + level / 2.0))
    margin = critical * math.sqrt(effect.vi)
    return ProjectChange(pairs.project, n, effect.yi, effect.yi - margin, effect.yi + margin, effect.vi)


def pool_changes(
    projects: Sequence[ProjectPairs],
    *,
    measure: str = "points",
    method: str = "reml",
    min_cell: int = DEFAULT_THRESHOLD,
    min_projects: int = MIN_PROJECTS,
    confidence: float = 0.95,
) -> PooledChange:
    """Each project's change on one scale, and their pooled change when at least `min_projects` are shown.

    Parameters
    ----------
    projects : sequence of ProjectPairs
        Every project's pairs on the scale (from :func:`paired_scores` in the app).
    measure : {"points", "standardised"}
    method : {"reml", "dl", "common"}
        See the module text.
    min_cell : int
        Projects with fewer pairs are left out and their counts hidden.
    min_projects : int
        Fewest projects to pool (at least 2; the app uses :data:`MIN_PROJECTS`).
    confidence : float

    Returns
    -------
    PooledChange
        Its ``pooled`` agrees with ``metafor::rma(yi, vi, method, test)`` on the shown projects' effects.
    """
    check_method(method, tuple(METHODS))
    if isinstance(min_projects, bool) or not isinstance(min_projects, int) or min_projects < 2:
        raise AnalysisError(f"min_projects must be a whole number of at least 2, got {min_projects!r}")
    if isinstance(min_cell, bool) or not isinstance(min_cell, int) or min_cell < 1:
        raise AnalysisError(f"min_cell must be a whole number of at least 1, got {min_cell!r}")
    changes = [project_change(p, measure=measure, min_cell=min_cell, confidence=confidence) for p in projects]
    common = {"measure": measure, "method": method, "confidence": confidence, "min_cell": min_cell,
              "min_projects": min_projects}  # fmt: skip
    shown = [c for c in changes if not c.left_out]
    if len(shown) < min_projects:
        return PooledChange(projects=tuple(changes), pooled=None, not_pooled="too_few_projects", **common)
    estimator, test = METHODS[method]
    try:
        pooled = pool_effects(
            [c.estimate for c in shown], [c.variance for c in shown], method=estimator, test=test,
            confidence=confidence,
        )  # fmt: skip
    except AnalysisError as error:
        return PooledChange(projects=tuple(changes), pooled=None, not_pooled="failed", note=str(error), **common)
    total = sum(1.0 / (c.variance + pooled.tau2) for c in shown)
    weighted = tuple(
        c if c.left_out else replace(c, weight=100.0 / (c.variance + pooled.tau2) / total) for c in changes
    )
    return PooledChange(
        projects=weighted, pooled=pooled, heterogeneity=heterogeneity(pooled), note=pooled.note, **common
    )


def heterogeneity(pooled: Pooled) -> str:
    """How much the projects' changes differ, as a level for words: from Q's p-value and I².

    Not beyond chance (Q's p at least :data:`Q_LEVEL`): ``"chance"`` when I² is under 25 %, else ``"unclear"``.
    Beyond chance: ``"moderate"`` (I² under 50 %), ``"substantial"`` (under 75 %), ``"considerable"`` — the
    Cochrane Handbook's overlapping bands (0-40 might not be important, 30-60 moderate, 50-90 substantial,
    75-100 considerable), made into one cut each.

    >>> from analysis.meta import pool_effects
    >>> heterogeneity(pool_effects([0.1, 0.9, 0.5], [0.01, 0.01, 0.01]))
    'considerable'
    >>> heterogeneity(pool_effects([0.30, 0.32, 0.31], [0.02, 0.03, 0.02]))
    'chance'
    """
    if pooled.k < 2:
        return ""
    if not pooled.q_p < Q_LEVEL:
        return "chance" if pooled.i2 < 25.0 else "unclear"
    if pooled.i2 < 50.0:
        return "moderate"
    return "substantial" if pooled.i2 < 75.0 else "considerable"
