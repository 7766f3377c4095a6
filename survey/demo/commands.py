"""Demo data and the two commands that start Arvio on a fresh machine: ``flask --app wsgi demo`` and ``up``.

The demo saves the programme register of :mod:`survey.demo.register_data` (12 projects, 30 organisations) through
:func:`survey.register.entities.save_project`, adds a demo user for each role, and opens baseline and follow-up
collections for four projects with synthetic responses (:mod:`survey.demo.responses`) stored through
:func:`survey.respond.responses.store_response`: the register and the answers pass the same checks as the
coordinator's form and a respondent's pages.

The demo passwords below are public: they exist so that anyone can try the app on their own machine. A
database holding demo users must never be used for real data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade
from sqlalchemy import func, select

from survey.accounts.auth import create_user
from survey.collect.collections import create_collection, response_counts
from survey.db import db, utcnow
from survey.demo.register_data import PROJECTS, DemoProject
from survey.demo.responses import Respondent, answer_questionnaire
from survey.models import Collection, CollectionStatus, Organisation, Project, ProjectKind, Role, User, Wave
from survey.questionnaires import get_instrument
from survey.register.entities import Implementer, Partner, ProjectData, save_project
from survey.respond.responses import store_response

SEED = 2026
FOLLOW_UP_SHIFT = 0.3  # latent SD units: follow-up scale means come out about d = 0.3 higher
RETURNING_SHARE = 0.65  # follow-up respondents who also answered at baseline (same pairing code)
MISTYPED_CODE_SHARE = 0.05  # returning respondents who give one part of their code differently


@dataclass(frozen=True)
class DemoUser:
    email: str
    password: str  # a public demo value, printed by the commands
    role: Role
    name: str
    projects: tuple[str, ...] = ()


DEMO_USERS = (
    DemoUser("coordinator@arvio.example", "demo-coordinator-2026", Role.COORDINATOR, "Demo Koordinaattori"),
    DemoUser(
        "evaluator@arvio.example",
        "demo-evaluator-2026",
        Role.EVALUATOR,
        "Demo Arvioija",
        ("ARV-01", "ARV-03", "ARV-08", "ARV-12"),
    ),
    DemoUser("team01@arvio.example", "demo-team-2026", Role.TEAM_MEMBER, "Demo Hanketiimi 01", ("ARV-01",)),
    DemoUser("team08@arvio.example", "demo-team-2026", Role.TEAM_MEMBER, "Demo Hanketiimi 08", ("ARV-08",)),
)


@dataclass(frozen=True)
class DemoCollection:
    """A project's baseline and follow-up of one questionnaire, with how many answer each wave."""

    project: str
    instrument_id: str
    label: str
    baseline: int
    follow_up: int


DEMO_COLLECTIONS = (
    DemoCollection("ARV-01", "participation_parents", "Perhekeskus, vanhemmat", 120, 95),
    DemoCollection("ARV-03", "participation_children", "Alakoulut, 3.–6. luokat", 150, 120),
    DemoCollection("ARV-08", "participation_youth", "Nuorisovaltuustot ja oppilaskunnat", 140, 110),
    DemoCollection("ARV-12", "gender_equality_youth", "Lukion 1. vuosikurssi", 110, 90),
)


@dataclass(frozen=True)
class DemoSummary:
    projects: int
    organisations: int
    collections: int
    responses: int


def database_is_empty() -> bool:
    """No project and no user yet: a fresh installation."""
    projects = db.session.scalar(select(func.count(Project.id)))
    users = db.session.scalar(select(func.count(User.id)))
    return not projects and not users


def build_demo(now: datetime | None = None, seed: int = SEED) -> DemoSummary:
    """Fill an empty database with the demo register, users, collections and responses (commits)."""
    now = now or utcnow()
    rng = random.Random(seed)
    projects = {spec.code: _add_project(spec) for spec in PROJECTS}
    for spec in DEMO_USERS:
        user = create_user(spec.email, spec.password, role=spec.role, name=spec.name)
        user.projects.extend(projects[code] for code in spec.projects)
    db.session.commit()
    responses = sum(_add_waves(spec, projects[spec.project], now, rng) for spec in DEMO_COLLECTIONS)
    _add_not_yet_open(projects["ARV-08"], now)
    return DemoSummary(
        projects=len(projects),
        organisations=db.session.scalar(select(func.count(Organisation.id))) or 0,
        collections=db.session.scalar(select(func.count(Collection.id))) or 0,
        responses=responses,
    )


def load_register() -> dict[str, Project]:
    """Only the demo register (no users, collections or responses), by project code (commits)."""
    projects = {spec.code: _add_project(spec) for spec in PROJECTS}
    return projects


def _add_project(spec: DemoProject) -> Project:
    """Save one register entry through the coordinator's own checks (:func:`~.entities.save_project`)."""
    data = ProjectData(
        code=spec.code,
        name=spec.name,
        kind=(ProjectKind.GROUP if spec.is_group else ProjectKind.SINGLE).value,
        ministries=spec.ministries,
        sectors=spec.sectors,
        implementers=tuple(Implementer(o.name, o.type, o.county, o.lead) for o in spec.organisations),
        partners=tuple(Partner(p.name, p.county) for p in spec.partners),
    )
    return save_project(data)


