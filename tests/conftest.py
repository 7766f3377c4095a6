"""Shared fixtures: the app on SQLite and on PostgreSQL, its test client and CLI runner.

Every test that uses `app` runs twice: on a SQLite file and on PostgreSQL. The PostgreSQL variant needs
ARVIO_TEST_POSTGRES_URL; without it the variant skips, unless ARVIO_REQUIRE_POSTGRES=1 (CI), when it fails.
Each test session migrates its own database (a temporary SQLite file; a fresh PostgreSQL schema, dropped at
the end) with the real migrations, and every table is emptied after each test.

Subdirectories override `app_config` to add settings, e.g. a small instrument library.
"""

from __future__ import annotations

import os
import uuid

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, make_url, text

from survey import create_app
from survey.db import db

BASE_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key",
    "ARVIO_PAIRING_KEY": "test-pairing-key",
    "ARVIO_PASSWORD_PROFILE": "CHEAPEST",  # Argon2 at full cost would make each sign-in test slow
}


def _migrate(url: str) -> None:
    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade(revision="heads")  # feature branches of the schema merge at their heads
        db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'arvio.sqlite'}"
    _migrate(url)
    return url


@pytest.fixture(scope="session")
def postgres_url():
    server = os.environ.get("ARVIO_TEST_POSTGRES_URL")
    if not server:
        if os.environ.get("ARVIO_REQUIRE_POSTGRES") == "1":
            pytest.fail("ARVIO_REQUIRE_POSTGRES=1 but ARVIO_TEST_POSTGRES_URL is not set")
        pytest.skip("PostgreSQL tests need ARVIO_TEST_POSTGRES_URL")
    schema = f"test_{uuid.uuid4().hex[:12]}"  # concurrent test runs on one server do not meet
    admin = create_engine(server)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(server).update_query_dict({"options": f"-csearch_path={schema}"})
    rendered = url.render_as_string(hide_password=False)
    try:
        _migrate(rendered)
        yield rendered
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request) -> str:
    return request.getfixturevalue(f"{request.param}_url")


@pytest.fixture
def app_config() -> dict:
    return {}


@pytest.fixture
def app(database_url, app_config):
    """The app on a migrated, empty database. Use ``with app.app_context():`` to call services."""
    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, **app_config})
    yield app
    with app.app_context():
        db.session.remove()
        _empty_tables()
        db.engine.dispose()


def _empty_tables() -> None:
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(text(f"DELETE FROM {table}"))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
