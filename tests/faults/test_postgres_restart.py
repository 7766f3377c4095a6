"""PostgreSQL restarts while a class is answering: error pages during the outage, then service as before."""

from __future__ import annotations

import subprocess
import time

import pytest
from sqlalchemy import text

from bench.submit_servers import ONE_ADDRESS_LIMITS, Gunicorn, PostgresSchema, prepare_database
from survey import create_app
from survey.db import db
from tests.faults.helpers import (
    assert_exactly_once,
    assert_serves_cleanly,
    start_load,
    wait_for_workers,
    worker_pids,
)

pytestmark = [pytest.mark.faults, pytest.mark.slow, pytest.mark.postgres]
NOT_SAVED = "Tallentaminen ei onnistunut juuri nyt"  # the 503 page's heading in Finnish, the clients' language


def test_a_database_restart_shows_error_pages_and_the_app_recovers_by_itself(private_postgres, server_args):
    version, cluster, url = private_postgres
    token = prepare_database(url)
    env = {"DATABASE_URL": url, "SECRET_KEY": "faults", "ARVIO_PAIRING_KEY": "faults", **ONE_ADDRESS_LIMITS}
    with Gunicorn("bench.submit_servers:arvio_app()", env, server_args) as server:
        workers = wait_for_workers(server.process.pid, server_args.workers)
        load = start_load(server.port, token, seconds=20, attempts=10)
        time.sleep(5)
        # A restart with a few seconds' outage in the middle, so that requests certainly meet it.
        subprocess.run(["pg_ctlcluster", version, cluster, "stop", "-m", "fast"], check=True, timeout=60)
        time.sleep(3)
        subprocess.run(["pg_ctlcluster", version, cluster, "start"], check=True, timeout=60)
        during = load.result(timeout=120)
        after = assert_serves_cleanly(server.port, token)
        assert worker_pids(server.process.pid) == workers  # no worker (let alone gunicorn) was restarted

    print({(s.status, s.title) for s in during.seen})
    assert during.seen, "no request met the outage"
    assert [s for s in during.seen if not s.own_page] == []  # Arvio's own pages: no traceback, no cut connection
    assert {s.status for s in during.seen} == {503}
    assert {s.title for s in during.seen} == {NOT_SAVED}
    assert_exactly_once(during, url, after)


def test_a_page_read_before_its_database_connection_died_is_still_delivered(postgres_server):
    with PostgresSchema(postgres_server) as url:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "faults"})

        @app.get("/probe")
        def probe():
            backend = db.session.execute(text("SELECT pg_backend_pid()")).scalar_one()
            with db.engine.connect() as other:  # the server ends the request's connection, as a restart does
                other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
            return "read before the restart"

        response = app.test_client().get("/probe")
        with app.app_context():
            db.engine.dispose()
    assert response.status_code == 200
    assert response.text == "read before the restart"
