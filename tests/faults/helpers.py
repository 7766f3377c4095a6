"""What the fault tests share: a load running beside the test, gunicorn's workers, and the checks."""

from __future__ import annotations

import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from bench.soak import Load, run_load, stored_answers, verify


def start_load(port: int, token: str, *, seconds: float, clients: int = 16, attempts: int = 8) -> Future:
    """Resending respondents for `seconds` in the background; ``.result()`` is the :class:`Load`."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="load")
    future = pool.submit(run_load, port, token, clients=clients, seconds=seconds, attempts=attempts)
    pool.shutdown(wait=False)
    return future


def worker_pids(master: int) -> set[int]:
    """The processes whose parent is gunicorn's master `master`: its workers."""
    pids = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended while we looked
        if int(fields[1]) == master:
            pids.add(int(stat.parent.name))
    return pids


def wait_for_workers(master: int, count: int, without: set[int] = frozenset(), seconds: float = 30) -> set[int]:
    """Wait (at most `seconds`) until the master has `count` workers, none of them in `without`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        pids = worker_pids(master)
        if len(pids) == count and not pids & without:
            return pids
        time.sleep(0.2)
    raise AssertionError(f"gunicorn {master} did not have {count} new workers within {seconds} s: {pids}")


def assert_exactly_once(load: Load, url: str, after: Load | None = None) -> None:
    """Every thank-you page's response stored once with the answers sent; nothing stored twice or unasked."""
    outcomes = load.outcomes + (after.outcomes if after else [])
    check = verify(outcomes, stored_answers(url))
    print(
        f"acknowledged {check.acknowledged}, stored {check.stored}, "
        f"unacknowledged but stored {check.unacknowledged_stored}, resent requests {load.resent}"
    )
    assert check.lost == ()
    assert check.duplicated == ()
    assert check.changed == ()
    assert check.unexplained == ()
    assert check.stored == check.acknowledged + check.unacknowledged_stored


def assert_serves_cleanly(port: int, token: str) -> Load:
    """A short load afterwards, without resends: no error at all, some respondents done."""
    after = run_load(port, token, clients=4, seconds=4, attempts=1)
    assert [o.error for o in after.outcomes if o.error] == []
    assert after.acknowledged > 0
    return after
