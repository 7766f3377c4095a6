"""Open-text answers, question by question, for those who may read raw data (audited).

Free text is never aggregated: reports break results down only by choice items (survey/results/reports.py) and
no text reaches a summary. Someone with the raw-data permission can read what respondents wrote here, each
question's answers in the order they were sent, without the other answers of the same response (nothing to
link a text to a group by). Every reading is written to the audit log with how many answers were shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select

from instruments.model import Instrument, Item, ItemType
from survey.accounts import audit, permissions
from survey.accounts.permissions import Permission, require
from survey.db import db
from survey.models import Collection, Response
from survey.questionnaires import get_instrument

bp = Blueprint("open_answers", __name__, url_prefix="/staff")

TEXT_TYPES = (ItemType.TEXT, ItemType.LONGTEXT)


@dataclass(frozen=True)
class QuestionAnswers:
    item: Item
    answers: tuple[str, ...]


def open_text_items(instrument: Instrument) -> list[Item]:
    return [item for item in instrument.answered_items if item.type in TEXT_TYPES]


def open_answers(collection: Collection) -> list[QuestionAnswers]:
    """Every non-empty text answer of the collection, by question, in the order the answers were sent."""
    items = open_text_items(get_instrument(collection.instrument_id, collection.instrument_version))
    found: dict[str, list[str]] = {item.code: [] for item in items}
    query = (
        select(Response.answers)
        .where(Response.collection_id == collection.id)
        .order_by(Response.submitted_at, Response.id)
        .execution_options(yield_per=1000)
    )
    for answers in db.session.scalars(query):
        for code, texts in found.items():
            value = (answers or {}).get(code)
            if isinstance(value, str) and value.strip():
                texts.append(value)
    return [QuestionAnswers(item, tuple(found[item.code])) for item in items]


@bp.get("/collections/<int:collection_id>/open-answers")
@require(Permission.DOWNLOAD_RAW)
def collection_answers(collection_id: int):
    collection = permissions.collection_or_404(collection_id, Permission.DOWNLOAD_RAW)
    questions = open_answers(collection)
    audit.record(
        current_user,
        "responses.open_answers",
        f"collection:{collection.id}",
        {"items": [q.item.code for q in questions]},
        row_count=sum(len(q.answers) for q in questions),
    )
    return render_template("staff/open_answers.html", collection=collection, questions=questions)
