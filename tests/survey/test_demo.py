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
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from flask import current_app
from sqlalchemy import func, select

from analysis import pool_effects
from analysis.meta import paired_change
from analysis.pairing import pair_waves
from analysis.response_table import ResponseTable
from analysis.scoring import score
from instruments.loader import load_library
from instruments.model import RespondentGroup
from survey.accounts.auth import authenticate
from survey.db import db
from survey.demo.collections import OPEN_COLLECTIONS, PAIRED_WAVES
from survey.demo.commands import DEMO_USERS, demo_command
from survey.demo.register_data import PROJECTS
from survey.models import Collection, CollectionStatus, Organisation, Project, ProjectKind, Response, Wave
from survey.pairing_codes import unseal
from survey.questionnaires import get_instrument

ROOT = Path(__file__).resolve().parents[2]
SHARED = "participation_youth"  # the questionnaire the demo's projects have in common


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


def _waves(spec) -> dict[str, Collection]:
    """A project's collections of the spec's questionnaire by wave."""
    query = select(Collection).join(Project).where(Project.code == spec.project)
    query = query.where(Collection.instrument_id == spec.instrument_id)
    return {collection.wave: collection for collection in db.session.scalars(query)}


def _scores(responses: list[Response], instrument) -> np.ndarray:
    """Each respondent's mean of the questionnaire's scale scores (reverse keys and missing codes as the analysis
    takes them)."""
    table = score(ResponseTable.from_answers([r.answers for r in responses], instrument), instrument)
    return np.nanmean(np.column_stack([table[scale.code] for scale in instrument.scales]), axis=1)


def _paired(spec):
    """The pairs of a project's baseline and follow-up and the change of their scale scores (after - before)."""
    waves = _waves(spec)
    baseline, follow_up = _responses(waves[Wave.BASELINE]), _responses(waves[Wave.FOLLOW_UP])
    key = current_app.config["ARVIO_PAIRING_KEY"]
    codes = [["-".join(value for _code, value in unseal(key, r.sealed_pairing_code) or ()) for r in wave]
             for wave in (baseline, follow_up)]  # fmt: skip
    pairs = pair_waves(*codes)
    instrument = get_instrument(spec.instrument_id, "1.0")
    before, after = _scores(baseline, instrument)[pairs.before], _scores(follow_up, instrument)[pairs.after]
    return baseline, follow_up, pairs, paired_change(before, after, standardised=False)


def test_demo_builds_the_programme_register_and_users(app, runner):
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


def test_demo_baseline_and_follow_up_waves_are_closed_kept_and_mostly_paired(app, runner):
    _run_demo(runner)

    with app.app_context():
        for spec in PAIRED_WAVES:
            waves = _waves(spec)
            for wave in (Wave.BASELINE, Wave.FOLLOW_UP):
                assert waves[wave].status() is CollectionStatus.CLOSED, (spec.project, wave)
                assert waves[wave].retention_until > date.today()
            baseline, follow_up, pairs, _change = _paired(spec)
            assert (len(baseline), len(follow_up)) == (spec.baseline, spec.follow_up)
            assert 40 <= len(follow_up) < len(baseline) <= 150, spec.project
            assert pairs.exact > len(baseline) / 2, "most baseline respondents came back with the same code"
            assert len(baseline) - pairs.n > 0, "some did not answer the follow-up"
            assert len(follow_up) - pairs.n > 0, "some answered only the follow-up"
            assert pairs.ambiguous == 0
        tolerant = [_paired(spec)[2].tolerant for spec in PAIRED_WAVES]
        assert sum(tolerant) >= len(PAIRED_WAVES), "some gave one part of their code differently"


def test_demo_projects_share_a_questionnaire_and_change_differently(app, runner):
    _run_demo(runner)

    shared = [spec for spec in PAIRED_WAVES if spec.instrument_id == SHARED]
    assert len(shared) >= 4
    assert {spec.change for spec in shared} >= {0.0} and min(spec.change for spec in shared) < 0
    with app.app_context():
        changes = {spec.project: _paired(spec)[3] for spec in shared}
        for spec in shared:  # on the 1-5 scale, within about two standard errors of the intended change
            assert abs(changes[spec.project].yi - spec.change) < 0.1, (spec.project, changes[spec.project].yi)
        pooled = pool_effects([c.yi for c in changes.values()], [c.vi for c in changes.values()])
        assert 0.1 < pooled.estimate < 0.4
        assert pooled.i2 > 75 and pooled.pi_low < 0 < pooled.pi_high  # the projects differ: heterogeneity

        for spec in PAIRED_WAVES:
            waves = _waves(spec)
            baseline, follow_up = _responses(waves[Wave.BASELINE]), _responses(waves[Wave.FOLLOW_UP])
            instrument = get_instrument(spec.instrument_id, "1.0")
            items = {code for scale in instrument.scales for code in scale.items}
            answers = [value for r in baseline + follow_up for code, value in r.answers.items() if code in items]
            lists = {instrument.choice_list(instrument.item(code)) for code in items}
            missing = {code for choices in lists for code in choices.missing_codes}
            assert set(answers) & missing, "some answers are don't know"
            assert len(answers) < len(items) * (len(baseline) + len(follow_up)), "some are left out"


def test_demo_has_an_open_collection_for_each_respondent_group_to_try(app, runner):
    result = _run_demo(runner)

    with app.app_context():
        collections = list(db.session.scalars(select(Collection)))
        open_ones = [c for c in collections if c.status() is CollectionStatus.OPEN]
        groups = {get_instrument(c.instrument_id, c.instrument_version).respondent_group for c in open_ones}
        general = {RespondentGroup.ADULTS, RespondentGroup.OTHER}  # no built-in instrument: nothing to try
        assert groups == set(RespondentGroup) - general
        assert sorted(len(_responses(c)) for c in open_ones) == sorted(spec.answers for spec in OPEN_COLLECTIONS)
        for collection in open_ones:
            assert f"/r/{collection.token}" in result.output
        assert sum(c.status() is CollectionStatus.NOT_YET_OPEN for c in collections) == 1


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
        assert len(links) == len(OPEN_COLLECTIONS)
        assert all(any(user.password in line for line in output) for user in DEMO_USERS)
        with urllib.request.urlopen(links[0], timeout=30) as page:
            assert page.status == 200 and '<html lang="fi">' in page.read().decode()
    finally:
        process.terminate()
        process.wait(timeout=30)
        process.stdout.close()
