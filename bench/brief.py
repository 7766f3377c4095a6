"""The results brief's PDF for a project of 10,000 responses, timed against the plain results page in the same run.

    .venv/bin/python bench/brief.py                  # 10,000 responses (5,000 a wave), 3 repeats
    .venv/bin/python bench/brief.py --responses 2000 --repeats 1

The data: one project, the built-in young people's participation questionnaire (6 scales of 4 items, the
background questions, a pairing code), a closed baseline and a closed follow-up of half the responses each,
four in five baseline respondents answering again with the same code. Answers are made as the demo makes them
(:mod:`survey.demo.responses`) and stored sealed, in bulk, into a temporary SQLite database.

Three requests of a signed-in evaluator are timed through the Flask test client, each from the database to the
bytes sent:

- ``results page``: ``/staff/projects/<id>/results`` (the baseline: the Report and its page);
- ``brief page``: ``/staff/projects/<id>/brief`` (the same Report, and the brief's page);
- ``brief PDF``: ``/staff/projects/<id>/brief.pdf`` (the same, laid out on A4 by WeasyPrint).

It prints wall and CPU seconds (the best of the repeats) and the ratios to the results page.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_migrate import upgrade

from survey import create_app
from survey.accounts.auth import create_user
from survey.collect.collections import close_collection, create_collection, new_token
from survey.db import db, utcnow
from survey.demo.responses import Respondent, answer_questionnaire
from survey.models import Project, Response, Role, Wave
from survey.questionnaires import get_instrument
from survey.respond.responses import seal_pairing_code

INSTRUMENT = "participation_youth"


def build(responses: int, seed: int = 14) -> tuple[int, int]:
    """The project and its two closed waves; returns the project id and the evaluator's user id."""
    rng = random.Random(seed)
    project = Project(code="BENCH", name="Mittava hanke")
    db.session.add(project)
    db.session.commit()
    instrument = get_instrument(INSTRUMENT, "1.0")
    now = utcnow()
    people = [Respondent.draw(rng, languages=("fi", "sv", "en"), counties=["09"]) for _ in range(responses // 2)]
    returning = rng.sample(people, k=len(people) * 4 // 5)
    later = returning + [Respondent.draw(rng, languages=("fi",), counties=["09"]) for _ in people[len(returning):]]
    for wave, group, shift, start in ((Wave.BASELINE, people, 0.0, 300), (Wave.FOLLOW_UP, later, 0.3, 60)):
        collection = create_collection(project, INSTRUMENT, "1.0", wave=wave.value, ask_pairing_code=True,
                                       opens_at=now - timedelta(days=start),
                                       retention_until=date.today() + timedelta(days=365))  # fmt: skip
        db.session.add_all(
            Response(
                collection_id=collection.id,
                instrument_id=INSTRUMENT,
                instrument_version="1.0",
                language=person.language,
                answers=answer_questionnaire(instrument, person, shift=shift, rng=rng),
                sealed_pairing_code=seal_pairing_code(instrument, person.pairing_parts(instrument)),
                submission_token=new_token(),
                submitted_at=now - timedelta(days=start - 1),
            )
            for person in group
        )
        db.session.commit()
        close_collection(collection, now - timedelta(days=start - 20))
    evaluator = create_user("bench@example.fi", "salasana-bench", role=Role.EVALUATOR)
    evaluator.projects = [project]
    db.session.commit()
    return project.id, evaluator.id


def timed(client, url: str, repeats: int) -> tuple[float, float, int]:
    """The best wall and CPU seconds of `repeats` requests, and the size of the answer."""
    best_wall = best_cpu = float("inf")
    size = 0
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        assert response.status_code == 200, (url, response.status_code)
        size = len(response.data)
    return best_wall, best_cpu, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--responses", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite"})
        with app.app_context():
            upgrade(revision="heads")
            started = time.perf_counter()
            project, user = build(args.responses)
            stored = time.perf_counter() - started
            print(f"{args.responses:,} responses stored in {stored:.1f} s (not timed below)")
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = f"{user}:1"
        base = f"/staff/projects/{project}"
        query = f"?instrument={INSTRUMENT}&lang=fi"
        client.get(f"{base}/brief.pdf{query}")  # load WeasyPrint and the fonts once, as a running server has
        results = {
            "results page": timed(client, f"{base}/results{query}", args.repeats),
            "brief page": timed(client, f"{base}/brief{query}", args.repeats),
            "brief PDF": timed(client, f"{base}/brief.pdf{query}", args.repeats),
        }
        for name, (wall, cpu, size) in results.items():
            print(f"{name:>13}: {wall:6.2f} s wall, {cpu:6.2f} s CPU, {size / 1024:7.1f} KiB")
        baseline = results["results page"]
        for name in ("brief page", "brief PDF"):
            wall, cpu, _size = results[name]
            print(f"{name} / results page = {wall / baseline[0]:.2f} wall, {cpu / baseline[1]:.2f} CPU")
        slow = results["brief PDF"][0] > 5.0
        print("target: the brief PDF in a few seconds (5 s wall at most):", "NOT MET" if slow else "met")
        sys.exit(1 if slow else 0)


if __name__ == "__main__":
    main()
