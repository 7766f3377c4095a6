"""Each role's key work on the demo data, done in a real browser, with the keyboard where there is a form.

The team member creates a data collection and its respondent link works; the coordinator adds a user whose
set-password link lets them sign in, and downloads the register and a comparison (both in the audit log); the
evaluator opens a project's results and downloads the workbook, but not the raw responses; an anonymous visitor
of a staff page is sent to sign in and then back to that page.
"""

from __future__ import annotations

import pytest
from python_calamine import CalamineWorkbook

from analysis.export.words import SHEETS
from survey.register.excel import SHEETS as REGISTER_SHEETS
from tests.e2e.staff_site import serve_demo

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def staff_site(browser, tmp_path_factory):
    with serve_demo(tmp_path_factory.mktemp("staff-work")) as site:
        yield site


def _press_enter_on(page, selector: str) -> None:
    """Move the keyboard focus to `selector` and press Enter, waiting for the page that follows."""
    page.focus(selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_team_member_creates_a_collection_whose_link_opens_the_questionnaire(staff_site, new_page):
    page = new_page()
    staff_site.sign_in(page, "team_member", next_path="/staff/projects")
    _press_enter_on(page, f"main a[href$='/staff/projects/{staff_site.ids.project}']")
    assert page.locator("h1").inner_text().startswith("ARV-01")
    _press_enter_on(page, "main a[href$='/collections/new']")

    page.select_option("#instrument", "participation_parents@1.1")
    page.focus("#label")
    page.keyboard.type("Perhekerho, syksy")
    page.keyboard.press("Tab")  # to the checked wave, "baseline"
    page.keyboard.press("ArrowDown")  # "follow-up"
    assert page.is_checked("input[name=wave][value=follow_up]")
    page.fill("#retention_until", "2030-12-31")
    assert page.is_checked("#ask_pairing_code")  # a follow-up needs the pairing code: asked by default
    _press_enter_on(page, "main form[method=post] .actions button")

    assert page.locator("h1").inner_text() == "Perhekerho, syksy"
    summary = page.locator("dl.summary").inner_text()
    assert "Seurantamittaus" in summary and "Auki" in summary  # follow-up, open
    assert page.locator("main [role=status], main .notice, main .panel").count() >= 1  # "created" message
    link = page.locator(".link-out a").get_attribute("href")
    assert page.locator("img.qr").evaluate("img => img.complete && img.naturalWidth > 0")

    respondent = new_page(320)
    respondent.goto(link)
    assert respondent.locator("form[action$='/start'] button").count() == 1
    assert respondent.evaluate("document.documentElement.lang") == "fi"

    _press_enter_on(page, "main a[href*='/poster?lang=fi']")
    assert link in page.locator(".poster__link").inner_text()


def test_coordinator_adds_a_user_whose_password_link_lets_them_sign_in(staff_site, new_page):
    page = new_page()
    staff_site.sign_in(page, "coordinator", next_path="/staff/users/")
    _press_enter_on(page, "main a[href$='/staff/users/new']")
    page.focus("#f-email")
    page.keyboard.type("uusi.tiimilainen@arvio.example")
    page.keyboard.press("Tab")
    page.keyboard.type("Uusi Tiimiläinen")
    page.focus("#f-role-team_member")
    page.keyboard.press("Space")
    page.focus(f"#f-project-{staff_site.ids.project}")
    page.keyboard.press("Space")
    _press_enter_on(page, "main form button[type=submit]")

    link = page.locator("#f-link").input_value()
    assert "/staff/password/" in link
    page.goto(f"{staff_site.url}/staff/users/")
    assert "uusi.tiimilainen@arvio.example" in page.locator("main").inner_text()

    newcomer = new_page()
    newcomer.goto(link)
    newcomer.focus("#f-password")
    newcomer.keyboard.type("kolme sanaa peräkkäin")
    newcomer.keyboard.press("Tab")
    newcomer.keyboard.type("kolme sanaa peräkkäin")
    with newcomer.expect_navigation():
        newcomer.keyboard.press("Enter")
    assert "/staff/login" not in newcomer.url and "/staff/password/" not in newcomer.url
    newcomer.goto(f"{staff_site.url}/staff/projects")
    assert "ARV-01" in newcomer.locator("main").inner_text()
    assert "ARV-02" not in newcomer.locator("main").inner_text()

    again = new_page()
    again.goto(link)
    assert again.locator("main h1").count() == 1 and again.locator("#f-password").count() == 0  # used once only
    again.goto(f"{staff_site.url}/staff/login")
    again.fill("#f-email", "uusi.tiimilainen@arvio.example")
    again.fill("#f-password", "kolme sanaa peräkkäin")
    with again.expect_navigation():
        again.press("#f-password", "Enter")
    assert "/staff/login" not in again.url


def test_evaluator_opens_results_and_downloads_the_workbook_but_not_raw_data(staff_site, new_page, tmp_path):
    page = new_page()
    project = staff_site.ids.project
    staff_site.sign_in(page, "evaluator", next_path=f"/staff/projects/{project}")
    _press_enter_on(page, "main a[href$='/results']")
    assert page.locator("table[data-scale]").count() > 0
    assert page.locator("svg.chart").count() > 0

    with page.expect_download() as download:
        page.click("#downloads + ul a[href*='download.xlsx']")
    saved = tmp_path / "results.xlsx"
    download.value.save_as(saved)
    workbook = CalamineWorkbook.from_path(str(saved))
    without_responses = [name for name in SHEETS["fi"] if name != "Vastaukset"]
    assert workbook.sheet_names == without_responses

    assert page.locator("a[href*='/download/csv']").count() == 0
    refused = page.goto(f"{staff_site.url}/staff/projects/{project}/results/download/csv")
    assert refused.status in (403, 404)
    other = page.goto(f"{staff_site.url}/staff/projects/{staff_site.ids.other_project}/results")
    assert other.status == 404


def test_anonymous_visitor_of_a_staff_page_signs_in_and_comes_back_to_it(staff_site, page):
    target = f"/staff/projects/{staff_site.ids.project}/results"
    page.goto(staff_site.url + target)
    assert "/staff/login" in page.url
    assert page.locator("main h1").count() == 1
    page.focus("#f-email")
    page.keyboard.type("evaluator@arvio.example")
    page.keyboard.press("Tab")
    page.keyboard.type("demo-evaluator-2026")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == staff_site.url + target
    assert page.locator("table[data-scale]").count() > 0


def test_coordinator_downloads_the_register_and_a_comparison_of_projects(staff_site, new_page, tmp_path):
    page = new_page()
    staff_site.sign_in(page, "coordinator", next_path="/staff/register/")
    with page.expect_download() as download:
        page.click("main a[href$='register.xlsx']")
    download.value.save_as(tmp_path / "register.xlsx")
    register = CalamineWorkbook.from_path(str(tmp_path / "register.xlsx"))
    assert register.sheet_names == [title.get("fi") for title in REGISTER_SHEETS.values()]
    assert len(register.get_sheet_by_index(0).to_python()) == 1 + 12  # a heading row and the demo's projects

    _press_enter_on(page, ".staff-nav a[href$='/staff/compare/']")
    page.select_option("#instrument", "participation_youth")
    _press_enter_on(page, "main form .actions button")  # shows the projects that used it
    assert page.is_checked("input[name=project]")
    _press_enter_on(page, "main form .actions button")
    assert page.locator("table[data-scale]").count() > 0
    with page.expect_download() as download:
        page.click("main a[href*='download.xlsx']")
    download.value.save_as(tmp_path / "comparison.xlsx")
    assert "Yhteenveto" in CalamineWorkbook.from_path(str(tmp_path / "comparison.xlsx")).sheet_names

    page.goto(f"{staff_site.url}/staff/audit/")
    assert page.locator("main table tbody tr").count() >= 2  # both downloads are in the audit log
    _press_enter_on(page, "main a[href$='/staff/audit/verify']")
    assert page.locator("main [role=status]").count() == 1  # the chain is intact
