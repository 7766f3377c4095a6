"""Data collections: one questionnaire (instrument@version) asked of one group in one wave of one project."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey.db import Base, utcnow
from survey.models.types import Json

if TYPE_CHECKING:
    from survey.models.register import Project


class Wave(enum.StrEnum):
    """The standard waves; a collection may also carry a custom label (e.g. ``autumn_2026``)."""

    BASELINE = "baseline"
    FOLLOW_UP = "follow_up"
    END = "end"


class CollectionStatus(enum.StrEnum):
    NOT_READY = "not_ready"  # no retention date yet: it cannot open
    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    CLOSED = "closed"


class OpeningTimes:
    """Whether a collection takes answers, from its times: shared by the model and the respondent pages'
    snapshot of it (:class:`survey.respond.links.PublicCollection`). Needs ``opens_at``, ``closes_at``,
    ``closed_at`` and ``retention_until``."""

    def status(self, now: datetime | None = None) -> CollectionStatus:
        """Where the collection stands at `now` (naive UTC; default the current time)."""
        now = now or utcnow()
        if self.closed_at is not None or (self.closes_at is not None and now >= self.closes_at):
            return CollectionStatus.CLOSED
        if self.retention_until is None:
            return CollectionStatus.NOT_READY
        if now < self.opens_at:
            return CollectionStatus.NOT_YET_OPEN
        return CollectionStatus.OPEN

    def is_open(self, now: datetime | None = None) -> bool:
        return self.status(now) is CollectionStatus.OPEN


class Collection(OpeningTimes, Base):
    __tablename__ = "collections"
    # A unique index rather than a constraint: SQLite adds an index without copying the table (0008).
    __table_args__ = (Index("uq_collections_short_code", "short_code", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(43), unique=True)  # the public link /r/<token>
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="RESTRICT"), index=True)
    label: Mapped[str] = mapped_column(String(200), default="")  # staff's own name, e.g. "School X, 5th grade"
    instrument_id: Mapped[str] = mapped_column(String(64))
    instrument_version: Mapped[str] = mapped_column(String(20))  # pinned at creation
    wave: Mapped[str] = mapped_column(String(40))  # a Wave value or a custom label
    respondent_group: Mapped[str] = mapped_column(String(20))
    languages: Mapped[list[str]] = mapped_column(Json)  # offered to respondents; the first is the default
    opens_at: Mapped[datetime]
    closes_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]  # closed early by staff
    retention_until: Mapped[date | None]  # responses are deleted after this day; required before opening
    ask_pairing_code: Mapped[bool] = mapped_column(default=False)
    short_code: Mapped[str | None] = mapped_column(String(8))  # the short link /k/ABCD-EFGH (unique, above)
    reopenings: Mapped[list[dict[str, str]]] = mapped_column(Json, default=list)  # [{closed_at, reopened_at}]
    intro: Mapped[dict[str, str]] = mapped_column(Json, default=dict)  # {fi, sv, en}
    consent: Mapped[dict[str, str]] = mapped_column(Json, default=dict)  # {fi, sv, en}
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    project: Mapped[Project] = relationship()

    def reopened_at(self) -> list[datetime]:
        """When the team reopened the collection after closing it early, oldest first (each starts a new
        release unit: :meth:`unreleased_since`)."""
        return [datetime.fromisoformat(r["reopened_at"]) for r in self.reopenings or ()]

    def has_results(self, now: datetime | None = None) -> bool:
        """True when some of the answers are published: the collection has closed, at least once."""
        return self.status(now) is CollectionStatus.CLOSED or bool(self.reopenings)

    def unreleased_since(self, now: datetime | None = None) -> datetime | None:
        """For a collection reopened and not yet closed again: the time from which its answers are not yet
        published (they form a release unit of their own when it closes again). None: every answer of a
        closed collection is published, or (open, never closed) none is, as :meth:`has_results` says."""
        starts = self.reopened_at()
        if starts and self.status(now) is not CollectionStatus.CLOSED:
            return starts[-1]
        return None

    def released_at(self, now: datetime | None = None) -> datetime | None:
        """When the answers published now were published: the last closing; None when none are."""
        if self.status(now) is CollectionStatus.CLOSED:
            return self.closed_at or self.closes_at
        if self.reopenings:
            return datetime.fromisoformat(self.reopenings[-1]["closed_at"])
        return None

    @property
    def instrument_key(self) -> str:
        return f"{self.instrument_id}@{self.instrument_version}"

    def __repr__(self) -> str:
        return f"<Collection {self.id} {self.instrument_key} {self.wave}>"
