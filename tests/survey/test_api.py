"""The JSON API: token authentication, the same permissions as the pages, counts, reports, raw responses."""

import doctest
import importlib
import json

import pytest
from sqlalchemy import select

from survey.db import db
from survey.models import ApiToken, AuditEntry, Role
from tests.survey.api_helpers import (
    bearer,
    collection_with_responses,
    other_project,
    user_with_token,
    youth_answers,
)
from tests.survey.conftest import hidden


@pytest.fixture
def team(app, project) -> str:
    """A team member of P01, without the raw-data grant."""
    return user_with_token(app, "tiimi@example.fi", Role.TEAM_MEMBER, [project])


@pytest.fixture
def collection_id(app, project) -> int:
    days = ["2026-11-02T09:00", "2026-11-02T10:00", "2026-11-03T08:00"] + ["2026-11-05T12:00"] * 4
    return collection_with_responses(app, project, youth_answers(7), days)


def test_no_token_is_401_with_a_json_error(client):
    answer = client.get("/api/v1/projects")
    assert answer.status_code == 401
    assert answer.json["error"] == "unauthorized" and answer.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", ["Bearer arvio_not-a-real-token", "Bearer ", "Basic dGlpbWk6c2FsYXNhbmE="])
def test_a_wrong_token_is_401(client, team, header):
    assert client.get("/api/v1/projects", headers={"Authorization": header}).status_code == 401


def test_a_signed_in_browser_session_is_not_enough(client, team):
    form = client.get("/staff/login").text
    data = {"csrf_token": hidden(form, "csrf_token"), "email": "tiimi@example.fi", "password": "salasana-123"}
    assert client.post("/staff/login", data=data).status_code == 302
    assert client.get("/api/v1/projects").status_code == 401


def test_the_token_is_stored_only_as_its_hash_and_its_use_is_noted(app, client, team):
    with app.app_context():
        stored = db.session.scalars(select(ApiToken)).one()
        assert team not in (stored.token_hash, stored.prefix) and team.startswith(stored.prefix)
        assert stored.last_used_at is None
    assert client.get("/api/v1/me", headers=bearer(team)).json["email"] == "tiimi@example.fi"
    with app.app_context():
        assert db.session.scalars(select(ApiToken)).one().last_used_at is not None


def test_a_revoked_token_and_a_deactivated_users_token_stop_working(app, client, team):
    assert client.get("/api/v1/projects", headers=bearer(team)).status_code == 200
    with app.app_context():
        token = db.session.scalars(select(ApiToken)).one()
        token.user.active = False
        db.session.commit()
    assert client.get("/api/v1/projects", headers=bearer(team)).status_code == 401
    with app.app_context():
        token = db.session.scalars(select(ApiToken)).one()
        token.user.active = True
        token.revoked_at = token.created_at
        db.session.commit()
    assert client.get("/api/v1/projects", headers=bearer(team)).status_code == 401


def test_a_team_member_sees_their_own_project_only(app, client, project, team):
    other = other_project(app)
    projects = client.get("/api/v1/projects", headers=bearer(team)).json
    assert [p["code"] for p in projects] == ["P01"] and projects[0]["raw_data"] is False
    coordinator = user_with_token(app, "koordinaattori@example.fi", Role.COORDINATOR)
    assert [p["id"] for p in client.get("/api/v1/projects", headers=bearer(coordinator)).json] == [project, other]


def test_other_projects_ids_are_not_found(app, client, team):
    other = other_project(app)
    theirs = collection_with_responses(app, other, youth_answers(6))
    raw = user_with_token(app, "arvioija@example.fi", Role.EVALUATOR, [], raw_data=True)
    aggregates = [
        f"/projects/{other}",
        f"/projects/{other}/collections",
        f"/collections/{theirs}",
        f"/collections/{theirs}/counts",
        f"/collections/{theirs}/report",
        f"/reports?collection={theirs}",
        f"/reports?project={other}&instrument=tiny_youth",
        "/collections/999999",
    ]
    raw_data = [f"/collections/{theirs}/responses", f"/collections/{theirs}/responses.ndjson"]
    for token, paths in ((team, aggregates), (raw, aggregates + raw_data)):
        for path in paths:
            answer = client.get("/api/v1" + path, headers=bearer(token))
            assert (answer.status_code, answer.mimetype) == (404, "application/json"), path
            assert answer.json["error"] == "not_found"
    assert client.get("/api/v1/collections", headers=bearer(team)).json == []


def test_collections_carry_their_response_counts(client, project, team, collection_id):
    collections = client.get(f"/api/v1/projects/{project}/collections", headers=bearer(team)).json
    assert [(c["id"], c["label"], c["responses"], c["status"]) for c in collections] == [
        (collection_id, "Koulu X, 8B", 7, "closed")
    ]
    assert client.get(f"/api/v1/collections/{collection_id}", headers=bearer(team)).json == collections[0]


def test_counts_by_day_include_the_days_without_responses(client, team, collection_id):
    counts = client.get(f"/api/v1/collections/{collection_id}/counts", headers=bearer(team)).json
    assert (counts["collection_id"], counts["total"]) == (collection_id, 7)
    days = {d["date"]: d["responses"] for d in counts["days"]}
    assert [days["2026-11-02"], days["2026-11-03"], days["2026-11-04"], days["2026-11-05"]] == [2, 1, 0, 4]
    assert sum(days.values()) == 7 and min(days) == "2026-11-02"


