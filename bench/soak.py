"""Soak: many respondents answer through the real pages for minutes on end; every thank-you page must be true.

    .venv/bin/python bench/soak.py                          # 10 minutes, 50 respondents at once, PostgreSQL
    .venv/bin/python bench/soak.py --minutes 0.5 --clients 20
    .venv/bin/python bench/soak.py --sqlite                 # the embedded database instead

The server is gunicorn serving Arvio (``bench.submit_servers``: preloaded app, gthread workers) on 127.0.0.1,
with a fresh PostgreSQL schema (dropped afterwards) or a temporary SQLite file. Each client thread is one
respondent after another going through the built-in ``participation_youth`` questionnaire as a browser without
JavaScript does (start page, CSRF token, six pages, send, thank-you page: 15 requests). Every respondent writes
a unique marker into the open question, so afterwards each stored response is matched to the client that sent
it and its answers compared with what was sent: every acknowledged response (thank-you page seen) must be
stored exactly once with the same content. Unacknowledged responses may be stored only when the client saw an
error (a fault test); a soak run allows no error at all.

The run stops by itself after ``--minutes`` or ``--max-requests``, whichever comes first, and stops its server.
The fault tests (``tests/faults``) reuse :func:`run_load` and :func:`verify` with resending clients.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.submit import Browser, _hidden  # noqa: E402
from bench.submit_servers import (  # noqa: E402
    INSTRUMENT,
    ONE_ADDRESS_LIMITS,
    Gunicorn,
    PostgresSchema,
    _bench_app,
    prepare_database,
    run_in_threads,
)

MARKER_ITEM = "P_FEEDBACK"  # the questionnaire's open question carries each respondent's unique marker
THANKS = "panel--done"  # only the thank-you page has it
APP_PAGE = "/static/arvio.css"  # Arvio's own pages link its stylesheet; gunicorn's bare error pages do not
_HEADING = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
LOCAL_POSTGRES = "postgresql+psycopg://arvio:arvio@127.0.0.1:5432/arvio_test"


# --- one respondent ------------------------------------------------------------------------------------------


class ServerError(RuntimeError):
    """An HTTP error status; `body` is the page the respondent saw."""

    def __init__(self, method: str, path: str, status: int, body: str) -> None:
        super().__init__(f"{method} {path}: HTTP {status}")
        self.status, self.body = status, body


@dataclass
class Seen:
    """An error a client met: a refused or cut connection (status 0) or an error page."""

    status: int
    detail: str
    own_page: bool = False  # Arvio's own error page (not a traceback, not gunicorn's bare page)
    title: str = ""  # the error page's heading


class Session(Browser):
    """One respondent's browser (``bench.submit.Browser``) that sends a request again after an error.

    A request that fails (connection error, or a 5xx page) is sent again as a person pressing reload would,
    up to `attempts` times, pausing longer each time; error pages are kept so the caller can tell what the
    respondent saw.
    """

    def __init__(self, port: int, latencies: list[float], seen: list[Seen], attempts: int = 1) -> None:
        super().__init__(port, latencies)
        self.seen, self.attempts = seen, attempts
        self.resent = 0  # requests sent more than once

    def send(self, method: str, path: str, form: list[tuple[str, str]] | None = None):
        for attempt in range(self.attempts):
            if attempt:
                self.resent += 1
                time.sleep(min(0.25 * 2 ** (attempt - 1), 2.0))
            try:
                return self._once(method, path, form)
            except ServerError as error:
                if error.status < 500:
                    raise
                own = APP_PAGE in error.body and "Traceback" not in error.body
                title = _HEADING.search(error.body)
                self.seen.append(Seen(error.status, str(error), own, title.group(1).strip() if title else ""))
                last: Exception = error
            except (OSError, http.client.HTTPException) as error:
                self.seen.append(Seen(0, f"{method} {path}: {type(error).__name__}: {error}"))
                last = error
        raise last

    def _once(self, method: str, path: str, form):
        status, location, text = self.exchange(method, path, form)
        if status >= 400:
            raise ServerError(method, path, status, text)
        return status, location, text


@dataclass
class Outcome:
    """One respondent: what was sent, whether the send was attempted and whether a thank-you page came."""

    marker: str
    sent: dict[str, list[str]] = field(default_factory=dict)  # item code -> posted values
    sending: bool = False  # the final "send" was posted at least once
    acknowledged: bool = False  # the thank-you page was seen
    error: str = ""


def planned_answers(instrument, number: int, run: str) -> tuple[dict[str, object], object, str]:
    """The answers of respondent `number` (synthetic, reproducible) with its marker in the open question."""
    from survey.demo.responses import Respondent, answer_questionnaire

    rng = random.Random(number)
    person = Respondent.draw(rng, languages=("fi",), counties=("15", "90"))
    answers = answer_questionnaire(instrument, person, shift=0.0, rng=rng)
    marker = f"soak {run} respondent {number}"
    answers[MARKER_ITEM] = marker
    return answers, person, marker


def respond(session: Session, token: str, instrument, number: int, run: str) -> Outcome:
    """Answer the questionnaire once; errors end the respondent (after resends) and are kept in the outcome."""
    answers, person, marker = planned_answers(instrument, number, run)
    outcome = Outcome(marker)
    try:
        _, _, html = session.send("GET", f"/r/{token}")
        csrf = [("csrf_token", _hidden(html)["csrf_token"])]
        _, location, _ = session.send("POST", f"/r/{token}/start", csrf)
        for _ in range(20):
            _, _, html = session.send("GET", location)
            fields = _hidden(html)
            last = 'value="submit"' in html
            form = [("csrf_token", fields["csrf_token"]), ("draft", fields["draft"])]
            form.append(("action", "submit" if last else "next"))
            if "shown" in fields:
                form.append(("shown", fields["shown"]))
                for code in fields["shown"].split():
                    value = answers.get(code)
                    values = value if isinstance(value, list) else ([] if value is None else [value])
                    outcome.sent[code] = [str(v) for v in values]
                    form += [(code, str(v)) for v in values]
            else:  # the pairing-code page
                form += list(person.pairing_parts(instrument).items())
            outcome.sending = outcome.sending or last
            status, location, _ = session.send("POST", location.split("?", 1)[0], form)
            if status != 302:
                raise RuntimeError(f"a page answered {status} instead of a redirect")
            if location.endswith("/thanks"):
                _, _, html = session.send("GET", location)
                outcome.acknowledged = THANKS in html
                if not outcome.acknowledged:
                    raise RuntimeError("the send led to a page that is not the thank-you page")
                return outcome
        raise RuntimeError("the questionnaire did not end in 20 pages")
    except Exception as error:  # the respondent gives up; the load goes on and the error is reported
        outcome.error = f"{type(error).__name__}: {error}"
        return outcome


# --- many respondents --------------------------------------------------------------------------------------


@dataclass
class Load:
    """What all clients saw."""

    outcomes: list[Outcome] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    seen: list[Seen] = field(default_factory=list)
    resent: int = 0
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def acknowledged(self) -> int:
        return sum(o.acknowledged for o in self.outcomes)


def run_load(
    port: int,
    token: str,
    *,
    clients: int,
    seconds: float,
    attempts: int = 1,
    max_requests: int = 10_000_000,
    run: str = "",
    stop: threading.Event | None = None,
) -> Load:
    """`clients` threads answer, one respondent after another, for `seconds` (or until `max_requests` or
    `stop`); each request is sent up to `attempts` times."""
    from instruments.loader import load_library

    instrument = load_library().get(*INSTRUMENT)
    load, numbers = Load(), iter(range(10**9))
    run = run or f"{os.getpid()}-{time.time_ns()}"
    deadline = time.monotonic() + seconds
    stop = stop or threading.Event()

    def client() -> None:
        latencies: list[float] = []
        seen: list[Seen] = []
        outcomes, resent = [], 0
        while time.monotonic() < deadline and not stop.is_set():
            with load.lock:
                number = next(numbers)
                if number * 15 >= max_requests:
                    break
            session = Session(port, latencies, seen, attempts)
            outcomes.append(respond(session, token, instrument, number, run))
            resent += session.resent
        with load.lock:
            load.outcomes += outcomes
            load.latencies += latencies
            load.seen += seen
            load.resent += resent

    load.seconds = run_in_threads(client, clients, "respondent")
    return load


# --- exactly once --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """The database afterwards against what the clients saw."""

    stored: int
    acknowledged: int
    unacknowledged_stored: int  # sent, the client saw an error, yet stored: allowed once, never twice
    lost: tuple[str, ...]  # acknowledged markers not stored: a false thank-you page
    duplicated: tuple[str, ...]
    changed: tuple[str, ...]  # stored with answers other than those sent
    unexplained: tuple[str, ...]  # stored, but no client ever posted the send (or an unknown marker)

    @property
    def ok(self) -> bool:
        return not (self.lost or self.duplicated or self.changed or self.unexplained)


def stored_answers(url: str) -> list[dict[str, object]]:
    """The answers of every response in the database at `url`."""
    from sqlalchemy import select

    from survey.db import db
    from survey.models import Response

    app = _bench_app(url)
    with app.app_context():
        rows = list(db.session.scalars(select(Response.answers)))
        db.session.remove()  # give the connection back before the pool closes
        db.engine.dispose()
    return rows


def _as_sent(value: object) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [str(v) for v in values]


def verify(outcomes: list[Outcome], stored: list[dict[str, object]]) -> Check:
    """Match stored responses to the clients' outcomes by marker; compare count and content."""
    by_marker = {o.marker: o for o in outcomes}
    counts = Counter(str(answers.get(MARKER_ITEM)) for answers in stored)
    changed = []
    for answers in stored:
        outcome = by_marker.get(str(answers.get(MARKER_ITEM)))
        if outcome is None:
            continue
        stored_sent = {code: _as_sent(value) for code, value in answers.items()}
        expected = {code: values for code, values in outcome.sent.items() if values}
        if stored_sent != expected:
            changed.append(outcome.marker)
    acknowledged = {o.marker for o in outcomes if o.acknowledged}
    sending = {o.marker for o in outcomes if o.sending}
    return Check(
        stored=len(stored),
        acknowledged=len(acknowledged),
        unacknowledged_stored=len(set(counts) - acknowledged),
        lost=tuple(sorted(acknowledged - set(counts))),
        duplicated=tuple(sorted(m for m, n in counts.items() if n > 1)),
        changed=tuple(sorted(changed)),
        unexplained=tuple(sorted(set(counts) - sending)),
    )


