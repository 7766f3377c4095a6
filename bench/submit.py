"""Submitting under load: many respondents answer at once through the real pages, against a bare Flask endpoint.

    .venv/bin/python bench/submit.py                  # SQLite, and PostgreSQL when $ARVIO_TEST_POSTGRES_URL is set
    .venv/bin/python bench/submit.py --postgres postgresql+psycopg://arvio:arvio@127.0.0.1:5432/arvio_test
    .venv/bin/python bench/submit.py --respondents 100 --clients 20  # quicker

Each client thread is one respondent at a time doing what a browser without JavaScript does on the built-in
``participation_youth`` questionnaire with the pairing code: GET the start page, read the CSRF token, POST
start, then GET and POST each of the six pages (answers from :mod:`survey.demo.responses`), the last with
"send", and GET the thank-you page: 15 requests, a fresh connection each, cookies kept. The same clients then
run the same number of requests against a bare Flask app (GET renders a small form page with a token kept in the
session cookie, POST checks the token and redirects) under the same gunicorn settings. Both apps are loaded
before the workers fork (``--preload``); for Arvio that includes the instrument library, so a worker's first
respondent does not pay for reading the YAML files.

Reported per run: respondents per second and its ratio to the bare endpoint's, p50/p95/p99 request latency
(all requests, and the final "send" alone), errors, and the responses counted in the database afterwards
against the thank-you pages the clients saw: each acknowledged submission must be stored exactly once.
Everything runs on 127.0.0.1 in a temporary directory, is bounded by ``--respondents`` and ``--time-limit``,
and stops its servers itself.
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
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.submit_servers import (  # noqa: E402
    INSTRUMENT,
    ONE_ADDRESS_LIMITS,
    Gunicorn,
    PostgresSchema,
    prepare_database,
    run_in_threads,
    stored_responses,
)

BARE_PAGES = 7  # GET+POST pairs per bare "respondent": start + six pages, plus one GET, as in the real flow
_HIDDEN = re.compile(r'name="(csrf_token|draft|shown)" value="([^"]*)"')


# --- one client ----------------------------------------------------------------------------------------------


@dataclass
class Tally:
    """What the clients saw, merged under a lock."""

    latencies: list[float] = field(default_factory=list)
    send_latencies: list[float] = field(default_factory=list)
    done: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Browser:
    """One respondent's HTTP session: a cookie jar and timed requests on fresh connections."""

    def __init__(self, port: int, latencies: list[float]) -> None:
        self.port, self.latencies, self.cookies = port, latencies, {}

    def request(self, method: str, path: str, form: list[tuple[str, str]] | None = None):
        status, location, text = self.exchange(method, path, form)
        if status >= 400:
            raise RuntimeError(f"{method} {path}: HTTP {status}")
        return status, location, text

    def exchange(self, method: str, path: str, form: list[tuple[str, str]] | None = None) -> tuple[int, str, str]:
        """One request on a fresh connection with this browser's cookies: (status, Location, page). Its latency
        is recorded and the cookies it sets are kept, whatever the status."""
        headers = {"Connection": "close", "Accept-Language": "fi"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = urlencode(form or []) if method == "POST" else None
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        self.latencies.append(time.perf_counter() - started)
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.headers.get("Location", ""), text


def _hidden(html: str) -> dict[str, str]:
    return dict(_HIDDEN.findall(html))


def answer_arvio(browser: Browser, token: str, instrument, person_seed: int) -> float:
    """One complete respondent; returns the latency of the final send."""
    from survey.demo.responses import Respondent, answer_questionnaire

    rng = random.Random(person_seed)
    person = Respondent.draw(rng, languages=("fi",), counties=("15", "90"))
    answers = answer_questionnaire(instrument, person, shift=0.0, rng=rng)
    _, _, html = browser.request("GET", f"/r/{token}")
    _, location, _ = browser.request("POST", f"/r/{token}/start", [("csrf_token", _hidden(html)["csrf_token"])])
    for _ in range(20):
        _, _, html = browser.request("GET", location)
        fields = _hidden(html)
        last = 'value="submit"' in html
        form = [
            ("csrf_token", fields["csrf_token"]),
            ("draft", fields["draft"]),
            ("action", "submit" if last else "next"),
        ]
        if "shown" in fields:
            form.append(("shown", fields["shown"]))
            for code in fields["shown"].split():
                value = answers.get(code)
                values = value if isinstance(value, list) else ([] if value is None else [value])
                form += [(code, str(v)) for v in values]
        else:  # the pairing-code page
            form += list(person.pairing_parts(instrument).items())
        path = location.split("?", 1)[0]
        before = len(browser.latencies)
        status, location, _ = browser.request("POST", path, form)
        if status != 302:
            raise RuntimeError(f"POST {path}: expected a redirect, got {status}")
        if location.endswith("/thanks"):
            send = browser.latencies[before]
            browser.request("GET", location)
            return send
    raise RuntimeError("the questionnaire did not end in 20 pages")


def answer_bare(browser: Browser) -> float:
    for _ in range(BARE_PAGES):
        _, _, html = browser.request("GET", "/")
        browser.request("POST", "/", [("csrf_token", _hidden(html)["csrf_token"])])
    send = browser.latencies[-1]
    browser.request("GET", "/")
    return send


def run_clients(port: int, respondents: int, clients: int, time_limit: float, one) -> tuple[Tally, float]:
    """`clients` threads answer until `respondents` are done or `time_limit` seconds have passed."""
    tally = Tally()
    counter = iter(range(respondents))
    deadline = time.monotonic() + time_limit

    def client() -> None:
        latencies: list[float] = []
        sends, done, errors = [], 0, []
        while time.monotonic() < deadline:
            with tally.lock:
                number = next(counter, None)
            if number is None:
                break
            try:
                sends.append(one(Browser(port, latencies), number))
                done += 1
            except Exception as error:  # every failure is counted and reported, the client goes on
                errors.append(f"{type(error).__name__}: {error}")
        with tally.lock:
            tally.latencies += latencies
            tally.send_latencies += sends
            tally.done += done
            tally.errors += errors

    return tally, run_in_threads(client, clients, "client")


# --- runs and the report -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    name: str
    respondents: int
    seconds: float
    latencies: list[float]
    send_latencies: list[float]
    errors: list[str]
    acknowledged: int | None = None  # thank-you pages seen, warm-up included (Arvio only)
    stored: int | None = None
    distinct: int | None = None
    server_errors: tuple[str, ...] = ()  # error lines from the server's log

    @property
    def rate(self) -> float:
        return self.respondents / self.seconds if self.seconds else 0.0


def run_bare(args: argparse.Namespace) -> Result:
    with Gunicorn("bench.submit_servers:bare_app()", {}, args) as server:
        run_clients(server.port, args.warmup, args.warmup, args.time_limit, lambda b, _n: answer_bare(b))
        tally, seconds = run_clients(
            server.port, args.respondents, args.clients, args.time_limit, lambda b, _n: answer_bare(b)
        )
    return Result("bare Flask", tally.done, seconds, tally.latencies, tally.send_latencies, tally.errors)


def run_arvio(args: argparse.Namespace, name: str, url: str) -> Result:
    from instruments.loader import load_library

    instrument = load_library().get(*INSTRUMENT)
    token = prepare_database(url)
    env = {"DATABASE_URL": url, "SECRET_KEY": "bench-secret", "ARVIO_PAIRING_KEY": "bench", **ONE_ADDRESS_LIMITS}

    def one(browser: Browser, number: int) -> float:
        return answer_arvio(browser, token, instrument, number)

    with Gunicorn("bench.submit_servers:arvio_app()", env, args) as server:
        warm, _ = run_clients(server.port, args.warmup, args.warmup, args.time_limit, one)
        tally, seconds = run_clients(
            server.port, args.respondents, args.clients, args.time_limit, lambda b, n: one(b, n + args.warmup)
        )
    stored, distinct = stored_responses(url)
    errors = warm.errors + tally.errors
    return Result(
        name,
        tally.done,
        seconds,
        tally.latencies,
        tally.send_latencies,
        errors,
        acknowledged=warm.done + tally.done,
        stored=stored,
        distinct=distinct,
        server_errors=tuple(server.errors),
    )


def _ms(values: list[float], q: float) -> str:
    import numpy as np

    return f"{1000 * float(np.percentile(values, q)):.0f}" if values else "-"


def report(results: list[Result], args: argparse.Namespace) -> bool:
    """Print the table; True when every Arvio run met the targets."""
    bare = results[0]
    print(
        f"\n{args.clients} clients, {args.respondents} respondents per run (+{args.warmup} warm-up), "
        f"gunicorn gthread {args.workers} workers x {args.threads} threads, 15 requests each\n"
    )
    print(
        f"{'run':<20}{'resp.':>6}{'s':>7}{'resp/s':>8}{'ratio':>7}{'p50':>6}{'p95':>6}{'p99':>6}"
        f"{'send p50/p95/p99 ms':>21}{'errors':>8}  stored / acknowledged"
    )
    met = True
    for r in results:
        ratio = r.rate / bare.rate if bare.rate else 0.0
        sends = "/".join(_ms(r.send_latencies, q) for q in (50, 95, 99))
        stored = "" if r.stored is None else f"  {r.stored} / {r.acknowledged} (distinct {r.distinct})"
        print(
            f"{r.name:<20}{r.respondents:>6}{r.seconds:>7.1f}{r.rate:>8.1f}{ratio:>7.2f}"
            f"{_ms(r.latencies, 50):>6}{_ms(r.latencies, 95):>6}{_ms(r.latencies, 99):>6}{sends:>21}"
            f"{len(r.errors):>8}{stored}"
        )
        if r is not bare:
            exact = r.stored == r.acknowledged == r.distinct
            met = met and ratio >= 0.5 and not r.errors and exact and r.respondents == args.respondents
    for r in results:
        for error in sorted(set(r.errors))[:5]:
            print(f"  {r.name}: {error}")
        for line in sorted(set(r.server_errors))[:5]:
            print(f"  {r.name}, server log: {line[:300]}")
    print(
        "\ntarget (>= 0.5 x bare throughput, no errors, every acknowledged response stored once):",
        "met" if met else "NOT met",
    )
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--respondents", type=int, default=300, help="complete responses per run")
    parser.add_argument("--clients", type=int, default=50, help="concurrent respondents")
    parser.add_argument("--warmup", type=int, default=10, help="respondents before timing starts")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker")
    parser.add_argument("--time-limit", type=float, default=180.0, help="seconds per run at most")
    parser.add_argument("--server-log", type=Path, help="keep the servers' logs in this directory")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("ARVIO_TEST_POSTGRES_URL"),
        help="PostgreSQL server URL (default $ARVIO_TEST_POSTGRES_URL); omit to skip",
    )
    args = parser.parse_args(argv)
    results = [run_bare(args)]
    with tempfile.TemporaryDirectory(prefix="arvio-bench-") as tmp:
        results.append(run_arvio(args, "Arvio on SQLite", f"sqlite:///{tmp}/arvio.sqlite"))
    if args.postgres:
        with PostgresSchema(args.postgres) as url:
            results.append(run_arvio(args, "Arvio on PostgreSQL", url))
    return 0 if report(results, args) else 1


if __name__ == "__main__":
    sys.exit(main())
