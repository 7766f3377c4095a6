"""The API tokens page: a named token shown once, listed by its first characters, revocable by its owner."""

import re

import pytest

from survey.models import Role
from tests.survey.api_helpers import bearer, user_with_token
from tests.survey.conftest import hidden


@pytest.fixture
def signed_in(app, client, project):
    """A signed-in team member of P01 (who already has one token, made in the helper)."""
    user_with_token(app, "tiimi@example.fi", Role.TEAM_MEMBER, [project])
    form = client.get("/staff/login").text
    data = {"csrf_token": hidden(form, "csrf_token"), "email": "tiimi@example.fi", "password": "salasana-123"}
    assert client.post("/staff/login", data=data).status_code == 302
    return client


def create(client, name: str):
    page = client.get("/staff/api/").text
    return client.post("/staff/api/tokens", data={"csrf_token": hidden(page, "csrf_token"), "name": name})


def test_a_new_token_is_shown_once_and_works(signed_in):
    created = create(signed_in, "R kannettavalla")
    assert created.status_code == 200 and created.headers["Cache-Control"] == "no-store"
    secret = re.search(r'id="new-token" type="text" value="(arvio_[^"]+)"', created.text).group(1)
    assert "Kopioi avain nyt" in created.text
    later = signed_in.get("/staff/api/").text
    assert secret not in later and "R kannettavalla" in later and secret[:10] in later
    assert signed_in.get("/api/v1/me", headers=bearer(secret)).json["email"] == "tiimi@example.fi"


def test_a_token_needs_a_name(signed_in):
    answer = create(signed_in, "   ")
    assert answer.status_code == 400
    assert "Anna avaimelle nimi" in answer.text and 'aria-invalid="true"' in answer.text


def test_revoking_stops_the_token(signed_in):
    secret = re.search(r'value="(arvio_[^"]+)"', create(signed_in, "Power Query").text).group(1)
    page = signed_in.get("/staff/api/").text
    # The newest token is listed first, so the first revoke form is the new token's.
    form = re.search(
        r'action="(/staff/api/tokens/\d+/revoke)"[^<]*<input type="hidden" name="csrf_token" value="([^"]+)"', page
    )
    assert signed_in.post(form.group(1), data={"csrf_token": form.group(2)}).status_code == 302
    assert "Avain on peruttu" in signed_in.get("/staff/api/?revoked=1").text
    assert signed_in.get("/api/v1/me", headers=bearer(secret)).status_code == 401


def test_nobody_can_revoke_someone_elses_token(app, signed_in):
    user_with_token(app, "toinen@example.fi", Role.COORDINATOR)  # token id 2
    page = signed_in.get("/staff/api/").text
    answer = signed_in.post("/staff/api/tokens/2/revoke", data={"csrf_token": hidden(page, "csrf_token")})
    assert answer.status_code == 404


TITLES = [
    ("fi", "JSON-rajapinta ja avaimet"),
    ("sv", "JSON-gränssnitt och nycklar"),
    ("en", "JSON API and tokens"),
]


@pytest.mark.parametrize(("language", "title"), TITLES)
def test_the_page_is_in_the_chosen_language_and_links_the_api_description(signed_in, language, title):
    page = signed_in.get(f"/staff/api/?lang={language}").text
    assert f"<h1>{title}</h1>" in page and 'href="/api/v1/openapi.json"' in page


# A new password and "sign out everywhere" end the API tokens ---------------------------------------------


def _works(client, secret: str) -> bool:
    return client.get("/api/v1/me", headers=bearer(secret)).status_code == 200


@pytest.fixture
def token_of_signed_in(app, signed_in) -> str:
    secret = re.search(r'value="(arvio_[^"]+)"', create(signed_in, "R kannettavalla").text).group(1)
    assert _works(signed_in, secret)
    return secret


def test_changing_ones_own_password_ends_the_tokens(signed_in, token_of_signed_in):
    page = signed_in.get("/staff/account").text
    changed = signed_in.post("/staff/account", data={"csrf_token": hidden(page, "csrf_token"),
                             "current": "salasana-123", "password": "uusi-salasana-456",
                             "confirm": "uusi-salasana-456"})  # fmt: skip
    assert changed.status_code == 200 and "API-avaimesi peruttu" in changed.text
    assert not _works(signed_in, token_of_signed_in)
    assert "Peruttu" in signed_in.get("/staff/api/").text  # listed as revoked, not silently gone


def test_a_password_set_from_a_link_ends_the_tokens(app, client, token_of_signed_in):
    from survey.accounts import passwords
    from survey.db import db
    from survey.models import User

    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "tiimi@example.fi"))
        link = passwords.create_link(user, created_by=None)
    other = app.test_client()
    form = other.get(f"/staff/password/{link}").text
    new = "uusi-salasana-456"
    data = {"csrf_token": hidden(form, "csrf_token"), "password": new, "confirm": new}
    assert other.post(f"/staff/password/{link}", data=data).status_code == 302
    assert not _works(client, token_of_signed_in)


def test_a_coordinators_new_password_link_ends_the_tokens_and_sessions_at_once(app, signed_in, token_of_signed_in):
    from tests.survey.test_overview import sign_in

    coordinator = app.test_client()
    sign_in(app, coordinator)
    users = coordinator.get("/staff/users/").text
    user_id = re.search(r'href="/staff/users/(\d+)"[^>]*>tiimi@example.fi', users).group(1)
    page = coordinator.get(f"/staff/users/{user_id}").text
    made = coordinator.post(f"/staff/users/{user_id}/link", data={"csrf_token": hidden(page, "csrf_token")})
    assert made.status_code == 200
    assert not _works(signed_in, token_of_signed_in)
    assert signed_in.get("/staff/api/").status_code == 302  # signed out


def test_signing_out_everywhere_ends_the_sessions_and_the_tokens(app, signed_in, token_of_signed_in):
    page = signed_in.get("/staff/account").text
    assert "Kirjaudu ulos kaikkialta" in page
    elsewhere = app.test_client()  # another browser of the same user
    form = elsewhere.get("/staff/login").text
    elsewhere.post("/staff/login", data={"csrf_token": hidden(form, "csrf_token"), "email": "tiimi@example.fi",
                                         "password": "salasana-123"})  # fmt: skip
    done = signed_in.post("/staff/account/sign-out-everywhere", data={"csrf_token": hidden(page, "csrf_token")})
    assert done.status_code == 302 and done.location.startswith("/staff/login")
    assert not _works(signed_in, token_of_signed_in)
    assert elsewhere.get("/staff/account").status_code == 302


def test_a_plain_sign_out_leaves_the_tokens_working(signed_in, token_of_signed_in):
    page = signed_in.get("/staff/account").text
    signed_in.post("/staff/logout", data={"csrf_token": hidden(page, "csrf_token")})
    assert _works(signed_in, token_of_signed_in)
