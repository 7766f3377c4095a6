"""Share links: a read-only link to one brief for people without an account, made by an evaluator or coordinator.

A link is ``/b/<token>``, the token 43 random URL-safe characters (256 bits, :func:`secrets.token_urlsafe`).
Only its SHA-256 is stored, so a leaked database holds no working link, and the link is shown once, when it
is made. Every link has an expiry date (at most a year ahead) and works until that day ends in Finnish time;
it can be revoked at once; making, revoking and opening one are written to the audit log. A link shows its
brief as the person who made it sees it, and only while they may: a maker who is deactivated or loses the
project ends their links. Opening a link creates no session and sets no cookie, and the token opens nothing
but its own brief (``tests/survey/brief/test_brief_links.py`` sweeps every route with it).

>>> len(new_token()), token_hash("x")[:12]
(43, '2d711642b726')
"""

from __future__ import annotations

import enum
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from instruments.model import LANGUAGES
from survey.accounts import audit, permissions
from survey.db import db, utcnow
from survey.models import BriefLink, Project, User

FINNISH_TIME = ZoneInfo("Europe/Helsinki")
LONGEST = timedelta(days=366)
NOTE_LENGTH = 200
TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")


class LinkError(ValueError):
    """A link that cannot be made; `code` names the rule (``expiry_missing``, ``expiry_past``,
    ``expiry_too_far``, ``note_too_long``)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class LinkState(enum.StrEnum):
    OPEN = "open"
    UNKNOWN = "unknown"  # no such link (404)
    EXPIRED = "expired"  # its day has passed (410)
    REVOKED = "revoked"  # revoked, or its maker may no longer see the brief (410)


@dataclass(frozen=True)
class NewLink:
    """A link just made: `token` is the only time the link's secret is available."""

    link: BriefLink
    token: str


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def today() -> date:
    """Today in Finland: a link works until its expiry day ends here."""
    return datetime.now(FINNISH_TIME).date()


def parse_expiry(text: str) -> date:
    """The expiry date of the form (``YYYY-MM-DD``, as a date field sends it), checked."""
    try:
        expires = date.fromisoformat(text.strip())
    except ValueError:
        raise LinkError("expiry_missing") from None
    if expires < today():
        raise LinkError("expiry_past")
    if expires > today() + LONGEST:
        raise LinkError("expiry_too_far")
    return expires


def create_link(
    user: User,
    *,
    project: Project | None,
    instrument_id: str = "",
    waves: list[str] | None = None,
    expires_on: date,
    note: str = "",
    language: str = "fi",
) -> NewLink:
    """Make (and commit, and audit) a link to the brief of `project`'s questionnaire, or with no project to the
    programme's brief. The caller has checked that `user` may share it."""
    note = " ".join(note.split())
    if len(note) > NOTE_LENGTH:
        raise LinkError("note_too_long")
    if not (today() <= expires_on <= today() + LONGEST):
        raise LinkError("expiry_past" if expires_on < today() else "expiry_too_far")
    token = new_token()
    link = BriefLink(
        token_hash=token_hash(token),
        project_id=project.id if project else None,
        instrument_id=instrument_id,
        waves=list(waves or []),
        language=language if language in LANGUAGES else "fi",
        note=note,
        created_by_id=user.id,
        expires_on=expires_on,
    )
    db.session.add(link)
    db.session.commit()
    audit.record(user, "brief.link.create", _target(link), _details(link))
    return NewLink(link, token)


def links_of(project: Project | None, instrument_id: str = "") -> list[BriefLink]:
    """The links to one brief (a project's questionnaire, or the programme's), newest first."""
    query = select(BriefLink).order_by(BriefLink.created_at.desc(), BriefLink.id.desc())
    if project is None:
        query = query.where(BriefLink.project_id.is_(None))
    else:
        query = query.where(BriefLink.project_id == project.id, BriefLink.instrument_id == instrument_id)
    return list(db.session.scalars(query))


def revoke_link(user: User, link_id: int, project: Project | None) -> bool:
    """Revoke a link to `project`'s brief (or the programme's); False when there is no such open link."""
    link = db.session.get(BriefLink, link_id)
    belongs = link is not None and link.project_id == (project.id if project else None)
    if not belongs or link.revoked_at is not None:
        return False
    link.revoked_at, link.revoked_by_id = utcnow(), user.id
    db.session.commit()
    audit.record(user, "brief.link.revoke", _target(link), _details(link))
    return True


def state_of(link: BriefLink) -> LinkState:
    if link.revoked_at is not None:
        return LinkState.REVOKED
    if link.expires_on < today():
        return LinkState.EXPIRED
    maker = link.created_by
    if maker is None or not maker.active or not permissions.can_share_brief(maker, link.project):
        return LinkState.REVOKED
    return LinkState.OPEN


def find_link(token: str) -> tuple[BriefLink | None, LinkState]:
    """The link a token opens and its state; a token of the wrong shape is not looked up at all."""
    if not TOKEN.fullmatch(token or ""):
        return None, LinkState.UNKNOWN
    link = db.session.scalar(select(BriefLink).where(BriefLink.token_hash == token_hash(token)))
    if link is None:
        return None, LinkState.UNKNOWN
    return link, state_of(link)


def record_opening(link: BriefLink, what: str) -> None:
    """Write the opening of a link to the audit log (no user: the reader has no account; no address)."""
    audit.record(None, f"brief.link.{what}", _target(link), _details(link))


def _target(link: BriefLink) -> str:
    return f"brief_link:{link.id}"


def _details(link: BriefLink) -> dict[str, object]:
    return {
        "project": link.project_id,
        "instrument": link.instrument_id,
        "waves": list(link.waves),
        "expires_on": link.expires_on.isoformat(),
        "made_by": link.created_by_id,
    }
