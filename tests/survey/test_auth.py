"""Signing in and out: session renewal, sign-out everywhere, no open redirects, the rate limit (in full in
test_sign_in_limits.py), cookie flags, security headers and one-time set-password links."""

from __future__ import annotations

from datetime import timedelta

import pytest

from survey.accounts import passwords
from survey.accounts.auth import create_user
from survey.db import db, utcnow
from survey.models import PasswordLink, Role, User
from tests.survey.conftest import hidden

PASSWORD = "salasana-123"


@pytest.fixture
def user_id(app) -> int:
    with app.app_context():
        return create_user("tiimi@example.fi", PASSWORD, role=Role.TEAM_MEMBER).id


def sign_in(client, email="tiimi@example.fi", password=PASSWORD, next_page=None):
    form = client.get("/staff/login").text
    url = "/staff/login" + (f"?next={next_page}" if next_page else "")
    return client.post(url, data={"csrf_token": hidden(form, "csrf_token"), "email": email, "password": password})


def session_cookie(client):
    return client.get_cookie("session")


def test_signing_in_starts_a_new_session(app, client, user_id):
    client.get("/staff/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"  # session fixation: a value set before sign-in
    assert sign_in(client).status_code == 302
    with client.session_transaction() as session:
        assert "planted" not in session and session["_user_id"] == f"{user_id}:1"
        assert "_id" not in session  # no hash of the address and browser


def test_signing_out_ends_copies_of_the_old_session_cookie(app, client, user_id):
    sign_in(client)
    stolen = session_cookie(client).value
    page = client.get("/staff/account").text
    client.post("/staff/logout", data={"csrf_token": hidden(page, "csrf_token")})
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/staff/account").location.startswith("/staff/login")


def test_a_deactivated_user_is_signed_out_at_once(app, client, user_id):
    sign_in(client)
    assert client.get("/staff/account").status_code == 200
    with app.app_context():
        db.session.get(User, user_id).active = False
        db.session.commit()
    assert client.get("/staff/account").status_code == 302
    assert sign_in(client).status_code == 400


@pytest.mark.parametrize(
    ("next_page", "location"),
    [
        ("/staff/account", "/staff/account"),
        ("//evil.example/", "/staff/"),
        ("https://evil.example/", "/staff/"),
        ("/\\evil.example", "/staff/"),
    ],
)
def test_after_sign_in_only_pages_of_this_site_are_followed(app, client, user_id, next_page, location):
    assert sign_in(client, next_page=next_page).location == location


def test_a_page_that_needs_sign_in_comes_back_after_it(app, client, user_id):
    sent = client.get("/staff/account")
    assert sent.location == "/staff/login?next=/staff/account"
    form = client.get(sent.location).text
    back = client.post(
        sent.location,
        data={"csrf_token": hidden(form, "csrf_token"), "email": "tiimi@example.fi", "password": PASSWORD},
    )
    assert back.location == "/staff/account"


def test_sign_in_attempts_are_limited(app, client, user_id):
    """The rules in full: test_sign_in_limits.py."""
    app.config["ARVIO_LOGIN_LIMIT"] = "3/minute"
    statuses = [sign_in(client, password="väärä").status_code for _ in range(3)]
    blocked = sign_in(client)  # even the right password waits
    assert statuses == [400, 400, 400]
    assert blocked.status_code == 429 and "Liian monta kirjautumisyritystä" in blocked.text


def test_session_cookie_is_http_only_and_same_site_lax_and_secure_over_https(app, user_id):
    client = app.test_client()
    sign_in(client)
    cookie = session_cookie(client)
    assert cookie.http_only and cookie.same_site == "Lax" and not cookie.secure
    https = app.test_client()
    form = https.get("/staff/login", base_url="https://localhost").text
    data = {"csrf_token": hidden(form, "csrf_token"), "email": "tiimi@example.fi", "password": PASSWORD}
    https.post("/staff/login", base_url="https://localhost", data=data)
    assert https.get_cookie("session", domain="localhost").secure


def test_production_cookies_are_always_secure(database_url):
    from survey import create_app
    from tests.conftest import BASE_CONFIG

    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, "ARVIO_ENV": "production",
                      "ARVIO_TRUSTED_HOSTS": "kysely.example.fi"})  # fmt: skip
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_staff_pages_send_the_security_headers(client):
    response = client.get("/staff/login")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"


def test_a_post_without_the_csrf_token_is_refused_in_the_users_language(client, user_id):
    response = client.post("/staff/login", data={"email": "tiimi@example.fi", "password": PASSWORD})
    assert response.status_code == 400 and "Sivu oli vanhentunut" in response.text


def _link(app, user_id) -> str:
    with app.app_context():
        return passwords.create_link(db.session.get(User, user_id), created_by=None)


def test_a_set_password_link_works_once(app, client, user_id):
    token = _link(app, user_id)
    url = f"/staff/password/{token}"
    form = client.get(url).text
    short = client.post(
        url, data={"csrf_token": hidden(form, "csrf_token"), "password": "lyhyt", "confirm": "lyhyt"}
    )
    assert short.status_code == 400 and "vähintään 10 merkkiä" in short.text
    done = client.post(
        url,
        data={"csrf_token": hidden(form, "csrf_token"), "password": "uusi salasana", "confirm": "uusi salasana"},
    )
    assert done.status_code == 302 and client.get("/staff/account").status_code == 200
    assert app.test_client().get(url).status_code == 404
    assert sign_in(app.test_client(), password="uusi salasana").status_code == 302
    with app.app_context():
        stored = db.session.scalars(db.select(PasswordLink)).one()
        assert stored.token_hash != token and len(stored.token_hash) == 64


def test_an_expired_or_replaced_link_does_not_work(app, client, user_id):
    first = _link(app, user_id)
    second = _link(app, user_id)
    assert client.get(f"/staff/password/{first}").status_code == 404
    with app.app_context():
        link = passwords.valid_link(second)
        link.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    page = client.get(f"/staff/password/{second}")
    assert page.status_code == 404 and "Linkki ei toimi" in page.text


def test_changing_the_password_needs_the_current_one(app, client, user_id):
    sign_in(client)
    form = client.get("/staff/account").text
    data = {"csrf_token": hidden(form, "csrf_token"), "password": "toinen salasana", "confirm": "toinen salasana"}
    wrong = client.post("/staff/account", data={**data, "current": "väärä"})
    assert wrong.status_code == 400 and "Nykyinen salasana on väärin." in wrong.text
    assert client.post("/staff/account", data={**data, "current": PASSWORD}).status_code == 200
    assert sign_in(app.test_client(), password="toinen salasana").status_code == 302
