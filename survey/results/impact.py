"""The programme's impact: every visible project's change on each scale of one questionnaire, side by side and
pooled (:mod:`analysis.impact`). The page (:mod:`survey.results.impact_pages`), its workbook and the programme
brief all call :func:`programme_impact`.

Each project is read as its own results page reads it: its **closed** collections of the questionnaire in the
baseline and the later wave (only projects the user may see results of, :func:`survey.accounts.permissions.
visible_collections`), the codes opened into one table's hashes (:func:`survey.results.dataset.response_table`),
and paired per pair of collections, a pair of collections counting only where its own pair count is shown
(:func:`analysis.impact.paired_scores`). So a project's change here is the change its own results
page shows for everyone, with the same pairs, and nothing on this page describes fewer people than the
threshold (docs/privacy.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from werkzeug.datastructures import MultiDict

from analysis.errors import AnalysisError
from analysis.export.impact_sheet import ImpactBook
from analysis.impact import MEASURES, METHODS, PooledChange, ProjectPairs, paired_scores, pool_changes
from analysis.scoring import score, score_range
from instruments.model import Instrument, Scale
from survey.accounts import permissions
from survey.collect.collections import response_counts
from survey.db import db
from survey.models import Collection, CollectionStatus, Project, User
from survey.questionnaires import UnknownInstrument, get_instrument
from survey.results import reports
from survey.results.dataset import DatasetError, instrument_of, response_table


class UnknownQuestionnaire(LookupError):
    """A questionnaire no visible project has used (the page answers 404)."""


@dataclass(frozen=True)
class ImpactChoices:
    """What the page's form offers and what was picked (defaults where nothing or nothing valid was)."""

    questionnaires: list[tuple[str, str]]  # (id, title), those the user's visible projects have used
    instrument: str | None
    later_waves: tuple[str, ...]  # waves after the baseline with closed collections
    baseline: str | None
    later: str | None
    measure: str
    method: str


@dataclass(frozen=True)
class ScaleImpact:
    scale: Scale
    result: PooledChange
    score_range: tuple[float, float]


@dataclass(frozen=True)
class Waiting:
    """A project that used the questionnaire but has no change to show yet, and why: ``"baseline"`` or
    ``"later"`` (no closed collection of that wave)."""

    project: Project
    missing: str


@dataclass(frozen=True)
class ProgrammeImpact:
    instrument: Instrument
    baseline: str
    later: str
    measure: str
    method: str
    projects: dict[str, Project]  # by code, the projects compared
    scales: tuple[ScaleImpact, ...]
    waiting: tuple[Waiting, ...]
    collections: tuple[Collection, ...]  # the closed collections read
    min_cell: int

    @property
    def released_at(self) -> datetime | None:
        """When the newest of the collections read closed: the page describes the answers up to then."""
        return max((c.closed_at or c.closes_at for c in self.collections), default=None)

    def project_name(self, code: str) -> str:
        project = self.projects.get(code)
        return f"{code} {project.name}" if project is not None and project.name else code


def impact_choices(user: User, args: MultiDict, language: str) -> ImpactChoices:
    """The form's choices for `user` and what `args` picked. By default the questionnaire used by the most
    projects with closed collections in two waves, the baseline against the follow-up (or the first later
    wave), the change in points, and REML with the Knapp-Hartung adjustment. Raises
    :class:`UnknownQuestionnaire` for a questionnaire none of the user's projects has used."""
    closed = _closed_collections(user)
    titles = _titles(c for cs in closed.values() for c in cs)
    chosen = args.get("instrument") or _most_compared(closed)
    if chosen is not None and chosen not in titles:
        raise UnknownQuestionnaire(chosen)
    waves = reports.wave_order(c.wave for c in closed.get(chosen, []))
    baseline = waves[0] if waves else None
    later_waves = waves[1:]
    later = args.get("wave") if args.get("wave") in later_waves else None
    later = later or ("follow_up" if "follow_up" in later_waves else (later_waves[0] if later_waves else None))
    return ImpactChoices(
        questionnaires=sorted((i, instrument.title.get(language)) for i, instrument in titles.items()),
        instrument=chosen,
        later_waves=later_waves,
        baseline=baseline,
        later=later,
        measure=args.get("measure") if args.get("measure") in MEASURES else MEASURES[0],
        method=args.get("method") if args.get("method") in METHODS else "reml",
    )


