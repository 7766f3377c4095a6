"""WCAG 2.1 AA on every respondent page type, in every language, on a 320 px wide screen and a desktop.

Each test walks one questionnaire the way a respondent does (start, pairing code, question pages, an error,
save and resume, send) plus the pictures form and the not-yet-open, closed and unknown links, and runs axe-core
on each page. On the narrow screen it also checks reflow: nothing wider than the 320 px viewport. Every page
must also carry the language it is shown in (``<html lang>``). One built-in questionnaire per respondent group
is walked at 320 px too, for real texts and long choice lists.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.instruments import BUILT_IN

pytestmark = pytest.mark.browser

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
AXE = Axe()


class Audit:
    """Runs the checks on each page it is shown and keeps every finding, so one run reports them all."""

    def __init__(self, page, language: str, narrow: bool) -> None:
        self.page, self.language, self.narrow = page, language, narrow
        self.findings: dict[str, list[str]] = {}
        self.pages: list[str] = []

    def check(self, name: str) -> None:
        self.pages.append(name)
        found = []
        results = AXE.run(self.page, options=AXE_OPTIONS)
        for violation in results.response["violations"]:
            targets = "; ".join(f"{n['target']} {n['html'][:120]}" for n in violation["nodes"])
            found.append(f"axe {violation['id']} ({violation['impact']}): {violation['help']} -> {targets}")
        lang = self.page.evaluate("document.documentElement.lang")
        if lang != self.language:
            found.append(f'<html lang="{lang}">, expected "{self.language}"')
        if self.narrow:
            width = self.page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                found.append(f"horizontal scrolling at 320 px: the page is {width} px wide")
        if found:
            self.findings[name] = found

    def report(self) -> str:
        return "\n".join(f"{name}:\n  " + "\n  ".join(items) for name, items in self.findings.items())


def _press(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def _walk_questionnaire(page, site, audit: Audit, language: str) -> None:
    page.goto(site.link("every_type", language))
    audit.check("start: language choice, intro and consent")
    _press(page, "form[action$='/start'] button")
    audit.check("pairing code page")
    page.fill("#f-PC_LETTER", "A")
    page.fill("#f-PC_MONTH", "5")
    _press(page, ".actions button[value=next]")
    audit.check("question page: single, multiple, yes/no")
    _press(page, ".actions button[value=next]")  # the required age question left unanswered
    assert page.locator(".error-summary").count() == 1
    audit.check("error summary")
    page.check("#f-BG_AGE-2")
    page.check("#f-Q_CLUB")  # yes
    _press(page, ".actions button[value=next]")
    audit.check("question page: likert")
    page.check("#f-P_VOICE-4")
    _press(page, ".actions button[value=next]")
    audit.check("question page: info, number, text, longtext")
    page.fill("#f-Q_HOURS", "6")
    page.fill("#f-Q_CLUB_NAME", "Shakki")
    _press(page, ".actions button[value=save]")
    audit.check("resume code shown after saving")
    code = page.locator(".resume-code").inner_text().strip()
    _press(page, ".links a")
    audit.check("resume code page")
    page.fill("#f-code", "WRONG-CODE")
    _press(page, "form button[type=submit]")
    audit.check("resume code page with an error")
    page.fill("#f-code", code)
    _press(page, "form button[type=submit]")
    _press(page, ".actions button[value=submit]")
    assert re.search(r"/thanks$", page.url), page.url
    audit.check("thank-you page")


def _walk_other_links(page, site, audit: Audit, language: str) -> None:
    page.goto(site.link("pictures", language))
    _press(page, "form[action$='/start'] button")
    audit.check("question page: children's picture scale")
    for name in ("not_yet_open", "closed"):
        page.goto(site.link(name, language))
        audit.check(f"{name.replace('_', ' ')} page")
    page.goto(f"{site.url}/r/no-such-link?lang={language}")
    audit.check("unknown link page")


# Every language on the narrow screen (where reflow can break), and the desktop layout once.
@pytest.mark.parametrize(
    ("language", "width"),
    [("fi", 1280), ("fi", 320), ("sv", 320), ("en", 320)],
    ids=["fi-desktop", "fi-320px", "sv-320px", "en-320px"],
)
def test_every_respondent_page_passes_wcag_21_aa(site, new_page, language, width):
    page = new_page(width)
    audit = Audit(page, language, narrow=width == 320)

    _walk_questionnaire(page, site, audit, language)
    _walk_other_links(page, site, audit, language)

    assert len(audit.pages) == 14
    assert not audit.findings, "\n" + audit.report()


def _walk_built_in(page, site, audit: Audit, name: str, language: str) -> None:
    """Every page of a built-in questionnaire, choosing code 1 wherever offered so follow-up questions show."""
    page.goto(site.link(name, language))
    _press(page, "form[action$='/start'] button")
    for _ in range(30):
        audit.check(f"{name} page {page.url.rsplit('/', 1)[-1]}")
        for choice in page.locator("input[type=radio][value='1'], input[type=checkbox][value='1']").all():
            choice.check()
        if page.locator(".actions button[value=submit]").count():
            _press(page, ".actions button[value=submit]")
            break
        _press(page, ".actions button[value=next]")
    assert page.url.endswith("/thanks"), page.url


# One language each keeps the run short; the small questionnaires above cover every page in all three.
@pytest.mark.parametrize(("name", "language"), list(zip(BUILT_IN, ["fi", "sv", "en", "sv"], strict=True)))
def test_built_in_questionnaires_pass_wcag_21_aa_at_320px(site, new_page, name, language):
    page = new_page(320)
    audit = Audit(page, language, narrow=True)

    _walk_built_in(page, site, audit, name, language)

    assert len(audit.pages) >= 5
    assert not audit.findings, "\n" + audit.report()
