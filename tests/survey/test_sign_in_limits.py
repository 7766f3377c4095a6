"""Sign-in limits: per client address (the real one behind proxies), a per-account slowing that a stranger
cannot turn into a lock-out, known devices, and no address kept."""

from __future__ import annotations

import time

import pytest

from survey.accounts.auth import create_user
from survey.db import db
from survey.models import Role

PASSWORD = "salasana-123"
EMAIL = "tiimi@example.fi"


@pytest.fixture
def app_config() -> dict:
    return {"WTF_CSRF_ENABLED": False}  # CSRF is proven in test_auth; here only the limits answer


@pytest.fixture
def user(app) -> str:
    with app.app_context():
        create_user(EMAIL, PASSWORD, role=Role.TEAM_MEMBER)
    return EMAIL


def attempt(client, address: str, password: str = "väärä salasana", email: str = EMAIL, **headers):
    return client.post(
        "/staff/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
        headers=headers,
    )


def test_failed_sign_ins_are_limited_per_address_whatever_the_email(app, client, user):
    app.config["ARVIO_LOGIN_LIMIT"] = "3/minute"
    emails = ["a@example.fi", "b@example.fi", "c@example.fi"]  # password spraying: one address, many accounts
    assert [attempt(client, "203.0.113.5", email=e).status_code for e in emails] == [400, 400, 400]
    blocked = attempt(client, "203.0.113.5", PASSWORD)  # even the right password waits
    assert blocked.status_code == 429 and "Liian monta kirjautumisyritystä" in blocked.text
    assert int(blocked.headers["Retry-After"]) <= 60
    assert attempt(app.test_client(), "198.51.100.7", PASSWORD).status_code == 302  # another address


def test_successful_sign_ins_do_not_count(app, user):
    app.config["ARVIO_LOGIN_LIMIT"] = "2/minute"
    office = [attempt(app.test_client(), "203.0.113.5", PASSWORD).status_code for _ in range(5)]
    assert office == [302] * 5


def test_behind_a_proxy_the_limit_counts_each_client_not_the_proxy(app_config, database_url, user):
    from survey import create_app
    from tests.conftest import BASE_CONFIG

    proxied = create_app({**BASE_CONFIG, **app_config, "SQLALCHEMY_DATABASE_URI": database_url,
                          "ARVIO_PROXIES": 1, "ARVIO_LOGIN_LIMIT": "3/minute"})  # fmt: skip
    proxy = "10.0.0.2"  # every request arrives from the load balancer
    stranger = proxied.test_client()
    for _ in range(5):
        attempt(stranger, proxy, **{"X-Forwarded-For": "203.0.113.66"})
    assert attempt(stranger, proxy, **{"X-Forwarded-For": "203.0.113.66"}).status_code == 429
    owner = attempt(proxied.test_client(), proxy, PASSWORD, **{"X-Forwarded-For": "198.51.100.7"})
    assert owner.status_code == 302
    with proxied.app_context():
        db.engine.dispose()


def test_without_a_proxy_a_forwarded_address_is_not_believed(app, client, user):
    app.config["ARVIO_LOGIN_LIMIT"] = "3/minute"
    for number in range(3):  # a guesser inventing a new address for each try
        attempt(client, "203.0.113.5", **{"X-Forwarded-For": f"192.0.2.{number}"})
    assert attempt(client, "203.0.113.5", PASSWORD, **{"X-Forwarded-For": "192.0.2.99"}).status_code == 429


def test_a_flood_from_many_addresses_slows_the_account_but_its_owner_still_signs_in(app, user):
    app.config["ARVIO_LOGIN_ACCOUNT_LIMIT"] = "5/hour"
    guesser = app.test_client()
    addresses = [f"203.0.113.{n}" for n in range(1, 41)]
    first = [attempt(guesser, address).status_code for address in addresses]
    again = [attempt(guesser, address).status_code for address in addresses]
    assert first == [400] * 40  # the first failure of each address is checked...
    assert again == [429] * 40  # ...but the account is slowed: no address may try again at once
    refused = attempt(guesser, addresses[0])
    assert "ja yritä uudelleen" in refused.text and 0 < int(refused.headers["Retry-After"]) <= 15
    owner = attempt(app.test_client(), "198.51.100.7", PASSWORD)  # from the owner's own network
    assert owner.status_code == 302


