"""Command line: ``flask --app wsgi collection create|list|close``, ``purge-expired`` and ``user create``."""

from __future__ import annotations

import functools
from datetime import datetime

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext
from flask_babel import force_locale
from sqlalchemy import select

from survey.accounts.auth import create_user
from survey.collect import collections as service
from survey.db import db
from survey.models import Collection, Project, Role

collection_cli = AppGroup("collection", help="Create, list and close data collections.")
user_cli = AppGroup("user", help="Staff users.")


def _project(code: str) -> Project:
    project = db.session.scalar(select(Project).where(Project.code == code))
    if project is None:
        raise click.BadParameter(f"no project with code {code!r}", param_hint="--project")
    return project


def _collection(ref: str) -> Collection:
    query = select(Collection).where(Collection.token == ref)
    if ref.isdigit():
        query = select(Collection).where(Collection.id == int(ref))
    collection = db.session.scalar(query)
    if collection is None:
        raise click.BadParameter(f"no collection with id or token {ref!r}", param_hint="COLLECTION")
    return collection


def _in_english(command):
    """Messages of the services (translated for the web pages) in English on the command line."""

    @functools.wraps(command)
    def wrapped(*args, **kwargs):
        with force_locale("en"):
            return command(*args, **kwargs)

    return wrapped


@collection_cli.command("create")
@_in_english
@click.option("--project", "project_code", required=True, help="Project code from the register.")
@click.option("--instrument", "instrument_id", required=True, help="Instrument id, e.g. participation_youth.")
@click.option("--version", "instrument_version", required=True, help="Instrument version, e.g. 1.0.")
@click.option("--wave", default="baseline", show_default=True, help="baseline, follow_up, end or a label.")
@click.option("--language", "languages", multiple=True, help="Offered language (repeat); default all.")
@click.option("--opens", type=click.DateTime(), help="Opening time (UTC); default now.")
@click.option("--closes", type=click.DateTime(), help="Closing time (UTC).")
@click.option("--retention", type=click.DateTime(formats=["%Y-%m-%d"]), help="Delete responses after this day.")
@click.option("--pairing-code/--no-pairing-code", default=False, help="Ask the pairing code.")
@click.option("--label", default="", help="A name for staff, e.g. the school and class.")
def create_command(project_code, instrument_id, instrument_version, wave, languages, opens, closes, retention,
                   pairing_code, label) -> None:  # fmt: skip
    """Create a collection and print its respondent link path."""
    try:
        collection = service.create_collection(
            _project(project_code),
            instrument_id,
            instrument_version,
            wave=wave,
            languages=languages or None,
            opens_at=opens,
            closes_at=closes,
            retention_until=retention.date() if retention else None,
            ask_pairing_code=pairing_code,
            label=label,
        )
    except service.CollectionError as error:
        raise click.BadParameter(error.message, param_hint=f"--{error.field.replace('_', '-')}") from None
    click.echo(f"{collection.id}\t/r/{collection.token}\t{collection.status().value}")


@collection_cli.command("list")
@click.option("--project", "project_code", help="Only this project's collections.")
def list_command(project_code: str | None) -> None:
    """List collections: id, project, instrument, wave, status, responses, link."""
    project = _project(project_code) if project_code else None
    for c in service.list_collections(project):
        click.echo(
            f"{c.id}\t{c.project.code}\t{c.instrument_key}\t{c.wave}\t{c.status().value}\t"
            f"{service.response_counts([c])[c.id]}\t/r/{c.token}"
        )


@collection_cli.command("close")
@click.argument("ref", metavar="COLLECTION")
def close_command(ref: str) -> None:
    """Close a collection now (by id or token)."""
    collection = service.close_collection(_collection(ref))
    click.echo(f"{collection.id}\t{collection.status().value}")


@collection_cli.command("retention")
@click.argument("ref", metavar="COLLECTION")
@click.argument("until", type=click.DateTime(formats=["%Y-%m-%d"]))
@_in_english
def retention_command(ref: str, until: datetime) -> None:
    """Set the day after which a collection's responses are deleted (needed before it opens)."""
    try:
        collection = service.set_retention(_collection(ref), until.date())
    except service.CollectionError as error:
        raise click.BadParameter(error.message, param_hint="UNTIL") from None
    click.echo(f"{collection.id}\t{collection.status().value}\t{collection.retention_until}")


@click.command("purge-expired")
@with_appcontext
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Pretend today is this day.")
def purge_command(today: datetime | None) -> None:
    """Delete responses past their retention date and drafts of closed collections."""
    result = service.purge_expired(today.date() if today else None)
    click.echo(f"deleted {result.responses} responses and {result.drafts} drafts")


@user_cli.command("create")
@click.option("--email", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.TEAM_MEMBER.value)
@click.option("--name", default="")
@click.option("--project", "project_codes", multiple=True, help="Member of this project (repeat).")
@click.password_option()
def user_create_command(email: str, role: str, name: str, project_codes: tuple[str, ...], password: str) -> None:
    """Create a staff user."""
    projects = [_project(code) for code in project_codes]
    user = create_user(email, password, role=role, name=name)
    user.projects.extend(projects)
    db.session.commit()
    click.echo(f"{user.id}\t{user.email}\t{user.role.value}")


def init_app(app: Flask) -> None:
    app.cli.add_command(collection_cli)
    app.cli.add_command(user_cli)
    app.cli.add_command(purge_command)
