"""Ids beyond the database's integer range and dates at the calendar's ends: 404 or 400 with a message, never a
500, on SQLite and PostgreSQL. Every route of the URL map is walked, as in test_authorization_sweep.py."""

from __future__ import annotations

import re

import pytest
from werkzeug.routing import IntegerConverter

from survey.accounts.permissions import required_permission
from survey.bounds import MAX_ID, IdConverter
from survey.models import Role
from tests.survey import test_authorization_sweep as sweep
from tests.survey.team_data import LIBRARY, add_project, add_user, csrf, sign_in
from tests.survey.test_authorization_sweep import Client, _is_api, _methods, _swept_rules

world = sweep.world  # the sweep's projects, users and tokens

OUT_OF_RANGE = [
    "2147483648",  # one past PostgreSQL's integer
    "9223372036854775808",  # one past a 64-bit integer (SQLite's)
    "99999999999999999999",
    "9" * 5000,  # past the digits Python turns into a number at all
]


@pytest.fixture
def app_config() -> dict:
    return {"ARVIO_INSTRUMENTS": LIBRARY, "WTF_CSRF_ENABLED": False}


def _with_number(rule, number: str) -> str:
    """The rule's path with every number argument set to `number` (and the one file kind chosen)."""
    path = re.sub(r"<any\(([a-z]+)[^>]*\):\w+>", r"\1", rule.rule)
    return re.sub(r"<int[^>]*:\w+>", number, path)


def _id_rules(app):
    return [r for r in _swept_rules(app) if any(isinstance(c, IntegerConverter) for c in r._converters.values())]


def test_every_number_in_a_route_is_bounded_by_the_database_range(app):
    converters = [c for r in app.url_map.iter_rules() for c in r._converters.values()]
    numbers = [c for c in converters if isinstance(c, IntegerConverter)]
    assert len(numbers) > 20 and all(isinstance(c, IdConverter) and c.max <= MAX_ID for c in numbers)


@pytest.mark.parametrize("number", OUT_OF_RANGE)
def test_ids_beyond_the_database_range_are_not_found_on_every_route(app, world, number):
    wrong = []
    for role in ("coordinator", "team_member"):
        user = Client(app, world, role)
        for rule in _id_rules(app):
            url = _with_number(rule, number)
            for method in _methods(rule):
                response = user.open(rule, method, url)
                if response.status_code != 404:
                    wrong.append(f"{role}: {method} {url[:80]} ({rule.endpoint}): {response.status_code}")
                elif _is_api(rule) and response.json["error"] != "not_found":
                    wrong.append(f"{role}: {method} {url[:80]}: not the API's JSON error")
    assert wrong == []


QUERY_NUMBERS = ["9223372036854775808", "99999999999999999999", "-1", "0", "1e3", "²", "٣", "9" * 5000]


@pytest.mark.parametrize("number", QUERY_NUMBERS)
def test_numbers_in_query_parameters_never_make_a_server_error(app, world, number):
    query = {name: number for name in ("collection", "project", "user", "page", "per_page", "collections")}
    wrong = []
    user = Client(app, world, "coordinator")
    for rule in _swept_rules(app):
        if "GET" not in rule.methods or required_permission(app.view_functions[rule.endpoint]) is None:
            continue
        own = world.own["collection"] if "collection" in rule.rule else world.own["project"]
        url = _with_number(rule, str(own))
        if "token_id" in rule.rule or "user_id" in rule.rule:
            url = _with_number(rule, str(world.users["coordinator"][0]))
        response = user.client.get(url, query_string=query, headers=_bearer(user, rule))
        if response.status_code >= 500:
            wrong.append(f"GET {url}?...={number[:20]} ({rule.endpoint}): {response.status_code}")
    assert wrong == []


@pytest.mark.parametrize("number", ["²", "9" * 5000])
def test_the_comparison_pages_read_project_ids_safely(app, world, number):
    user = Client(app, world, "coordinator")
    for url in ("/staff/compare/", "/staff/compare/download.xlsx"):
        assert user.client.get(url, query_string={"instrument": "tiny_youth", "project": number}).status_code < 500


def _bearer(user: Client, rule) -> dict:
    return {"Authorization": f"Bearer {user.bearer}"} if _is_api(rule) else {}


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/reports?collection=9223372036854775808", 400),
        ("/api/v1/reports?project=99999999999999999999&instrument=tiny_youth", 400),
        ("/staff/audit/?user=9223372036854775808&page=99999999999999999999", 200),
    ],
)
def test_an_id_too_large_in_a_query_is_a_clear_refusal(app, world, url, status):
    user = Client(app, world, "coordinator")
    response = user.client.get(url, headers={"Authorization": f"Bearer {user.bearer}"})
    assert response.status_code == status
    if status == 400:
        assert response.json["error"] == "bad_parameter" and "whole number" in response.json["message"]


# Dates ------------------------------------------------------------------------------------------------------

EXTREME_DAYS = ["0001-01-01", "9999-12-31", "10000-01-01", "1999-12-31", "2100-01-01"]


@pytest.fixture
def team(app, client):
    project = add_project(app, "P01", "Osallisuus arkeen")
    add_user(app, "tiimi@example.fi", Role.TEAM_MEMBER, project)
    sign_in(client, "tiimi@example.fi")
    return project


def _new_collection(client, project: int, **values):
    url = f"/staff/projects/{project}/collections/new"
    data = {"csrf_token": csrf(client, url), "instrument": "tiny_scaled@1.0", "wave": "baseline",
            "languages": ["fi"], "opens_at": "2030-09-01T09:00", "retention_until": "2031-12-31"}  # fmt: skip
    data.update(values)
    return client.post(url, data=data)


@pytest.mark.parametrize("day", EXTREME_DAYS)
@pytest.mark.parametrize("field", ["opens_at", "closes_at", "retention_until"])
def test_a_date_at_the_calendars_ends_is_refused_with_the_range(client, team, field, day):
    value = day if field == "retention_until" else f"{day}T12:00"
    answer = _new_collection(client, team, **{field: value})
    assert answer.status_code == 400
    assert "Anna päivämäärä väliltä 1.1.2000–31.12.2099." in answer.text


@pytest.mark.parametrize(("language", "message"), [("sv", "Ange ett datum från"), ("en", "Enter a date from")])
def test_the_date_range_message_is_in_the_users_language(client, team, language, message):
    client.get(f"/staff/projects?lang={language}")  # the language stays with the session
    answer = _new_collection(client, team, opens_at="0001-01-01T00:00")
    assert answer.status_code == 400 and message in answer.text


def test_opening_with_a_retention_date_at_the_calendars_end_is_refused(app, client, team):
    created = _new_collection(client, team, retention_until="")
    url = created.location
    for day in ("9999-12-31", "0001-01-01"):
        answer = client.post(f"{url}/open", data={"csrf_token": csrf(client, url), "retention_until": day})
        assert answer.status_code == 400 and "Anna päivämäärä väliltä" in answer.text


def test_the_command_line_refuses_such_dates_too(app, runner, team):
    result = runner.invoke(args=["collection", "create", "--project", "P01", "--instrument", "tiny_scaled",
                                 "--version", "1.0", "--opens", "0001-01-01"])  # fmt: skip
    assert result.exit_code != 0 and "2000" in result.output and "Traceback" not in result.output
