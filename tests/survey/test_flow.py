"""A respondent's way through a questionnaire, without JavaScript, as the test client (a plain browser)."""

import re

from sqlalchemy import func, select

from survey.db import db
from survey.models import Draft, Response
from survey.pairing_codes import unseal
from tests.survey.conftest import CHILDREN, Respondent, hidden, make_collection


def _responses(app) -> list[Response]:
    with app.app_context():
        return db.session.scalars(select(Response)).all()


def test_a_complete_questionnaire_stores_one_response_with_typed_answers(app, respondent, client):
    sent = respondent.answer_all()
    assert sent.status_code == 302 and sent.location.endswith("/thanks")
    assert "Kiitos!" in client.get(sent.location).text
    [response] = _responses(app)
    assert response.answers == {"BG_AGE": 15, "Q_CLUB": 0, "P_VOICE": 3, "P_TOPICS": [1, 3]}
    assert (response.instrument_id, response.instrument_version, response.language) == ("tiny_youth", "1.0", "fi")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Draft)) == 0  # the server kept no draft
    assert respondent.draft() is None  # and the browser's went with the submit


def test_a_response_has_no_column_for_ip_address_or_user_agent():
    columns = {c.name for c in Response.__table__.columns}
    assert not {name for name in columns if re.search("ip|addr|agent|user|host", name)}


def test_pages_show_progress_and_one_fieldset_with_legend_per_question(respondent):
    html = respondent.start().text
    assert "Sivu 1 / 2" in html
    assert html.count("<fieldset") == html.count("<legend") == 2  # BG_AGE and Q_CLUB; Q_CLUB_NAME hidden
    assert '<html lang="fi">' in html
    assert '<a class="skip-link" href="#main">' in html
    assert re.search(r'<label class="visually-hidden" for="f-BG_AGE">', html)


def test_back_keeps_the_answers_given(respondent):
    respondent.start()
    respondent.post("about", {"BG_AGE": "17", "Q_CLUB": "0"})
    back = respondent.post("views", {"P_VOICE": "2"}, action="back")
    assert back.location.endswith("/p/about")
    assert 'value="17"' in respondent.page("about").text
    assert re.search(r'value="2"\s+checked', respondent.page("views").text)


def test_a_follow_up_on_the_same_page_appears_before_moving_on(respondent):
    respondent.start()
    answered = respondent.post("about", {"BG_AGE": "15", "Q_CLUB": "1"})
    assert answered.location.endswith("/p/about?notice=more")
    page = respondent.page("about", notice="more").text
    assert 'name="Q_CLUB_NAME"' in page and "tuli lisää kysymyksiä" in page
    assert respondent.post("about", {"BG_AGE": "15", "Q_CLUB": "1", "Q_CLUB_NAME": "Shakki"}).location.endswith(
        "/p/views"
    )


def test_skip_logic_hides_a_page_and_drops_answers_to_hidden_questions(app, respondent):
    respondent.start()
    respondent.post("about", {"BG_AGE": "15", "Q_CLUB": "1"})
    respondent.post("about", {"BG_AGE": "15", "Q_CLUB": "1", "Q_CLUB_NAME": "Shakki"})
    assert "Sivu 2 / 3" in respondent.page("views").text  # the club page is shown now
    respondent.post("views", {"P_VOICE": "1"})
    respondent.post("club", {"C_LIKE": "3"}, action="back")
    # The respondent changes their mind: no club after all. The club answers become missing.
    respondent.post("about", {"BG_AGE": "15", "Q_CLUB": "0", "Q_CLUB_NAME": "Shakki"})
    assert "Sivu 2 / 2" in respondent.page("views").text
    assert respondent.page("club").location.endswith("/p/views")  # an old link to the hidden page
    assert respondent.page("nosuchpage").status_code == 404
    assert respondent.post("views", {"P_VOICE": "1"}, action="submit").location.endswith("/thanks")
    [response] = _responses(app)
    assert response.answers == {"BG_AGE": 15, "Q_CLUB": 0, "P_VOICE": 1}


def test_next_on_the_last_page_does_not_send(app, respondent):
    respondent.start()
    respondent.post("about", {"BG_AGE": "15"})
    assert respondent.post("views", {"P_VOICE": "1"}, action="next").location.endswith("/p/views")
    assert _responses(app) == []


def test_required_questions_are_listed_in_an_error_summary_linking_to_the_fields(app, respondent):
    respondent.start()
    page = respondent.post("about", {"Q_CLUB": "1"})
    assert page.status_code == 400
    summary = page.text.split('class="error-summary"')[1].split("</div>")[0]
    assert '<a href="#f-BG_AGE">Vastaa tähän kysymykseen.</a>' in summary
    assert 'id="f-BG_AGE-error"' in page.text
    assert re.search(r'value="1"\s+checked', page.text)  # what was given is still there
    assert "<title>Virhe:" in page.text


def test_sending_with_a_required_answer_missing_on_an_earlier_page_goes_back_there(app, respondent):
    respondent.start()
    respondent.post("about", {}, action="back")  # leaves the required age empty
    sent = respondent.post("views", {"P_VOICE": "2"}, action="submit")
    assert sent.location.endswith("/p/about?notice=missing")
    page = respondent.page("about", notice="missing").text
    assert '<a href="#f-BG_AGE">Vastaa tähän kysymykseen.</a>' in page
    assert _responses(app) == []


