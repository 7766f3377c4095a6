"""The results page of a gender breakdown with a hidden group, read in Chromium as a Finnish, Swedish and English
evaluator reads it: every comparison names what it compares, no machine name shows, numbers are written for the
language, and axe finds nothing (WCAG 2.1 AA), on a desktop and a phone.

With ``ARVIO_SCREENSHOTS=<folder>`` the pages are saved there as PNG (the guides' pictures come from this run).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from analysis.glossary import GLOSSARY
from survey.questionnaires import get_instrument
from tests.e2e.staff_site import serve_demo

pytestmark = pytest.mark.browser

AXE = Axe()
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
INSTRUMENT = "participation_youth"
EVERYONE_WITHIN = {"fi": "kaikki vastaajat", "sv": "alla svarande", "en": "everyone"}
GENDER = {"fi": "Sukupuoli", "sv": "Kön", "en": "Gender"}
DATES = re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}|(klo|kl\.) \d{1,2}\.\d{2}")  # Finnish and Swedish dates and times


@pytest.fixture(scope="module")
def results_site(browser, tmp_path_factory):
    with serve_demo(tmp_path_factory.mktemp("results-readable")) as site:
        yield site


def _project_id(site, code: str) -> int:
    from sqlalchemy import select

    from survey.db import db
    from survey.models import Project

    with site.app.app_context():
        return db.session.scalar(select(Project.id).where(Project.code == code))


def _machine_words(site, language: str) -> set[str]:
    """Words a reader must never see: the glossary's keys (unless the language's own word is the same, as
    English "baseline" is), and the questionnaire's item and scale codes."""
    with site.app.app_context():
        instrument = get_instrument(INSTRUMENT, "1.0")
    codes = {item.code for item in instrument.answered_items} | {scale.code for scale in instrument.scales}
    return {key for key, words in GLOSSARY.items() if key not in words.get(language)} | codes


@pytest.mark.parametrize(("language", "width"), [("fi", 1280), ("fi", 360), ("sv", 1280), ("en", 360)])
def test_a_gender_breakdown_reads_in_peoples_words(results_site, new_page, language, width):
    page = new_page(width)
    results_site.sign_in(page, "coordinator", next_path="")
    project = _project_id(results_site, "ARV-04")
    page.goto(f"{results_site.url}/staff/projects/{project}/results?instrument={INSTRUMENT}&by=BG_GENDER"
              f"&lang={language}")  # fmt: skip
    text = page.locator("main").inner_text()

    assert "<5" in text  # the breakdown has a hidden group (the demo's "other" gender), and says so
    headings = page.locator("section.comparison h3").all_inner_texts()
    assert len(headings) >= 4 and len(set(headings)) == len(headings), headings
    for heading in headings:
        assert EVERYONE_WITHIN[language] in heading or GENDER[language] in heading, heading

    words = _machine_words(results_site, language)
    found = {word for word in words if re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", text)}
    assert not found, f"machine names on the {language} page: {sorted(found)}"
    if language in ("fi", "sv"):
        points = re.findall(r"\d\.\d", DATES.sub("", text))
        assert not points, f"decimal points on the {language} page: {points[:5]}"
        assert re.search(r"\d,\d\d", text)  # numbers are there, with a decimal comma

    violations = AXE.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
    width_now = page.evaluate("document.documentElement.scrollWidth")
    assert width_now <= width, f"the page scrolls sideways at {width} px ({width_now} px)"

    folder = os.environ.get("ARVIO_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"results-{language}-{width}.png"), full_page=True)
