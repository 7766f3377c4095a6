"""The minimal staff pages: sign-in, permissions, the link's QR code and the printable poster."""

import pytest
from sqlalchemy import select

from survey.accounts.auth import create_user
from survey.db import db
from survey.models import Collection, Project, Role
from tests.survey.conftest import hidden, make_collection


def _user(app, email, role, project_id=None):
    with app.app_context():
        user = create_user(email, "salasana-123", role=role)
        if project_id is not None:
            user.projects.append(db.session.get(Project, project_id))
            db.session.commit()


def _sign_in(client, email, password="salasana-123"):
    form = client.get("/staff/login").text
    return client.post(
        "/staff/login", data={"csrf_token": hidden(form, "csrf_token"), "email": email, "password": password}
    )


@pytest.fixture
def collection_id(app, project) -> int:
    token = make_collection(app, project, label="Koulu X, 8B")
    with app.app_context():
        return db.session.scalar(select(Collection.id).where(Collection.token == token))


def test_staff_pages_need_sign_in(client, collection_id):
    assert client.get(f"/staff/collections/{collection_id}").location.startswith("/staff/login")


def test_a_wrong_password_is_refused_in_the_users_language(app, client):
    _user(app, "tiimi@example.fi", Role.TEAM_MEMBER)
    page = _sign_in(client, "tiimi@example.fi", "väärä")
    assert page.status_code == 400 and "Sähköpostiosoite tai salasana on väärin." in page.text


def test_a_team_member_sees_the_link_qr_code_and_poster_of_their_project(app, client, project, collection_id):
    _user(app, "Tiimi@Example.fi", Role.TEAM_MEMBER, project)
    assert _sign_in(client, "tiimi@example.fi").status_code == 302
    listing = client.get("/staff/").text
    assert "Koulu X, 8B" in listing
    page = client.get(f"/staff/collections/{collection_id}").text
    with app.app_context():
        token = db.session.get(Collection, collection_id).token
    assert f"http://localhost/r/{token}" in page
    with client.get(f"/staff/collections/{collection_id}/qr.png") as png:
        assert png.mimetype == "image/png" and png.data.startswith(b"\x89PNG")
    with client.get(f"/staff/collections/{collection_id}/qr.svg") as svg:
        assert svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
    poster = client.get(f"/staff/collections/{collection_id}/poster").text
    assert "Vastaa kyselyyn" in poster and f"/r/{token}" in poster and "Osallisuus arkeen" in poster


def test_a_member_of_another_project_gets_404(app, client, collection_id):
    with app.app_context():
        db.session.add(Project(code="P02", name="Toinen hanke"))
        db.session.commit()
        other = db.session.scalar(select(Project.id).where(Project.code == "P02"))
    _user(app, "muu@example.fi", Role.TEAM_MEMBER, other)
    _sign_in(client, "muu@example.fi")
    assert client.get(f"/staff/collections/{collection_id}").status_code == 404
    assert client.get(f"/staff/collections/{collection_id}/qr.png").status_code == 404
    assert "Koulu X" not in client.get("/staff/").text


def test_a_team_member_can_close_a_collection_early_but_an_evaluator_cannot(app, client, project, collection_id):
    _user(app, "arvioija@example.fi", Role.EVALUATOR, project)
    _sign_in(client, "arvioija@example.fi")
    page = client.get(f"/staff/collections/{collection_id}").text
    assert "Sulje keruu" not in page
    refused = client.post(
        f"/staff/collections/{collection_id}/close", data={"csrf_token": hidden(page, "csrf_token")}
    )
    assert refused.status_code == 403
    client.post("/staff/logout", data={"csrf_token": hidden(page, "csrf_token")})
    _user(app, "tiimi@example.fi", Role.TEAM_MEMBER, project)
    _sign_in(client, "tiimi@example.fi")
    page = client.get(f"/staff/collections/{collection_id}").text
    data = {"csrf_token": hidden(page, "csrf_token"), "confirm": "yes"}
    client.post(f"/staff/collections/{collection_id}/close", data=data)
    assert "Suljettu" in client.get(f"/staff/collections/{collection_id}").text


def test_a_coordinator_sees_every_project(app, client, collection_id):
    _user(app, "koordinaattori@example.fi", Role.COORDINATOR)
    _sign_in(client, "koordinaattori@example.fi")
    assert client.get(f"/staff/collections/{collection_id}").status_code == 200


def test_cli_creates_a_staff_user_with_a_hashed_password(app, project, runner):
    result = runner.invoke(
        args=["user", "create", "--email", "uusi@example.fi", "--role", "team_member", "--project", "P01"],
        input="salasana-123\nsalasana-123\n",
    )
    assert result.exit_code == 0, result.output
    from survey.models import User

    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.password_hash.startswith("$argon2id$")
        assert [p.code for p in user.projects] == ["P01"]


def test_staff_pages_name_a_collection_and_its_questionnaire_in_words_not_by_id(app, client, project):
    """A collection without a name of its own is named by its questionnaire's title and wave; the questionnaire by
    its title and version (in the page's language), never as ``id@version``."""
    token = make_collection(app, project, wave="follow_up")
    with app.app_context():
        collection = db.session.scalar(select(Collection).where(Collection.token == token))
        collection_id, key = collection.id, collection.instrument_key
    _user(app, "tiimi@example.fi", Role.TEAM_MEMBER, project)
    _sign_in(client, "tiimi@example.fi")
    listing = client.get(f"/staff/projects/{project}").text
    page = client.get(f"/staff/collections/{collection_id}").text
    assert "Pieni kysely: seurantamittaus" in listing and "Pieni kysely: seurantamittaus" in page
    assert "Pieni kysely, versio 1.0" in page
    assert key not in listing and key not in page
    swedish = client.get(f"/staff/collections/{collection_id}?lang=sv").text
    assert "uppföljningsmätning" in swedish and key not in swedish
