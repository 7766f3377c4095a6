"""The staff side on the demo data, served for a browser: the helpers ``test_staff_*.py`` share.

:func:`serve_demo` builds the demo (:func:`survey.demo.commands.build_demo`: the programme register, a user of each
role, 19 collections with about 1,200 responses) into a fresh SQLite file and serves it on a free localhost port,
as ``flask --app wsgi up`` does. The staff tests then sign in with the demo passwords that command prints.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import select
from werkzeug.serving import make_server

from survey import create_app
from survey.db import db
from survey.demo.commands import DEMO_USERS, build_demo
from survey.models import Collection, Project, User, Wave
from tests.e2e.serving import closed_before_sending

ROLE_EMAILS = {
    "coordinator": "coordinator@arvio.example",
    "evaluator": "evaluator@arvio.example",
    "team_member": "team01@arvio.example",
}
PASSWORDS = {user.email: user.password for user in DEMO_USERS}


@dataclass(frozen=True)
class DemoIds:
    """Database ids the tests open pages by: the team member's project ARV-01 and its collections."""

    project: int  # ARV-01, the team member's project (the evaluator's too)
    baseline: int  # ARV-01's closed baseline collection (parents' participation)
    follow_up: int  # ARV-01's closed follow-up collection of the same questionnaire
    open: int  # ARV-01's open collection (parents' equality)
    not_yet_open: int  # ARV-08's end-of-project wave, not open yet
    other_project: int  # ARV-02: nobody but the coordinator sees it
    team_member: int  # the team member's user id


@dataclass(frozen=True)
class StaffSite:
    url: str
    app: Flask
    ids: DemoIds

    def sign_in(self, page, role: str, next_path: str = "/staff/projects") -> None:
        """Sign in with the keyboard on the sign-in form as the demo user of `role`."""
        email = ROLE_EMAILS[role]
        page.goto(f"{self.url}/staff/login")
        page.fill("#f-email", email)
        page.fill("#f-password", PASSWORDS[email])
        with page.expect_navigation():
            page.press("#f-password", "Enter")
        if "/staff/login" in page.url:
            raise AssertionError(f"signing in as {email} failed: still on {page.url}")
        if next_path:
            page.goto(self.url + next_path)


def _ids(app: Flask) -> DemoIds:
    with app.app_context():
        project_id = {code: id_ for id_, code in db.session.execute(select(Project.id, Project.code))}

        def collection(code: str, wave: Wave, instrument: str) -> int:
            of_project = Collection.project_id == project_id[code]
            which = (Collection.wave == wave.value, Collection.instrument_id == instrument)
            return db.session.scalar(select(Collection.id).where(of_project, *which))

        team_member = db.session.scalar(select(User.id).where(User.email == ROLE_EMAILS["team_member"]))
        return DemoIds(
            project=project_id["ARV-01"],
            baseline=collection("ARV-01", Wave.BASELINE, "participation_parents"),
            follow_up=collection("ARV-01", Wave.FOLLOW_UP, "participation_parents"),
            open=collection("ARV-01", Wave.BASELINE, "equality_parents"),
            not_yet_open=collection("ARV-08", Wave.END, "participation_youth"),
            other_project=project_id["ARV-02"],
            team_member=team_member,
        )


@contextmanager
def serve_demo(folder: Path) -> Iterator[StaffSite]:
    """The app on the demo data in `folder`, served in a thread until the block ends."""
    app = create_app(
        {
            "SECRET_KEY": "e2e-staff-secret-key",
            "ARVIO_PAIRING_KEY": "e2e-staff-pairing-key",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'arvio.sqlite'}",
            "ARVIO_LOGIN_LIMIT": "1000 per minute",  # the tests sign in (and fail on purpose) many times
        }
    )
    with app.app_context():
        upgrade(revision="heads")
        build_demo()
        db.session.remove()
    ids = _ids(app)
    server = make_server("127.0.0.1", 0, closed_before_sending(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-staff-server", daemon=True)
    thread.start()
    try:
        yield StaffSite(f"http://127.0.0.1:{server.server_port}", app, ids)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        with app.app_context():
            db.engine.dispose()
