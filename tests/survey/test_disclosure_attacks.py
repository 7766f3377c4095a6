"""The three differencing attacks of docs/privacy.md, run as a staff member would run them: they must fail.

1. Subtract the groups of a breakdown from everyone: those who skipped the background question are a group of
   their own, protected like any other (the API, the page and the workbook).
2. Open a new collection in a project, let one person answer, subtract the other collection's report from the
   project's: the small collection is in no number, and the page says so.
3. Read an open collection's report before and after one more answer: an open collection has no report; once
   closed, its report never changes.
4. Reopen a closed collection, let a few more answer, close it again: the answers after the reopening are a
   release unit of their own, so the report's numbers change by none of them or by at least the threshold.

Each runs on SQLite and PostgreSQL (the `app` fixture).
"""

from __future__ import annotations

import math
import re

import pytest
from python_calamine import CalamineWorkbook

from analysis.export.report_rows import SUMMARY
from survey.collect.collections import close_collection
from survey.collect.team import reopen_collection
from survey.db import db, utcnow
from survey.models import Collection, Role
from survey.respond.responses import store_response
from tests.survey.api_helpers import bearer, user_with_token
from tests.survey.team_data import LIBRARY, add_collection, add_project, add_user, answers, fill, pairing, sign_in

THRESHOLD = 5


@pytest.fixture
def app_config():
    return {"ARVIO_INSTRUMENTS": LIBRARY}


def store(app, collection_id: int, n: int, *, gender=..., start: int = 0, close: bool = True) -> None:
    """`n` respondents; `gender` None stores them without an answer to the gender question."""
    with app.app_context():
        collection = db.session.get(Collection, collection_id)
        for i in range(start, start + n):
            given = answers(i)
            if gender is not ...:
                given["BG_GENDER"] = gender
            store_response(collection, given, language="fi", pairing_code=pairing(i % 20))
        if close:
            close_collection(collection)


def shown(value) -> bool:
    """A number on show: not a suppression marker (a dict in JSON), not undefined."""
    if isinstance(value, dict) or value is None:
        return False
    return not (isinstance(value, float) and math.isnan(value))


def rests(summaries: list[dict], by: str) -> list[float]:
    """Everyone's n minus the n of every group shown, per scale and wave: what subtraction would describe."""
    found = []
    for everyone in (r for r in summaries if r["by"] is None and shown(r["n"])):
        key = (everyone["scale"], everyone["wave"], by)
        groups = [r for r in summaries if (r["scale"], r["wave"], r["by"]) == key]
        found.append(everyone["n"] - sum(r["n"] for r in groups if shown(r["n"])))
    return found


# --- 1. those who skipped the breakdown question ------------------------------------------------------------


@pytest.fixture
def skipped_gender(app):
    """A closed collection of 30: 26 answered the gender question, 4 did not."""
    project = add_project(app, "P01")
    collection = add_collection(app, project, "baseline")
    store(app, collection, 26, close=False)
    store(app, collection, 4, gender=None, start=26)
    token = user_with_token(app, "arvioija@example.fi", Role.EVALUATOR, [project])
    return {"project": project, "collection": collection, "token": token}


def test_the_api_report_protects_those_who_skipped_the_breakdown(client, skipped_gender):
    url = f"/api/v1/collections/{skipped_gender['collection']}/report?by=BG_GENDER"
    report = client.get(url, headers=bearer(skipped_gender["token"])).json
    groups = [r for r in report["summaries"] if r["by"] == "BG_GENDER"]
    no_answer = next(r for r in groups if r["group"] == "")
    assert no_answer["n"]["suppressed"] == "small_cell"  # the 4 are a group, and too small to show
    assert sum(not shown(r["n"]) for r in groups) >= 2  # ... with a complement: subtraction gives nothing
    assert all(rest == 0 or rest >= THRESHOLD for rest in rests(report["summaries"], "BG_GENDER"))
    counts = [r for r in report["distributions"] if r["by"] == "BG_GENDER" and r["group"] == ""]
    assert counts and all(not shown(r["count"]) for r in counts)


def test_the_page_and_the_workbook_protect_them_the_same_way(app, client, skipped_gender, tmp_path):
    add_user(app, "tiimi@example.fi", Role.TEAM_MEMBER, skipped_gender["project"])
    sign_in(client, "tiimi@example.fi")
    base = f"/staff/collections/{skipped_gender['collection']}/results"
    page = client.get(f"{base}?lang=en&by=BG_GENDER").text
    row = re.search(r'<tr data-by="BG_GENDER" data-group="" data-wave="">(.*?)</tr>', page, re.S).group(1)
    assert "&lt;5" in row  # the no-answer group is on the page, hidden
    path = tmp_path / "results.xlsx"
    path.write_bytes(client.get(f"{base}/download.xlsx?lang=en&by=BG_GENDER").data)
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Summary").to_python()
    by, group, n, scale = (SUMMARY.index(field) for field in ("by", "group", "n", "scale"))
    gender_rows = [r for r in rows[1:] if r[by] == "BG_GENDER" and r[scale] == "S_VOICE"]
    assert any(r[group] == "" and r[n] == "<5" for r in gender_rows)
    everyone = next(r[n] for r in rows[1:] if r[by] == "" and r[scale] == "S_VOICE")
    rest = everyone - sum(r[n] for r in gender_rows if isinstance(r[n], float))
    assert rest == 0 or rest >= THRESHOLD


# --- 2. a new collection inside a project report ------------------------------------------------------------


@pytest.fixture
def project_with_a_new_collection(app):
    project = add_project(app, "P01")
    old = add_collection(app, project, "baseline", label="Koulu A")
    fill(app, old, 30)
    new = add_collection(app, project, "baseline", label="Koulu B")
    store(app, new, 1)  # one person answers, and the collection is closed
    token = user_with_token(app, "tiimi@example.fi", Role.TEAM_MEMBER, [project])
    return {"project": project, "old": old, "new": new, "token": token}


