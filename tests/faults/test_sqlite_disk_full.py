"""The SQLite database's disk fills up while a class is answering: honest error pages, intact data, recovery."""

from __future__ import annotations

import os
import sqlite3

import pytest

from bench.submit_servers import ONE_ADDRESS_LIMITS, Gunicorn, prepare_database
from tests.faults.helpers import assert_exactly_once, assert_serves_cleanly, start_load

pytestmark = [pytest.mark.faults, pytest.mark.slow]
NOT_SAVED = "Tallentaminen ei onnistunut juuri nyt"  # the 503 page's heading in Finnish, the clients' language
ROOM = 256 * 1024  # what the filler leaves free: a few seconds of answers


def fill(directory, leave: int) -> os.PathLike:
    """A file taking all the space of `directory`'s file system but `leave` bytes; returns its path."""
    filler = directory / "filler"
    free = os.statvfs(directory).f_bavail * os.statvfs(directory).f_frsize
    with open(filler, "wb") as file:
        file.write(b"\0" * max(free - leave, 0))
    return filler


def test_a_full_disk_gives_error_pages_keeps_the_data_and_recovers_when_space_is_freed(small_disk, server_args):
    path = small_disk / "arvio.sqlite"
    url = f"sqlite:///{path}"
    token = prepare_database(url)
    env = {"DATABASE_URL": url, "SECRET_KEY": "faults", "ARVIO_PAIRING_KEY": "faults", **ONE_ADDRESS_LIMITS}
    with Gunicorn("bench.submit_servers:arvio_app()", env, server_args) as server:
        filler = fill(small_disk, ROOM)
        during = start_load(server.port, token, seconds=12, clients=12, attempts=2).result(timeout=120)
        filler.unlink()
        after = assert_serves_cleanly(server.port, token)

    print(f"{len(during.seen)} error pages: { ({(s.status, s.title) for s in during.seen}) }")
    assert during.seen, "the disk did not fill up"
    assert "database or disk is full" in (server_args.server_log / "arvio_app.log").read_text()  # for operators
    assert [s for s in during.seen if not s.own_page] == []
    assert {s.status for s in during.seen} == {503}
    assert {s.title for s in during.seen} == {NOT_SAVED}
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    connection.close()
    assert_exactly_once(during, url, after)
