"""A respondent in a real browser: the keyboard alone is enough, and answers survive back, next and a change
of language."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from survey.db import db
from survey.models import Collection, Response

pytestmark = pytest.mark.browser


# A focus indicator: an outline or a box shadow on the focused element (or on its label).
FOCUS_IS_VISIBLE = """() => {
  const shows = e => { const s = getComputedStyle(e);
    return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none"; };
  const element = document.activeElement;
  return shows(element) || Array.from(element.labels || []).some(shows);
}"""


def _tab_to(page, selector: str, limit: int = 40) -> None:
    """Press Tab until the focused element matches `selector` (as a keyboard user moves through a page);
    every element on the way must show where the focus is."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
        assert page.evaluate(FOCUS_IS_VISIBLE), f"no visible focus on {focused} at {page.url}"
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"{selector} was not reached with Tab in {limit} presses on {page.url}")


def _enter(page, selector: str) -> None:
    _tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _stored_responses(site, club_name: str) -> list[Response]:
    with site.app.app_context():
        collection = db.session.scalar(select(Collection).where(Collection.token == site.tokens["every_type"]))
        responses = db.session.scalars(select(Response).where(Response.collection_id == collection.id))
        return [r for r in responses if r.answers.get("Q_CLUB_NAME") == club_name]


def test_a_questionnaire_can_be_completed_with_the_keyboard_alone(site, page):
    page.goto(site.link("every_type", "fi"))
    _enter(page, "form[action$='/start'] button")

    _tab_to(page, "#f-PC_LETTER")
    page.keyboard.type("K")
    _tab_to(page, "#f-PC_MONTH")
    page.keyboard.type("3")
    _enter(page, ".actions button[value=next]")

    _tab_to(page, "#f-BG_AGE")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")  # moves to and selects the second age band
    _tab_to(page, "#f-Q_HOBBIES")
    page.keyboard.press("Space")
    _tab_to(page, "#f-Q_HOBBIES-3")
    page.keyboard.press("Space")
    _tab_to(page, "#f-Q_CLUB")
    page.keyboard.press("Space")
    _enter(page, ".actions button[value=next]")

    _tab_to(page, "#f-P_VOICE")
    page.keyboard.press("Space")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    _tab_to(page, "#f-P_INFLUENCE")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    _enter(page, ".actions button[value=next]")

    _tab_to(page, "#f-Q_HOURS")
    page.keyboard.type("4")
    _tab_to(page, "#f-Q_CLUB_NAME")
    page.keyboard.type("Kuoro")
    _tab_to(page, "#f-Q_FEEDBACK")
    page.keyboard.type("Hyvä kysely.")
    _enter(page, ".actions button[value=submit]")

    assert page.url.endswith("/thanks")
    [response] = _stored_responses(site, "Kuoro")
    assert response.answers == {
        "BG_AGE": 2,
        "Q_HOBBIES": [1, 3],
        "Q_CLUB": 1,
        "P_VOICE": 4,
        "P_INFLUENCE": 2,
        "Q_HOURS": 4,
        "Q_CLUB_NAME": "Kuoro",
        "Q_FEEDBACK": "Hyvä kysely.",
    }
    assert response.sealed_pairing_code and response.language == "fi"


def _click(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def test_answers_survive_back_next_and_a_change_of_language(site, page):
    page.goto(site.link("every_type", "fi"))
    _click(page, "form[action$='/start'] button")
    _click(page, ".actions button[value=next]")  # the pairing code may be left empty
    page.check("#f-BG_AGE-3")
    page.check("#f-Q_HOBBIES-2")
    _click(page, ".actions button[value=next]")
    page.check("#f-P_VOICE-5")

    _click(page, ".actions button[value=back]")
    assert page.is_checked("#f-BG_AGE-3") and page.is_checked("#f-Q_HOBBIES-2")
    assert not page.is_checked("#f-Q_HOBBIES")
    _click(page, ".actions button[value=next]")
    assert page.is_checked("#f-P_VOICE-5")

    page.check("#f-P_INFLUENCE-2")  # not yet sent: the language button sends the page with it
    _click(page, "button[value='lang:sv']")
    assert page.evaluate("document.documentElement.lang") == "sv"
    assert page.locator("legend", has_text="Mina åsikter blir hörda.").count() == 1
    assert page.is_checked("#f-P_VOICE-5") and page.is_checked("#f-P_INFLUENCE-2")

    _click(page, ".actions button[value=back]")
    assert page.evaluate("document.documentElement.lang") == "sv"
    assert page.is_checked("#f-BG_AGE-3") and page.is_checked("#f-Q_HOBBIES-2")
