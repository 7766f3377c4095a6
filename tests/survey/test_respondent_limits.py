"""Anonymous writes limited per (hashed) address and minute, with room for a school class behind one address:
sends, drafts kept on the server, and resume-code guesses. The limited respondent gets a page in their own
language that loses nothing."""

from __future__ import annotations

import re
import time

import pytest
from sqlalchemy import func, select

from survey.db import db
from survey.models import Response
from survey.respond.drafts import COOKIE
from tests.survey.conftest import Respondent, hidden

SCHOOL = "203.0.113.10"  # one address for the whole school network
HOME = "198.51.100.7"


class Pupil(Respondent):
    """A respondent whose every request comes from `address`."""

    def __init__(self, app, token: str, address: str = SCHOOL) -> None:
        super().__init__(app.test_client(), token)
        self.client.environ_base["REMOTE_ADDR"] = address


def stored(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Response))


def test_a_whole_class_behind_one_address_sends_at_the_default_limits(app, token):
    pupils = [Pupil(app, token) for _ in range(35)]
    forms = []
    for pupil in pupils:  # everybody at once: the pages first, then the sends
        pupil.start()
        pupil.post("about", {"BG_AGE": "15", "Q_CLUB": "0"})
        html = pupil.page("views").text
        forms.append({name: hidden(html, name) for name in ("csrf_token", "draft", "shown")})
    statuses = []
    for pupil, form in zip(pupils, forms, strict=True):  # each clicks "send" twice before the first answer
        draft = pupil.client.get_cookie(COOKIE, path=f"/r/{token}")
        url = f"/r/{token}/p/views"
        statuses.append(pupil.client.post(url, data={**form, "P_VOICE": "3", "action": "submit"}).status_code)
        pupil.client.set_cookie(COOKIE, draft.value, path=f"/r/{token}")
        statuses.append(pupil.client.post(url, data={**form, "P_VOICE": "3", "action": "submit"}).status_code)
    assert statuses == [302] * 70  # 70 sends in a minute from one address
    assert stored(app) == 35  # each stored once


def test_sends_over_the_limit_get_a_friendly_page_and_lose_nothing(app, token):
    app.config["ARVIO_SEND_LIMIT"] = "2/minute"
    pupils = [Pupil(app, token) for _ in range(3)]
    for pupil in pupils:
        pupil.answer_all()
    assert stored(app) == 2
    late = pupils[2]
    page = late.post("views", {"P_VOICE": "2", "P_OTHER": "Kiva kerho"}, action="submit")
    assert page.status_code == 429 and page.headers["Retry-After"] == "60"
    assert "Moni samassa verkossa vastaa juuri nyt" in page.text and "Mitään ei hävinnyt" in page.text
    assert "Kiva kerho" in page.text and 'value="2" checked' in page.text  # the page keeps what was sent
    assert late.draft().answers["BG_AGE"] == 15  # and the pages before stay in the browser's draft
    assert stored(app) == 2
    elsewhere = Pupil(app, token, HOME)  # another address is counted apart
    assert elsewhere.answer_all().status_code == 302 and stored(app) == 3


def test_after_the_minute_the_same_button_sends(app, token):
    app.config["ARVIO_SEND_LIMIT"] = "1/second"
    first, second = Pupil(app, token), Pupil(app, token)
    assert first.answer_all().status_code == 302
    assert second.answer_all().status_code == 429
    time.sleep(1.05)
    assert second.post("views", {"P_VOICE": "3"}, action="submit").location.endswith("/thanks")
    assert stored(app) == 2


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("sv", "Många i samma nätverk svarar just nu"),
        ("en", "Many people on the same network are answering right now"),
    ],
)
def test_the_busy_page_is_in_the_respondents_language(app, token, language, text):
    app.config["ARVIO_SEND_LIMIT"] = "1/minute"
    Pupil(app, token).answer_all()
    pupil = Pupil(app, token)
    pupil.client.get(f"/r/{token}?lang={language}")
    page = pupil.answer_all()
    assert page.status_code == 429 and text in page.text and f'lang="{language}"' in page.text


def test_drafts_kept_on_the_server_are_limited_and_the_cookie_draft_stays(app, token):
    app.config["ARVIO_DRAFT_LIMIT"] = "1/minute"
    first, second = Pupil(app, token), Pupil(app, token)
    for pupil in (first, second):
        pupil.start()
    assert first.post("about", {"BG_AGE": "15"}, action="save").status_code == 302  # a resume code: one write
    busy = second.post("about", {"BG_AGE": "16"}, action="save")
    assert busy.status_code == 429 and "Moni samassa verkossa vastaa juuri nyt" in busy.text
    assert second.draft().row is None and second.draft().answers == {"BG_AGE": 16}  # kept in the cookie


def _resume_code(pupil: Respondent) -> str:
    pupil.start()
    pupil.post("about", {"BG_AGE": "15"}, action="save")
    saved = pupil.client.get(f"/r/{pupil.token}/saved").text
    return re.search(r"<span>([A-Z0-9]{4}-[A-Z0-9]{4})</span>", saved)[1]


def _guess(pupil: Respondent, code: str):
    page = pupil.client.get(f"/r/{pupil.token}/resume").text
    data = {"csrf_token": hidden(page, "csrf_token"), "code": code}
    return pupil.client.post(f"/r/{pupil.token}/resume", data=data)


def test_resume_code_guesses_are_limited_per_address(app, token):
    app.config["ARVIO_RESUME_LIMIT"] = "3/minute"
    code = _resume_code(Pupil(app, token, HOME))
    guesser = Pupil(app, token)
    assert [_guess(guesser, c).status_code for c in ("AAAA-AAAA", "BBBB-BBBB", "CCCC-CCCC")] == [400] * 3
    refused = _guess(guesser, code)  # even the right code waits now at this address
    assert refused.status_code == 429 and "Odota minuutti ja yritä uudelleen" in refused.text
    assert "Jatka jatkamiskoodilla" in refused.text  # the page to try again from, not an error page
    assert _guess(Pupil(app, token, HOME), code).status_code == 302  # the owner at home is not affected


def test_the_limits_keep_no_address(app, token):
    Pupil(app, token, "203.0.113.99").answer_all()
    storage = app.extensions["arvio_rate_limits"].fixed.storage
    assert storage.storage and not any("203.0.113.99" in key for key in storage.storage)