def test_a_slowed_address_may_try_again_after_its_wait(app, user):
    app.config.update(ARVIO_LOGIN_ACCOUNT_LIMIT="2/hour", ARVIO_LOGIN_SLOWDOWN=1)
    client = app.test_client()
    for address in ("203.0.113.1", "203.0.113.2", "198.51.100.7"):
        assert attempt(client, address).status_code == 400
    assert attempt(client, "198.51.100.7", PASSWORD).status_code == 429  # a typo, then the wait
    time.sleep(1.1)
    assert attempt(client, "198.51.100.7", PASSWORD).status_code == 302


def test_the_waits_grow_for_an_address_that_keeps_guessing(app, user):
    app.config.update(ARVIO_LOGIN_ACCOUNT_LIMIT="1/hour", ARVIO_LOGIN_SLOWDOWN=1)
    client = app.test_client()
    waits = []
    for _ in range(3):
        if waits:
            time.sleep(waits[-1] + 0.05)
        assert attempt(client, "203.0.113.9").status_code == 400
        waits.append(int(attempt(client, "203.0.113.9").headers["Retry-After"]))
    assert waits == [1, 2, 4]


def test_a_known_device_signs_in_while_its_own_network_floods_the_account(app, user):
    app.config.update(ARVIO_LOGIN_LIMIT="3/minute", ARVIO_LOGIN_ACCOUNT_LIMIT="3/hour")
    office = "203.0.113.5"
    browser = app.test_client()
    assert attempt(browser, office, PASSWORD).status_code == 302  # earlier: leaves the known-device cookie
    cookie = browser.get_cookie("arvio_device", path="/staff/login")
    assert cookie.http_only and cookie.same_site == "Lax"
    browser.post("/staff/logout")
    stranger = app.test_client()  # a colleague's computer on the same network, taken over
    for _ in range(6):
        attempt(stranger, office)
    assert attempt(stranger, office, PASSWORD).status_code == 429
    assert attempt(browser, office, PASSWORD).status_code == 302


def test_a_known_device_of_another_account_does_not_help(app, user):
    app.config.update(ARVIO_LOGIN_LIMIT="2/minute")
    with app.app_context():
        create_user("toinen@example.fi", PASSWORD, role=Role.TEAM_MEMBER)
    browser = app.test_client()
    assert attempt(browser, "203.0.113.5", PASSWORD, email="toinen@example.fi").status_code == 302
    browser.post("/staff/logout")
    for _ in range(2):
        attempt(browser, "203.0.113.5")
    assert attempt(browser, "203.0.113.5", PASSWORD).status_code == 429


def test_the_limits_keep_no_client_address(app, user):
    client = app.test_client()
    for _ in range(3):
        attempt(client, "203.0.113.77")
    storage = app.extensions["arvio_rate_limits"].moving.storage
    keys = " ".join([*storage.storage, *storage.events])
    assert keys and "203.0.113.77" not in keys and EMAIL not in keys


def test_a_taken_over_session_cannot_guess_the_current_password(app, client, user):
    """Changing the password asks for the current one: the same per-client limit counts wrong guesses there."""
    app.config["ARVIO_LOGIN_LIMIT"] = "3/minute"
    assert attempt(client, "203.0.113.9", PASSWORD).status_code == 302
    guesses = [
        client.post(
            "/staff/account",
            data={"current": f"arvaus-{i}", "password": "uusi-salasana-123", "confirm": "uusi-salasana-123"},
            environ_base={"REMOTE_ADDR": "203.0.113.9"},
        ).status_code
        for i in range(4)
    ]
    assert guesses == [400, 400, 400, 429]
    right = client.post(
        "/staff/account",
        data={"current": PASSWORD, "password": "uusi-salasana-123", "confirm": "uusi-salasana-123"},
        environ_base={"REMOTE_ADDR": "203.0.113.9"},
    )
    assert right.status_code == 429 and "Liian monta väärää salasanaa" in right.text
