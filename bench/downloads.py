"""Downloads of 200,000 stored responses through the app: peak memory and the first CSV byte, streamed against
the whole table loaded.

    .venv/bin/python bench/downloads.py                        # SQLite, and PostgreSQL when a URL is set (below)
    .venv/bin/python bench/downloads.py --responses 20000      # quicker
    .venv/bin/python bench/downloads.py --postgres postgresql+psycopg://arvio:arvio@127.0.0.1:5432/arvio_test
    .venv/bin/python bench/downloads.py --formats csv xlsx sav # the SPSS file too

The data: one project with two closed collections of the built-in ``participation_youth`` questionnaire
(baseline and follow-up, half the responses each) with pairing codes: 80 % of the follow-up respondents come
back (one in eight of them mistypes one part of the code), 20 % are new. The answers are drawn by the demo's
model (:mod:`survey.demo.responses`) from a pool of 5,000 answered questionnaires per wave; every response is
stored as its own row. Sealing a code costs a little, so each distinct code is sealed once and its sealed
value reused (the app opens each row's code all the same). Rows are written with bulk inserts.

Each download runs in a fresh subprocess, through the app's own routes with Flask's test client, as a signed-in
team member with the raw-data grant:

- ``streamed``: the app as it is, ``/staff/projects/ID/results/download/csv`` and ``.../download.xlsx``. The CSV
  is written into the response while its rows are read from the database
  (:func:`survey.results.downloads.send_responses`); the workbook needs the report, whose table is built
  column by column from batches (:func:`survey.results.dataset.response_table`).
- ``whole``: the path before downloads streamed, kept here only as this benchmark's baseline: every response
  as a dict of its columns, one table made of the list of dicts (:func:`dict_table`), the report built on it,
  and each file, the CSV included, written from the report to a temporary file and then sent.

Memory is the child's peak resident set (``resource.getrusage`` ``ru_maxrss``, cross-checked with the kernel's
VmHWM): what the operating system gives the app process, NumPy, the database driver and C libraries included,
which tracemalloc would not all see (it also slows Python down several times). Before the download, each child
warms up on a small project the same way (so that every library is loaded and the first-use costs are paid);
the growth is the peak during the download minus the resident set before it. Time to the first byte is when
the test client has the first piece of the body; the rows the app had read from the database by then are
counted, and, after the download, a plain read of all the rows is timed for comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.submit_servers import PostgresSchema  # noqa: E402

INSTRUMENT = ("participation_youth", "1.0")
KEY = "bench-pairing-key"
POOL = 5_000  # answered questionnaires per wave, drawn by the demo's model
INSERT_ROWS = 5_000
TARGET_GROWTH_MIB = 300
URLS = {
    "streamed": {
        "csv": "/staff/projects/{p}/results/download/csv",
        "xlsx": "/staff/projects/{p}/results/download.xlsx",
        "sav": "/staff/projects/{p}/results/download/sav",
    },
    "whole": {kind: f"/bench/whole/{{p}}/{kind}" for kind in ("csv", "xlsx", "sav")},
}


def app_for(url: str):
    from survey import create_app

    config = {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-secret", "ARVIO_PAIRING_KEY": KEY,
              "ARVIO_PASSWORD_PROFILE": "CHEAPEST"}  # fmt: skip
    return create_app(config)


# --- the data ----------------------------------------------------------------------------------------------------


def store(url: str, responses: int, seed: int = 2026) -> dict[str, int]:
    """Migrate the database; store the big project (`responses`) and a small one (for warming up), and a team
    member of both with the raw-data grant."""
    from flask_migrate import upgrade

    from survey.accounts.auth import create_user
    from survey.db import db
    from survey.models import Role

    app = app_for(url)
    with app.app_context():
        upgrade(revision="heads")
        rng = random.Random(seed)
        projects = [_project("BIG", responses, rng), _project("SMALL", 40, rng)]
        user = create_user("tiimi@example.fi", "salasana-123", role=Role.TEAM_MEMBER)
        user.projects.extend(projects)
        user.raw_data_grant = True
        db.session.commit()
        ids = {"big": projects[0].id, "small": projects[1].id, "user": user.id, "version": user.session_version}
        db.session.remove()
        db.engine.dispose()
    return ids


def _project(code: str, responses: int, rng: random.Random):
    """A project with a closed baseline and follow-up of `responses` in all, stored in bulk."""
    from sqlalchemy import insert

    from survey.collect.collections import close_collection, create_collection
    from survey.db import db, utcnow
    from survey.models import Project, Response
    from survey.questionnaires import get_instrument
    from survey.respond.responses import seal_pairing_code

    instrument = get_instrument(*INSTRUMENT)
    project = Project(code=code, name=f"Kuormitus {code}")
    db.session.add(project)
    db.session.commit()
    opened = utcnow() - timedelta(days=60)
    waves = {
        wave: create_collection(project, *INSTRUMENT, wave=wave, ask_pairing_code=True, opens_at=opened,
                                retention_until=date.today() + timedelta(days=365))
        for wave in ("baseline", "follow_up")
    }  # fmt: skip
    sealed: dict[tuple, str] = {}
    rows: list[dict] = []
    for number, (wave, language, answers, parts) in enumerate(_people(instrument, responses, rng)):
        key = tuple(parts.items())
        if key not in sealed:
            sealed[key] = seal_pairing_code(instrument, parts)
        rows.append({
            "collection_id": waves[wave].id, "instrument_id": INSTRUMENT[0], "instrument_version": INSTRUMENT[1],
            "language": language, "answers": answers, "sealed_pairing_code": sealed[key],
            "submission_token": code_token(rng), "submitted_at": opened + timedelta(seconds=5 * number),
        })  # fmt: skip
        if len(rows) == INSERT_ROWS:
            db.session.execute(insert(Response), rows)
            rows = []
    if rows:
        db.session.execute(insert(Response), rows)
    db.session.commit()
    for collection in waves.values():
        close_collection(collection)
    print(f"stored {responses:,} responses of project {code} ({len(sealed):,} distinct codes sealed)", flush=True)
    return project


def code_token(rng: random.Random) -> str:
    """A submission token as the app makes them: 43 URL-safe characters (here from the seeded generator)."""
    return "".join(rng.choices("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_", k=43))


def _people(instrument, responses: int, rng: random.Random):
    """(wave, language, answers, pairing code) per response: the baseline, then the follow-up."""
    from survey.demo.responses import Respondent, answer_questionnaire

    def draw():
        return Respondent.draw(rng, languages=("fi", "sv", "en"), counties=("01", "06", "15", "19"))

    size = min(POOL, responses)
    pools = {
        wave: [answer_questionnaire(instrument, draw(), shift=shift, rng=rng) for _ in range(size)]
        for wave, shift in (("baseline", 0.0), ("follow_up", 0.2))
    }
    half = responses // 2
    baseline = [draw() for _ in range(half)]
    returning = rng.sample(baseline, (responses - half) * 4 // 5)
    follow_up = [(person, i % 8 == 0) for i, person in enumerate(returning)]
    follow_up += [(draw(), False) for _ in range(responses - half - len(returning))]
    rng.shuffle(follow_up)
    for person in baseline:
        yield "baseline", person.language, rng.choice(pools["baseline"]), person.pairing_parts(instrument)
    for person, mistyped in follow_up:
        code = person.pairing_parts(instrument)
        if mistyped:
            part = rng.choice(list(code))
            mistyped = "2" if code[part] == "1" else "1"  # another number every prompt accepts (month 1-12)
            code[part] = mistyped if code[part].isdigit() else ("Q" if code[part] != "Q" else "W")
        yield "follow_up", person.language, rng.choice(pools["follow_up"]), code


# --- the baseline: the whole table loaded --------------------------------------------------------------------


def dict_table(collections, instrument=None, *, pairing: bool = True, released: bool = False, now=None):
    """The responses table as the app built it before downloads streamed (the benchmark's baseline only):
    every response as a dict of its columns, then one table made from the list of dicts."""
    from flask import current_app

    from analysis.response_table import ResponseTable
    from survey.pairing_codes import new_table_key, part_hashes, unseal
    from survey.results import dataset

    instrument = instrument or dataset.instrument_of(collections)
    key, programme = (new_table_key() if pairing else None), current_app.config["ARVIO_PAIRING_KEY"]
    codes = [item.code for item in instrument.answered_items]

    def opened(sealed):
        parts = unseal(programme, sealed) if sealed and key else None
        return part_hashes(key, parts) if parts else ""

    rows = [
        {"response_id": row.response_id, "project": row.project, "collection": row.collection, "wave": row.wave,
         "submitted_at": row.submitted_at, "language": row.language, "pairing_code": opened(row.sealed),
         **{code: row.answers.get(code) for code in codes}}
        for batch in dataset.response_rows(collections, released=released, now=now) for row in batch
    ]  # fmt: skip
    return ResponseTable.from_answers(rows, instrument)


def add_whole_table_route(app) -> None:
    """``/bench/whole/PROJECT/KIND``: the project's file as before, from a report on the dict-built table."""
    from flask_login import current_user

    from survey.results import downloads, reports

    reports.response_table = dict_table  # this child process only: report_for builds the table as before

    @app.get("/bench/whole/<int:project_id>/<kind>")
    def whole(project_id: int, kind: str):
        results = reports.report_for(current_user, project_ids=[project_id], instrument_id=INSTRUMENT[0])
        return downloads.send(results, current_user, kind)


# --- one download, measured in a fresh process ---------------------------------------------------------------


class RowsRead:
    """Counts the rows the app has taken from the database (every table and file reads them through
    :func:`survey.results.rows.response_rows`, by way of :mod:`survey.results.dataset`)."""

    def __init__(self) -> None:
        from survey.results import dataset

        self.rows, self.read = 0, dataset.response_rows
        dataset.response_rows = self.counted

    def counted(self, *args, **kwargs):
        batches = self.read(*args, **kwargs)  # as the app's: the collections are read now, the rows as taken

        def taken():
            for batch in batches:
                self.rows += len(batch)
                yield batch

        return taken()


def child(spec: dict) -> dict:
    """Warm up on the small project, then download the big one's file once; what it cost."""
    app = app_for(spec["url"])
    if spec["path"] == "whole":
        add_whole_table_route(app)
    counter = RowsRead()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = f"{spec['user']}:{spec['version']}"
        session["_fresh"] = True
    url = URLS[spec["path"]][spec["kind"]]
    for _ in range(2):
        _download(client, url.format(p=spec["small"]), counter)
    before = _status("VmRSS")
    result = _download(client, url.format(p=spec["big"]), counter)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result.update(rss_before=before, peak=peak, hwm=_status("VmHWM"))
    if spec["kind"] == "csv" and spec["path"] == "streamed":
        result["read_all"] = _read_all(app, spec["big"])
    return result


def _download(client, url: str, counter: RowsRead) -> dict:
    counter.rows = 0
    started = time.perf_counter()
    response = client.get(url)  # the test client has taken the body's first piece when it returns
    first, rows_then = time.perf_counter() - started, counter.rows
    if response.status_code != 200:
        raise RuntimeError(f"GET {url}: HTTP {response.status_code}")
    size = sum(len(piece) for piece in response.response)
    response.close()
    return {"first_byte": first, "complete": time.perf_counter() - started, "bytes": size,
            "rows_at_first_byte": rows_then, "rows": counter.rows}  # fmt: skip


def _read_all(app, project_id: int) -> float:
    """Seconds to read every row of the project from the database and do nothing with them."""
    from sqlalchemy import select

    from survey.db import db
    from survey.models import Collection
    from survey.results.rows import response_rows

    with app.app_context():
        collections = list(db.session.scalars(select(Collection).where(Collection.project_id == project_id)))
        started = time.perf_counter()
        for _batch in response_rows(collections):
            pass
        return time.perf_counter() - started


def _status(field: str) -> float:
    """A memory figure of this process from the kernel, in MiB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


# --- the runs and the table ----------------------------------------------------------------------------------


def measure(url: str, ids: dict[str, int], kind: str, path: str, timeout: float) -> dict:
    spec = {"url": url, "kind": kind, "path": path, **ids}
    done = subprocess.run([sys.executable, __file__, "--child", json.dumps(spec)], capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"{path} {kind} download failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(name: str, url: str, args: argparse.Namespace) -> list[str]:
    """Store the data in `url`, measure every download, print the table; the targets missed."""
    started = time.perf_counter()
    ids = store(url, args.responses)
    print(f"{name}: data stored in {time.perf_counter() - started:.0f} s", flush=True)
    results = {}
    for kind in args.formats:
        for path in ("streamed", "whole"):
            results[kind, path] = measure(url, ids, kind, path, args.timeout)
            _print_row(name, kind, path, results[kind, path], args.responses)
    missed = []
    for kind in args.formats:
        streamed, whole = results[kind, "streamed"], results[kind, "whole"]
        growth = streamed["peak"] - streamed["rss_before"]
        ratio = growth / max(whole["peak"] - whole["rss_before"], 1e-9)
        print(f"{name} {kind}: growth streamed / whole table = {ratio:.2f}; complete {streamed['complete']:.1f} s "
              f"against {whole['complete']:.1f} s", flush=True)  # fmt: skip
        if growth >= TARGET_GROWTH_MIB:
            missed.append(f"{name} {kind}: the peak grew by {growth:.0f} MiB (target: under {TARGET_GROWTH_MIB})")
    csv = results.get(("csv", "streamed"))
    if csv is not None:
        print(
            f"{name} csv: first byte after {csv['first_byte']:.2f} s with {csv['rows_at_first_byte']:,} of "
            f"{csv['rows']:,} rows read; reading all rows alone takes {csv['read_all']:.1f} s",
            flush=True,
        )
        if csv["rows_at_first_byte"] >= csv["rows"]:
            missed.append(f"{name} csv: the first byte left only after the last row was read")
    return missed


def _print_row(name: str, kind: str, path: str, r: dict, responses: int) -> None:
    print(
        f"| {name} | {responses:,} | {kind} | {path} | {r['first_byte']:.2f} s | {r['complete']:.1f} s | "
        f"{r['bytes'] / 2**20:.1f} MiB | {r['rows_at_first_byte']:,} | {r['rss_before']:.0f} MiB | "
        f"{r['peak']:.0f} MiB ({r['hwm']:.0f}) | **{r['peak'] - r['rss_before']:.0f} MiB** |",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=200_000)
    parser.add_argument("--formats", nargs="+", default=["csv", "xlsx"], choices=["csv", "xlsx", "sav"])
    parser.add_argument("--postgres", help="a PostgreSQL server URL (default: $ARVIO_BENCH_POSTGRES_URL, "
                        "then $ARVIO_TEST_POSTGRES_URL); a fresh schema is made and dropped")  # fmt: skip
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--timeout", type=float, default=1200, help="seconds one download may take")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(json.loads(args.child))))
        return
    print("| Database | Responses | File | Path | First byte | Complete | Size | Rows read at first byte | "
          "Resident before | Peak (VmHWM) | Growth |\n|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|",
          flush=True)  # fmt: skip
    missed = []
    with tempfile.TemporaryDirectory(prefix="arvio-bench-downloads-") as scratch:
        missed += run("SQLite", f"sqlite:///{Path(scratch) / 'arvio.sqlite'}", args)
    environment = os.environ.get("ARVIO_BENCH_POSTGRES_URL") or os.environ.get("ARVIO_TEST_POSTGRES_URL")
    server = args.postgres or environment
    if server and not args.no_postgres:
        with PostgresSchema(server) as url:
            missed += run("PostgreSQL", url, args)
    for line in missed:
        print("TARGET MISSED:", line)
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
