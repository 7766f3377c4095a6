"""Setting up a collection that cannot go wrong: the link, QR code and poster only once it can take answers, a
short address for the poster, reopening within the period (audited), and open-text answers for raw-data
holders only (audited, never in a report)."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from survey.collect.short_links import ALPHABET, format_short_code
from survey.collect.team import reopen_collection
from survey.db import db, utcnow
from survey.models import AuditEntry, Collection, CollectionStatus, Role
from survey.respond.responses import store_response
from tests.survey.api_helpers import bearer, user_with_token
from tests.survey.conftest import YOUTH
from tests.survey.team_data import LIBRARY, add_collection, add_project, add_user, csrf, fill, sign_in

LOOK_ALIKES = set("0O1IL2Z5S8B")


@pytest.fixture
def app_config():
    from instruments.loader import Library

    return {"ARVIO_INSTRUMENTS": Library([*LIBRARY, YOUTH]), "ARVIO_PUBLIC_URL": "https://kysely.example.fi"}


@pytest.fixture
def team(app, client):
    project = add_project(app, "P01", "Osallisuus arkeen")
    add_user(app, "tiimi@example.fi", Role.TEAM_MEMBER, project)
    sign_in(client, "tiimi@example.fi")
    return project


def _get(app, collection_id: int) -> Collection:
    with app.app_context():
        collection = db.session.get(Collection, collection_id)
        db.session.expunge(collection)
        return collection


def test_without_a_retention_date_the_page_says_what_is_missing_and_hands_out_no_link(app, client, team):
    collection_id = add_collection(app, team, retention_until=None)
    collection = _get(app, collection_id)
    page = client.get(f"/staff/collections/{collection_id}").text
    assert collection.status() is CollectionStatus.NOT_READY
    assert f"/r/{collection.token}" not in page and "qr.svg" not in page and "/poster" not in page
    assert "Puuttuu:" in page and "päivä, jonka jälkeen vastaukset poistetaan" in page
    for path in ("qr.png", "qr.svg", "poster"):
        assert client.get(f"/staff/collections/{collection_id}/{path}").status_code == 404

    url = f"/staff/collections/{collection_id}"
    client.post(f"{url}/open", data={"csrf_token": csrf(client, url), "retention_until": "2031-06-30"})
    page = client.get(url).text
    assert f"https://kysely.example.fi/r/{collection.token}" in page and "qr.svg" in page and "/poster" in page
    assert client.get(f"{url}/qr.png").status_code == 200


def test_the_link_has_a_copy_button_that_works_without_javascript_by_showing_the_link(app, client, team):
    collection_id = add_collection(app, team)
    page = client.get(f"/staff/collections/{collection_id}").text
    link = re.search(r'<a id="respondent-link" href="([^"]+)">([^<]+)</a>', page)
    assert link and link.group(1) == link.group(2)  # the link itself is on the page as text
    button = re.search(r'<button [^>]*data-copy="respondent-link"[^>]*>', page).group(0)
    assert "hidden" in button  # arvio.js shows it where the browser can copy
    assert 'role="status"' in page


def test_a_closed_collection_shows_no_link(app, client, team):
    collection_id = add_collection(app, team)
    fill(app, collection_id, 2)
    page = client.get(f"/staff/collections/{collection_id}").text
    assert "linkki ei enää ota vastauksia" in page and "qr.svg" not in page
    assert client.get(f"/staff/collections/{collection_id}/poster").status_code == 404


def test_every_collection_gets_a_short_code_without_look_alike_characters(app, team):
    codes = {_get(app, add_collection(app, team)).short_code for _ in range(20)}
    assert len(codes) == 20
    for code in codes:
        assert len(code) == 8 and set(code) <= set(ALPHABET) and not set(code) & LOOK_ALIKES


@pytest.mark.parametrize("typed", ["{upper}", "{lower}", "{plain}", "{spaced}"])
def test_the_short_address_leads_to_the_collection_in_any_case(app, client, team, typed):
    collection = _get(app, add_collection(app, team))
    code = format_short_code(collection.short_code)
    written = typed.format(
        upper=code, lower=code.lower(), plain=collection.short_code.lower(), spaced=code.replace("-", " ")
    )
    response = client.get(f"/k/{written}")
    assert response.status_code == 302 and response.location.endswith(f"/r/{collection.token}")


def test_an_unknown_short_address_is_not_found_and_guesses_are_limited(app, client, team):
    app.config["ARVIO_RESUME_LIMIT"] = "3/minute"
    assert client.get("/k/0000-0000").status_code == 404  # not even of the alphabet
    assert client.get("/k/ACDE-FGHJ").status_code == 404
    statuses = [client.get("/k/ACDE-FGHK").status_code for _ in range(4)]
    assert statuses[-1] == 429


def test_the_poster_names_the_questionnaire_and_the_project_with_the_short_address(app, client, team):
    collection = _get(app, add_collection(app, team, languages=["fi", "sv"]))
    poster = client.get(f"/staff/collections/{collection.id}/poster").text
    code = format_short_code(collection.short_code)
    assert "Osallisuuskysely" in poster and "Osallisuus arkeen" in poster
    short = f'kysely.example.fi/k/<wbr><span class="poster__code">{code}</span>'  # breaks before the code only
    assert f'<p class="poster__short">{short}</p>' in poster
    assert f"https://kysely.example.fi/r/{collection.token}" in poster and "qr.svg" in poster
    swedish = client.get(f"/staff/collections/{collection.id}/poster?lang=sv").text
    assert '<html lang="sv">' in swedish and "Delaktighetsenkät" in swedish and "Svara på enkäten" in swedish


def test_a_collection_closed_early_is_reopened_within_its_period_and_it_is_audited(app, client, team):
    collection_id = add_collection(app, team, closes_at=utcnow() + timedelta(days=10))
    url = f"/staff/collections/{collection_id}"
    fill(app, collection_id, 3)  # closes it
    page = client.get(url).text
    assert "Avaa aineistonkeruu uudelleen" in page
    response = client.post(f"{url}/reopen", data={"csrf_token": csrf(client, url)})
    assert response.status_code == 302
    collection = _get(app, collection_id)
    assert collection.status() is CollectionStatus.OPEN and len(collection.reopenings) == 1
    assert "Aineistonkeruu on taas auki samalla linkillä" in client.get(url).text
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "collection.reopen")).one()
        assert entry.target == f"collection:{collection_id}" and entry.details["release"] == 2


def test_a_collection_whose_period_has_ended_is_not_reopened(app, client, team):
    collection_id = add_collection(app, team, closes_at=utcnow() + timedelta(days=10))
    fill(app, collection_id, 1)
    with app.app_context():
        collection = db.session.get(Collection, collection_id)
        collection.closes_at = utcnow() - timedelta(minutes=1)  # the planned end has passed
        db.session.commit()
    url = f"/staff/collections/{collection_id}"
    assert "Avaa aineistonkeruu uudelleen" not in client.get(url).text
    client.post(f"{url}/reopen", data={"csrf_token": csrf(client, url)})
    assert _get(app, collection_id).status() is CollectionStatus.CLOSED
    assert "sen aika on päättynyt" in client.get(url).text


def test_an_evaluator_cannot_reopen(app, client, team):
    collection_id = add_collection(app, team)
    fill(app, collection_id, 1)
    add_user(app, "arvioija@example.fi", Role.EVALUATOR, team)
    evaluator = app.test_client()
    sign_in(evaluator, "arvioija@example.fi")
    url = f"/staff/collections/{collection_id}"
    assert evaluator.post(f"{url}/reopen", data={"csrf_token": csrf(evaluator, url)}).status_code == 403


def test_reopening_keeps_every_earlier_release(app, team):
    collection_id = add_collection(app, team)
    with app.app_context():
        collection = db.session.get(Collection, collection_id)
        for _round in range(2):
            collection.closed_at = utcnow()
            db.session.commit()
            reopen_collection(collection, None)
        assert [r.keys() for r in collection.reopenings] == [{"closed_at", "reopened_at"}] * 2
        assert collection.has_results() and collection.unreleased_since() == collection.reopened_at()[-1]


# --- open-text answers --------------------------------------------------------------------------------------


@pytest.fixture
def texts(app):
    project = add_project(app, "P01")
    with app.app_context():
        from survey.collect.collections import create_collection
        from survey.models import Project

        collection = create_collection(db.session.get(Project, project), "tiny_youth", "1.0",
                                       retention_until=utcnow().date() + timedelta(days=30))  # fmt: skip
        for i, text in enumerate(["Lisää retkiä!", "", "Kerho on kiva <b>"]):
            answers = {"BG_AGE": 15, "P_VOICE": 1 + i % 3, **({"P_OTHER": text} if text else {})}
            store_response(collection, answers, language="fi")
        return project, collection.id


def test_open_answers_are_listed_per_question_for_raw_data_holders_and_audited(app, client, texts):
    project, collection_id = texts
    add_user(app, "raaka@example.fi", Role.EVALUATOR, project, raw=True)
    sign_in(client, "raaka@example.fi")
    assert "Avoimet vastaukset" in client.get(f"/staff/collections/{collection_id}").text
    page = client.get(f"/staff/collections/{collection_id}/open-answers").text
    assert "Muuta sanottavaa?" in page and "Lisää retkiä!" in page and "Kerho on kiva &lt;b&gt;" in page
    assert "2 vastausta" in page
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "responses.open_answers")).one()
        assert entry.row_count == 2 and entry.details == {"items": ["Q_CLUB_NAME", "P_OTHER"]}


def test_open_answers_need_the_raw_data_grant(app, client, texts):
    project, collection_id = texts
    add_user(app, "tiimi@example.fi", Role.TEAM_MEMBER, project)
    sign_in(client, "tiimi@example.fi")
    assert "Avoimet vastaukset" not in client.get(f"/staff/collections/{collection_id}").text
    assert client.get(f"/staff/collections/{collection_id}/open-answers").status_code == 403


def test_open_answers_are_never_in_a_report(app, client, texts):
    project, collection_id = texts
    with app.app_context():
        db.session.get(Collection, collection_id).closed_at = utcnow()
        db.session.commit()
    token = user_with_token(app, "arvioija@example.fi", Role.EVALUATOR, [project])
    report = client.get(f"/api/v1/collections/{collection_id}/report", headers=bearer(token))
    assert report.status_code == 200
    assert "retkiä" not in json.dumps(report.json, ensure_ascii=False)
    by_text = client.get(f"/api/v1/collections/{collection_id}/report?by=P_OTHER", headers=bearer(token))
    assert by_text.status_code == 400
