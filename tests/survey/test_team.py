"""Team pages: my projects, creating, opening, closing and copying collections, and live counts by day."""

import re
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from instruments.loader import Library
from instruments.model import RespondentGroup
from survey.collect.team import daily_counts
from survey.db import db, utcnow
from survey.models import Collection, CollectionStatus, Project, Role
from tests.survey.conftest import hidden
from tests.survey.team_data import LIBRARY, SCALED, add_collection, add_project, add_user, csrf, fill, sign_in

GENERAL = Library(
    [
        SCALED,
        replace(SCALED, id="tiny_adults", respondent_group=RespondentGroup.ADULTS),
        replace(SCALED, id="tiny_other", respondent_group=RespondentGroup.OTHER),
    ]
)


@pytest.fixture
def app_config():
    return {"ARVIO_INSTRUMENTS": LIBRARY}


@pytest.fixture
def team(app, client):
    """A team member of P01 (signed in); P02 exists too."""
    ids = {"p1": add_project(app, "P01", "Osallisuus arkeen"), "p2": add_project(app, "P02", "Toinen hanke")}
    add_user(app, "tiimi@example.fi", Role.TEAM_MEMBER, ids["p1"])
    sign_in(client, "tiimi@example.fi")
    return ids


def _collection(app, collection_id: int) -> Collection:
    with app.app_context():
        c = db.session.get(Collection, collection_id)
        db.session.expunge(c)
        return c


def test_my_projects_lists_only_my_projects(client, team):
    page = client.get("/staff/projects").text
    assert "Osallisuus arkeen" in page and "Toinen hanke" not in page
    assert client.get(f"/staff/projects/{team['p2']}").status_code == 404


def _form(client, project_id: int, **values) -> dict:
    url = f"/staff/projects/{project_id}/collections/new"
    data = {
        "csrf_token": csrf(client, url),
        "instrument": "tiny_scaled@1.0",
        "label": "Koulu X, 8B",
        "wave": "baseline",
        "languages": ["fi", "sv"],
        "opens_at": "2030-09-01T09:00",
        "closes_at": "2030-09-30T16:00",
        "retention_until": "2031-12-31",
        "ask_pairing_code": "y",
        "intro_fi": "Tervetuloa!",
    }
    data.update(values)
    return client.post(url, data=data)


def test_a_team_member_creates_a_collection_with_the_form(app, client, team):
    response = _form(client, team["p1"])
    assert response.status_code == 302
    created = _collection(app, int(response.location.rsplit("/", 1)[1]))
    assert (created.instrument_key, created.wave, created.languages) == (
        "tiny_scaled@1.0",
        "baseline",
        ["fi", "sv"],
    )
    assert created.opens_at == datetime(2030, 9, 1, 6, 0)  # 9:00 Finnish summer time is 6:00 UTC
    assert created.retention_until == date(2031, 12, 31) and created.ask_pairing_code
    assert created.intro == {"fi": "Tervetuloa!"} and created.label == "Koulu X, 8B"


def test_a_custom_wave_is_stored_by_its_label(app, client, team):
    response = _form(client, team["p1"], wave="custom", custom_wave="autumn_2030")
    assert _collection(app, int(response.location.rsplit("/", 1)[1])).wave == "autumn_2030"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"wave": "custom", "custom_wave": "Syksy!"}, "custom_wave"),
        ({"closes_at": "2030-08-01T09:00"}, "closes_at"),
        ({"retention_until": "2030-09-02"}, "retention_until"),
        ({"instrument": "tiny_children@1.0", "languages": ["en"]}, "languages"),
        ({"intro_en": "Welcome!"}, "intro_en"),
    ],
)
def test_form_errors_are_listed_and_linked_to_their_fields(client, team, values, field):
    page = _form(client, team["p1"], **values)
    assert page.status_code == 400
    summary = re.search(r'<div class="error-summary".*?</div>', page.text, re.S).group(0)
    assert f'href="#{field}"' in summary
    assert re.search(rf'<p class="error-message" id="{field}-error">', page.text)


def test_the_questionnaires_are_those_for_the_projects_respondents_with_none_chosen(app, client, team):
    url = f"/staff/projects/{team['p1']}/collections/new"
    every = re.findall(r'<option value="([^"]*)"', client.get(url).text)
    assert every == ["", "tiny_children@1.0", "tiny_scaled@1.0", "tiny_youth@1.0"]  # by group: children first
    with app.app_context():
        db.session.get(Project, team["p1"]).respondent_groups = ["children"]
        db.session.commit()
    page = client.get(url).text
    assert re.findall(r'<option value="([^"]*)"', page) == ["", "tiny_children@1.0"]
    assert "selected" not in page.split('id="instrument"')[1].split("</select>")[0]
    assert "Näytä kaikki kyselyt" in page  # every questionnaire is one link away
    assert len(re.findall(r'<option value="([^"]*)"', client.get(f"{url}?all=1").text)) == 4


def test_the_form_chooses_no_questionnaire_and_asks_the_pairing_code_by_default(client, team):
    url = f"/staff/projects/{team['p1']}/collections/new"
    box = re.search(r'<input[^>]*id="ask_pairing_code"[^>]*>', client.get(url).text).group(0)
    assert "checked" in box
    page = _form(client, team["p1"], instrument="")
    assert page.status_code == 400 and "Valitse kysely." in page.text
    assert 'href="#instrument"' in page.text


