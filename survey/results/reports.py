"""The one way the app builds a Report: results pages, downloads and the JSON API all call :func:`report_for`,
so a page and the file downloaded from it never disagree.

A selection is a set of collections of one questionnaire (by id, or every collection of some projects with
that questionnaire), optionally narrowed to some waves, broken down by some columns and limited to some
scales. Only collections whose project the user may see results of are ever read; an id the user may not
see is reported exactly like an id that does not exist.

Only **closed** collections are analysed (docs/privacy.md): a collection's answers are published together
when it closes and never change after, so no two reads of a report can differ by a few answers. Each closed
collection is a release unit of the analysis (:mod:`analysis.disclosure`): a number over several collections
includes a collection's group only where that collection's own report shows it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from analysis.errors import AnalysisError
from analysis.labels import column_label
from analysis.pair_ids import PAIR_ID, replace_codes, table_pair_ids, with_pair_ids
from analysis.report import build_report
from analysis.report_model import Report
from analysis.response_table import ResponseTable
from instruments.model import Instrument, ItemType
from survey.accounts import permissions
from survey.db import db, utcnow
from survey.models import Collection, CollectionStatus, Project, User, Wave
from survey.results.dataset import DatasetError, instrument_of, pairing_table, response_table
from survey.results.rows import collection_names

STANDARD_WAVES = tuple(w.value for w in Wave)


class SelectionNotFound(LookupError):
    """A collection or project id that does not exist or that the user may not see (the same to the caller)."""


class SelectionError(ValueError):
    """A selection that cannot be analysed; `message` is for people (already translated by the caller's words)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code  # "empty", "mixed_instruments", "no_responses", "bad_column"
        self.message = message


@dataclass(frozen=True)
class Selection:
    """What a report describes: the collections with published answers, in the order they were found, and the
    open ones it waits for (their answers are not analysed until they close). A collection reopened after
    closing is in both: its answers up to the reopening are published, those after it wait for it to close
    again and then form a release unit of their own."""

    collections: tuple[Collection, ...]
    waves: tuple[str, ...]
    pending: tuple[Collection, ...] = ()
    now: datetime | None = None  # when it was made: which answers of a reopened collection are published


def min_cell() -> int:
    """The suppression threshold, ``ARVIO_MIN_CELL``: checked when the app starts (:mod:`survey.config`)."""
    return current_app.config["ARVIO_MIN_CELL"]


def wave_order(waves: Iterable[str]) -> tuple[str, ...]:
    """Baseline, follow-up and end first, then custom waves alphabetically.

    >>> wave_order(["end", "autumn_2026", "baseline"])
    ('baseline', 'end', 'autumn_2026')
    """
    found = set(waves)
    return tuple(w for w in STANDARD_WAVES if w in found) + tuple(sorted(found - set(STANDARD_WAVES)))


def select_collections(
    user: User,
    *,
    collections: Sequence[int] | None = None,
    project_ids: Sequence[int] | None = None,
    instrument_id: str | None = None,
    waves: Sequence[str] | None = None,
) -> Selection:
    """The collections a selection names that `user` may see results of.

    Either `collections` (ids), or `project_ids` with `instrument_id` (every collection of those projects with
    that questionnaire). `waves` keeps collections of those waves only. Raises :class:`SelectionNotFound` for
    an id that does not exist or is not the user's to see, :class:`SelectionError` when nothing is left.
    """
    if collections is not None:
        found = _by_ids(Collection, collections)
    elif project_ids is not None and instrument_id:
        projects = _by_ids(Project, project_ids)
        for project in projects:
            if not permissions.can_view_results(user, project):
                raise SelectionNotFound(f"project {project.id}")
        query = (
            select(Collection)
            .where(Collection.project_id.in_([p.id for p in projects]), Collection.instrument_id == instrument_id)
            .order_by(Collection.project_id, Collection.opens_at, Collection.id)
        )
        found = list(db.session.scalars(query))
    else:
        raise SelectionError("empty", "choose collections, or projects and a questionnaire")
    for collection in found:
        if not permissions.can_view_results(user, collection.project):
            raise SelectionNotFound(f"collection {collection.id}")
    if waves:
        found = [c for c in found if c.wave in set(waves)]
    if not found:
        raise SelectionError("empty", "the selection has no data collections")
    now = utcnow()
    released = tuple(c for c in found if c.has_results(now))
    pending = tuple(c for c in found if c.status(now) is not CollectionStatus.CLOSED)
    return Selection(collections=released, waves=wave_order(c.wave for c in released), pending=pending, now=now)


def _by_ids(model, ids: Sequence[int]) -> list:
    wanted = sorted({int(i) for i in ids})
    rows = list(db.session.scalars(select(model).where(model.id.in_(wanted)))) if wanted else []
    if len(rows) != len(wanted):
        raise SelectionNotFound(f"{model.__name__} id")
    return rows


@dataclass(frozen=True)
class Results:
    """A Report with what it was built from: the responses table (unscored; raw data) and the selection."""

    report: Report
    table: ResponseTable
    selection: Selection

    @property
    def released_at(self) -> datetime | None:
        """When the newest of the analysed collections closed: the report describes the answers up to then."""
        return max((c.released_at(self.selection.now) for c in self.selection.collections), default=None)


def analysed_selection(
    user: User,
    *,
    collections: Sequence[int] | None = None,
    project_ids: Sequence[int] | None = None,
    instrument_id: str | None = None,
    waves: Sequence[str] | None = None,
    by: Sequence[str] = (),
) -> tuple[Selection, Instrument]:
    """The selection a report (or a raw-data file) describes, and the instrument its table is read against.

    Raises what :func:`select_collections` raises, and :class:`SelectionError` ``not_released`` (no closed
    collection), ``mixed_instruments``, or ``bad_column`` (a `by` column results cannot be broken down by).
    """
    selection = select_collections(
        user, collections=collections, project_ids=project_ids, instrument_id=instrument_id, waves=waves
    )
    if not selection.collections:
        raise SelectionError("not_released", "results are shown when a data collection has closed")
    try:
        instrument = instrument_of(selection.collections)
    except DatasetError as error:
        raise SelectionError("mixed_instruments", str(error)) from None
    _check_by(by, instrument)
    return selection, instrument


def report_for(
    user: User,
    *,
    collections: Sequence[int] | None = None,
    project_ids: Sequence[int] | None = None,
    instrument_id: str | None = None,
    waves: Sequence[str] | None = None,
    by: Sequence[str] = (),
    scales: Sequence[str] | None = None,
    language: str = "fi",
) -> Results:
    """The Report for a selection, with the responses table it was built from and the selection.

    Waves are compared when the selection spans more than one, paired by pairing code where codes were
    asked. Neither the report's responses nor the table carry the codes: their ``pair_id`` column holds
    pseudonymous pair ids, new on every call (:func:`analysis.pair_ids.with_pair_ids`). `scales` limits the
    scales analysed (default: all of the questionnaire's). The threshold is :func:`min_cell`. Raises
    :class:`SelectionNotFound` or :class:`SelectionError` (see :func:`select_collections`; also
    ``no_responses`` and ``bad_column``).
    """
    selection, instrument = analysed_selection(
        user, collections=collections, project_ids=project_ids, instrument_id=instrument_id, waves=waves, by=by
    )
    if scales is not None:
        chosen = set(scales)
        instrument = replace(instrument, scales=tuple(s for s in instrument.scales if s.code in chosen))
    several_waves = len(selection.waves) > 1
    table = response_table(
        selection.collections, instrument, pairing=several_waves, released=True, now=selection.now
    )
    if len(table) == 0:
        raise SelectionError("no_responses", "no responses yet")
    has_codes = several_waves and bool((table.text("pairing_code") != "").any())
    try:
        report = build_report(
            table,
            instrument,
            by=[b for b in by if b != "wave"],
            wave="wave" if several_waves else None,
            pair="pairing_code" if has_codes else None,
            waves=selection.waves if several_waves else None,
            unit="collection",
            min_cell=min_cell(),
            language=language,
            filters=_filters(selection),
        )
    except AnalysisError as error:
        raise SelectionError("bad_column", str(error)) from None
    report = with_pair_ids(report, "pairing_code")
    return Results(report, replace_codes(table, "pairing_code", report.responses[PAIR_ID]), selection)


def pair_ids_for(selection: Selection) -> dict[int, str]:
    """The pair id of each paired response of `selection` by response id, paired as :func:`report_for` pairs
    them; new ids on every call. Only the codes are read (:func:`survey.results.dataset.pairing_table`), not
    the answers. Raises :class:`SelectionError` (``mixed_instruments``)."""
    try:
        instrument_of(selection.collections)
    except DatasetError as error:
        raise SelectionError("mixed_instruments", str(error)) from None
    if len(selection.waves) < 2:
        return {}
    table = pairing_table(selection.collections, released=True, now=selection.now)
    if len(table) == 0:
        return {}
    ids = table_pair_ids(table, "pairing_code", wave="wave", waves=selection.waves, unit="collection")
    return {int(r): str(i) for r, i in zip(table["response_id"], ids, strict=True) if i}


def breakdown_choices(instrument: Instrument, language: str) -> list[tuple[str, str]]:
    """Background questions a report can be broken down by, with their short names: single-choice and yes/no
    items coded BG_."""
    kinds = (ItemType.SINGLE, ItemType.YESNO)
    return [
        (i.code, column_label(instrument, i.code, language))
        for i in instrument.answered_items
        if i.code.startswith("BG_") and i.type in kinds
    ]


BY_METADATA = ("project", "collection", "language")
"""Metadata columns a report may be broken down by (the wave is compared on its own)."""


def _check_by(by: Sequence[str], instrument) -> None:
    """Break down only by metadata or by items with a choice list: never by free text, codes or ids."""
    for column in by:
        if column in BY_METADATA or column == "wave":
            continue
        try:
            item = instrument.item(column)
        except KeyError:
            raise SelectionError("bad_column", f"no column {column!r} to break the results down by") from None
        if instrument.choice_list(item) is None or item.type is ItemType.MULTIPLE:
            raise SelectionError("bad_column", f"results cannot be broken down by {column!r} (not a choice item)")


def _filters(selection: Selection) -> dict[str, str]:
    projects = sorted({c.project.code for c in selection.collections})
    return {
        "projects": ", ".join(projects),
        "collections": "; ".join(collection_names(selection.collections).values()),
        "waves": ", ".join(selection.waves),
    }
