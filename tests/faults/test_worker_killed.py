"""kill -9 of a gunicorn worker while a class is answering: nothing acknowledged is lost or stored twice."""

from __future__ import annotations

import os
import signal
import time

import pytest

from bench.submit_servers import ONE_ADDRESS_LIMITS, Gunicorn, prepare_database
from tests.faults.helpers import (
    assert_exactly_once,
    assert_serves_cleanly,
    start_load,
    wait_for_workers,
    worker_pids,
)

pytestmark = [pytest.mark.faults, pytest.mark.slow]
APP = "bench.submit_servers:arvio_app()"


def test_a_killed_worker_is_replaced_and_every_acknowledged_response_is_stored_once(database_url, server_args):
    token = prepare_database(database_url)
    env = {"DATABASE_URL": database_url, "SECRET_KEY": "faults", "ARVIO_PAIRING_KEY": "faults"}
    env.update(ONE_ADDRESS_LIMITS)  # every client is 127.0.0.1
    with Gunicorn(APP, env, server_args) as server:
        master = server.process.pid
        wait_for_workers(master, server_args.workers)
        load = start_load(server.port, token, seconds=16)
        time.sleep(6)
        victim = min(worker_pids(master))
        os.kill(victim, signal.SIGKILL)
        wait_for_workers(master, server_args.workers, without={victim})
        during = load.result(timeout=120)
        after = assert_serves_cleanly(server.port, token)
        assert server.process.poll() is None  # the same master throughout

    assert any(seen.status == 0 for seen in during.seen), "the killed worker cut no one's request"
    assert [s for s in during.seen if s.status and not s.own_page] == []  # no traceback, no bare page
    assert during.acknowledged > 0
    assert_exactly_once(during, database_url, after)
