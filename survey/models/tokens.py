"""Personal API tokens: a signed-in user's key to the JSON API, stored only as a SHA-256 hash."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey.db import Base, utcnow

if TYPE_CHECKING:
    from survey.models.people import User


class ApiToken(Base):
    """One named token. The token itself is shown once, at creation; only its hash is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))  # the user's own name for it, e.g. "R on my laptop"
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex of the whole token
    prefix: Mapped[str] = mapped_column(String(16))  # its first characters, to tell tokens apart in the list
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} {self.prefix}… user={self.user_id}>"
