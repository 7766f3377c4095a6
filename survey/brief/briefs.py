"""Which brief a page asks for, and the brief itself: a project's questionnaire and waves, through the same
:func:`survey.results.reports.report_for` as its results page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from survey.brief.content import Brief, project_brief
from survey.collect.collections import response_counts
from survey.db import db
from survey.models import Collection, CollectionStatus, Project, User
from survey.results import reports


@dataclass(frozen=True)
class ProjectChoice:
    """A project's questionnaires, the one chosen, its waves and the waves picked (those with results by
    default: closed collections with answers)."""

    instruments: tuple[str, ...]
    chosen: str | None
    waves: tuple[str, ...]
    picked: tuple[str, ...]


class UnknownChoice(LookupError):
    """A questionnaire the project has no collections of."""


def project_choice(project: Project, instrument: str | None = None, waves: Sequence[str] = ()) -> ProjectChoice:
    rows = list(db.session.scalars(select(Collection).where(Collection.project_id == project.id)))
    instruments = tuple(sorted({c.instrument_id for c in rows}))
    counts = response_counts(rows)
    with_results = [c for c in rows if c.status() is CollectionStatus.CLOSED and counts[c.id]]
    newest = max(with_results or rows, key=lambda c: (c.opens_at, c.id)).instrument_id if rows else None
    chosen = instrument or newest
    if chosen is not None and chosen not in instruments:
        raise UnknownChoice(chosen)
    offered = reports.wave_order(c.wave for c in rows if c.instrument_id == chosen)
    answered = reports.wave_order(c.wave for c in with_results if c.instrument_id == chosen)
    picked = tuple(w for w in waves if w in offered) or answered or offered
    return ProjectChoice(instruments, chosen, offered, picked)


def build_brief(user: User, project: Project, choice: ProjectChoice, language: str) -> tuple[Brief | None, str]:
    """The brief of the chosen questionnaire and waves, as `user` may see it, or why there is none (in words)."""
    if choice.chosen is None:
        return None, _("No data collections yet.")
    try:
        results = reports.report_for(
            user,
            project_ids=[project.id],
            instrument_id=choice.chosen,
            waves=list(choice.picked),
            language=language,
        )
    except reports.SelectionError as error:
        return None, selection_message(error)
    return project_brief(results, project, language), ""


def selection_message(error: reports.SelectionError) -> str:
    """Why a selection has no brief, in the words of the results pages."""
    messages = {
        "no_responses": _("No responses yet."),
        "not_released": _(
            "Results are shown once the data collection has closed: its answers are then published "
            "together, so that nobody can be told apart by comparing two readings. Until then, the page "
            "of the data collection shows how many have answered."
        ),
        "empty": _("The selection has no data collections."),
        "mixed_instruments": _("Collections of different questionnaires cannot be combined."),
    }
    return messages.get(error.code, _("These results cannot be computed: %(reason)s", reason=error.message))
