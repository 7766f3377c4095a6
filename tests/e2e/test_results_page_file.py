"""The standalone results page (``python -m analysis report --out results.html``) in a browser: axe finds no
WCAG 2.1 AA violation, the page reflows at 320 px, and its charts are images named by their titles."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from analysis.export.html import write_html
from tests.analysis.test_export_readable import report

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


@pytest.mark.parametrize(("language", "width"), [("fi", 1280), ("fi", 320), ("sv", 320), ("en", 320)])
def test_the_results_page_file_passes_axe_and_reflows(new_page, tmp_path, language, width):
    path = write_html(report(language), tmp_path / "results.html")
    page = new_page(width)
    page.goto(path.as_uri())
    for details in page.locator("details").all():  # the answers by question too
        details.evaluate("element => element.open = true")
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in violations] == []
    assert page.evaluate("document.documentElement.lang") == language
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    chart = page.get_by_role("img").first
    assert chart.get_attribute("aria-labelledby") and chart.locator(":scope > title").count() == 1