def _closed_collections(user: User) -> dict[str, list[Collection]]:
    """The closed collections with answers of the user's visible projects, by questionnaire."""
    rows = list(db.session.scalars(permissions.visible_collections(user)))
    counts = response_counts(rows)
    found: dict[str, list[Collection]] = defaultdict(list)
    for c in rows:
        if c.status() is CollectionStatus.CLOSED and counts[c.id]:
            found[c.instrument_id].append(c)
    return found


def _titles(collections) -> dict[str, Instrument]:
    titles: dict[str, Instrument] = {}
    for c in collections:
        if c.instrument_id not in titles:
            try:
                titles[c.instrument_id] = get_instrument(c.instrument_id, c.instrument_version)
            except UnknownInstrument:
                continue
    return titles


def _most_compared(closed: dict[str, list[Collection]]) -> str | None:
    """The questionnaire with the most projects that have closed collections in at least two waves."""

    def projects_with_two_waves(instrument_id: str) -> int:
        waves: dict[int, set[str]] = defaultdict(set)
        for c in closed[instrument_id]:
            waves[c.project_id].add(c.wave)
        return sum(1 for found in waves.values() if len(found) > 1)

    return max(sorted(closed), key=projects_with_two_waves, default=None)


def programme_impact(
    user: User,
    instrument_id: str,
    *,
    baseline: str = "baseline",
    later: str = "follow_up",
    measure: str = "points",
    method: str = "reml",
) -> ProgrammeImpact:
    """Every visible project's change from `baseline` to `later` on each scale of the questionnaire, pooled.

    The function the page, its workbook and the programme brief call: `user` sees only the projects they may see
    results of. Projects without closed collections in both waves are listed in ``waiting``. Raises
    :class:`UnknownQuestionnaire` when none of the user's projects has a closed collection of it.
    """
    closed = _closed_collections(user).get(instrument_id, [])
    if not closed:
        raise UnknownQuestionnaire(instrument_id)
    try:
        instrument = instrument_of(closed)
    except (DatasetError, UnknownInstrument):
        raise UnknownQuestionnaire(instrument_id) from None
    threshold = reports.min_cell()
    by_project: dict[int, list[Collection]] = defaultdict(list)
    for c in closed:
        if c.wave in (baseline, later):
            by_project[c.project_id].append(c)
    used = sorted({c.project for c in closed}, key=lambda p: p.code)
    pairs: dict[str, list[ProjectPairs]] = {scale.code: [] for scale in instrument.scales}
    waiting, read = [], []
    for project in used:
        collections = by_project.get(project.id, [])
        missing = [w for w in (baseline, later) if w not in {c.wave for c in collections}]
        if missing:
            waiting.append(Waiting(project, "baseline" if missing[0] == baseline else "later"))
            continue
        read += collections
        for code, (before, after) in _project_pairs(collections, instrument, baseline, later, threshold).items():
            pairs[code].append(ProjectPairs(project.code, before, after))
    scales = tuple(
        ScaleImpact(
            scale,
            pool_changes(pairs[scale.code], measure=measure, method=method, min_cell=threshold),
            score_range(instrument, scale),
        )
        for scale in instrument.scales
        if pairs[scale.code]
    )
    return ProgrammeImpact(
        instrument=instrument,
        baseline=baseline,
        later=later,
        measure=measure,
        method=method,
        projects={p.code: p for p in used},
        scales=scales,
        waiting=tuple(waiting),
        collections=tuple(read),
        min_cell=threshold,
    )


def _project_pairs(
    collections: Sequence[Collection], instrument: Instrument, baseline: str, later: str, threshold: int
) -> dict:
    """One project's pairs on every scale, as its own report pairs them (no pairs: empty arrays)."""
    table = response_table(collections, instrument, pairing=True)
    scales = [scale.code for scale in instrument.scales]
    try:
        scored = score(table, instrument)
    except AnalysisError:  # no answers (or none that can be scored): no pairs to compare
        nothing = np.empty(0)
        return {code: (nothing, nothing) for code in scales}
    return paired_scores(scored, scales, wave="wave", waves=(baseline, later), pair="pairing_code",
                         unit="collection", min_cell=threshold)  # fmt: skip


def impact_book(impact: ProgrammeImpact) -> ImpactBook:
    """What the impact workbook holds: the same results as the page, projects named by code and name."""
    return ImpactBook(
        instrument=impact.instrument,
        baseline=impact.baseline,
        later=impact.later,
        measure=impact.measure,
        method=impact.method,
        scales=tuple((s.scale.code, s.result) for s in impact.scales),
        project_names={code: impact.project_name(code) for code in impact.projects},
        waiting=tuple((impact.project_name(w.project.code), w.missing) for w in impact.waiting),
        min_cell=impact.min_cell,
        released_at=impact.released_at,
    )
