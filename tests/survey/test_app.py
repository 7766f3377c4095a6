"""The application factory, storage set-up, security headers and logging."""

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from flask import request, url_for
from sqlalchemy import text

from survey import create_app
from survey.config import ConfigError
from survey.db import db
from survey.logs import NoClientAddress
from tests.conftest import BASE_CONFIG

ROOT = Path(__file__).resolve().parents[2]


def test_configuration_comes_from_defaults_then_environment_then_the_mapping(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.example/arvio")
    monkeypatch.setenv("SECRET_KEY", "from-environment")
    monkeypatch.setenv("ARVIO_MIN_CELL", "7")
    app = create_app({"ARVIO_MIN_CELL": 10, "ARVIO_INSTANCE_PATH": tmp_path})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db.example/arvio"
    assert app.config["SECRET_KEY"] == "from-environment"
    assert app.config["ARVIO_MIN_CELL"] == 10
    assert app.config["ARVIO_PAIRING_KEY"] == "from-environment"  # falls back to the secret key
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True


def test_production_without_secret_key_is_an_error(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app(
            {"ARVIO_ENV": "production", "ARVIO_INSTANCE_PATH": tmp_path, "SQLALCHEMY_DATABASE_URI": "sqlite://"}
        )


def test_embedded_default_generates_its_secret_key_once_and_uses_sqlite_in_instance(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    first = create_app({"ARVIO_INSTANCE_PATH": tmp_path})
    second = create_app({"ARVIO_INSTANCE_PATH": tmp_path})
    assert len(first.config["SECRET_KEY"]) == 64
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert first.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'arvio.sqlite'}"


def test_sqlite_connections_use_wal_and_foreign_keys(sqlite_url):
    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": sqlite_url})
    with app.app_context():
        with db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        db.engine.dispose()


def test_pages_send_strict_security_headers(client, token):
    response = client.get(f"/r/{token}")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"


def test_pages_load_nothing_from_other_hosts_and_have_no_inline_scripts(client, token):
    html = client.get(f"/r/{token}").text
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert not re.search(r"\son[a-z]+=", html)  # no inline event handlers either
    assert not re.search(r'\sstyle="', html)


def test_session_cookie_is_secure_on_https_http_only_and_same_site(client, token):
    client.get(f"/r/{token}", base_url="https://arvio.example")
    cookie = client.get_cookie("session", domain="arvio.example")
    assert cookie.secure and cookie.http_only and cookie.same_site == "Lax"


def test_production_always_marks_the_session_cookie_secure():
    app = create_app({"ARVIO_ENV": "production", "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "ARVIO_PUBLIC_URL": "https://kysely.example.fi"})  # fmt: skip
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_behind_a_proxy_links_and_limits_use_the_forwarded_scheme_host_and_client(sqlite_url):
    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": sqlite_url, "ARVIO_PROXIES": 1})
    app.add_url_rule("/probe", "probe", lambda: f"{url_for('probe', _external=True)} {request.remote_addr}")
    headers = {
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "kysely.example.fi",
        "X-Forwarded-For": "10.9.8.7",
    }
    answer = app.test_client().get("/probe", headers=headers, environ_base={"REMOTE_ADDR": "192.0.2.1"}).text
    assert answer == "https://kysely.example.fi/probe 10.9.8.7"  # the client's address, not the proxy's


def test_request_log_lines_carry_no_client_address():
    record = logging.LogRecord(
        "werkzeug", logging.INFO, "", 0, '192.168.1.20 - - [28/Nov/2026 10:00:00] "%s" %s %s',
        ("POST /r/abc/p/views HTTP/1.1", "302", "-"), None,
    )  # fmt: skip
    NoClientAddress().filter(record)
    assert "192.168" not in record.getMessage()
    assert record.getMessage().startswith("- - - [28/Nov/2026")


@pytest.mark.parametrize("value", [0, -3, 2, 101, "abc", "2.5", "", True])
def test_an_unsafe_suppression_threshold_refuses_to_start(tmp_path, value):
    with pytest.raises(ConfigError, match=r"ARVIO_MIN_CELL must be a whole number from 3 to 100"):
        create_app({**BASE_CONFIG, "ARVIO_INSTANCE_PATH": tmp_path, "ARVIO_MIN_CELL": value})


@pytest.mark.parametrize(("value", "expected"), [("3", 3), ("12", 12), (100, 100)])
def test_a_safe_threshold_from_the_environment_or_the_mapping_is_used(monkeypatch, tmp_path, value, expected):
    monkeypatch.setenv("ARVIO_MIN_CELL", str(value))
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "ARVIO_INSTANCE_PATH": tmp_path, "SECRET_KEY": "x"})
    assert app.config["ARVIO_MIN_CELL"] == expected


@pytest.mark.parametrize("value", ["0", "-3", "abc"])
def test_the_wsgi_entry_stops_with_a_message_naming_the_setting(tmp_path, value):
    environment = {**os.environ, "ARVIO_MIN_CELL": value, "ARVIO_INSTANCE_PATH": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", "import wsgi"], capture_output=True, text=True, cwd=ROOT, env=environment
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "ARVIO_MIN_CELL must be a whole number from 3 to 100" in result.stderr
