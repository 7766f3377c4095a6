"""Production settings: HSTS over HTTPS, a public address (or trusted hosts) for links and QR codes instead of
the request's Host header, QR images' caching, and free text without invisible characters on the pages."""

from __future__ import annotations

import io

import pytest
import segno
from sqlalchemy import select

from survey import create_app
from survey.config import ConfigError
from survey.db import db
from survey.models import Collection, Project, Role
from tests.conftest import BASE_CONFIG
from tests.survey.conftest import hidden, make_collection
from tests.survey.test_staff import _user

PUBLIC = "https://kysely.example.fi"
EVIL = "evil.example"


def _app(database_url: str, **settings):
    return create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, **settings})


def test_production_refuses_to_start_without_a_public_address_or_trusted_hosts(database_url):
    with pytest.raises(ConfigError, match=r"ARVIO_PUBLIC_URL.*ARVIO_TRUSTED_HOSTS"):
        _app(database_url, ARVIO_ENV="production")
    assert _app(database_url, ARVIO_ENV="production", ARVIO_PUBLIC_URL=PUBLIC + "/")
    assert _app(database_url, ARVIO_ENV="production", ARVIO_TRUSTED_HOSTS="kysely.example.fi")


@pytest.mark.parametrize("url", ["kysely.example.fi", "ftp://kysely.example.fi", "https://", "https://a.fi/?x=1"])
def test_a_public_address_that_is_not_one_is_refused(database_url, url):
    with pytest.raises(ConfigError, match="ARVIO_PUBLIC_URL"):
        _app(database_url, ARVIO_PUBLIC_URL=url)


def test_the_settings_come_from_the_environment(monkeypatch, database_url):
    monkeypatch.setenv("ARVIO_PUBLIC_URL", PUBLIC)
    monkeypatch.setenv("ARVIO_TRUSTED_HOSTS", "kysely.example.fi, arvio.example.fi")
    app = _app(database_url)
    assert app.config["TRUSTED_HOSTS"] == ["kysely.example.fi", "arvio.example.fi"]
    assert app.config["ARVIO_PUBLIC_URL"] == PUBLIC


@pytest.fixture
def collection(app, project) -> tuple[int, str]:
    token = make_collection(app, project, label="Koulu X, 8B")
    with app.app_context():
        collection_id = db.session.scalar(select(Collection.id).where(Collection.token == token))
    _user(app, "tiimi@example.fi", Role.TEAM_MEMBER, project)
    return collection_id, token


def _signed_in(app, base_url: str = "http://localhost", email: str = "tiimi@example.fi"):
    client = app.test_client()
    form = client.get("/staff/login", base_url=base_url).text
    data = {"csrf_token": hidden(form, "csrf_token"), "email": email, "password": "salasana-123"}
    assert client.post("/staff/login", base_url=base_url, data=data).status_code == 302
    return client


def test_links_qr_codes_and_posters_use_the_public_address_whatever_the_host_header(app, collection):
    collection_id, token = collection
    app.config["ARVIO_PUBLIC_URL"] = PUBLIC
    client = _signed_in(app, f"http://{EVIL}")  # a Host header anyone can send
    link = f"{PUBLIC}/r/{token}"
    page = client.get(f"/staff/collections/{collection_id}", base_url=f"http://{EVIL}").text
    poster = client.get(f"/staff/collections/{collection_id}/poster", base_url=f"http://{EVIL}").text
    png = client.get(f"/staff/collections/{collection_id}/qr.png", base_url=f"http://{EVIL}").data
    assert link in page and link in poster and EVIL not in page + poster
    expected = io.BytesIO()
    segno.make(link, error="m").save(expected, kind="png", scale=10, border=4)
    assert png == expected.getvalue()  # the QR code holds the public link


def test_a_password_link_and_the_api_address_use_the_public_address(app, collection):
    app.config["ARVIO_PUBLIC_URL"] = PUBLIC
    _user(app, "koordinaattori@example.fi", Role.COORDINATOR)
    client = _signed_in(app, f"http://{EVIL}", "koordinaattori@example.fi")
    page = client.get("/staff/users/new", base_url=f"http://{EVIL}").text
    data = {"csrf_token": hidden(page, "csrf_token"), "email": "uusi@example.fi", "role": "evaluator"}
    made = client.post("/staff/users/new", base_url=f"http://{EVIL}", data=data)
    assert f'value="{PUBLIC}/staff/password/' in made.text and EVIL not in made.text
    assert f"{PUBLIC}/api/v1" in client.get("/staff/api/", base_url=f"http://{EVIL}").text
    document = client.get("/api/v1/openapi.json", base_url=f"http://{EVIL}").json
    assert document["servers"] == [{"url": f"{PUBLIC}/api/v1"}]


def test_with_trusted_hosts_another_host_header_is_refused(app, collection):
    app.config["TRUSTED_HOSTS"] = ["kysely.example.fi"]
    refused = app.test_client().get("/staff/login", base_url=f"http://{EVIL}")
    assert refused.status_code == 400 and "Lomakkeessa oli jotain vialla" in refused.text
    assert app.test_client().get("/staff/login", base_url="https://kysely.example.fi").status_code == 200


def test_in_development_links_follow_the_request(app, collection):
    collection_id, token = collection
    client = _signed_in(app)
    assert f"http://localhost/r/{token}" in client.get(f"/staff/collections/{collection_id}").text


def test_qr_images_may_be_kept_only_by_the_users_own_browser_and_never_recompressed(app, collection):
    collection_id, _token = collection
    client = _signed_in(app)
    for kind in ("png", "svg"):
        answer = client.get(f"/staff/collections/{collection_id}/qr.{kind}")
        assert answer.headers["Cache-Control"] == "private, max-age=86400, no-transform"


def test_hsts_is_sent_in_production_over_https_only(database_url, project):
    production = _app(database_url, ARVIO_ENV="production", ARVIO_PUBLIC_URL=PUBLIC)
    secure = production.test_client().get("/staff/login", base_url=PUBLIC)
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"
    plain = production.test_client().get("/staff/login", base_url="http://kysely.example.fi")
    assert "Strict-Transport-Security" not in plain.headers
    embedded = _app(database_url).test_client().get("/staff/login", base_url=PUBLIC)
    assert "Strict-Transport-Security" not in embedded.headers
    with production.app_context():
        db.engine.dispose()


INVISIBLE = "\u202e\u2066\u200b\u200d\ufeff\u2060"


def test_free_text_on_staff_pages_loses_invisible_characters(app, collection):
    collection_id, _token = collection
    with app.app_context():
        project = db.session.scalar(select(Project))
        project.name = f"Hanke{INVISIBLE} exe.pdf"
        db.session.get(Collection, collection_id).label = f"Koulu{INVISIBLE[:3]} 8B"
        db.session.commit()
    client = _signed_in(app)
    pages = client.get("/staff/projects").text + client.get(f"/staff/collections/{collection_id}").text
    assert "Hanke exe.pdf" in pages and "Koulu 8B" in pages
    assert not any(character in pages for character in INVISIBLE)
