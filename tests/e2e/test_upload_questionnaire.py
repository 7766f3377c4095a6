"""A coordinator uploads a questionnaire in a real browser: the problems, the fixed file, the draft's preview,
publishing, a team's collection on it and one response; axe-core finds nothing on the coordinator's pages.

Set ``ARVIO_SCREENSHOTS=folder`` to keep the upload page with its problems at 360 and 1280 px (the guide's image).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.staff_site import serve_demo
from tests.instruments.xlsform_tables import xlsform
from tests.survey.test_uploads import BROKEN_SURVEY, CHOICES, SETTINGS, SURVEY

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


@pytest.fixture(scope="module")
def staff_site(browser, tmp_path_factory):
    with serve_demo(tmp_path_factory.mktemp("upload")) as site:
        yield site


def _violations(page) -> list[str]:
    found = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    return [f"{v['id']}: {v['help']} -> {[n['target'] for n in v['nodes'][:3]]}" for v in found]


def _submit(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def test_upload_errors_fix_preview_publish_collect_and_answer(staff_site, new_page, tmp_path):
    (tmp_path / "broken").mkdir()
    (tmp_path / "fixed").mkdir()
    broken = xlsform(
        tmp_path / "broken",
        "kerho.xlsx",
        survey=BROKEN_SURVEY,
        choices=CHOICES,
        settings=SETTINGS.format(version="1"),
    )
    fixed = xlsform(
        tmp_path / "fixed", "kerho.xlsx", survey=SURVEY, choices=CHOICES, settings=SETTINGS.format(version="1")
    )
    page = new_page()
    staff_site.sign_in(page, "coordinator", next_path="/staff/uploads/")
    assert page.locator("h1").inner_text() == "Lataa kysely"

    page.set_input_files("#questionnaire", str(broken))
    _submit(page, "main form button[type=submit]")
    summary = page.locator(".error-summary")
    assert "Tiedostoa ei tallennettu" in summary.inner_text()
    cells = summary.locator("tbody tr").first.locator("td").all_inner_texts()
    assert cells[:2] == ["taulukko survey, rivi 4", "type"] and "geopoint" in cells[2]
    assert "taulukko survey, rivi 5" in summary.inner_text()
    assert _violations(page) == []
    if folder := os.environ.get("ARVIO_SCREENSHOTS"):
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(Path(folder) / f"upload-errors-{width}.png"), full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.set_viewport_size({"width": 1280, "height": 900})

    page.set_input_files("#questionnaire", str(fixed))
    _submit(page, "main form button[type=submit]")
    assert page.locator("h1").inner_text() == "Kerho"
    assert "Luonnos: vain koordinaattorit näkevät sen" in page.locator("main").inner_text()
    assert "Minua kuunneltiin" in page.locator(".preview-page").inner_text()  # the preview, in Finnish
    assert "start" in page.locator("section.notice").inner_text()  # the skipped metadata row, as a warning
    assert _violations(page) == []
    page.click("main p a[lang=en]")
    assert "I was heard" in page.locator(".preview-page").inner_text()

    # the preview wing shows the draft as respondents will see it, before it is in the library
    draft_page = page.url
    _submit(page, "main ul.inline-links a[lang=sv]")
    assert "/staff/questionnaires/club_2026/1/" in page.url and "draft=" in page.url
    assert page.evaluate("document.documentElement.lang") == "sv"
    assert _violations(page) == []
    _submit(page, "form[action*='/start'] button")
    assert "Jag blev hörd" in page.locator("main").inner_text()
    assert _violations(page) == []
    page.goto(draft_page)

    _submit(page, "main form[action$='/publish'] button")
    assert "Julkaistu ohjelman kirjastoon" in page.locator("main").inner_text()
    assert _violations(page) == []

    page.goto(f"{staff_site.url}/staff/projects/{staff_site.ids.project}/collections/new?all=1")  # every group
    page.select_option("#instrument", "club_2026@1")
    page.fill("#label", "Kerho, syksy")
    page.fill("#retention_until", "2030-12-31")
    page.uncheck("input[name=ask_pairing_code]")  # the uploaded form asks no pairing code
    _submit(page, "main form[method=post] .actions button")
    assert page.locator("h1").inner_text() == "Kerho, syksy", page.locator("main").inner_text()[:1500]
    link = page.locator(".link-out a").get_attribute("href")

    respondent = new_page(360)
    respondent.goto(link)
    _submit(respondent, "form[action$='/start'] button")
    respondent.fill("#f-AGE", "15")
    respondent.check("#f-HEARD-2")
    _submit(respondent, ".actions button[value=submit]")
    assert respondent.url.endswith("/thanks")
    assert _violations(respondent) == []

    from sqlalchemy import func, select

    from survey.db import db
    from survey.models import Response

    with staff_site.app.app_context():
        assert (
            db.session.scalar(
                select(func.count()).select_from(Response).where(Response.instrument_id == "club_2026")
            )
            == 1
        )
