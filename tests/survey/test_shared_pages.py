"""Pages that are the same for every respondent are rendered once per process: each respondent still gets their
own tokens, and anything that makes a page their own (answers, errors, a draft, the address) is honoured."""

import re

from survey.db import db
from survey.models import Collection
from tests.survey.conftest import Respondent, hidden

LONG_VALUE = re.compile(r'value="[^"]{20,}"')  # the CSRF and submission tokens


def test_every_respondent_gets_the_same_blank_page_with_their_own_tokens(app, project, token):
    one, two = Respondent(app.test_client(), token), Respondent(app.test_client(), token)
    one.start()
    two.start()
    first, second = one.page("about").text, two.page("about").text

    tokens = [(hidden(page, "csrf_token"), hidden(page, "draft")) for page in (first, second)]
    assert tokens[0][0] != tokens[1][0] and tokens[0][1] != tokens[1][1]
    assert tokens[0][1] == one.draft().submission_token and tokens[1][1] == two.draft().submission_token
    assert LONG_VALUE.sub("", first) == LONG_VALUE.sub("", second)
    assert "csrf-placeholder" not in first and "draft-placeholder" not in first
    assert one.post("about", {"BG_AGE": "15"}).status_code == 302  # each token works for its own browser
    assert two.post("about", {"BG_AGE": "16"}).status_code == 302
    assert 'value="15"' in one.page("about").text  # an answered page is the respondent's own


def test_the_start_page_gives_each_browser_its_own_csrf_token_and_knows_its_draft(app, token):
    one, two = app.test_client(), app.test_client()
    first, second = one.get(f"/r/{token}").text, two.get(f"/r/{token}").text

    assert hidden(first, "csrf_token") != hidden(second, "csrf_token")
    assert LONG_VALUE.sub("", first) == LONG_VALUE.sub("", second)
    started = one.post(f"/r/{token}/start", data={"csrf_token": hidden(first, "csrf_token")})
    assert started.status_code == 302
    assert "Jatka vastaamista" in one.get(f"/r/{token}").text  # this browser has a draft
    assert "Aloita" in two.get(f"/r/{token}").text and "Jatka vastaamista" not in two.get(f"/r/{token}").text


def test_a_page_address_with_other_parameters_keeps_them_in_its_language_links(app, token, client):
    client.get(f"/r/{token}")  # the plain page, now in the cache
    page = client.get(f"/r/{token}?from=poster").text
    assert f"/r/{token}?from=poster&amp;lang=sv" in page


def test_the_thank_you_page_follows_the_language(app, respondent, client):
    respondent.answer_all()
    assert "Kiitos!" in client.get(f"/r/{respondent.token}/thanks").text
    assert "Tack!" in client.get(f"/r/{respondent.token}/thanks?lang=sv").text


def test_a_new_intro_reaches_the_start_page(app, token, client):
    assert "Tervetuloa kerhoon" not in client.get(f"/r/{token}").text
    with app.app_context():
        collection = db.session.query(Collection).filter_by(token=token).one()
        collection.intro = {"fi": "Tervetuloa kerhoon"}
        db.session.commit()
    assert "Tervetuloa kerhoon" in client.get(f"/r/{token}").text
