"""Hostile text people typed, shown in a real browser: no script runs, no dialog opens, and the policy blocks
inline script even if some were to slip into a page.

The text goes where it really comes from: a collection's introduction and label, a project's name (staff
typed them) and an open answer (a respondent typed it). Pages: the respondent's start page and question page,
and the staff pages a coordinator opens.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from survey.accounts.auth import create_user
from survey.collect.collections import create_collection
from survey.db import db, utcnow
from survey.models import Project, Role, User
from tests.e2e.instruments import EVERY_TYPE
from tests.hostile_corpus import TEXTS

pytestmark = pytest.mark.browser

PAYLOAD = " ".join(TEXTS[n] for n in ("script", "img-onerror", "svg-onload", "attribute-break", "javascript-url"))
COORDINATOR, PASSWORD = "hostile-coordinator@example.fi", "salasana-123"

# Runs inside the page: add an inline script as an injection would. Under the page's policy it must not run,
# and the browser reports the violation.
INLINE_SCRIPT_IS_BLOCKED = """async () => {
  const violation = new Promise(resolve =>
    document.addEventListener("securitypolicyviolation", e => resolve(e.violatedDirective), {once: true}));
  window.__injected = false;
  const script = document.createElement("script");
  script.textContent = "window.__injected = true;";
  document.body.appendChild(script);
  const directive = await Promise.race([violation, new Promise(r => setTimeout(() => r(null), 2000))]);
  return {ran: window.__injected, directive};
}"""


@pytest.fixture(scope="module")
def hostile(site) -> dict[str, object]:
    """A project, a collection and a coordinator whose texts are the payloads; ids for the staff pages."""
    with site.app.app_context():
        project = Project(code="XSS", name=f"{TEXTS['script']} {TEXTS['names']}")
        db.session.add(project)
        db.session.commit()
        collection = create_collection(
            project, EVERY_TYPE.id, EVERY_TYPE.version, label=PAYLOAD,
            retention_until=date.today() + timedelta(days=365), opens_at=utcnow() - timedelta(days=1),
            intro=dict.fromkeys(("fi", "sv", "en"), PAYLOAD),
            consent=dict.fromkeys(("fi", "sv", "en"), TEXTS["jinja-expression"]),
        )  # fmt: skip
        if db.session.scalar(select(User).where(User.email == COORDINATOR)) is None:
            create_user(COORDINATOR, PASSWORD, role=Role.COORDINATOR)
            db.session.commit()
        return {"token": collection.token, "project_id": project.id, "collection_id": collection.id}


@pytest.fixture
def dialogs(page) -> list[str]:
    """Messages of every alert/confirm/prompt the page opens (each dismissed at once)."""
    opened: list[str] = []

    def record(dialog) -> None:
        opened.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    return opened


def _settle_and_check(page, dialogs: list[str]) -> None:
    page.wait_for_load_state("load")
    page.wait_for_timeout(200)  # an onerror/onload handler runs as soon as the broken image fails
    assert dialogs == [], f"a dialog opened on {page.url}: {dialogs}"
    assert page.evaluate("() => document.querySelectorAll('img[src=x], svg[onload], [onfocus]').length") == 0
    assert page.evaluate(INLINE_SCRIPT_IS_BLOCKED) == {"ran": False, "directive": "script-src-elem"}


def _click(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def test_a_hostile_introduction_shows_as_text_on_the_start_page(site, page, dialogs, hostile):
    page.goto(f"{site.url}/r/{hostile['token']}?lang=fi")

    _settle_and_check(page, dialogs)
    body = page.inner_text("body")
    assert TEXTS["script"] in body and TEXTS["img-onerror"] in body
    assert TEXTS["jinja-expression"] in body  # not 49: the text is not a template


def test_a_hostile_open_answer_shows_as_text_when_the_page_is_opened_again(site, page, dialogs, hostile):
    page.goto(f"{site.url}/r/{hostile['token']}?lang=fi")
    _click(page, "form[action$='/start'] button")
    _click(page, ".actions button[value=next]")  # the pairing code may be left empty
    page.check("#f-BG_AGE-3")
    _click(page, ".actions button[value=next]")
    _click(page, ".actions button[value=next]")
    page.fill("#f-Q_FEEDBACK", PAYLOAD)
    _click(page, ".actions button[value=back]")
    _click(page, ".actions button[value=next]")

    _settle_and_check(page, dialogs)
    assert page.input_value("#f-Q_FEEDBACK") == PAYLOAD


def test_staff_pages_show_hostile_names_as_text(site, page, dialogs, hostile):
    page.goto(f"{site.url}/staff/login")
    page.fill("input[name=email]", COORDINATOR)
    page.fill("input[name=password]", PASSWORD)
    _click(page, "form:has(input[name=password]) button[type=submit]")

    for path in (
        "/staff/projects",
        f"/staff/projects/{hostile['project_id']}",
        f"/staff/collections/{hostile['collection_id']}",
        f"/staff/collections/{hostile['collection_id']}/poster",
        "/staff/register/",
        "/staff/overview/",
    ):
        page.goto(site.url + path)
        _settle_and_check(page, dialogs)
    page.goto(f"{site.url}/staff/projects")
    assert TEXTS["script"] in page.inner_text("body")
