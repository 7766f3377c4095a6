"""The programme's brief: for each theme, the projects' changes side by side, scale by scale.

Each project's line is that project's own brief (:func:`survey.brief.briefs.build_brief`: the same Report, the
same numbers and suppression as its results page and its brief), so the programme's brief never disagrees with
a project's. Projects with one wave so far are named as waiting for their follow-up. Under each
questionnaire, the projects' changes from the baseline to the follow-up pooled, scale by scale, as the programme
impact page pools them by default (:func:`survey.results.impact.programme_impact`: REML with Knapp-Hartung, only
projects with enough pairs, and only when at least three remain).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from instruments.model import Instrument
from survey.accounts import permissions
from survey.brief.briefs import build_brief, project_choice
from survey.brief.charts import WIDE, Chart, Layout, message_chart
from survey.brief.content import Brief, ScaleChange
from survey.brief.figures import change_chart
from survey.brief.words import date_text
from survey.collect.collections import response_counts
from survey.db import db
from survey.models import Collection, CollectionStatus, Project, User
from survey.questionnaires import UnknownInstrument, get_instrument
from survey.results.impact import ProgrammeImpact, UnknownQuestionnaire, programme_impact

THEMES = ("participation", "equality", "gender_equality", "other")


def theme_name(theme: str) -> str:
    return {
        "participation": _("Participation"),
        "equality": _("Equality and non-discrimination"),
        "gender_equality": _("Gender equality"),
        "other": _("Other questionnaires"),
    }[theme]


@dataclass(frozen=True)
class Questionnaire:
    """One questionnaire of a theme: the projects' briefs with a change, the projects still waiting, and the
    changes pooled (None when no project has both waves)."""

    instrument: Instrument
    briefs: tuple[Brief, ...]
    waiting: tuple[Project, ...]
    impact: ProgrammeImpact | None = None


@dataclass(frozen=True)
class Theme:
    theme: str
    name: str
    questionnaires: tuple[Questionnaire, ...]

    @property
    def compared(self) -> int:
        return len({b.project.id for q in self.questionnaires for b in q.briefs})


@dataclass(frozen=True)
class ProgrammeBrief:
    language: str
    themes: tuple[Theme, ...]
    projects: int  # projects with a change to show
    responses: int  # answers the changes rest on (the waves compared)
    released_at: datetime | None

    @property
    def date(self) -> str:
        return date_text(self.released_at, self.language)

    @property
    def source(self) -> str:
        return _("Source: Arvio, the programme's projects, as of %(date)s", date=self.date)

    def theme(self, theme: str) -> Theme | None:
        return next((t for t in self.themes if t.theme == theme), None)

    @property
    def example(self) -> Brief | None:
        """A project's brief whose method paragraph and limits hold for every line."""
        return next((b for t in self.themes for q in t.questionnaires for b in q.briefs), None)


def programme_brief(user: User, language: str) -> ProgrammeBrief:
    """Every questionnaire with results, by theme, each project's change from its own brief."""
    by_instrument: dict[str, set[int]] = defaultdict(set)
    for collection in _with_results(user):
        by_instrument[collection.instrument_id].add(collection.project_id)
    questionnaires: dict[str, list[Questionnaire]] = defaultdict(list)
    for instrument_id in sorted(by_instrument):
        instrument = _instrument(instrument_id)
        if instrument is None:
            continue
        projects = sorted((db.session.get(Project, p) for p in by_instrument[instrument_id]), key=lambda p: p.code)
        briefs, waiting = [], []
        for project in projects:
            brief, _message = build_brief(user, project, project_choice(project, instrument_id), language)
            if brief is not None and brief.changes:
                briefs.append(brief)
            else:
                waiting.append(project)
        theme = instrument.theme if instrument.theme in THEMES else "other"
        impact = _pooled(user, instrument_id) if briefs else None
        questionnaires[theme].append(Questionnaire(instrument, tuple(briefs), tuple(waiting), impact))
    themes = tuple(Theme(t, theme_name(t), tuple(questionnaires[t])) for t in THEMES if questionnaires.get(t))
    briefs = [b for t in themes for q in t.questionnaires for b in q.briefs]
    return ProgrammeBrief(
        language=language,
        themes=themes,
        projects=len({b.project.id for b in briefs}),
        responses=sum(w.responses for b in briefs for w in b.waves),
        released_at=max((b.released_at for b in briefs if b.released_at), default=None),
    )


def _pooled(user: User, instrument_id: str) -> ProgrammeImpact | None:
    try:
        impact = programme_impact(user, instrument_id)
    except UnknownQuestionnaire:
        return None
    return impact if impact.scales else None


def _with_results(user: User) -> list[Collection]:
    rows = list(db.session.scalars(permissions.visible_collections(user)))
    counts = response_counts(rows)
    return [c for c in rows if c.status() is CollectionStatus.CLOSED and counts[c.id]]


def _instrument(instrument_id: str) -> Instrument | None:
    versions = db.session.scalars(
        select(Collection.instrument_version).where(Collection.instrument_id == instrument_id).distinct()
    )
    for version in sorted(versions, reverse=True):
        try:
            return get_instrument(instrument_id, version)
        except UnknownInstrument:
            continue
    return None


def theme_chart(brief: ProgrammeBrief, theme: str, layout: Layout = WIDE) -> Chart:
    """The theme's chart: under each scale (of each questionnaire), the projects' changes."""
    found = brief.theme(theme)
    title = _("%(theme)s: the projects' changes by scale", theme=theme_name(theme))
    if found is None or not any(q.briefs for q in found.questionnaires):
        return message_chart(title, _("No project of this theme has two waves with results yet."), layout)
    changes: list[ScaleChange] = []
    headings: list[tuple[int, str]] = []
    several = len(found.questionnaires) > 1
    for questionnaire in found.questionnaires:
        for scale in questionnaire.instrument.scales:
            label = scale.label.get(brief.language)
            if several:
                label = f"{questionnaire.instrument.title.get(brief.language)}: {label}"
            headings.append((len(changes), label))
            for project_brief in questionnaire.briefs:
                change = next(c for c in project_brief.changes if c.scale.code == scale.code)
                changes.append(_project_line(change, project_brief))
    ranges = {b.scale_range for q in found.questionnaires for b in q.briefs}
    scale_range = ranges.pop() if len(ranges) == 1 else ""
    return change_chart(title, changes, scale_range, brief.language, headings, layout)


def _project_line(change: ScaleChange, project_brief: Brief) -> ScaleChange:
    return replace(change, label=f"{project_brief.project.code} {project_brief.project.name}")
