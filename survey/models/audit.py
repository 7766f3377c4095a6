"""The audit log: who exported or viewed what, and what the system deleted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from survey.db import Base, utcnow
from survey.models.types import Json


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))  # None: system
    action: Mapped[str] = mapped_column(String(60))  # e.g. export.xlsx, responses.view, responses.purge
    target: Mapped[str] = mapped_column(String(200), default="")  # e.g. collection:12
    details: Mapped[dict] = mapped_column(Json, default=dict)  # filters and other parameters
    row_count: Mapped[int | None]

    def __repr__(self) -> str:
        return f"<AuditEntry {self.action} {self.target}>"