def _add_waves(spec: DemoCollection, project: Project, now: datetime, rng: random.Random) -> int:
    """Baseline (closed, half a year ago) and follow-up (open now) with their responses; returns the count."""
    retention = (now + timedelta(days=3 * 365)).date()
    common = {"label": spec.label, "retention_until": retention, "ask_pairing_code": True}
    baseline = create_collection(project, spec.instrument_id, "1.0", wave=Wave.BASELINE.value,
                                 opens_at=now - timedelta(days=200), closes_at=now - timedelta(days=150),
                                 **common)  # fmt: skip
    follow_up = create_collection(project, spec.instrument_id, "1.0", wave=Wave.FOLLOW_UP.value,
                                  opens_at=now - timedelta(days=21), closes_at=now + timedelta(days=40),
                                  **common)  # fmt: skip
    codes: set[tuple[str, ...]] = set()
    first = [_new_person(baseline, project, codes, rng) for _ in range(spec.baseline)]
    returning = rng.sample(first, k=min(len(first), round(spec.follow_up * RETURNING_SHARE)))
    second = [_returning(person, rng) for person in returning]
    second += [_new_person(follow_up, project, codes, rng) for _ in range(spec.follow_up - len(second))]
    rng.shuffle(second)
    _store(baseline, first, 0.0, now, rng)
    _store(follow_up, second, FOLLOW_UP_SHIFT, now, rng)
    return len(first) + len(second)


def _new_person(collection: Collection, project: Project, used: set, rng: random.Random) -> Respondent:
    """A new respondent whose pairing code nobody else in the project has."""
    while True:
        person = Respondent.draw(rng, languages=collection.languages, counties=project.counties)
        key = tuple(person.pairing_code.values())
        if key not in used:
            used.add(key)
            return person


def _returning(person: Respondent, rng: random.Random) -> Respondent:
    if rng.random() >= MISTYPED_CODE_SHARE:
        return person
    code = {**person.pairing_code, "month": str(int(person.pairing_code["month"]) % 12 + 1)}
    return Respondent(person.attitude, person.language, person.county, code)


def _store(collection: Collection, people: list[Respondent], shift: float, now: datetime, rng) -> None:
    """Store the answers through the same checks as a submitted form, spread over the weeks it was open."""
    instrument = get_instrument(collection.instrument_id, collection.instrument_version)
    start = collection.opens_at
    span = (min(collection.closes_at or now, now) - start).total_seconds()
    for person in people:
        store_response(
            collection,
            answer_questionnaire(instrument, person, shift=shift, rng=rng),
            language=person.language,
            pairing_code=person.pairing_parts(instrument),
            submitted_at=start + timedelta(seconds=rng.uniform(0, max(span, 1))),
        )


def _add_not_yet_open(project: Project, now: datetime) -> None:
    """An end-of-project wave that opens later: shows staff (and respondents) what a future link does."""
    create_collection(project, "participation_youth", "1.0", wave=Wave.END.value, label="Loppukysely",
                      opens_at=now + timedelta(days=120), closes_at=now + timedelta(days=150),
                      retention_until=(now + timedelta(days=3 * 365)).date(), ask_pairing_code=True)  # fmt: skip


def reset_database() -> None:
    """Delete every row of every table (the schema stays)."""
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


# --- the commands -----------------------------------------------------------------------------------------


def _echo_logins() -> None:
    present = set(db.session.scalars(select(User.email)))
    shown = [spec for spec in DEMO_USERS if spec.email in present]
    if not shown:
        return
    click.echo("Demo sign-ins (public demo passwords - never use this database for real data):")
    for spec in shown:
        click.echo(f"  {spec.role.value:<12} {spec.email:<28} {spec.password}")


def _echo_links(base_url: str) -> None:
    collections = db.session.scalars(select(Collection).order_by(Collection.id))
    open_ones = [c for c in collections if c.status() is CollectionStatus.OPEN]
    counts = response_counts(open_ones)
    if not open_ones:
        return
    click.echo("Open questionnaires (respondent links):")
    for c in open_ones:
        click.echo(f"  {c.project.code:<7} {c.instrument_key:<30} {c.wave:<10} "
                   f"{counts[c.id]:>4} answers  {base_url}/r/{c.token}")  # fmt: skip


@click.command("demo")
@click.option("--reset", is_flag=True, help="Delete everything in the database first.")
@with_appcontext
def demo_command(reset: bool) -> None:
    """Fill the database with the demo programme, users, collections and responses."""
    if reset:
        reset_database()
    elif not database_is_empty():
        click.echo("The database is not empty: nothing was added (--reset replaces everything with the demo).")
        return
    summary = build_demo()
    click.echo(
        f"Demo data: {summary.projects} projects, {summary.organisations} organisations, "
        f"{summary.collections} collections, {summary.responses} responses."
    )
    _echo_logins()
    _echo_links("")


@click.command("up")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to serve on.")
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--demo/--no-demo", "with_demo", default=True, help="Load the demo into an empty database.")
@with_appcontext
def up_command(host: str, port: int, with_demo: bool) -> None:
    """Migrate the database, load the demo into an empty one, and serve the app."""
    from werkzeug.serving import run_simple

    upgrade(revision="heads")  # every branch of the schema, as the tests do
    if with_demo and database_is_empty():
        summary = build_demo()
        click.echo(f"Loaded the demo: {summary.projects} projects, {summary.responses} responses.")
    base_url = f"http://{host}:{port}"
    _echo_logins()
    _echo_links(base_url)
    click.echo(f"Staff sign-in: {base_url}/staff/login   (stop with Ctrl+C)")
    db.session.remove()
    db.engine.dispose()  # the server starts with fresh connections (the demo load changed one pragma)
    run_simple(host, port, current_app._get_current_object(), threaded=True)


def init_app(app: Flask) -> None:
    """Add the ``demo`` and ``up`` commands to ``flask --app wsgi``."""
    app.cli.add_command(demo_command)
    app.cli.add_command(up_command)
