"""The brief tests' world: project P01 with closed baseline and follow-up waves of the small questionnaire of
:mod:`tests.survey.brief.world`, and a user of each role."""

from __future__ import annotations

import pytest

from survey.accounts.auth import create_user
from survey.db import db
from survey.models import Project, Role
from tests.survey.brief.world import BRIEF_YOUTH, closed_waves
from tests.survey.conftest import CHILDREN, YOUTH, Library


@pytest.fixture
def app_config() -> dict:
    return {"ARVIO_INSTRUMENTS": Library(YOUTH, CHILDREN, BRIEF_YOUTH), "WTF_CSRF_ENABLED": False}


@pytest.fixture
def world(app):
    """Project P01 with closed baseline and follow-up waves; a team member, an evaluator and a coordinator."""
    with app.app_context():
        project = Project(code="P01", name="Nuoret päättäjinä")
        db.session.add(project)
        db.session.commit()
        closed_waves(project.id)
        users = {}
        for role in ("team_member", "evaluator", "coordinator"):
            user = create_user(f"{role}@example.fi", "salasana-123", role=Role(role))
            user.projects = [project] if role != "coordinator" else []
            db.session.commit()
            users[role] = (user.id, user.session_version)
        return {"project": project.id, "users": users}
