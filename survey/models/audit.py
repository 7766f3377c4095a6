"""The audit log: who exported or viewed what, and what the system deleted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from survey.db import Base, utcnow
from survey.models.types import Json


class AuditEntry(Base):
    """One line of the append-only, hash-chained audit log; written only by :func:`~.audit.record`."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)  # 1, 2, 3 ... without gaps
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))  # None: system
    action: Mapped[str] = mapped_column(String(60))  # e.g. export.xlsx, responses.view, responses.purge
    target: Mapped[str] = mapped_column(String(200), default="")  # e.g. collection:12
    details: Mapped[dict] = mapped_column(Json, default=dict)  # filters and other parameters
    row_count: Mapped[int | None]
    prev_hash: Mapped[str] = mapped_column(String(64), default="")  # the previous entry's hash ("" for the first)
    hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256(prev_hash + canonical JSON of the fields)

    def __repr__(self) -> str:
        return f"<AuditEntry {self.action} {self.target}>"