@pytest.mark.parametrize("app_config", [{"ARVIO_INSTRUMENTS": GENERAL}])
@pytest.mark.parametrize(("group", "name"), [("adults", "Aikuiset"), ("other", "Muut vastaajat")])
def test_instruments_for_a_general_respondent_group_are_offered_and_answered(app, client, team, group, name):
    url = f"/staff/projects/{team['p1']}/collections/new"
    options = re.findall(r'<option value="([^"]+@[^"]+)"', client.get(f"{url}?all=1").text)
    assert f"tiny_{group}@1.0" in options  # every questionnaire, the general groups' included
    assert name in client.get("/staff/questionnaires/?lang=fi").text  # the library names the group
    response = _form(client, team["p1"], instrument=f"tiny_{group}@1.0", opens_at="", closes_at="")
    assert response.status_code == 302
    created = _collection(app, int(response.location.rsplit("/", 1)[1]))
    assert created.respondent_group == group
    assert client.get(f"/r/{created.token}").status_code == 200


def test_a_collection_without_retention_date_opens_only_once_it_has_one(app, client, team):
    collection_id = add_collection(app, team["p1"], retention_until=None, opens_at=utcnow() + timedelta(days=7))
    url = f"/staff/collections/{collection_id}"
    refused = client.post(f"{url}/open", data={"csrf_token": csrf(client, url)})
    assert refused.status_code == 400 and "keruuta ei voi avata ilman sitä" in refused.text
    assert _collection(app, collection_id).status() is CollectionStatus.NOT_READY
    opened = client.post(f"{url}/open", data={"csrf_token": csrf(client, url), "retention_until": "2031-06-30"})
    assert opened.status_code == 302
    assert _collection(app, collection_id).status() is CollectionStatus.OPEN


def test_copy_to_a_new_wave_keeps_the_settings_with_a_new_link(app, client, team):
    original_id = add_collection(app, team["p1"], label="Koulu X", languages=["fi", "en"], intro={"fi": "Hei"})
    url = f"/staff/collections/{original_id}"
    response = client.post(f"{url}/copy", data={"csrf_token": csrf(client, url), "wave": "follow_up"})
    assert response.status_code == 302
    original, copy = _collection(app, original_id), _collection(app, int(response.location.rsplit("/", 1)[1]))
    assert copy.id != original.id and copy.token != original.token and copy.wave == "follow_up"
    same = ("instrument_key", "languages", "label", "intro", "ask_pairing_code", "retention_until")
    assert all(getattr(copy, name) == getattr(original, name) for name in same)
    assert copy.is_open()


def test_closing_asks_first_then_says_what_happened(app, client, team):
    collection_id = add_collection(app, team["p1"])
    fill(app, collection_id, 3, close=False)
    url = f"/staff/collections/{collection_id}"
    asked = client.get(f"{url}/close")
    assert asked.status_code == 200 and "Suljetaanko aineistonkeruu?" in asked.text and "3 vastausta" in asked.text
    unconfirmed = client.post(f"{url}/close", data={"csrf_token": csrf(client, url)})
    assert unconfirmed.status_code == 200 and _collection(app, collection_id).status() is CollectionStatus.OPEN
    closed = client.post(f"{url}/close", data={"csrf_token": csrf(client, url), "confirm": "yes"})
    assert closed.status_code == 302 and _collection(app, collection_id).status() is CollectionStatus.CLOSED
    page = client.get(url).text
    assert "Aineistonkeruu suljettiin" in page and "3 vastausta" in page
    assert "Avaa aineistonkeruu uudelleen" in page  # no closing time: it may be reopened


def test_an_evaluator_may_not_create_open_or_copy(app, client, team):
    collection_id = add_collection(app, team["p1"])
    add_user(app, "arvioija@example.fi", Role.EVALUATOR, team["p1"])
    client = app.test_client()
    sign_in(client, "arvioija@example.fi")
    url = f"/staff/collections/{collection_id}"
    token = csrf(client, url)
    assert client.get(f"/staff/projects/{team['p1']}/collections/new").status_code == 403
    for action in ("open", "copy", "close"):
        assert client.post(f"{url}/{action}", data={"csrf_token": token, "wave": "end"}).status_code == 403
    assert "Kopioi uuteen aaltoon" not in client.get(url).text


def test_another_projects_collection_is_not_found(app, client, team):
    other = add_collection(app, team["p2"])
    url = f"/staff/collections/{other}"
    token = hidden(client.get("/staff/projects/1/collections/new").text, "csrf_token")
    assert client.get(url).status_code == 404
    assert client.get(f"{url}/counts").status_code == 404
    assert client.post(f"{url}/copy", data={"csrf_token": token, "wave": "end"}).status_code == 404
    assert client.get(f"/staff/projects/{team['p2']}/collections/new").status_code == 404


def test_responses_are_counted_by_day_with_zero_days_included(app, team):
    collection_id = add_collection(app, team["p1"], opens_at=utcnow() - timedelta(days=3))
    fill(app, collection_id, 3, days_ago=2)
    fill(app, collection_id, 2, days_ago=0)
    with app.app_context():
        counts = daily_counts(db.session.get(Collection, collection_id))
    assert [c.responses for c in counts] == [0, 3, 0, 2]
    assert counts[-1].day == utcnow().date()


def test_the_collection_page_shows_live_counts_as_a_chart_and_a_table(app, client, team):
    collection_id = add_collection(app, team["p1"], label="<b>Koulu</b>", opens_at=utcnow() - timedelta(days=1))
    fill(app, collection_id, 4)
    page = client.get(f"/staff/collections/{collection_id}").text
    assert "&lt;b&gt;Koulu&lt;/b&gt;" in page and "<b>Koulu</b>" not in page
    assert re.search(r'<svg class="chart chart--bars"[^>]*role="img"', page) and "<desc" in page
    fragment = client.get(f"/staff/collections/{collection_id}/counts")
    assert fragment.headers["Cache-Control"] == "no-store"
    assert re.search(r'<td class="numeric">4</td>', fragment.text)
    assert "live-counts.js" in page
