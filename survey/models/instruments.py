"""Questionnaires uploaded by coordinators: kept in the database, never written into the code's folders."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey.db import Base, utcnow

if TYPE_CHECKING:
    from survey.models.people import User


class UploadedInstrument(Base):
    """One uploaded questionnaire: a draft (seen by coordinators only) until published, then immutable.

    `document` is the canonical YAML of the validated instrument (what :func:`instruments.loader.parse_instrument`
    reads), whatever the uploaded file was. `published_key` (``id@version``) is set on publishing and is unique,
    so the same version cannot be published twice even by two processes at once; drafts leave it empty.
    """

    __tablename__ = "uploaded_instruments"

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[str] = mapped_column(String(20))
    document: Mapped[str] = mapped_column(Text)
    filename: Mapped[str] = mapped_column(String(200), default="")
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    published_key: Mapped[str | None] = mapped_column(String(90), unique=True)
    published_at: Mapped[datetime | None]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    uploaded_by: Mapped[User | None] = relationship(foreign_keys=[uploaded_by_id])
    published_by: Mapped[User | None] = relationship(foreign_keys=[published_by_id])

    @property
    def key(self) -> str:
        return f"{self.instrument_id}@{self.version}"

    @property
    def published(self) -> bool:
        return self.published_key is not None

    def __repr__(self) -> str:
        return f"<UploadedInstrument {self.id} {self.key} published={self.published}>"
