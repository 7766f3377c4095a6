"""Users with personal API tokens and stored responses, for the JSON API tests."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from survey.accounts.api_tokens import create_token
from survey.accounts.auth import create_user
from survey.collect.collections import close_collection
from survey.db import db
from survey.models import Collection, Project, Role
from survey.respond.responses import store_response
from tests.survey.conftest import make_collection


def user_with_token(app, email: str, role: Role, projects=(), *, raw_data: bool = False) -> str:
    """Create a user (members of `projects`, by id) and return a fresh API token of theirs."""
    with app.app_context():
        user = create_user(email, "salasana-123", role=role)
        user.projects.extend(db.session.get(Project, p) for p in projects)
        user.raw_data_grant = raw_data
        db.session.commit()
        return create_token(user, "tests").secret


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def other_project(app) -> int:
    with app.app_context():
        project = Project(code="P02", name="Toinen hanke", sectors=["social"], counties=["Lappi"])
        db.session.add(project)
        db.session.commit()
        return project.id


def collection_with_responses(
    app, project_id: int, answers: list[dict], days: list[str] | None = None, *, close: bool = True
) -> int:
    """A collection of the tiny youth questionnaire with these responses, closed unless asked (results describe
    closed collections only); returns its id."""
    token = make_collection(app, project_id, label="Koulu X, 8B")
    with app.app_context():
        collection = db.session.scalar(select(Collection).where(Collection.token == token))
        for i, answer in enumerate(answers):
            at = datetime.fromisoformat(days[i]) if days else None
            store_response(collection, answer, submitted_at=at)
        if close:
            close_collection(collection)
        return collection.id


def youth_answers(n: int) -> list[dict]:
    return [
        {"BG_AGE": 13 + i % 10, "Q_CLUB": i % 2, "P_VOICE": 1 + i % 3, "P_TOPICS": [1 + i % 3]} for i in range(n)
    ]
