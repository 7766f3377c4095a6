"""Project teams' and respondents' everyday flows on the demo data, in a real browser (issue 16's proof).

- Preview: every built-in questionnaire (newest version) in each of its languages, start page to thank-you page,
  as a team member; nothing is stored.
- Setting up a collection: no questionnaire is chosen for the team; the link, QR code and poster appear only once
  the collection can take answers; closing asks first and says what happened; a collection closed early opens
  again.
- A respondent who types month 13 is told so in their language, and every other typed value stays.
- The children's form: read-aloud on every page, the three faces in one row at 320 and 360 px, the language
  choice on one line.
Axe finds nothing on any of these pages. With ``ARVIO_SCREENSHOTS=<folder>`` the tests save the pages the team
guide shows (``docs/images/children-*.png``, ``poster-fi.png``, ``preview-fi.png``).
"""

from __future__ import annotations

import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from instruments.loader import load_library
from survey.collect.collections import create_collection
from survey.collect.team import newest_versions
from survey.db import db, utcnow
from survey.models import Draft, Project, Response
from tests.e2e.staff_site import serve_demo
from tests.e2e.test_staff_accessibility import AXE, AXE_OPTIONS

pytestmark = pytest.mark.browser

NEWEST = newest_versions(list(load_library()))
MONTH_ERROR = {"fi": "väliltä 1–12", "sv": "från 1 till 12", "en": "from 1 to 12"}


@pytest.fixture(scope="module")
def demo(browser, tmp_path_factory):
    with serve_demo(tmp_path_factory.mktemp("flows")) as site:
        yield site


def _axe(page) -> None:
    violations = AXE.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, (page.url, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations])


def _shot(page, name: str, **options) -> None:
    if folder := os.environ.get("ARVIO_SCREENSHOTS"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), **options)


def _stored(site) -> tuple[int, int]:
    with site.app.app_context():
        return db.session.scalar(select(func.count(Response.id))), db.session.scalar(select(func.count(Draft.id)))


def _open_collection(site, instrument_id: str, **options) -> str:
    """A new open collection of ARV-08 on the newest version of `instrument_id`; its respondent link."""
    instrument = next(i for i in NEWEST if i.id == instrument_id)
    with site.app.app_context():
        project = db.session.scalar(select(Project).where(Project.code == "ARV-08"))
        collection = create_collection(
            project, instrument.id, instrument.version, retention_until=date.today() + timedelta(days=365),
            opens_at=utcnow() - timedelta(hours=1), **options,
        )  # fmt: skip
        return f"{site.url}/r/{collection.token}"


def _walk(page, language: str, check=None) -> list[str]:
    """From a start page, the primary button on every page up to the thank-you page; the pages' addresses."""
    seen = []
    for _ in range(30):
        seen.append(page.url)
        if check:
            check(page)
        if page.locator("main form button[type=submit]").count() == 0:
            return seen
        with page.expect_navigation():
            page.locator("main form button[type=submit]").first.click()
        assert page.evaluate("document.documentElement.lang") == language
    raise AssertionError(f"no thank-you page after 30 pages: {seen[-3:]}")


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_built_in_questionnaire_is_previewed_in_every_language_and_nothing_is_stored(
    demo, new_page, language
):
    page = new_page(360)
    demo.sign_in(page, "team_member", next_path=f"/staff/questionnaires/?lang={language}")
    _axe(page)
    before = _stored(demo)
    groups_checked = set()
    for instrument in NEWEST:
        if language not in instrument.languages:
            continue
        page.goto(f"{demo.url}/staff/questionnaires/{instrument.id}/{instrument.version}/?lang={language}")
        assert page.locator("main h1").inner_text() == instrument.title.get(language)
        group = instrument.respondent_group.value
        check = _axe if group not in groups_checked else None
        groups_checked.add(group)
        seen = _walk(page, language, check)
        assert seen[-1].endswith(f"/thanks?lang={language}") or "/thanks" in seen[-1], seen
        assert len(seen) >= 4  # start, the code or background page, questions, thanks
    assert _stored(demo) == before
    if language == "fi":
        page.goto(f"{demo.url}/staff/questionnaires/participation_youth/"
                  f"{next(i.version for i in NEWEST if i.id == 'participation_youth')}/p/pairing-code?lang=fi")
        _shot(page, "preview-fi", full_page=True)


