"""Demo data and the two commands that start Arvio on a fresh machine: ``flask --app wsgi demo`` and ``up``.

The demo saves the programme register of :mod:`survey.demo.register_data` (12 projects, 30 organisations) through
:func:`survey.register.entities.save_project`, adds a demo user for each role, and adds the collections of
:mod:`survey.demo.collections` (closed baseline and follow-up waves of seven projects, five of them with the same
questionnaire, and an open collection for each respondent group) with synthetic responses
(:mod:`survey.demo.responses`) stored through :func:`survey.respond.responses.store_response`: the register and
the answers pass the same checks as the coordinator's form and a respondent's pages.

The demo passwords below are public: they exist so that anyone can try the app on their own machine. A
database holding demo users must never be used for real data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade
from sqlalchemy import func, select

from instruments.model import RespondentGroup
from survey.accounts.auth import create_user
from survey.collect.collections import response_counts
from survey.db import db, utcnow
from survey.demo.collections import (
    OPEN_COLLECTIONS,
    PAIRED_WAVES,
    add_not_yet_open,
    add_open_collection,
    add_paired_waves,
)
from survey.demo.register_data import PROJECTS, DemoProject
from survey.models import (
    BriefDescription,
    Collection,
    CollectionStatus,
    Organisation,
    Project,
    ProjectKind,
    Role,
    User,
)
from survey.register.entities import Implementer, Partner, ProjectData, save_project

SEED = 2026


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
    projects = {spec.code: _add_project(spec) for spec in PROJECTS}
    for spec in DEMO_USERS:
        user = create_user(spec.email, spec.password, role=spec.role, name=spec.name)
        user.projects.extend(projects[code] for code in spec.projects)
    db.session.commit()
    responses = sum(add_paired_waves(spec, projects[spec.project], now, _rng(seed, spec)) for spec in PAIRED_WAVES)
    responses += sum(
        add_open_collection(spec, projects[spec.project], now, _rng(seed, spec)) for spec in OPEN_COLLECTIONS
    )
    add_not_yet_open(projects["ARV-08"], now)
    _respondent_groups(projects.values())
    _add_brief_descriptions(projects, now)
    return DemoSummary(
        projects=len(projects),
        organisations=db.session.scalar(select(func.count(Organisation.id))) or 0,
        collections=db.session.scalar(select(func.count(Collection.id))) or 0,
        responses=responses,
    )


def _respondent_groups(projects) -> None:
    """The register's respondents of each demo project: the groups its demo collections ask (commits)."""
    order = [group.value for group in RespondentGroup]
    for project in projects:
        query = select(Collection.respondent_group).where(Collection.project_id == project.id)
        asked = set(db.session.scalars(query))
        project.respondent_groups = [group for group in order if group in asked]
    db.session.commit()


BRIEF_DESCRIPTIONS = {
    ("ARV-08", "participation_youth"): (
        "Kokosimme nuorisovaltuustot ja oppilaskunnat yhteisiin työpajoihin kahdeksan kertaa lukuvuoden aikana. "
        "Nuoret valmistelivat kolme aloitetta kunnan lautakunnille ja saivat jokaiseen kirjallisen vastauksen. "
        "Työpajoja ohjasivat nuorisotyöntekijät ja opettajat yhdessä."
    ),
}
"""The project teams' own words in their results brief (survey/brief/descriptions.py)."""


def _add_brief_descriptions(projects: dict[str, Project], now: datetime) -> None:
    for (code, instrument_id), text in BRIEF_DESCRIPTIONS.items():
        db.session.add(BriefDescription(project_id=projects[code].id, instrument_id=instrument_id, text=text,
                                        updated_at=now))  # fmt: skip
    db.session.commit()


def _rng(seed: int, spec) -> random.Random:
    """A generator of its own for each project's questionnaire: changing one leaves the others' answers alone."""
    return random.Random(f"{seed}-{spec.project}-{spec.instrument_id}")


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
        click.echo(f"  {c.project.code:<7} {c.instrument_key:<32} {c.wave:<10} "
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
