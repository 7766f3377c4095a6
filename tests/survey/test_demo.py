"""`flask --app wsgi demo`: the demo register, users, collections and responses (SQLite and PostgreSQL)."""

import os
import queue
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path
from statistics import mean

import pytest
from sqlalchemy import func, select

from instruments.loader import load_library
from survey.accounts.auth import authenticate
from survey.db import db
from survey.demo.commands import DEMO_COLLECTIONS, DEMO_USERS, demo_command
from survey.demo.register_data import PROJECTS
from survey.models import Collection, Organisation, Project, ProjectKind, Response
from survey.questionnaires import get_instrument
from survey.respond.pairing_codes import unseal

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def built_in_library():
    return load_library()


@pytest.fixture
def app_config(built_in_library) -> dict:
    """The built-in library (this directory's default is a tiny test library), loaded once per module."""
    return {"ARVIO_INSTRUMENTS": built_in_library}


def _run_demo(runner, *args: str):
    result = runner.invoke(demo_command, list(args))
    if result.exception is not None:
        raise result.exception
    return result


def _responses(collection: Collection) -> list[Response]:
    return list(db.session.scalars(select(Response).where(Response.collection_id == collection.id)))


def _scale_mean(answers: dict, items: tuple[str, ...], scored: set) -> float | None:
    values = [answers[code] for code in items if answers.get(code) in scored]
    return mean(values) if len(values) >= len(items) / 2 else None


def test_demo_builds_the_programme_register_users_and_paired_responses(app, runner):
    result = _run_demo(runner)

    assert "12 projects, 30 organisations" in result.output
    for user in DEMO_USERS:
        assert user.email in result.output and user.password in result.output
    with app.app_context():
        projects = list(db.session.scalars(select(Project)))
        assert len(projects) == 12
        assert db.session.scalar(select(func.count(Organisation.id))) == 30
        assert Counter(p.kind for p in projects) == {ProjectKind.GROUP: 6, ProjectKind.SINGLE: 6}
        assert Counter(p.ministry for p in projects) == {"okm": 7, "stm": 3, "okm+stm": 2}
        counties = {county for p in projects for county in p.counties}
        assert len(counties) == 21 and not counties & {"07", "91"}
        stored = Counter(org.county for org in db.session.scalars(select(Organisation)))
        assert stored == Counter(org.county for spec in PROJECTS for org in spec.organisations)
        leads = {p.code: p.lead.name for p in projects}
        assert leads == {spec.code: next(o.name for o in spec.organisations if o.lead) for spec in PROJECTS}
        assert sum(len(p.partners) for p in projects) == sum(len(spec.partners) for spec in PROJECTS)

        for user in DEMO_USERS:
            signed_in = authenticate(user.email, user.password)
            assert signed_in is not None and signed_in.role is user.role
            assert sorted(p.code for p in signed_in.projects) == sorted(user.projects)

        for spec in DEMO_COLLECTIONS:
            waves = {
                c.wave: c
                for c in db.session.scalars(select(Collection).join(Project).where(Project.code == spec.project))
            }
            baseline, follow_up = _responses(waves["baseline"]), _responses(waves["follow_up"])
            assert (len(baseline), len(follow_up)) == (spec.baseline, spec.follow_up)
            assert waves["follow_up"].is_open() and not waves["baseline"].is_open()
            key = app.config["ARVIO_PAIRING_KEY"]
            codes = [{unseal(key, r.sealed_pairing_code) for r in wave} for wave in (baseline, follow_up)]
            pairs = codes[0] & codes[1]
            assert len(pairs) > spec.follow_up / 2, spec.project

            instrument = get_instrument(spec.instrument_id, "1.0")
            scale = instrument.scales[0]
            choices = instrument.choice_list(instrument.item(scale.items[0]))
            scored = {c.code for c in choices.scored}
            before = [m for r in baseline if (m := _scale_mean(r.answers, scale.items, scored)) is not None]
            after = [m for r in follow_up if (m := _scale_mean(r.answers, scale.items, scored)) is not None]
            assert mean(after) > mean(before), spec.project

            answers = [value for r in baseline + follow_up for code, value in r.answers.items()
                       if code in scale.items]  # fmt: skip
            assert set(answers) & choices.missing_codes, "some answers are don't know"
            assert len(answers) < len(scale.items) * (len(baseline) + len(follow_up)), "some are left out"


def test_demo_leaves_a_database_with_data_alone_unless_reset(app, runner):
    with app.app_context():
        db.session.add(Project(code="OWN-1", name="Oma hanke"))
        db.session.commit()

    result = _run_demo(runner)

    assert "not empty" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Project.id))) == 1

    _run_demo(runner, "--reset")

    with app.app_context():
        codes = set(db.session.scalars(select(Project.code)))
        assert len(codes) == 12 and "OWN-1" not in codes


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _lines_until(process: subprocess.Popen, last: str, timeout: float = 120) -> list[str]:
    """The command's output lines up to the one containing `last` (read in a thread: no hanging test)."""
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    seen, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            if process.poll() is not None:
                break
            continue
        seen.append(line.rstrip())
        if last in line:
            return seen
    raise AssertionError("`up` did not start:\n" + "\n".join(seen))


@pytest.mark.slow
def test_up_migrates_loads_the_demo_prints_logins_and_links_and_serves(tmp_path):
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'arvio.sqlite'}", "SECRET_KEY": "up-test",
           "PYTHONUNBUFFERED": "1"}  # fmt: skip
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "up", "--port", str(port)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)  # fmt: skip
    try:
        output = _lines_until(process, f"Running on http://127.0.0.1:{port}")
        links = [line.split()[-1] for line in output if f"http://127.0.0.1:{port}/r/" in line]
        assert len(links) == len(DEMO_COLLECTIONS)
        assert all(any(user.password in line for line in output) for user in DEMO_USERS)
        with urllib.request.urlopen(links[0], timeout=30) as page:
            assert page.status == 200 and '<html lang="fi">' in page.read().decode()
    finally:
        process.terminate()
        process.wait(timeout=30)
        process.stdout.close()
