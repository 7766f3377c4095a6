"""WCAG 2.1 AA on every staff page type, in every language, on a desktop and on a 320 px wide screen.

The demo data is served once for the module (:mod:`tests.e2e.staff_site`); each run signs in once per role and
walks that role's pages, forms with their errors included, running axe-core on each. Every page must carry the
language it is shown in (``<html lang>``), one ``<h1>`` and a caption on every table, and must not scroll
sideways: on the narrow screen the page is no wider than 320 px (a wide data table may scroll inside its own box,
which WCAG 1.4.10 allows for tables).
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from survey.accounts.passwords import create_link
from survey.db import db
from survey.models import User
from tests.e2e.staff_site import ROLE_EMAILS, StaffSite, serve_demo

pytestmark = pytest.mark.browser

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
AXE = Axe()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RUNS = [("fi", 1280), ("fi", 320), ("sv", 320), ("en", 320)]


@pytest.fixture(scope="module")
def staff_site(browser, tmp_path_factory):
    with serve_demo(tmp_path_factory.mktemp("staff-a11y")) as site:
        yield site


class Audit:
    """Runs the checks on each page it is shown and keeps every finding, so one run reports them all."""

    def __init__(self, page, language: str, width: int) -> None:
        self.page, self.language, self.width = page, language, width
        self.findings: dict[str, list[str]] = {}
        self.pages: list[str] = []

    def check(self, name: str) -> None:
        self.pages.append(name)
        found = []
        for violation in AXE.run(self.page, options=AXE_OPTIONS).response["violations"]:
            targets = "; ".join(f"{n['target']} {n['html'][:120]}" for n in violation["nodes"][:5])
            found.append(f"axe {violation['id']} ({violation['impact']}): {violation['help']} -> {targets}")
        lang = self.page.evaluate("document.documentElement.lang")
        if lang != self.language:
            found.append(f'<html lang="{lang}">, expected "{self.language}"')
        if self.page.locator("main h1").count() != 1:
            found.append(f"{self.page.locator('main h1').count()} <h1> headings in <main>, expected 1")
        uncaptioned = self.page.locator("main table:not(:has(> caption))").count()
        if uncaptioned:
            found.append(f"{uncaptioned} tables without a <caption>")
        width = self.page.evaluate("document.documentElement.scrollWidth")
        if width > self.width:
            found.append(f"horizontal scrolling at {self.width} px: the page is {width} px wide")
        if found:
            self.findings[f"{name} ({self.page.url})"] = found

    def visit(self, site: StaffSite, path: str, name: str) -> None:
        self.page.goto(site.url + path)
        self.check(name)

    def report(self) -> str:
        return "\n".join(f"{name}:\n  " + "\n  ".join(items) for name, items in self.findings.items())


def _submit(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def _anonymous_pages(site: StaffSite, audit: Audit, language: str) -> None:
    page = audit.page
    audit.visit(site, f"/staff/login?lang={language}", "sign-in")
    page.fill("#f-email", ROLE_EMAILS["team_member"])
    page.fill("#f-password", "not the password")
    _submit(page, "main form button[type=submit]")
    assert page.locator(".error-summary").count() == 1
    audit.check("sign-in error")
    with site.app.app_context():
        user = db.session.get(User, site.ids.team_member)
        token = create_link(user, created_by=None)
    audit.visit(site, f"/staff/password/{token}", "set-password")
    page.fill("#f-password", "short")
    _submit(page, "main form button[type=submit]")
    assert page.locator(".error-summary").count() == 1
    audit.check("set-password error")
    audit.visit(site, "/staff/password/no-such-link", "set-password link that does not work")


def _coordinator_pages(site: StaffSite, audit: Audit) -> None:
    page, ids = audit.page, site.ids
    for path, name in [
        ("/staff/projects", "projects"),
        ("/staff/", "data collections"),
        ("/staff/account", "account"),
        ("/staff/users/", "users"),
        (f"/staff/users/{ids.team_member}", "user form"),
        ("/staff/audit/", "audit log"),
        ("/staff/audit/verify", "audit log verified"),
        ("/staff/register/", "register"),
        (f"/staff/register/projects/{ids.project}", "register: a project"),
        ("/staff/overview/", "programme overview"),
        (f"/staff/projects/{ids.project}", "project"),
        (f"/staff/collections/{ids.follow_up}", "collection"),
        (f"/staff/collections/{ids.open}", "open collection"),
        (f"/staff/collections/{ids.not_yet_open}", "collection not yet open"),
        (f"/staff/collections/{ids.open}/poster", "poster"),
        (f"/staff/collections/{ids.follow_up}/results", "results of a collection"),
        (f"/staff/projects/{ids.project}/results", "results of a project"),
        ("/staff/compare/", "comparison form"),
        ("/staff/compare/?instrument=participation_youth", "comparison form with a questionnaire"),
        ("/staff/api/", "API tokens"),
    ]:
        audit.visit(site, path, name)
    audit.visit(site, "/staff/compare/?instrument=participation_parents", "comparison form, parents")
    _submit(page, "main form .actions button")
    assert page.locator("table[data-scale]").count() > 0, "the comparison shows no scale tables"
    audit.check("comparison result")
    audit.visit(site, "/staff/users/new", "new user form")
    _submit(page, "main form button[type=submit]")
    assert page.locator(".error-summary").count() == 1
    audit.check("new user form with errors")
    audit.visit(site, "/staff/register/projects/new", "new register project form")
    _submit(page, "main form button[value=save]")
    assert page.locator(".error-summary").count() == 1
    audit.check("register project form with errors")
    audit.visit(site, "/staff/register/import", "register import")
    broken = {"name": "rekisteri.xlsx", "mimeType": XLSX, "buffer": b"not a workbook"}
    page.set_input_files("#workbook", files=[broken])
    _submit(page, "main form .actions button")
    assert page.locator(".error-summary").count() == 1
    audit.check("register import with problems")
    audit.visit(site, f"/staff/projects/{ids.project}/collections/new", "collection form")
    page.check("input[name=wave][value=custom]")  # another wave, but its name left empty
    _submit(page, "main form[method=post] .actions button")
    assert page.locator(".error-summary").count() == 1
    audit.check("collection form with errors")


def _evaluator_pages(site: StaffSite, audit: Audit) -> None:
    ids = site.ids
    audit.visit(site, "/staff/projects", "evaluator: projects")
    audit.visit(site, f"/staff/projects/{ids.project}", "evaluator: project")
    audit.visit(site, f"/staff/projects/{ids.project}/results", "evaluator: results of a project")
    audit.visit(site, f"/staff/collections/{ids.baseline}/results", "evaluator: results of a collection")


def _team_pages(site: StaffSite, audit: Audit) -> None:
    ids = site.ids
    audit.visit(site, "/staff/projects", "team member: projects")
    audit.visit(site, f"/staff/projects/{ids.project}", "team member: project")
    audit.visit(site, f"/staff/collections/{ids.baseline}", "team member: closed collection")
    audit.visit(site, f"/staff/projects/{ids.project}/collections/new", "team member: collection form")


@pytest.mark.parametrize(("language", "width"), RUNS, ids=[f"{lang}-{w}px" for lang, w in RUNS])
def test_every_staff_page_passes_axe_and_reflows(staff_site, new_page, language, width):
    audits = []
    page = new_page(width)
    audit = Audit(page, language, width)
    _anonymous_pages(staff_site, audit, language)
    audits.append(audit)
    for role, walk in [("coordinator", _coordinator_pages), ("evaluator", _evaluator_pages),
                       ("team_member", _team_pages)]:  # fmt: skip
        page = new_page(width)
        staff_site.sign_in(page, role, next_path=f"/staff/projects?lang={language}")
        audit = Audit(page, language, width)
        walk(staff_site, audit)
        audits.append(audit)
    findings = "\n".join(a.report() for a in audits if a.findings)
    assert not findings, f"\n{findings}"
    assert sum(len(a.pages) for a in audits) >= 40