# --- the soak run --------------------------------------------------------------------------------------------


def _ms(values: list[float], q: float) -> str:
    import numpy as np

    return f"{1000 * float(np.percentile(values, q)):.0f}" if values else "-"


def report(load: Load, check: Check, args: argparse.Namespace, database: str) -> bool:
    """Print the figures; True when there was no error and every response was stored exactly once."""
    errors = [o.error for o in load.outcomes if o.error]
    requests = len(load.latencies)
    print(
        f"\nsoak: {args.clients} clients for {load.seconds:.0f} s against gunicorn ({args.workers} workers x "
        f"{args.threads} threads) on {database}, 127.0.0.1"
    )
    print(
        f"respondents {load.acknowledged} ({load.acknowledged / load.seconds:.1f}/s), requests {requests} "
        f"({requests / load.seconds:.0f}/s)"
    )
    print(
        f"latency ms: p50 {_ms(load.latencies, 50)}, p95 {_ms(load.latencies, 95)}, "
        f"p99 {_ms(load.latencies, 99)}, max {_ms(load.latencies, 100)}"
    )
    print(f"errors: {len(errors)} respondents, {len(load.seen)} failed requests")
    for error in sorted(set(errors))[:5]:
        print(f"  {error}")
    print(
        f"exactly once: stored {check.stored}, acknowledged {check.acknowledged}, "
        f"unacknowledged but stored {check.unacknowledged_stored}, lost {len(check.lost)}, "
        f"duplicated {len(check.duplicated)}, changed {len(check.changed)}, unexplained {len(check.unexplained)}"
    )
    exact = check.ok and check.stored == check.acknowledged
    met = exact and not errors and not load.seen and load.acknowledged > 0
    print("result:", "PASS" if met else "FAIL")
    return met