def test_the_report_is_the_same_report_the_pages_use(app, client, team, collection_id):
    from survey.models import User
    from survey.results import reports

    answer = client.get(f"/api/v1/collections/{collection_id}/report?lang=en", headers=bearer(team))
    assert answer.status_code == 200
    with app.test_request_context():
        user = db.session.scalar(select(User).where(User.email == "tiimi@example.fi"))
        expected = reports.report_for(user, collections=[collection_id], language="en").report
        expected = json.loads(expected.to_json())
    got = answer.json
    assert got.pop("created_at") and expected.pop("created_at")
    released = got.pop("released")
    assert released["collections"] == [collection_id] and released["waiting_for"] == []
    assert released["closed_at"].endswith("Z")
    assert got == expected
    assert got["n_responses"] == 7 and got["design"]["language"] == "en"


def test_small_groups_are_suppressed_in_the_report(client, team, collection_id):
    report = client.get(f"/api/v1/reports?collection={collection_id}&by=Q_CLUB", headers=bearer(team)).json
    by_club = [row for row in report["distributions"] if row["by"] == "Q_CLUB" and row["item"] == "P_VOICE"]
    assert by_club and all(isinstance(row["count"], dict) for row in by_club)  # 3 and 4 people: hidden
    assert by_club[0]["count"]["suppressed"] in ("small_cell", "complementary")


@pytest.mark.parametrize(
    ("query", "status", "error"),
    [
        ("", 400, "bad_parameter"),
        ("collection=abc", 400, "bad_parameter"),
        ("collection=%C2%B2", 400, "bad_parameter"),
        ("project=1", 400, "bad_parameter"),
        ("lang=de&collection=1", 400, "bad_parameter"),
    ],
)
def test_a_bad_report_request_says_what_is_wrong(client, team, query, status, error):
    answer = client.get(f"/api/v1/reports?{query}", headers=bearer(team))
    assert (answer.status_code, answer.json["error"]) == (status, error)


def test_a_collection_without_responses_has_no_report_yet(app, client, project, team):
    empty = collection_with_responses(app, project, [])
    answer = client.get(f"/api/v1/collections/{empty}/report", headers=bearer(team))
    assert (answer.status_code, answer.json["error"]) == (422, "no_responses")


def test_raw_responses_need_the_raw_data_grant(client, team, collection_id):
    for suffix in ("responses", "responses.ndjson"):
        answer = client.get(f"/api/v1/collections/{collection_id}/{suffix}", headers=bearer(team))
        assert (answer.status_code, answer.json["error"]) == (403, "forbidden")


def test_raw_responses_come_in_pages_and_every_call_is_audited(app, client, project, collection_id):
    token = user_with_token(app, "arvioija@example.fi", Role.EVALUATOR, [project], raw_data=True)
    pages = [
        client.get(
            f"/api/v1/collections/{collection_id}/responses?per_page=3&page={n}", headers=bearer(token)
        ).json
        for n in (1, 2, 3, 4)
    ]
    assert [(p["total"], p["pages"], len(p["responses"])) for p in pages] == [
        (7, 3, 3),
        (7, 3, 3),
        (7, 3, 1),
        (7, 3, 0),
    ]
    first = pages[0]["responses"][0]
    assert first["project"] == "P01" and first["collection"] == "Koulu X, 8B"
    assert first["submitted_at"] == "2026-11-02T09:00:00Z" and first["answers"]["P_VOICE"] == 1
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "api.responses")).all()
        assert [(e.target, e.row_count, e.details["page"]) for e in entries] == [
            (f"collection:{collection_id}", n, page) for page, n in ((1, 3), (2, 3), (3, 1), (4, 0))
        ]


@pytest.mark.parametrize("query", ["per_page=1001", "per_page=0", "page=0", "page=x", "page=%C2%B2", "page=-1"])
def test_page_sizes_are_bounded(app, client, project, collection_id, query):
    token = user_with_token(app, "arvioija@example.fi", Role.EVALUATOR, [project], raw_data=True)
    answer = client.get(f"/api/v1/collections/{collection_id}/responses?{query}", headers=bearer(token))
    assert (answer.status_code, answer.json["error"]) == (400, "bad_parameter")


def test_raw_responses_stream_as_ndjson(app, client, project, collection_id):
    token = user_with_token(app, "koordinaattori@example.fi", Role.COORDINATOR)
    answer = client.get(f"/api/v1/collections/{collection_id}/responses.ndjson", headers=bearer(token))
    assert answer.mimetype == "application/x-ndjson"
    rows = [json.loads(line) for line in answer.text.splitlines()]
    assert len(rows) == 7 and [r["answers"]["BG_AGE"] for r in rows] == [13, 14, 15, 16, 17, 18, 19]
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "api.responses")).one()
        assert (entry.row_count, entry.details) == (7, {"format": "ndjson"})


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("GET", "/api/v1/nothing-here", 404), ("POST", "/api/v1/projects", 405), ("GET", "/api/v1/projects/0", 404)],
)
def test_errors_under_the_api_are_json_not_pages(client, team, method, path, status):
    answer = client.open(path, method=method, headers=bearer(team))
    assert (answer.status_code, answer.mimetype) == (status, "application/json")
    assert set(answer.json) == {"error", "message"}


def test_the_openapi_document_is_public(client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.") and "/collections/{collection_id}/responses" in document["paths"]
    assert document["servers"] == [{"url": "http://localhost/api/v1"}]


@pytest.mark.parametrize("name", ["survey.api.schema", "survey.accounts.api_tokens", "survey.bounds"])
def test_the_docstring_examples_run(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