def test_language_switch_keeps_the_answers_on_the_page(app, respondent):
    respondent.start()
    switched = respondent.post("about", {"BG_AGE": "21"}, action="lang:sv")
    assert switched.location.endswith("/p/about")
    page = respondent.page("about").text
    assert '<html lang="sv">' in page and "Sida 1 / 2" in page and 'value="21"' in page
    respondent.post("about", {"BG_AGE": "21"})
    respondent.post("views", {"P_VOICE": "3"}, action="submit")
    assert _responses(app)[0].language == "sv"


def test_the_language_defaults_to_the_browsers_choice_among_the_offered(client, app, project):
    token = make_collection(app, project, languages=["fi", "sv"])
    assert '<html lang="sv">' in client.get(f"/r/{token}", headers={"Accept-Language": "sv-FI,sv;q=0.9"}).text
    english_only_browser = client.application.test_client()
    html = english_only_browser.get(f"/r/{token}", headers={"Accept-Language": "en-GB"}).text
    assert '<html lang="fi">' in html  # English is not offered in this collection: Finnish
    assert "In English" not in html


def test_language_links_on_the_start_page_switch_and_remember(client, token):
    assert '<html lang="en">' in client.get(f"/r/{token}?lang=en").text
    assert '<html lang="en">' in client.get(f"/r/{token}").text


def test_save_and_resume_on_another_device_with_a_short_code(app, respondent, client):
    respondent.start()
    saved = respondent.post("about", {"BG_AGE": "16", "Q_CLUB": "0"}, action="save")
    shown = client.get(saved.location).text
    code = re.search(r'class="resume-code"[^>]*><span>([A-Z0-9-]+)</span>', shown).group(1)
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", code)
    with app.app_context():
        draft = db.session.scalar(select(Draft))
        assert code.replace("-", "") not in draft.resume_code_hash  # stored hashed
    other = Respondent(app.test_client(), respondent.token)
    form = other.client.get(f"/r/{respondent.token}/resume").text
    resumed = other.client.post(
        f"/r/{respondent.token}/resume", data={"csrf_token": hidden(form, "csrf_token"), "code": code.lower()}
    )
    assert resumed.location.endswith("/p/about")
    assert 'value="16"' in other.page("about").text
    other.post("about", {"BG_AGE": "16"})
    assert other.post("views", {"P_VOICE": "2"}, action="submit").location.endswith("/thanks")


def test_a_double_click_or_resend_of_the_send_button_stores_one_response(app, respondent, client):
    respondent.start()
    respondent.post("about", {"BG_AGE": "15"})
    page = respondent.page("views").text
    data = {
        "csrf_token": hidden(page, "csrf_token"),
        "draft": hidden(page, "draft"),
        "shown": hidden(page, "shown"),
        "P_VOICE": "2",
        "action": "submit",
    }
    first = client.post(f"/r/{respondent.token}/p/views", data=data)
    second = client.post(f"/r/{respondent.token}/p/views", data=data)
    assert first.location.endswith("/thanks") and second.location.endswith("/thanks")
    assert len(_responses(app)) == 1


def test_pairing_code_is_asked_first_and_stored_only_sealed(app, project, client):
    respondent = Respondent(client, make_collection(app, project, ask_pairing_code=True))
    first = respondent.start().text
    assert "Sivu 1 / 3" in first and 'name="PC_LETTER"' in first
    respondent.post("pairing-code", {"PC_LETTER": " ä", "PC_DAY": "07"})
    respondent.post("about", {"BG_AGE": "15"})
    respondent.post("views", {"P_VOICE": "2"}, action="submit")
    [response] = _responses(app)
    assert response.sealed_pairing_code.startswith("v1:")
    assert "PC_LETTER" not in response.answers
    parts = unseal("test-pairing-key", response.sealed_pairing_code)
    assert parts == (("PC_LETTER", "Ä"), ("PC_DAY", "7"))


def test_pairing_code_parts_must_be_of_their_kind(app, project, client):
    respondent = Respondent(client, make_collection(app, project, ask_pairing_code=True))
    respondent.start()
    page = respondent.post("pairing-code", {"PC_LETTER": "AB", "PC_DAY": ""})
    assert page.status_code == 400
    assert "Kirjoita yksi kirjain A–Ö." in page.text and "Täytä parikoodin kaikki osat" in page.text
    assert respondent.post("pairing-code", {}).location.endswith("/p/about")  # all empty: the code is skipped


def test_childrens_form_has_a_picture_scale_with_text_labels_and_read_aloud_buttons(app, project, client):
    respondent = Respondent(client, make_collection(app, project, instrument=CHILDREN))
    html = respondent.start().text
    assert '<body class="children">' in html
    assert 'src="/static/scale/face-happy.svg" alt=""' in html
    assert "<span>Yleensä kyllä</span>" in html  # the label text is the accessible name
    assert re.search(r'<button type="button" class="read-aloud" data-read="q-K_HEARD" hidden>Lue ääneen', html)
    with client.get("/static/scale/face-sad.svg") as picture:
        assert picture.status_code == 200 and picture.mimetype == "image/svg+xml"


def test_intro_and_consent_texts_are_shown_in_the_chosen_language(app, project, client):
    token = make_collection(app, project, intro={"fi": "Hei!", "sv": "Hej!"}, consent={"fi": "Suostumus."})
    html = client.get(f"/r/{token}").text
    assert "<p>Hei!</p>" in html and "<p>Suostumus.</p>" in html
    assert "<p>Hej!</p>" in client.get(f"/r/{token}?lang=sv").text
