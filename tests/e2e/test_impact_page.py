"""The programme impact page on the demo data in a real browser: fi, sv and en, on a phone and on a desktop.

Axe finds nothing; the page fits the screen; every forest plot is an image with a title and a description, and
each project's line in it says what the table beside it says; no machine name and, in Finnish and Swedish, no
decimal point. With ``ARVIO_SCREENSHOTS=<folder>`` the test also saves each page as
``impact-<language>-<width>.png`` there (``docs/images/impact-fi.png`` is the Finnish desktop one, cut to its
first scale).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from analysis.glossary import GLOSSARY
from tests.e2e.staff_site import serve_demo
from tests.e2e.test_staff_accessibility import AXE, AXE_OPTIONS

pytestmark = pytest.mark.browser

RUNS = [(language, width) for language in ("fi", "sv", "en") for width in (360, 1280)]
DATES = re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}( klo \d{1,2}\.\d{2})?|\d{1,2}\.\d{2}")
POOLED = {"fi": "Yhdistetty muutos", "sv": "Sammanslagen förändring", "en": "Pooled change"}


@pytest.fixture(scope="module")
def impact_site(browser, tmp_path_factory):
    with serve_demo(tmp_path_factory.mktemp("impact")) as site:
        yield site


@pytest.mark.parametrize(("language", "width"), RUNS, ids=[f"{lang}-{w}px" for lang, w in RUNS])
def test_the_impact_page_reads_in_peoples_words_and_passes_axe(impact_site, new_page, language, width):
    page = new_page(width)
    impact_site.sign_in(page, "coordinator", next_path=f"/staff/impact/?lang={language}")

    violations = AXE.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
    assert page.evaluate("document.documentElement.lang") == language
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    scales = page.locator("section.impact-scale")
    assert scales.count() >= 4  # the young people's participation questionnaire: every scale, pooled
    first = scales.first
    plot = first.locator("svg")
    assert plot.get_attribute("role") == "img"
    assert plot.locator("title").first.text_content() and plot.locator("desc").first.text_content()
    table = {
        row.get_attribute("data-row"): row.locator("[data-field='change']").inner_text()
        for row in first.locator("table.impact-table tbody tr").all()
    }
    lines = {
        row.get_attribute("data-row"): row.locator("text").nth(1).text_content()
        for row in plot.locator("g.forest-row").all()
    }
    assert "pooled" in table and POOLED[language] in first.inner_text()
    for key, change in table.items():
        if key in lines and key != "prediction":
            assert lines[key].endswith(change), (key, lines[key], change)

    text = page.locator("main").inner_text()
    machine = {key for key, words in GLOSSARY.items() if key not in words.get(language)}
    found = {word for word in machine if re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", text)}
    assert not found, f"machine names on the {language} page: {sorted(found)}"
    if language in ("fi", "sv"):
        points = re.findall(r"\d\.\d", DATES.sub("", text))
        assert not points, f"decimal points on the {language} page: {points[:5]}"
        assert re.search(r"\d,\d\d", text)

    if folder := os.environ.get("ARVIO_SCREENSHOTS"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"impact-{language}-{width}.png"), full_page=True)