def _numbers(report: dict) -> dict[tuple, float]:
    found = {}
    for r in report["summaries"]:
        if shown(r["n"]):
            found[("n", r["scale"], r["by"], r["group"], r["wave"])] = r["n"]
            found[("mean", r["scale"], r["by"], r["group"], r["wave"])] = r["mean"]
    for r in report["distributions"]:
        if shown(r["count"]):
            found[("count", r["item"], r["by"], r["group"], r["code"])] = r["count"]
    return found


def test_the_project_report_minus_the_other_collection_describes_nobody(client, project_with_a_new_collection):
    world = project_with_a_new_collection
    headers = bearer(world["token"])
    whole = client.get(
        f"/api/v1/reports?project={world['project']}&instrument=tiny_scaled&by=BG_GENDER", headers=headers
    ).json
    one = client.get(f"/api/v1/reports?collection={world['old']}&by=BG_GENDER", headers=headers).json
    assert whole["n_responses"] == 31 and one["n_responses"] == 30
    assert _numbers(whole) == _numbers(one)  # the one answer is in no number, so subtraction gives nothing
    assert any(w["code"] == "unit_left_out" and w["subject"] == "Koulu B" for w in whole["warnings"])
    alone = client.get(f"/api/v1/collections/{world['new']}/report", headers=headers).json
    assert all(not shown(r["n"]) for r in alone["summaries"])


def test_the_page_says_which_collection_is_left_out(app, client, project_with_a_new_collection):
    add_user(app, "arvioija@example.fi", Role.EVALUATOR, project_with_a_new_collection["project"])
    sign_in(client, "arvioija@example.fi")
    page = client.get(f"/staff/projects/{project_with_a_new_collection['project']}/results?lang=en").text
    assert "Koulu B" in page and "is not included in the numbers" in page


# --- 3. before and after one answer -------------------------------------------------------------------------


def test_an_open_collection_has_no_report_and_a_closed_one_never_changes(app, client):
    project = add_project(app, "P01")
    collection = add_collection(app, project, "baseline")
    token = user_with_token(app, "arvioija@example.fi", Role.EVALUATOR, [project])
    url, headers = f"/api/v1/collections/{collection}/report", bearer(token)
    store(app, collection, 20, close=False)
    before = client.get(url, headers=headers)
    store(app, collection, 1, start=20, close=False)
    after = client.get(url, headers=headers)
    assert before.status_code == after.status_code == 422
    assert before.json == after.json == {
        "error": "not_released",
        "message": "results are shown when a data collection has closed",
    }
    counts = client.get(f"/api/v1/collections/{collection}/counts", headers=headers).json
    assert counts["total"] == 21  # how many answered stays live: it says nothing of what they answered

    with app.app_context():
        close_collection(db.session.get(Collection, collection), now=utcnow())
    first = client.get(url, headers=headers).json
    second = client.get(url, headers=headers).json
    assert first["n_responses"] == 21 and first["released"]["closed_at"]
    first.pop("created_at"), second.pop("created_at")
    assert first == second


# --- 4. reopening a closed collection -----------------------------------------------------------------------


@pytest.mark.parametrize("extra", [1, 4])
def test_answers_after_reopening_are_a_release_unit_of_their_own(app, client, extra):
    """Read a closed collection's report, reopen it, let 1-4 people answer, close it again: no number shown
    before changes by those few people, while reopened or after. The new answers are left out (a unit too small)
    and the page names them; 5 or more would join as a unit of their own."""
    project = add_project(app, "P01")
    collection = add_collection(app, project, "baseline", label="Koulu A")
    token = user_with_token(app, "arvioija@example.fi", Role.EVALUATOR, [project])
    url, headers = f"/api/v1/collections/{collection}/report?by=BG_GENDER", bearer(token)
    store(app, collection, 30)
    before = client.get(url, headers=headers).json
    assert before["n_responses"] == 30

    with app.app_context():
        reopen_collection(db.session.get(Collection, collection), None)
    during = client.get(url, headers=headers).json
    store(app, collection, extra, start=30, close=False)
    still = client.get(url, headers=headers).json
    assert _numbers(during) == _numbers(still) == _numbers(before)
    assert still["released"]["waiting_for"] == [collection]  # its new answers wait for it to close again

    with app.app_context():
        close_collection(db.session.get(Collection, collection), now=utcnow())
    after = client.get(url, headers=headers).json
    assert after["n_responses"] == 30 + extra
    assert _numbers(after) == _numbers(before)  # the few new answers are in no number
    assert any(w["code"] == "unit_left_out" and w["subject"] == "Koulu A (2)" for w in after["warnings"])


def test_five_answers_after_reopening_join_the_report_as_a_unit(app, client):
    project = add_project(app, "P01")
    collection = add_collection(app, project, "baseline", label="Koulu A")
    token = user_with_token(app, "arvioija@example.fi", Role.EVALUATOR, [project])
    url, headers = f"/api/v1/collections/{collection}/report", bearer(token)
    store(app, collection, 20)
    before = client.get(url, headers=headers).json
    with app.app_context():
        reopen_collection(db.session.get(Collection, collection), None)
    store(app, collection, 5, start=20)  # and closes it again
    after = client.get(url, headers=headers).json
    everyone = [r for r in after["summaries"] if r["by"] is None and r["scale"] == "S_VOICE"]
    assert after["n_responses"] == 25 and everyone[0]["n"] == 25
    assert before["summaries"] != after["summaries"]  # a whole unit of 5 joined: by the threshold or more
