"""Browser tests: the app served on a free localhost port, driven by Debian's Chromium through Playwright.

One browser per test session; a fresh browser context (cookies, viewport) per test. The tests skip when
/usr/bin/chromium is missing, unless ARVIO_REQUIRE_BROWSER=1 (CI), when they fail.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from werkzeug.serving import make_server

from instruments.loader import load_library
from survey import create_app
from survey.collect.collections import create_collection
from survey.db import db, utcnow
from survey.models import Project
from tests.e2e.instruments import BUILT_IN, EVERY_TYPE, PICTURES, Library
from tests.e2e.serving import closed_before_sending

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INTRO = {"fi": "Kysely kestää viisi minuuttia.", "sv": "Enkäten tar fem minuter.", "en": "It takes five minutes."}
CONSENT = {
    "fi": "Vastaukset käsitellään nimettöminä.",
    "sv": "Svaren behandlas anonymt.",
    "en": "The answers are handled anonymously.",
}


@dataclass(frozen=True)
class Site:
    """The running app: its address, the app object (to look into the database) and collection links."""

    url: str
    app: Flask
    tokens: dict[str, str]  # every_type, pictures, not_yet_open, closed and the BUILT_IN ids

    def link(self, collection: str, language: str | None = None) -> str:
        query = f"?lang={language}" if language else ""
        return f"{self.url}/r/{self.tokens[collection]}{query}"


def _collections(app: Flask) -> dict[str, str]:
    now, keep = utcnow(), date.today() + timedelta(days=365)
    with app.app_context():
        project = Project(code="E2E", name="Selainkokeet")
        db.session.add(project)
        db.session.commit()

        def make(instrument, **options) -> str:
            settings = {"retention_until": keep, "opens_at": now - timedelta(days=1), **options}
            return create_collection(project, instrument.id, instrument.version, **settings).token

        built_in = {name: create_collection(project, name, "1.0", retention_until=keep,
                                            opens_at=now - timedelta(days=1), ask_pairing_code=True).token
                    for name in BUILT_IN}  # fmt: skip
        return {
            **built_in,
            "every_type": make(EVERY_TYPE, ask_pairing_code=True, intro=INTRO, consent=CONSENT),
            "pictures": make(PICTURES),
            "not_yet_open": make(EVERY_TYPE, opens_at=now + timedelta(days=30)),
            "closed": make(EVERY_TYPE, opens_at=now - timedelta(days=10), closes_at=now - timedelta(days=1)),
        }


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Iterator[Site]:
    database = tmp_path_factory.mktemp("e2e") / "arvio.sqlite"
    app = create_app(
        {
            "SECRET_KEY": "e2e-secret-key",
            "ARVIO_PAIRING_KEY": "e2e-pairing-key",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "ARVIO_INSTRUMENTS": Library(EVERY_TYPE, PICTURES, fallback=load_library()),
        }
    )
    with app.app_context():
        upgrade(revision="heads")
    tokens = _collections(app)
    server = make_server("127.0.0.1", 0, closed_before_sending(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-server", daemon=True)
    thread.start()
    try:
        yield Site(f"http://127.0.0.1:{server.server_port}", app, tokens)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("ARVIO_REQUIRE_BROWSER") == "1":
            pytest.fail(f"ARVIO_REQUIRE_BROWSER=1 but {CHROMIUM} is missing")
        pytest.skip(f"browser tests need Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """Open a page in a fresh context (no cookies) with the given viewport width; closed after the test."""
    contexts = []

    def open_page(width: int = 1280):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="fi-FI")
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()
