"""The servers of bench/submit.py: the two apps gunicorn serves, gunicorn itself, and the databases.

The gunicorn targets are ``bench.submit_servers:bare_app()`` and ``bench.submit_servers:arvio_app()``.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INSTRUMENT = ("participation_youth", "1.0")
ONE_ADDRESS_LIMITS = {
    "ARVIO_SEND_LIMIT": "1000000/minute",
    "ARVIO_DRAFT_LIMIT": "1000000/minute",
    "ARVIO_RESUME_LIMIT": "1000000/minute",
}
"""Every client of a benchmark comes from 127.0.0.1, where real respondents come from many addresses: the
anonymous write limits (survey.rate_limits) are still counted, so their cost is measured, but never reached."""


# --- the two apps gunicorn serves -------------------------------------------------------------------------


_BARE_TEMPLATES = {
    "base.html": """<!doctype html>
<html lang="fi">
<head><meta charset="utf-8"><title>{% block title %}{% endblock %}</title></head>
<body><main>{% block content %}{% endblock %}</main></body>
</html>""",
    "form.html": """{% extends "base.html" %}
{% block title %}Sivu {{ number }}{% endblock %}
{% block content %}
<h1>Sivu {{ number }}</h1>
<form method="post" action="{{ url_for('post') }}">
<input type="hidden" name="csrf_token" value="{{ token }}">
{% for choice in choices %}
<label><input type="radio" name="q" value="{{ choice }}">{{ choice }}</label>
{% endfor %}
<button name="action" value="next">Seuraava</button>
</form>
{% endblock %}""",
}


def bare_app():
    """The baseline: the least a form page can do under the same server, request for request like Arvio's.

    GET renders a small Jinja page with a form and a CSRF token kept in the signed session cookie; POST checks
    the token against the cookie and redirects back (HTTP 302), as Arvio answers a page.
    """
    import hmac

    from flask import Flask, abort, redirect, render_template, request, session, url_for
    from jinja2 import DictLoader

    app = Flask("bare")
    app.config["SECRET_KEY"] = "bench-secret"
    app.jinja_loader = DictLoader(_BARE_TEMPLATES)

    @app.get("/")
    def form():
        if "csrf" not in session:
            session["csrf"] = secrets.token_urlsafe(32)
        return render_template("form.html", number=1, token=session["csrf"], choices=range(1, 6))

    @app.post("/")
    def post():
        if not hmac.compare_digest(request.form.get("csrf_token", ""), session.get("csrf", "")):
            abort(400)
        return redirect(url_for("form"))

    return app


def arvio_app():
    """``wsgi.app`` (configured from the environment) with its instrument library loaded before forking."""
    from survey import create_app
    from survey.questionnaires import library

    app = create_app()
    library(app)
    return app


# --- clients --------------------------------------------------------------------------------------------------


def run_in_threads(target, count: int, name: str) -> float:
    """Run `target` in `count` threads at once; returns the seconds until the last one has ended."""
    threads = [threading.Thread(target=target, name=f"{name}-{i}") for i in range(count)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


# --- servers and databases --------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn serving `target` on a free localhost port until the block ends."""

    def __init__(self, target: str, env: dict[str, str], args: argparse.Namespace) -> None:
        self.target, self.env, self.args = target, env, args
        self.port = _free_port()
        self.errors: list[str] = []  # the server's error lines, read when it stops

    def __enter__(self) -> Gunicorn:
        command = [
            sys.executable, "-m", "gunicorn", "--preload", "--worker-class", "gthread",
            "--workers", str(self.args.workers), "--threads", str(self.args.threads),
            "--bind", f"127.0.0.1:{self.port}", "--chdir", str(ROOT), "--log-level", "warning", self.target,
        ]  # fmt: skip
        env = {**os.environ, **self.env, "PYTHONPATH": str(ROOT)}
        # A file, not a pipe: a pipe nobody reads could fill up and stall the server.
        name = self.target.split(":")[1].strip("()")
        self.log = (
            open(self.args.server_log / f"{name}.log", "w+")
            if self.args.server_log
            else tempfile.TemporaryFile("w+")
        )
        self.process = subprocess.Popen(command, env=env, stdout=self.log, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.log.seek(0)
                raise RuntimeError(f"gunicorn {self.target} stopped:\n{self.log.read()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"gunicorn {self.target} did not start in 60 s")

    def __exit__(self, *_exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.seek(0)
        self.errors = [line.strip() for line in self.log if re.search(r"Error|Exception", line)]
        self.log.close()


def _bench_app(url: str):
    from survey import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-secret", "ARVIO_PAIRING_KEY": "bench"})


def prepare_database(url: str) -> str:
    """Migrate the database and open one collection; returns its respondent-link token."""
    from flask_migrate import upgrade

    from survey.collect.collections import create_collection
    from survey.db import db, utcnow
    from survey.models import Project

    app = _bench_app(url)
    with app.app_context():
        upgrade(revision="heads")
        project = Project(code="BENCH", name="Kuormitustesti")
        db.session.add(project)
        db.session.commit()
        collection = create_collection(
            project,
            *INSTRUMENT,
            ask_pairing_code=True,
            opens_at=utcnow() - timedelta(hours=1),
            retention_until=date.today() + timedelta(days=30),
        )
        token = collection.token
        db.session.remove()  # return its connection before the pool closes
        db.engine.dispose()
    return token


def stored_responses(url: str) -> tuple[int, int]:
    """(responses stored, distinct submission tokens among them)."""
    from sqlalchemy import distinct, func, select

    from survey.db import db
    from survey.models import Response

    app = _bench_app(url)
    with app.app_context():
        counts = db.session.execute(
            select(func.count(Response.id), func.count(distinct(Response.submission_token)))
        ).one()
        db.session.remove()  # return its connection before the pool closes
        db.engine.dispose()
    return counts[0], counts[1]


class PostgresSchema:
    """A fresh schema on the given server for one run, dropped afterwards."""

    def __init__(self, server_url: str) -> None:
        from sqlalchemy import create_engine, make_url

        self.schema = f"bench_{uuid.uuid4().hex[:12]}"
        self.admin = create_engine(server_url)
        url = make_url(server_url).update_query_dict({"options": f"-csearch_path={self.schema}"})
        self.url = url.render_as_string(hide_password=False)

    def __enter__(self) -> str:
        from sqlalchemy import text

        with self.admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{self.schema}"'))
        return self.url

    def __exit__(self, *_exc) -> None:
        from sqlalchemy import text

        with self.admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{self.schema}" CASCADE'))
        self.admin.dispose()