def test_a_collection_is_set_up_opened_closed_with_confirmation_and_opened_again(demo, new_page):
    page = new_page(1280)
    demo.sign_in(page, "team_member", next_path="")
    project = demo.ids.project
    page.goto(f"{demo.url}/staff/projects/{project}/collections/new?lang=fi")
    _axe(page)
    assert page.locator("#instrument").input_value() == ""  # no questionnaire chosen for the team
    assert page.locator("input[name=ask_pairing_code]").is_checked()  # a baseline asks the pairing code
    page.click("main form button.button:has-text('Luo')")
    assert "Valitse kysely" in page.locator(".error-summary").inner_text()

    page.select_option("#instrument", index=1)
    page.fill("#label", "7B kevät")
    with page.expect_navigation():
        page.click("main form button.button:has-text('Luo')")
    assert page.locator("#respondent-link").count() == 0 and page.locator("img.qr").count() == 0
    assert "Puuttuu" in page.locator(".missing").inner_text()
    _axe(page)

    page.fill("#retention_until", (date.today() + timedelta(days=300)).isoformat())
    with page.expect_navigation():
        page.click("button:has-text('Avaa nyt')")
    link = page.locator("#respondent-link").inner_text()
    assert "/r/" in link and page.locator("button[data-copy='respondent-link']").is_visible()
    assert re.fullmatch(r".*/k/[A-Z0-9]{4}-[A-Z0-9]{4}", page.locator("#short-link").inner_text())
    _axe(page)
    collection_url = page.url.split("?")[0]

    with page.expect_navigation():
        page.click("a:has-text('Sulje aineistonkeruu')")
    assert page.locator("main h1").inner_text() == "Suljetaanko aineistonkeruu?"
    _axe(page)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    said = page.locator("main").inner_text()
    assert "Aineistonkeruu suljettiin" in said and page.locator("#respondent-link").count() == 0

    with page.expect_navigation():
        page.locator("form[action$='/reopen'] button").click()
    assert "Aineistonkeruu on taas auki samalla linkillä" in page.locator("main").inner_text()
    assert page.locator("#respondent-link").inner_text() == link

    page.goto(collection_url + "/poster?lang=fi")
    poster = page.locator("main").inner_text()
    assert "Yhdenvertaisuus" in poster or "Osallisuus" in poster or "Tasa-arvo" in poster
    assert re.search(r"/k/\s*[A-Z0-9]{4}-[A-Z0-9]{4}", poster)
    _shot(page, "poster-fi", full_page=True)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_month_13_is_refused_in_the_respondents_language_and_every_typed_value_stays(demo, new_page, language):
    page = new_page(360)
    page.goto(_open_collection(demo, "participation_youth", ask_pairing_code=True) + f"?lang={language}")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    inputs = page.locator("main form input:not([type=hidden]):not([type=radio]):not([type=checkbox])")
    assert inputs.count() == 4  # the pairing code's four parts
    typed = ["K", "2", "13", "Ö"]  # a letter, older siblings, birth month, a letter
    for i, value in enumerate(typed):
        inputs.nth(i).fill(value)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    summary = page.locator(".error-summary").inner_text()
    assert MONTH_ERROR[language] in summary, summary
    assert [inputs.nth(i).input_value() for i in range(4)] == typed  # nothing typed disappears
    _axe(page)


@pytest.mark.parametrize("width", [320, 360])
def test_the_childrens_form_reads_aloud_on_every_page_with_faces_in_one_row(demo, new_page, width):
    page = new_page(width)
    page.goto(_open_collection(demo, "participation_children", ask_pairing_code=True) + "?lang=fi")

    def check(page) -> None:
        assert page.locator("button.read-aloud").count() >= 1, page.url
        choices = page.locator("header .languages li").all()
        assert len({round(choice.bounding_box()["y"]) for choice in choices}) == 1, page.url  # one line
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        for group in page.locator(".choices--pictures").all():
            faces = group.locator(".choice:not(.choice--missing)").all()
            tops = {round(face.bounding_box()["y"]) for face in faces}
            assert len(tops) == 1, (page.url, tops)  # the three faces side by side
        _axe(page)
        if width == 360:
            name = page.url.rsplit("/", 1)[-1].split("?")[0]
            _shot(page, f"children-{name}", full_page=True)

    seen = _walk(page, "fi", check)
    assert len(seen) >= 5 and seen[-1].split("?")[0].endswith("/thanks")
