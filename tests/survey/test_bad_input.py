"""Tampered, oversized, replayed and forged input: a clear page in the respondent's language, never a 500,
nothing half-stored."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from survey.db import db, utcnow
from survey.models import Response
from tests.survey.conftest import Respondent, hidden, make_collection


def _responses(app) -> list:
    with app.app_context():
        return db.session.scalars(select(Response)).all()


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"BG_AGE": "12"}, "Kirjoita luku väliltä 13–29."),
        ({"BG_AGE": "15.5"}, "Kirjoita kokonaisluku."),
        ({"BG_AGE": "viisitoista"}, "Kirjoita luku, esimerkiksi 12."),
        ({"BG_AGE": "1e3"}, "Kirjoita luku, esimerkiksi 12."),
        ({"BG_AGE": "9" * 5000}, "Kirjoita luku, esimerkiksi 12."),
        ({"BG_AGE": "15", "Q_CLUB": "7"}, "Valitse jokin annetuista vaihtoehdoista."),
        ({"BG_AGE": "15", "Q_CLUB": ["1", "0"]}, "Valitse vain yksi vaihtoehto."),
        ({"BG_AGE": ["15", "16"]}, "Anna vain yksi vastaus."),
    ],
)
def test_invalid_answers_get_a_message_and_nothing_is_saved(app, respondent, answers, message):
    respondent.start()
    page = respondent.post("about", answers)
    assert page.status_code == 400
    assert message in page.text
    assert respondent.draft().answers == {}


def test_tampered_choice_in_a_multiple_choice_question(respondent):
    respondent.start()
    respondent.post("about", {"BG_AGE": "15"})
    page = respondent.post("views", {"P_VOICE": "1", "P_TOPICS": ["1", "99"]})
    assert page.status_code == 400 and "Valitse jokin annetuista vaihtoehdoista." in page.text


def test_text_longer_than_its_limit_is_refused_with_the_count(respondent):
    respondent.start()
    respondent.post("about", {"BG_AGE": "15"})
    page = respondent.post("views", {"P_VOICE": "1", "P_OTHER": "x" * 51})
    assert page.status_code == 400 and "Kirjoita enintään 50 merkkiä (nyt 51)." in page.text


def test_a_request_over_the_size_limit_gets_a_translated_413_page(app, respondent):
    respondent.start()
    page = respondent.post("about", {"BG_AGE": "15", "padding": "x" * (300 * 1024)})
    assert page.status_code == 413
    assert "Liian paljon tekstiä" in page.text
    assert respondent.draft().answers == {}


def test_unknown_fields_are_ignored_and_never_stored(app, respondent):
    respondent.start()
    respondent.post("about", {"BG_AGE": "15", "IP_ADDRESS": "10.0.0.1", "P_VOICE": "3"})  # P_VOICE: other page
    assert respondent.draft().answers == {"BG_AGE": 15}


def test_a_hidden_question_answered_anyway_is_not_stored(app, respondent):
    respondent.start()
    respondent.post("about", {"BG_AGE": "15", "Q_CLUB": "0", "Q_CLUB_NAME": "forged"})
    assert respondent.draft().answers == {"BG_AGE": 15, "Q_CLUB": 0}


def test_control_characters_are_removed_from_text(app, respondent):
    respondent.start()
    respondent.post(
        "about",
        {"BG_AGE": "15", "Q_CLUB": "1", "Q_CLUB_NAME": "Sha\x00kki\x1b"},
        shown="BG_AGE Q_CLUB Q_CLUB_NAME",
    )
    assert respondent.draft().answers["Q_CLUB_NAME"] == "Shakki"


@pytest.mark.parametrize("csrf", [None, "forged-token", "ImFiYyI.old.token"])
def test_missing_or_stale_csrf_token_gets_a_friendly_translated_page(app, respondent, csrf):
    respondent.start()
    page = respondent.post("about", {"BG_AGE": "15"}, csrf_token=csrf or "")
    assert page.status_code == 400
    assert "Sivu oli vanhentunut" in page.text
    assert respondent.draft().answers == {}


def test_csrf_page_is_in_the_respondents_language(respondent, client):
    respondent.start()
    client.get(f"/r/{respondent.token}?lang=sv")
    page = respondent.post("about", {"BG_AGE": "15"}, csrf_token="")
    assert "Sidan hade gått ut" in page.text and '<html lang="sv">' in page.text


def test_posting_to_a_closed_collection_is_refused_with_410(app, project, client):
    respondent = Respondent(client, make_collection(app, project, closes_at=utcnow() + timedelta(seconds=1)))
    respondent.start()
    html = respondent.page("about").text
    with app.app_context():
        from survey.collect.collections import close_collection, find_by_token

        close_collection(find_by_token(respondent.token))
    data = {"csrf_token": hidden(html, "csrf_token"), "draft": hidden(html, "draft"), "BG_AGE": "15"}
    page = client.post(f"/r/{respondent.token}/p/about", data=data)
    assert page.status_code == 410 and "Tämä kysely on sulkeutunut" in page.text
    assert _responses(app) == []


def test_a_replayed_old_form_after_sending_changes_nothing(app, respondent, client):
    respondent.start()
    old_page = respondent.page("about").text
    respondent.answer_all()
    replay = {"csrf_token": hidden(old_page, "csrf_token"), "draft": hidden(old_page, "draft"), "BG_AGE": "29"}
    again = client.post(f"/r/{respondent.token}/p/about", data=replay)
    assert again.location.endswith("/thanks")  # it was sent already: the thank-you page, once more
    [response] = _responses(app)
    assert response.answers["BG_AGE"] == 15


def test_a_form_from_another_draft_is_refused_as_out_of_date(app, respondent, client):
    respondent.start()
    page = respondent.page("about").text
    forged = {"csrf_token": hidden(page, "csrf_token"), "draft": "not-this-draft", "BG_AGE": "20"}
    answer = client.post(f"/r/{respondent.token}/p/about", data=forged)
    assert answer.status_code == 400 and "Tämä sivu on vanhentunut" in answer.text
    assert respondent.draft().answers == {}


def test_an_unknown_action_is_refused(app, respondent):
    respondent.start()
    page = respondent.post("about", {"BG_AGE": "15"}, action="lang:de")
    assert page.status_code == 400
    assert respondent.draft().answers == {}


@pytest.mark.parametrize("code", ["AAAA-AAAA", "short", "x" * 500, "ÄÄÄÄ-ÖÖÖÖ", ""])
def test_a_forged_resume_code_finds_nothing(respondent, client, code):
    respondent.start()
    respondent.post("about", {"BG_AGE": "15"}, action="save")
    form = client.get(f"/r/{respondent.token}/resume").text
    answer = client.post(
        f"/r/{respondent.token}/resume", data={"csrf_token": hidden(form, "csrf_token"), "code": code}
    )
    assert answer.status_code == 400
    assert "Tällä jatkamiskoodilla ei löytynyt tallennettuja vastauksia." in answer.text
    assert '<a href="#f-code">' in answer.text


def test_a_page_without_answers_in_progress_says_so(client, token):
    page = client.get(f"/r/{token}/p/about")
    assert page.status_code == 200 and "Vastauksiasi ei löytynyt" in page.text


def test_unknown_link_is_a_plain_404(client):
    page = client.get("/r/this-is-not-a-token")
    assert page.status_code == 404 and "Sivua ei löytynyt" in page.text


def test_a_link_not_yet_open_says_when_it_opens(app, project, client):
    token = make_collection(app, project, opens_at=utcnow() + timedelta(days=2))
    page = client.get(f"/r/{token}?lang=en")
    assert (
        page.status_code == 404
        and "This questionnaire is not open yet" in page.text
        and "It opens on" in page.text
    )


def test_a_collection_without_retention_date_is_not_open(app, project, client):
    token = make_collection(app, project, retention_until=None)
    assert client.get(f"/r/{token}").status_code == 404


def test_a_closed_link_is_410_in_the_respondents_language(app, project, client):
    token = make_collection(
        app, project, opens_at=utcnow() - timedelta(days=9), closes_at=utcnow() - timedelta(days=1)
    )
    page = client.get(f"/r/{token}", headers={"Accept-Language": "sv"})
    assert page.status_code == 410 and "Den här enkäten har stängts" in page.text


def test_a_wrong_method_is_a_plain_405(client, token):
    page = client.delete(f"/r/{token}")
    assert page.status_code == 405 and "Ei mahdollista tässä" in page.text


def test_an_internal_error_is_a_plain_500_page(app, client, project):
    token = make_collection(app, project)
    app.extensions["arvio_instruments"] = _BrokenLibrary()
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the error page, not the traceback
    page = client.get(f"/r/{token}")
    assert page.status_code == 500
    assert "Jokin meni vikaan" in page.text and "Traceback" not in page.text


class _BrokenLibrary:
    def get(self, instrument_id, version):
        raise RuntimeError("the library is broken")