def soak(args: argparse.Namespace, url: str) -> tuple[Load, Check]:
    """Prepare the database at `url`, serve it with gunicorn, run the load, then check what was stored."""
    token = prepare_database(url)
    env = {"DATABASE_URL": url, "SECRET_KEY": "bench-secret", "ARVIO_PAIRING_KEY": "bench", **ONE_ADDRESS_LIMITS}
    with Gunicorn("bench.submit_servers:arvio_app()", env, args) as server:
        load = run_load(
            server.port, token, clients=args.clients, seconds=60 * args.minutes, max_requests=args.max_requests
        )
    for line in sorted(set(server.errors))[:5]:
        print(f"server log: {line[:300]}")
    return load, verify(load.outcomes, stored_answers(url))


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="how long the load runs (default 10)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent respondents (default 50)")
    parser.add_argument("--max-requests", type=int, default=2_000_000, help="stop after about this many")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker")
    parser.add_argument("--server-log", type=Path, help="keep the server's log in this directory")
    parser.add_argument("--sqlite", action="store_true", help="a temporary SQLite file instead of PostgreSQL")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("ARVIO_TEST_POSTGRES_URL") or LOCAL_POSTGRES,
        help=f"PostgreSQL server URL (default $ARVIO_TEST_POSTGRES_URL, else {LOCAL_POSTGRES})",
    )
    args = parser.parse_args(argv)
    if args.minutes <= 0 or args.minutes > 120 or args.clients < 1 or args.clients > 500:
        parser.error("--minutes must be in (0, 120] and --clients in [1, 500]")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.sqlite:
        with tempfile.TemporaryDirectory(prefix="arvio-soak-") as tmp:
            load, check = soak(args, f"sqlite:///{tmp}/arvio.sqlite")
        database = "SQLite (WAL)"
    else:
        with PostgresSchema(args.postgres) as url:
            load, check = soak(args, url)
        database = "PostgreSQL"
    return 0 if report(load, check, args, database) else 1


if __name__ == "__main__":
    sys.exit(main())
