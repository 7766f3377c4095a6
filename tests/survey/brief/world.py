"""A small questionnaire with two scales and a discrimination question, and a project whose closed baseline and
follow-up waves the brief tests read. The answers are fixed (no randomness): every follow-up answer of four paired
respondents in five is one point higher on the first scale, so the change (+0.8) is known before the test runs."""

from __future__ import annotations

from datetime import date, timedelta

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
from survey.collect.collections import close_collection, create_collection
from survey.db import db, utcnow
from survey.models import Collection, Project, Wave
from survey.respond.responses import store_response
from tests.survey.conftest import t

AGREE5 = ChoiceList(
    "agree5",
    (
        *(Choice(code, t(f"fi {code}", f"sv {code}", f"en {code}")) for code in range(1, 6)),
        Choice(9, t("En osaa sanoa", "Vet inte", "Don't know"), missing=True),
    ),
)

BRIEF_YOUTH = Instrument(
    id="brief_youth",
    version="1.0",
    title=t("Kuulluksi tuleminen", "Att bli hörd", "Being heard"),
    respondent_group=RespondentGroup.YOUTH,
    languages=("fi", "sv", "en"),
    theme="participation",
    choice_lists={"agree5": AGREE5},
    sections=(
        Section(
            id="views",
            title=t("Mielipiteesi"),
            items=(
                Item("H_1", ItemType.LIKERT, t("Minua kuunnellaan."), choices="agree5"),
                Item("H_2", ItemType.LIKERT, t("Mielipiteelläni on väliä."), choices="agree5"),
                Item("S_1", ItemType.LIKERT, t("Voin sanoa mielipiteeni."), choices="agree5"),
                Item("E_DISCR", ItemType.YESNO, t("Onko sinua syrjitty täällä?")),
            ),
        ),
    ),
    scales=(
        Scale("S_HEARD", t("Kuulluksi tuleminen", "Att bli lyssnad på", "Being heard"), ("H_1", "H_2")),
        Scale("S_SAY", t("Tila kertoa mielipide", "Utrymme att säga sin åsikt", "Space to give views"), ("S_1",)),
    ),
    pairing_prompts=(
        PairingPrompt("PC_LETTER", t("Kirjain"), "letter"),
        PairingPrompt("PC_DAY", t("Päivä"), "digits"),
    ),
)

LETTERS = "ABCDEFGHIJKLMNOPRSTUVY"


def _answers(i: int, later: bool) -> dict[str, object]:
    heard = 2 + i % 3 + (1 if later and i % 5 else 0)  # 2-4 at baseline; +1 at the follow-up for 4 in 5
    return {"H_1": heard, "H_2": heard, "S_1": 3 + i % 2, "E_DISCR": 1 if i % 4 == 0 else 0}


def closed_waves(project_id: int, people: int = 20, follow_up: int | None = None) -> list[int]:
    """A closed baseline of `people` answers and a closed follow-up of `follow_up` (default: the same people)
    with the same pairing codes; returns the collection ids."""
    project = db.session.get(Project, project_id)
    now = utcnow()
    ids = []
    for wave, start, count in ((Wave.BASELINE, 60, people), (Wave.FOLLOW_UP, 20, people if follow_up is None
                                                                                else follow_up)):  # fmt: skip
        collection = create_collection(project, BRIEF_YOUTH.id, BRIEF_YOUTH.version, wave=wave.value,
                                       opens_at=now - timedelta(days=start), ask_pairing_code=True,
                                       retention_until=date.today() + timedelta(days=365))  # fmt: skip
        for i in range(count):
            code = {"PC_LETTER": LETTERS[i % len(LETTERS)], "PC_DAY": str(1 + i // len(LETTERS))}
            store_response(collection, _answers(i, wave is Wave.FOLLOW_UP), pairing_code=code,
                           submitted_at=now - timedelta(days=start - 1))  # fmt: skip
        close_collection(collection, now - timedelta(days=start - 10))
        ids.append(collection.id)
    return ids


def collection(collection_id: int) -> Collection:
    return db.session.get(Collection, collection_id)


def signed_in(app, world, role: str):
    client = app.test_client()
    user_id, version = world["users"][role]
    with client.session_transaction() as session:
        session["_user_id"] = f"{user_id}:{version}"
    return client


def brief_url(world, suffix: str = "", **query) -> str:
    args = "&".join(f"{k}={v}" for k, v in {"instrument": BRIEF_YOUTH.id, **query}.items())
    return f"/staff/projects/{world['project']}/brief{suffix}?{args}"
