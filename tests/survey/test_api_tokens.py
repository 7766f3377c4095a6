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
