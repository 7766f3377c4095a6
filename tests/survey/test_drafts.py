"""Where a draft lives: a signed cookie of the collection's own until a resume code or its size needs the
server; and the respondent pages' copy of their collection, which sending never trusts."""

import random
import string

import pytest
from sqlalchemy import func, select, update

from instruments.model import Instrument, Item, ItemType, RespondentGroup, Section
from survey.db import db, utcnow
from survey.models import Collection, Draft, Response
from survey.respond.drafts import COOKIE, COOKIE_LIMIT
from tests.survey.conftest import CHILDREN, YOUTH, Library, Respondent, hidden, make_collection, t

LONG = Instrument(
    id="tiny_long",
    version="1.0",
    title=t("Pitkät vastaukset", "Långa svar", "Long answers"),
    respondent_group=RespondentGroup.YOUTH,
    languages=("fi", "sv", "en"),
    choice_lists={},
    sections=(
        Section(
            id="stories",
            title=t("Kerro", "Berätta", "Tell us"),
            items=(
                Item("STORY_A", ItemType.LONGTEXT, t("Mitä teit?")),
                Item("STORY_B", ItemType.LONGTEXT, t("Mitä opit?")),
            ),
        ),
        Section(
            id="more", title=t("Lisää", "Mer", "More"), items=(Item("NOTE", ItemType.TEXT, t("Jotain muuta?")),)
        ),
    ),
)


@pytest.fixture
def app_config() -> dict:
    return {"ARVIO_INSTRUMENTS": Library(YOUTH, CHILDREN, LONG)}


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _draft_cookie_header(response) -> str:
    [header] = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{COOKIE}=")]
    return header


def test_answering_pages_writes_nothing_on_the_server(app, respondent):
    respondent.start()
    answered = respondent.post("about", {"BG_AGE": "15", "Q_CLUB": "0"})

    assert answered.status_code == 302
    assert respondent.draft().answers == {"BG_AGE": 15, "Q_CLUB": 0}
    assert _count(app, Draft) == 0 and _count(app, Response) == 0
    cookie = _draft_cookie_header(answered)
    assert f"Path=/r/{respondent.token}" in cookie  # no other page, and no other questionnaire, receives it
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_two_questionnaires_in_one_browser_keep_their_own_drafts(app, project, client):
    first, second = (
        Respondent(client, make_collection(app, project)),
        Respondent(client, make_collection(app, project)),
    )
    first.start()
    first.post("about", {"BG_AGE": "15"})
    second.start()
    second.post("about", {"BG_AGE": "22"})

    assert first.draft().answers["BG_AGE"] == 15 and second.draft().answers["BG_AGE"] == 22


def test_a_tampered_draft_cookie_counts_as_no_draft(app, respondent, client):
    respondent.start()
    page = respondent.page("about").text
    respondent.post("about", {"BG_AGE": "15"})
    value = client.get_cookie(COOKIE, path=f"/r/{respondent.token}").value
    forged = value[:-3] + ("AAA" if not value.endswith("AAA") else "BBB")
    client.set_cookie(COOKIE, forged, path=f"/r/{respondent.token}")

    lost = respondent.page("views")
    assert "Vastauksiasi ei löytynyt" in lost.text
    replay = {"csrf_token": hidden(page, "csrf_token"), "draft": hidden(page, "draft"), "BG_AGE": "16"}
    refused = client.post(f"/r/{respondent.token}/p/about", data=replay)
    assert refused.status_code == 400 and "Tämä sivu on vanhentunut" in refused.text
    assert _count(app, Response) == 0


def _incompressible(length: int, seed: int) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(string.ascii_letters + "åäöÅÄÖ ") for _ in range(length))


def test_answers_too_long_for_a_cookie_move_to_the_database_and_are_sent_whole(app, project, client):
    respondent = Respondent(client, make_collection(app, project, instrument=LONG))
    respondent.start()
    stories = {"STORY_A": _incompressible(2000, 1), "STORY_B": _incompressible(2000, 2)}

    moved = respondent.post("stories", stories)

    assert moved.status_code == 302 and moved.location.endswith("/p/more")
    assert len(_draft_cookie_header(moved)) < 300  # only the key of the stored draft
    assert _count(app, Draft) == 1
    assert respondent.draft().answers == stories
    assert "Mitä opit?" in client.get(f"/r/{respondent.token}/p/stories").text
    sent = respondent.post("more", {"NOTE": "kiitos"}, action="submit")
    assert sent.location.endswith("/thanks")
    with app.app_context():
        [response] = db.session.scalars(select(Response)).all()
        assert response.answers == {**stories, "NOTE": "kiitos"}
    assert _count(app, Draft) == 0  # deleted with the response's insert


def test_a_draft_just_under_the_cookie_limit_stays_in_the_cookie(app, project, client):
    respondent = Respondent(client, make_collection(app, project, instrument=LONG))
    respondent.start()
    answered = respondent.post("stories", {"STORY_A": _incompressible(1200, 3)})
    assert len(_draft_cookie_header(answered)) < COOKIE_LIMIT + 200
    assert _count(app, Draft) == 0


def test_a_resume_code_keeps_the_draft_on_the_server(app, respondent, client):
    respondent.start()
    saved = respondent.post("about", {"BG_AGE": "17"}, action="save")
    assert _count(app, Draft) == 1
    assert len(_draft_cookie_header(saved)) < 300
    respondent.post("about", {"BG_AGE": "18"})  # later pages update the stored draft
    with app.app_context():
        assert db.session.scalar(select(Draft)).answers["BG_AGE"] == 18


def test_sending_after_staff_closed_the_collection_elsewhere_stores_nothing(app, respondent, client):
    respondent.start()
    respondent.post("about", {"BG_AGE": "15"})
    with app.app_context():  # as another worker process would: this process's copy of the collection stays open
        db.session.execute(update(Collection).values(closed_at=utcnow()))
        db.session.commit()
    assert respondent.page("views").status_code == 200  # the copy is at most a few seconds old

    sent = respondent.post("views", {"P_VOICE": "2"}, action="submit")

    assert sent.status_code == 410 and "Tämä kysely on sulkeutunut" in sent.text
    assert _count(app, Response) == 0
    assert respondent.draft().answers == {"BG_AGE": 15}  # kept: nothing was half-done


@pytest.mark.parametrize("app_config", [{"ARVIO_INSTRUMENTS": Library(YOUTH), "ARVIO_LINK_CACHE_SECONDS": 0}])
def test_without_the_copy_a_change_by_staff_shows_at_once(app, respondent):
    respondent.start()
    with app.app_context():
        db.session.execute(update(Collection).values(closed_at=utcnow()))
        db.session.commit()
    assert respondent.page("about").status_code == 410
