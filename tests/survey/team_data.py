"""Test data for the team, results, download and comparison pages: a small instrument with a scale, users of
each role, and stored responses in two waves with pairing codes."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from instruments.loader import Library
from instruments.model import (
    Choice,
    ChoiceList,
    Instrument,
    Item,
    ItemType,
    PairingPrompt,
    RespondentGroup,
    Scale,
    Section,
)
from survey.accounts.auth import create_user
from survey.collect.collections import close_collection, create_collection
from survey.db import db, utcnow
from survey.models import Collection, Project, Role
from survey.respond.responses import store_response
from tests.survey.conftest import CHILDREN, YOUTH, hidden, t

AGREE5 = ChoiceList(
    "agree5",
    (
        *(Choice(c, t(f"{c}", f"{c}", f"{c}")) for c in (1, 2, 3, 4, 5)),
        Choice(9, t("En osaa sanoa", "Vet inte", "Don't know"), missing=True),
    ),
)
GENDER = ChoiceList("gender", (Choice(1, t("Tyttö", "Flicka", "Girl")), Choice(2, t("Poika", "Pojke", "Boy")),
                               Choice(3, t("Muu", "Annat", "Other"))))  # fmt: skip
TOPICS = ChoiceList("topics", (Choice(1, t("Koulu")), Choice(2, t("Harrastukset")), Choice(3, t("Koti"))))

SCALED = Instrument(
    id="tiny_scaled",
    version="1.0",
    title=t("Osallisuuskysely", "Delaktighetsenkät", "Participation survey"),
    respondent_group=RespondentGroup.YOUTH,
    languages=("fi", "sv", "en"),
    choice_lists={"agree5": AGREE5, "gender": GENDER, "topics": TOPICS},
    sections=(
        Section(
            "about",
            t("Sinusta"),
            (Item("BG_GENDER", ItemType.SINGLE, t("Sukupuoli", "Kön", "Gender"), choices="gender"),),
        ),
        Section(
            "views",
            t("Mielipiteesi"),
            (
                *(
                    Item(
                        f"A{i}",
                        ItemType.LIKERT,
                        t(f"Väite {i}", f"Påstående {i}", f"Statement {i}"),
                        choices="agree5",
                    )
                    for i in (1, 2, 3)
                ),
                Item("T_TOPICS", ItemType.MULTIPLE, t("Aiheet", "Ämnen", "Topics"), choices="topics"),
            ),
        ),
    ),
    scales=(Scale("S_VOICE", t("Tulen kuulluksi", "Jag blir hörd", "Being heard"), ("A1", "A2", "A3")),),
    pairing_prompts=(
        PairingPrompt("PC_LETTER", t("Kirjain"), "letter"),
        PairingPrompt("PC_DAY", t("Päivä"), "digits"),
    ),
)

LIBRARY = Library([SCALED, YOUTH, CHILDREN])
PASSWORD = "salasana-123"


def add_project(app, code: str, name: str = "") -> int:
    with app.app_context():
        project = Project(code=code, name=name or f"Hanke {code}")
        db.session.add(project)
        db.session.commit()
        return project.id


def add_user(app, email: str, role: Role, *projects: int, raw: bool = False, all_projects: bool = False) -> None:
    with app.app_context():
        user = create_user(email, PASSWORD, role=role)
        user.projects.extend(db.session.get(Project, p) for p in projects)
        user.raw_data_grant = raw
        user.all_projects = all_projects
        db.session.commit()


def sign_in(client, email: str) -> None:
    form = client.get("/staff/login").text
    response = client.post(
        "/staff/login", data={"csrf_token": hidden(form, "csrf_token"), "email": email, "password": PASSWORD}
    )
    if response.status_code != 302:
        raise AssertionError(f"sign-in of {email} failed: {response.status_code}")


def csrf(client, url: str) -> str:
    return hidden(client.get(url).text, "csrf_token")


def add_collection(
    app, project_id: int, wave: str = "baseline", instrument: Instrument = SCALED, **options
) -> int:
    settings = {
        "wave": wave,
        "retention_until": date.today() + timedelta(days=365),
        "opens_at": utcnow() - timedelta(days=3),
        "ask_pairing_code": bool(instrument.pairing_prompts),
    }
    settings.update(options)
    with app.app_context():
        project = db.session.get(Project, project_id)
        return create_collection(project, instrument.id, instrument.version, **settings).id


def answers(i: int, shift: int = 0) -> dict[str, object]:
    """Respondent `i`'s answers: gender alternates girl/boy, agreement grows with i (and `shift`)."""
    base = 1 + (i % 4) + shift
    return {
        "BG_GENDER": 1 + i % 2,
        "A1": min(5, base),
        "A2": min(5, 1 + (i + 1) % 5 + shift),
        "A3": 9 if i == 0 else min(5, base),
        "T_TOPICS": [1, 3] if i % 3 else [2],
    }


def pairing(i: int) -> dict[str, str]:
    return {"PC_LETTER": "ABCDEFGHIJKLMNOPRSTUVYZ"[i % 23], "PC_DAY": str(i + 1)}


def fill(app, collection_id: int, n: int, *, shift: int = 0, days_ago: int = 0, close: bool = True) -> None:
    """Store `n` responses; then close the collection (results describe closed collections only)."""
    with app.app_context():
        collection = db.session.get(Collection, collection_id)
        for i in range(n):
            store_response(collection, answers(i, shift), language="fi", pairing_code=pairing(i),
                           submitted_at=utcnow() - timedelta(days=days_ago, minutes=n - i))  # fmt: skip
        if close and collection.closed_at is None:
            close_collection(collection)


def collection_id_by_wave(app, project_id: int, wave: str) -> int:
    with app.app_context():
        return db.session.scalar(
            select(Collection.id).where(Collection.project_id == project_id, Collection.wave == wave)
        )
