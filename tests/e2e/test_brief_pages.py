"""The results brief in a real browser on the demo data: fi, sv and en, on a phone and a desktop, axe finds
nothing; printed by Chromium at A4 it takes at most two pages, and so does WeasyPrint's PDF; a share link opens
for a reader without an account, with no cookie, and passes axe too.

With ``ARVIO_SCREENSHOTS=<folder>`` the tests also save the brief as ``brief-<language>-<width>.png`` and the PDF's
pages as ``brief-pdf-<n>.png`` there (``docs/images/brief-*.png`` are the Finnish ones).
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from survey.db import db
from survey.models import Project
from tests.e2e.staff_site import serve_demo
from tests.e2e.test_staff_accessibility import AXE, AXE_OPTIONS

pytestmark = pytest.mark.browser

RUNS = [(language, width) for language in ("fi", "sv", "en") for width in (360, 1280)]
SCREENSHOTS = os.environ.get("ARVIO_SCREENSHOTS")


@pytest.fixture(scope="module")
def brief_site(browser, tmp_path_factory):
    with serve_demo(tmp_path_factory.mktemp("brief")) as site:
        with site.app.app_context():
            project = db.session.scalar(select(Project.id).where(Project.code == "ARV-08"))
        yield site, f"/staff/projects/{project}/brief?instrument=participation_youth"


def _check(page, language: str, width: int) -> None:
    violations = AXE.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
    assert page.evaluate("document.documentElement.lang") == language
    assert page.locator("main h1").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


@pytest.mark.parametrize(("language", "width"), RUNS, ids=[f"{lang}-{w}px" for lang, w in RUNS])
def test_the_project_brief_passes_axe_and_reflows(brief_site, new_page, language, width):
    site, path = brief_site
    page = new_page(width)
    site.sign_in(page, "coordinator", next_path=f"{path}&lang={language}")
    assert page.locator("figure.brief__chart svg[role=img]").filter(visible=True).count() == 1
    assert page.locator(".brief__finding").count() == 6
    _check(page, language, width)
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.locator("article.brief").screenshot(path=str(Path(SCREENSHOTS) / f"brief-{language}-{width}.png"))


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_a_demo_brief_prints_on_at_most_two_a4_pages(brief_site, new_page, language, tmp_path):
    site, path = brief_site
    page = new_page(1280)
    site.sign_in(page, "evaluator", next_path=f"{path}&lang={language}")
    page.emulate_media(media="print")
    printed = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    assert 1 <= _pages(printed) <= 2, f"Chromium printed {_pages(printed)} pages"
    page.emulate_media(media="screen")
    pdf_path = path.replace("/brief?", "/brief.pdf?")
    made = page.request.get(f"{site.url}{pdf_path}&lang={language}")
    assert made.ok and made.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(made.body())
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) <= 2
    if SCREENSHOTS and language == "fi":
        images = str(Path(SCREENSHOTS) / "brief-pdf")
        subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf), images], check=True)


def test_a_share_link_opens_for_a_reader_without_an_account(brief_site, new_page):
    site, path = brief_site
    staff = new_page(1280)
    site.sign_in(staff, "evaluator", next_path=f"{path}&lang=fi")
    staff.fill("#f-note", "Kunnanhallitus")
    with staff.expect_navigation():
        staff.click("form[action$='/brief/links'] button[type=submit]")
    link = staff.input_value("#new-link")
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/b/[A-Za-z0-9_-]{43}", link)
    reader = new_page(360)
    response = reader.goto(link)
    assert response.status == 200 and response.headers["x-robots-tag"].startswith("noindex")
    assert reader.locator("h1").inner_text().startswith("ARV-08")
    _check(reader, "fi", 360)
    assert reader.context.cookies() == []
    assert reader.goto(site.url + "/staff/projects").url.startswith(site.url + "/staff/login")


@pytest.mark.parametrize(("language", "width"), [("fi", 1280), ("fi", 360), ("en", 1280)])
def test_the_programme_brief_and_the_methods_page_pass_axe(brief_site, new_page, language, width):
    site, _path = brief_site
    page = new_page(width)
    site.sign_in(page, "coordinator", next_path=f"/staff/brief?lang={language}")
    assert page.locator("figure.brief__chart svg[role=img]").filter(visible=True).count() >= 1
    _check(page, language, width)  # the page fits the phone: its wide tables scroll in their own boxes
    page.goto(f"{site.url}/brief/methods?lang={language}")
    _check(page, language, width)
