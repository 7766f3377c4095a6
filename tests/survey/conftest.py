"""Small instruments written in Python, a library holding them, and helpers that answer like a respondent."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from instruments.model import (
    Choice,
    ChoiceList,
    Compare,
    Instrument,
    Item,
    ItemType,
    PairingPrompt,
    RespondentGroup,
    Section,
    Text,
)
from survey.collect.collections import create_collection
from survey.db import db, utcnow
from survey.models import Project


def t(fi: str, sv: str | None = None, en: str | None = None) -> Text:
    return Text(fi=fi, sv=sv or f"{fi} (sv)", en=en or f"{fi} (en)")


AGREE3 = ChoiceList(
    "agree3",
    (
        Choice(1, t("Eri mieltä", "Av annan åsikt", "Disagree")),
        Choice(2, t("Siltä väliltä", "Mittemellan", "In between")),
        Choice(3, t("Samaa mieltä", "Av samma åsikt", "Agree")),
        Choice(9, t("En osaa sanoa", "Vet inte", "Don't know"), missing=True),
    ),
)
TOPICS = ChoiceList("topics", (Choice(1, t("Koulu")), Choice(2, t("Harrastukset")), Choice(3, t("Koti"))))

YOUTH = Instrument(
    id="tiny_youth",
    version="1.0",
    title=t("Pieni kysely", "Liten enkät", "Small survey"),
    respondent_group=RespondentGroup.YOUTH,
    languages=("fi", "sv", "en"),
    choice_lists={"agree3": AGREE3, "topics": TOPICS},
    sections=(
        Section(
            id="about",
            title=t("Sinusta", "Om dig", "About you"),
            items=(
                Item("BG_AGE", ItemType.NUMBER, t("Kuinka vanha olet?"), required=True, minimum=13, maximum=29),
                Item("Q_CLUB", ItemType.YESNO, t("Käytkö kerhossa?")),
                Item("Q_CLUB_NAME", ItemType.TEXT, t("Missä kerhossa?"), show_if=Compare("Q_CLUB", "eq", 1)),
            ),
        ),
        Section(
            id="views",
            title=t("Mielipiteesi", "Dina åsikter", "Your views"),
            items=(
                Item("P_VOICE", ItemType.LIKERT, t("Mielipiteeni kuunnellaan."), choices="agree3", required=True),
                Item("P_TOPICS", ItemType.MULTIPLE, t("Mistä haluat päättää?"), choices="topics"),
                Item("P_OTHER", ItemType.LONGTEXT, t("Muuta sanottavaa?"), max_length=50),
            ),
        ),
        Section(
            id="club",
            title=t("Kerho", "Klubben", "The club"),
            show_if=Compare("Q_CLUB", "eq", 1),
            items=(Item("C_LIKE", ItemType.LIKERT, t("Pidän kerhosta."), choices="agree3"),),
        ),
    ),
    pairing_prompts=(
        PairingPrompt("PC_LETTER", t("Äitisi etunimen ensimmäinen kirjain"), "letter"),
        PairingPrompt("PC_DAY", t("Syntymäpäiväsi päivä (1–31)"), "digits"),
    ),
)

FACES = ChoiceList(
    "faces3",
    (
        Choice(1, t("Ei yleensä", "Oftast inte", "Usually not"), image="face-sad.svg"),
        Choice(2, t("Joskus", "Ibland", "Sometimes"), image="face-neutral.svg"),
        Choice(3, t("Yleensä kyllä", "Oftast ja", "Usually yes"), image="face-happy.svg"),
    ),
)

CHILDREN = Instrument(
    id="tiny_children",
    version="1.0",
    title=t("Lasten kysely", "Barnens enkät", "Children's survey"),
    respondent_group=RespondentGroup.CHILDREN,
    languages=("fi", "sv"),
    choice_lists={"faces3": FACES},
    sections=(
        Section(
            id="school",
            title=t("Koulussa", "I skolan", "At school"),
            items=(Item("K_HEARD", ItemType.LIKERT, t("Aikuiset kuuntelevat minua."), choices="faces3"),),
        ),
    ),
)


class Library:
    """What the app needs of an instrument library: ``get(id, version)``."""

    def __init__(self, *instruments: Instrument) -> None:
        self._by_key = {(i.id, i.version): i for i in instruments}

    def get(self, instrument_id: str, version: str) -> Instrument:
        return self._by_key[(instrument_id, version)]


@pytest.fixture
def app_config() -> dict:
    return {"ARVIO_INSTRUMENTS": Library(YOUTH, CHILDREN)}


@pytest.fixture
def project(app) -> int:
    with app.app_context():
        project = Project(code="P01", name="Osallisuus arkeen", sectors=["education"], counties=["Pirkanmaa"])
        db.session.add(project)
        db.session.commit()
        return project.id


def make_collection(app, project_id: int, instrument: Instrument = YOUTH, **options) -> str:
    """Create an open collection (unless `options` say otherwise); return its public token."""
    settings = {"retention_until": date.today() + timedelta(days=365), "opens_at": utcnow() - timedelta(hours=1)}
    settings.update(options)
    with app.app_context():
        collection = create_collection(db.session.get(Project, project_id), instrument.id, instrument.version,
                                       **settings)  # fmt: skip
        return collection.token


@pytest.fixture
def token(app, project) -> str:
    return make_collection(app, project)


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    if match is None:
        raise AssertionError(f"no hidden field {name!r} in the page")
    return match.group(1)


class Respondent:
    """Answers a questionnaire through the test client the way a browser without JavaScript does."""

    def __init__(self, client, token: str) -> None:
        self.client = client
        self.token = token

    def start(self, **headers):
        page = self.client.get(f"/r/{self.token}", headers=headers)
        return self.client.post(
            f"/r/{self.token}/start", data={"csrf_token": hidden(page.text, "csrf_token")}, follow_redirects=True
        )

    def page(self, page_id: str, **query):
        return self.client.get(f"/r/{self.token}/p/{page_id}", query_string=query)

    def post(self, page_id: str, answers: dict | None = None, action: str = "next", **overrides):
        """Open the page as the respondent would, then send it with `answers`."""
        html = self.page(page_id).text
        data = {
            "csrf_token": hidden(html, "csrf_token"),
            "draft": hidden(html, "draft"),
            "action": action,
        }
        if 'name="shown"' in html:
            data["shown"] = hidden(html, "shown")
        data.update(answers or {})
        data.update(overrides)
        return self.client.post(f"/r/{self.token}/p/{page_id}", data=data)

    def draft(self):
        """The draft this browser holds, read as the server reads it (cookie, or the row it points to)."""
        from survey.respond.drafts import COOKIE, load_draft
        from survey.respond.links import find_public

        app = self.client.application
        cookie = self.client.get_cookie(COOKIE, path=f"/r/{self.token}")
        headers = {"Cookie": f"{COOKIE}={cookie.value}"} if cookie else {}
        with app.test_request_context(f"/r/{self.token}", headers=headers):
            return load_draft(find_public(self.token))

    def answer_all(self, club: bool = False):
        """A complete, valid questionnaire up to and including the send button."""
        about = {"BG_AGE": "15", "Q_CLUB": "1" if club else "0"}
        if club:
            about["Q_CLUB_NAME"] = "Shakki"
        self.start()
        self.post("about", about)
        return self.post("views", {"P_VOICE": "3", "P_TOPICS": ["1", "3"]}, action="next" if club else "submit")


@pytest.fixture
def respondent(client, token) -> Respondent:
    return Respondent(client, token)
