"""The coordinator's user pages: add a user with a one-time password link, set role, projects and grants,
deactivate; whatever narrows a user's access ends their sessions."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from survey.accounts.auth import create_user
from survey.db import db
from survey.models import Project, Role, User
from tests.survey.conftest import hidden


@pytest.fixture
def setup(app) -> dict[str, int]:
    with app.app_context():
        p1, p2 = Project(code="P01", name="Oma hanke"), Project(code="P02", name="Toinen hanke")
        db.session.add_all([p1, p2])
        db.session.commit()
        coordinator = create_user("koordinaattori@example.fi", "salasana-123", role=Role.COORDINATOR)
        return {"p1": p1.id, "p2": p2.id, "coordinator": coordinator.id}


@pytest.fixture
def coordinator(client, setup):
    with client.session_transaction() as session:
        session["_user_id"] = f"{setup['coordinator']}:1"
    return client


def _post(client, url, form_page=None, **data):
    form = client.get(form_page or url).text
    return client.post(url, data={"csrf_token": hidden(form, "csrf_token"), **data})


def test_a_new_user_gets_a_link_that_sets_their_password(app, coordinator, setup):
    page = _post(coordinator, "/staff/users/new", email="Arvioija@Example.fi", name="Eeva Arvioija",
                 role="evaluator", projects=[str(setup["p1"])], raw_data_grant="1")  # fmt: skip
    assert page.status_code == 200 and "toimii kerran, 72 tunnin ajan" in page.text
    link = re.search(r'value="(http://localhost/staff/password/[^"]+)"', page.text).group(1)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "arvioija@example.fi"))
        assert user.role is Role.EVALUATOR and user.raw_data_grant and [p.code for p in user.projects] == ["P01"]
    newcomer = app.test_client()
    path = link.removeprefix("http://localhost")
    assert _post(newcomer, path, password="pitkä salasana", confirm="pitkä salasana").status_code == 302
    assert newcomer.get("/staff/account").status_code == 200


def test_the_form_says_what_is_wrong_in_the_users_language(coordinator, setup):
    page = _post(coordinator, "/staff/users/new", email="ei-osoite", role="boss")
    assert page.status_code == 400
    assert "Kirjoita sähköpostiosoite muodossa nimi@example.fi." in page.text and "Valitse rooli." in page.text
    again = _post(coordinator, "/staff/users/new", email="koordinaattori@example.fi", role="team_member")
    assert "Tällä sähköpostiosoitteella on jo käyttäjä." in again.text


def test_taking_away_a_grant_or_deactivating_ends_the_users_sessions(app, coordinator, setup):
    with app.app_context():
        member = create_user("tiimi@example.fi", "salasana-123", role=Role.TEAM_MEMBER)
        member.raw_data_grant = True
        db.session.commit()
        member_id = member.id
    browser = app.test_client()
    with browser.session_transaction() as session:
        session["_user_id"] = f"{member_id}:1"
    assert browser.get("/staff/account").status_code == 200
    url = f"/staff/users/{member_id}"
    assert _post(coordinator, url, name="", role="team_member", active="1").status_code == 302  # grant removed
    assert browser.get("/staff/account").status_code == 302
    _post(coordinator, url, name="", role="team_member")  # no "active": deactivated
    with app.app_context():
        assert not db.session.get(User, member_id).active
    assert "Poistettu käytöstä" in coordinator.get("/staff/users/").text


def test_a_coordinator_cannot_lock_themselves_out(app, coordinator, setup):
    page = _post(coordinator, f"/staff/users/{setup['coordinator']}", role="evaluator", active="1")
    assert page.status_code == 400 and "Et voi poistaa omaa koordinaattorin rooliasi" in page.text
    with app.app_context():
        assert db.session.get(User, setup["coordinator"]).role is Role.COORDINATOR


def test_a_new_password_link_replaces_the_old_one(app, coordinator, setup):
    with app.app_context():
        member_id = create_user("tiimi@example.fi", None, role=Role.TEAM_MEMBER).id
    url = f"/staff/users/{member_id}"
    links = [_post(coordinator, f"{url}/link", form_page=url).text for _ in range(2)]
    first, second = (re.search(r"/staff/password/([^\"]+)", html).group(0) for html in links)
    assert app.test_client().get(first).status_code == 404
    assert app.test_client().get(second).status_code == 200
