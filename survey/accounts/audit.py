"""The audit log: every download and raw-data view, and what the system deleted — append-only and hash-chained.

Each entry stores ``hash = sha256(prev_hash + canonical JSON of its own fields)``, where ``prev_hash`` is the
hash of the entry before it. Changing, removing or reordering any entry breaks the chain from that entry on,
and :func:`verify_chain` names the first broken one. Nothing in the code updates or deletes entries; on both
databases a trigger (migration 0002) refuses UPDATE, and on PostgreSQL DELETE as well.

Entries get ids 1, 2, 3 ... chosen here: two writers that read the same last entry at once would both choose
the same id, and the primary key lets only one of them store it, so the chain never forks.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Select, func, select, text
from sqlalchemy.exc import IntegrityError, OperationalError

from survey.db import db, utcnow
from survey.models import AuditEntry, User


def canonical_json(value: object) -> str:
    """JSON with sorted keys and no spaces: the same text for the same data on every machine.

    >>> canonical_json({"b": 1, "a": ["ä", None]})
    '{"a":["ä",null],"b":1}'
    """
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def entry_fields(entry) -> dict[str, object]:
    """The fields an entry's hash covers (`entry`: an AuditEntry or a row with its columns)."""
    return {
        "id": entry.id,
        "at": entry.at.isoformat(timespec="microseconds"),
        "user_id": entry.user_id,
        "action": entry.action,
        "target": entry.target,
        "details": entry.details,
        "row_count": entry.row_count,
    }


def entry_hash(prev_hash: str, fields: Mapping[str, object]) -> str:
    """
    >>> entry_hash("", {"id": 1})[:16]
    '037c9214eef74cc3'
    """
    return hashlib.sha256((prev_hash + canonical_json(fields)).encode("utf-8")).hexdigest()


def record(
    user: User | None,
    action: str,
    target: str = "",
    details: Mapping[str, object] | None = None,
    row_count: int | None = None,
) -> AuditEntry:
    """Append an entry and commit it (with whatever else the session holds: commit your own work first, since
    a retry after a clash with another writer starts a fresh transaction).

    Parameters
    ----------
    user : the staff user who acted, or None for the system (e.g. deleting expired responses)
    action : what happened, dotted: ``download.xlsx``, ``responses.view``, ``api.responses``, ``responses.purge``
    target : what it happened to, e.g. ``collection:12`` or ``project:3``
    details : the filters and other parameters (anything JSON can hold; dates become ISO text)
    row_count : how many rows of data were shown, sent or deleted
    """
    fields = {
        "user_id": user.id if user is not None else None,
        "action": action[:60],
        "target": target[:200],
        "details": json.loads(canonical_json(dict(details or {}))),  # stored exactly as hashed
        "row_count": row_count,
    }
    for _attempt in range(_ATTEMPTS - 1):
        try:
            return _append(fields)
        except (IntegrityError, OperationalError):
            # SQLite: another writer took the same id (or held the write lock); read the new end and retry.
            db.session.rollback()
    return _append(fields)


_ATTEMPTS = 5


def _append(fields: dict[str, object]) -> AuditEntry:
    if db.engine.dialect.name == "postgresql":
        # One writer at a time extends the chain; the lock ends with the transaction.
        db.session.execute(text("SELECT pg_advisory_xact_lock(7021)"))
    last = db.session.execute(
        select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    prev_id, prev_hash = last if last is not None else (0, "")
    entry = AuditEntry(id=prev_id + 1, at=utcnow(), prev_hash=prev_hash, **fields)
    entry.hash = entry_hash(prev_hash, entry_fields(entry))
    db.session.add(entry)
    db.session.commit()
    return entry


@dataclass(frozen=True)
class ChainCheck:
    """What :func:`verify_chain` found: `intact` with `entries` checked, or the first entry that breaks it."""

    entries: int
    first_broken: int | None = None  # the id of the first entry whose hash or link does not match

    @property
    def intact(self) -> bool:
        return self.first_broken is None


def verify_chain(batch: int = 1000) -> ChainCheck:
    """Recompute every hash in order; stop at the first entry that does not match."""
    prev_hash, checked, after = "", 0, 0
    while True:
        rows = db.session.execute(
            select(*AuditEntry.__table__.columns).where(AuditEntry.id > after).order_by(AuditEntry.id).limit(batch)
        ).all()
        if not rows:
            return ChainCheck(entries=checked)
        for entry in rows:
            if entry.prev_hash != prev_hash or entry.hash != entry_hash(prev_hash, entry_fields(entry)):
                return ChainCheck(entries=checked, first_broken=entry.id)
            prev_hash, checked, after = entry.hash, checked + 1, entry.id


def entries_query(action: str = "", user_id: int | None = None) -> Select:
    """Entries newest first, optionally only one action (or action prefix ending in '.') or one user."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    if action.endswith("."):
        query = query.where(AuditEntry.action.startswith(action, autoescape=True))
    elif action:
        query = query.where(AuditEntry.action == action)
    if user_id is not None:
        query = query.where(AuditEntry.user_id == user_id)
    return query


def actions() -> list[str]:
    """The actions that occur in the log, for the filter."""
    return list(db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))


def count(query: Select) -> int:
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
