"""The built-in instrument library, loaded by the app itself, answered page by page to the thank-you page."""

import pytest
from sqlalchemy import func, select

from instruments.model import CHOICE_TYPES, Instrument, Item, ItemType
from survey.db import db
from survey.models import Collection, Response
from survey.questionnaires import library
from survey.respond.answers import visible_items
from survey.respond.flow import PAIRING_PAGE
from tests.survey.conftest import hidden, make_collection


@pytest.fixture
def app_config() -> dict:
    return {}  # no test library: the app loads the built-in one


def _value(instrument: Instrument, item: Item) -> list[str]:
    if item.type in CHOICE_TYPES or item.type is ItemType.YESNO:
        return [str(instrument.choice_list(item).scored[0].code)]
    if item.type is ItemType.NUMBER:
        return [str(int(item.minimum if item.minimum is not None else item.maximum or 1))]
    return ["Vastaus"]


def _answer_through(client, token: str, instrument: Instrument) -> str:
    """Answer every shown question with a valid value; return where the last send led."""
    page = client.post(
        f"/r/{token}/start", data={"csrf_token": hidden(client.get(f"/r/{token}").text, "csrf_token")}
    )
    answers: dict[str, object] = {}
    for _ in range(60):
        location = page.location
        if location.endswith("/thanks"):
            return location
        html = client.get(location).text
        page_id = location.split("/p/")[1].split("?")[0]
        data = {"csrf_token": hidden(html, "csrf_token"), "draft": hidden(html, "draft")}
        if page_id == PAIRING_PAGE:
            data.update({p.code: "A" if p.kind == "letter" else "1" for p in instrument.pairing_prompts})
        else:
            section = next(s for s in instrument.sections if s.id == page_id)
            data["shown"] = hidden(html, "shown")
            for item in visible_items(section, answers):
                if item.answered:
                    data[item.code] = _value(instrument, item)
                    answers[item.code] = _value(instrument, item)[0]
        data["action"] = "submit" if 'value="submit"' in html else "next"
        page = client.post(location.split("?")[0], data=data)
        assert page.status_code == 302, (instrument.key, page_id, page.text[:2000])
    raise AssertionError(f"{instrument.key}: no thank-you page after 60 pages")


def test_every_builtin_instrument_can_be_answered_to_the_end(app, project, client):
    with app.app_context():
        instruments = list(library())
    assert len(instruments) >= 12
    for instrument in instruments:
        token = make_collection(
            app, project, instrument=instrument, ask_pairing_code=bool(instrument.pairing_prompts)
        )
        assert _answer_through(client, token, instrument).endswith("/thanks")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Response)) == len(instruments)
        assert db.session.scalar(select(func.count()).select_from(Collection)) == len(instruments)
