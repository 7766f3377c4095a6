"""Submitted responses and the drafts respondents are still working on.

Nothing here identifies a respondent: no IP address, no user agent, no account. The pairing code is kept
only sealed: encrypted with a fresh nonce, so equal codes look different (:mod:`survey.pairing_codes`).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey.db import Base, utcnow
from survey.models.types import Json

if TYPE_CHECKING:
    from survey.models.collections import Collection


class Response(Base):
    __tablename__ = "responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    collection_id: Mapped[int] = mapped_column(ForeignKey("collections.id", ondelete="CASCADE"), index=True)
    instrument_id: Mapped[str] = mapped_column(String(64))
    instrument_version: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(2))
    answers: Mapped[dict[str, object]] = mapped_column(Json)  # item code -> code, codes, number or text
    sealed_pairing_code: Mapped[str | None] = mapped_column(Text)
    # One per draft: a double click, a resend or a back-and-submit cannot store a second response.
    submission_token: Mapped[str] = mapped_column(String(43), unique=True)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)

    collection: Mapped[Collection] = relationship()

    def __repr__(self) -> str:
        return f"<Response {self.id} collection={self.collection_id}>"


class Draft(Base):
    """Answers saved page by page; found again through the browser session or a resume code."""

    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("collection_id", "resume_code_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    collection_id: Mapped[int] = mapped_column(ForeignKey("collections.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)  # the browser session holds the key
    resume_code_hash: Mapped[str | None] = mapped_column(String(64))
    submission_token: Mapped[str] = mapped_column(String(43), unique=True)
    language: Mapped[str] = mapped_column(String(2))
    answers: Mapped[dict[str, object]] = mapped_column(Json, default=dict)
    sealed_pairing_code: Mapped[str | None] = mapped_column(Text)
    page: Mapped[str] = mapped_column(String(64), default="")  # the page the respondent was last on
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    collection: Mapped[Collection] = relationship()

    def __repr__(self) -> str:
        return f"<Draft {self.id} collection={self.collection_id}>"
