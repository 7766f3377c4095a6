"""What a project did, in the team's own words: a short text shown as theirs in the brief of one questionnaire.

Those who may manage the project's collections write it on the brief page. It is plain text (escaped wherever
it is shown, blank lines making paragraphs), at most :data:`LONGEST` characters so that the brief still fits on
two pages; control characters are dropped. Every change is written to the audit log (its length, not its text).
"""

from __future__ import annotations

import re

from sqlalchemy import select

from survey.accounts import audit
from survey.db import db, utcnow
from survey.models import BriefDescription, Project, User

LONGEST = 700
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class DescriptionError(ValueError):
    """A description that cannot be saved; `code` is ``too_long``."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def clean(text: str) -> str:
    """The text as it is stored: control characters out, line ends as ``\\n``, at most one blank line in a row.

    >>> clean("  Teimme\\r\\n\\r\\n\\r\\nkerhoja\\x07.  ")
    'Teimme\\n\\nkerhoja.'
    """
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def description_of(project: Project, instrument_id: str) -> BriefDescription | None:
    return db.session.scalar(
        select(BriefDescription).where(
            BriefDescription.project_id == project.id, BriefDescription.instrument_id == instrument_id
        )
    )


def save_description(user: User, project: Project, instrument_id: str, text: str) -> BriefDescription | None:
    """Store (commit and audit) the project's text for the brief of `instrument_id`; an empty text removes it."""
    text = clean(text)
    if len(text) > LONGEST:
        raise DescriptionError("too_long")
    found = description_of(project, instrument_id)
    if not text:
        if found is not None:
            db.session.delete(found)
    elif found is None:
        found = BriefDescription(project_id=project.id, instrument_id=instrument_id, text=text,
                                 updated_by_id=user.id)  # fmt: skip
        db.session.add(found)
    else:
        found.text, found.updated_at, found.updated_by_id = text, utcnow(), user.id
    db.session.commit()
    details = {"instrument": instrument_id, "characters": len(text)}
    audit.record(user, "brief.description", f"project:{project.id}", details)
    return found if text else None
