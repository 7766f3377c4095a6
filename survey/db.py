"""The database handle and its setup: SQLAlchemy 2 through Flask-SQLAlchemy, migrations through Alembic."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from flask import Flask, g, has_app_context
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData, event
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names so that migrations are the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)
T = TypeVar("T")
migrate = Migrate(directory=str(Path(__file__).parent / "migrations"), render_as_batch=True)


def utcnow() -> datetime:
    """The current time as a naive UTC datetime: the one form stored on both databases."""
    return datetime.now(UTC).replace(tzinfo=None)


def reads_only() -> None:
    """Declare that the current request only reads the database (a respondent's GET).

    On SQLite its transactions then begin deferred: a read snapshot in WAL mode, instead of queueing behind
    writers for the write lock. A request that declared this must not write.
    """
    g.arvio_reads_only = True


def streamed_reads(pieces: Iterable[T]) -> Iterator[T]:
    """`pieces` as the body of a streamed response that reads the database after its view has returned (wrap
    it in ``stream_with_context``): the body's transaction only reads (:func:`reads_only`), so on SQLite a
    download, however slowly its client takes it, never holds the write lock respondents need."""
    reads_only()
    yield from pieces


def _end_request(_error: BaseException | None = None) -> None:
    """Undo :func:`reads_only` (a test may keep the app context)."""
    g.pop("arvio_reads_only", None)


def init_app(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db)
    app.teardown_request(_end_request)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _sqlite_pragmas)
            event.listen(db.engine, "begin", _sqlite_begin_immediate)


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    """WAL lets readers work while a response is written; foreign keys are off in SQLite by default."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # A writer waits for another up to gunicorn's request timeout rather than failing the respondent's request.
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
    # Let SQLAlchemy's "begin" event below start transactions instead of the driver's lazy deferred BEGIN.
    dbapi_connection.isolation_level = None


def _sqlite_begin_immediate(connection) -> None:
    """Take SQLite's write lock when a transaction starts, not half-way through it.

    A deferred transaction that has read and then wants to write cannot wait for the lock (its snapshot may be
    stale), so SQLite fails it at once with "database is locked" whatever the busy timeout. Starting every
    transaction with BEGIN IMMEDIATE makes concurrent writers queue for up to busy_timeout instead; readers are
    not blocked in WAL mode. A request that declared :func:`reads_only` begins deferred: it never writes, so
    it never needs the lock.
    """
    reading = has_app_context() and g.get("arvio_reads_only", False)
    connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")
