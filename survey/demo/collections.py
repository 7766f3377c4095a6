"""The demo's data collections: closed baseline and follow-up waves with paired answers, and open ones to try.

Results are shown only for closed collections, so the demo's baseline and follow-up waves are both closed (the
follow-up ended a month ago; the data are kept three years). The young people's participation questionnaire is
used by five projects, each with both waves, so that comparing projects and pooling their changes has something
real to show: three projects improve by 0.2-0.5 points on the 1-5 scale, one does not change and one gets a
little worse. Most baseline respondents answer the follow-up with the same pairing code, a few give one part of
it differently (the tolerant match finds them), some do not come back, and some answer only the follow-up.

One open collection for each respondent group (children, young people, parents, professionals) takes answers
now: the links the demo commands print, for trying the questionnaires.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from survey.collect.collections import create_collection
from survey.demo.responses import Respondent, answer_questionnaire
from survey.models import Collection, Project, Wave
from survey.questionnaires import get_instrument
from survey.respond.responses import store_response

# Near the middle of a 1-5 scale, one standard deviation of the latent attitude moves a respondent's answers by
# about 1.2 points (the answers are cut onto the scale, so the tails move less): a change given in points is
# divided by this to shift the attitudes (checked on the stored answers by tests/survey/test_demo.py).
POINTS_PER_SD = 1.2
RETURNING_SHARE = 0.8  # baseline respondents who answer the follow-up too, with the same pairing code
MISTYPED_CODE_SHARE = 0.06  # of those, who give one part of their code differently
NEWCOMER_SHARE = 0.1  # follow-up respondents who did not answer at baseline, relative to the baseline size
RETENTION_DAYS = 3 * 365


@dataclass(frozen=True)
class PairedWaves:
    """A project's closed baseline and follow-up of one questionnaire."""

    project: str
    instrument_id: str
    label: str
    baseline: int  # respondents at baseline
    change: float  # the change of the follow-up's answers, in points on a 1-5 scale

    @property
    def returning(self) -> int:
        return round(self.baseline * RETURNING_SHARE)

    @property
    def follow_up(self) -> int:
        return self.returning + round(self.baseline * NEWCOMER_SHARE)


@dataclass(frozen=True)
class OpenCollection:
    """A baseline collection open now, with the answers it has so far."""

    project: str
    instrument_id: str
    label: str
    answers: int


PAIRED_WAVES = (
    PairedWaves("ARV-04", "participation_youth", "Nivelvaiheen ryhmät", 70, 0.35),
    PairedWaves("ARV-06", "participation_youth", "Liikuntaryhmät, 7.–9. luokat", 50, 0.2),
    PairedWaves("ARV-08", "participation_youth", "Nuorisovaltuustot ja oppilaskunnat", 110, 0.5),
    PairedWaves("ARV-11", "participation_youth", "Harrastuskoulun ryhmät", 60, 0.0),
    PairedWaves("ARV-12", "participation_youth", "Lukion 1. vuosikurssi", 90, -0.15),
    PairedWaves("ARV-01", "participation_parents", "Perhekeskus, vanhemmat", 90, 0.3),
    PairedWaves("ARV-03", "participation_children", "Alakoulut, 3.–6. luokat", 120, 0.3),
)

OPEN_COLLECTIONS = (
    OpenCollection("ARV-09", "equality_children", "Kerhot, 3.–6.-luokkalaiset", 14),
    OpenCollection("ARV-12", "gender_equality_youth", "Lukion 2. vuosikurssi", 26),
    OpenCollection("ARV-01", "equality_parents", "Perhekahvilat, vanhemmat", 18),
    OpenCollection("ARV-10", "participation_professionals", "Perhekeskuksen työntekijät", 11),
)


def add_paired_waves(spec: PairedWaves, project: Project, now: datetime, rng: random.Random) -> int:
    """The closed baseline (ten to nine months ago) and follow-up (two months to one month ago) with their
    answers; returns how many were stored."""
    common = {"label": spec.label, "retention_until": (now + timedelta(days=RETENTION_DAYS)).date(),
              "ask_pairing_code": True}  # fmt: skip
    baseline = create_collection(project, spec.instrument_id, "1.0", wave=Wave.BASELINE.value,
                                 opens_at=now - timedelta(days=300), closes_at=now - timedelta(days=270),
                                 **common)  # fmt: skip
    follow_up = create_collection(project, spec.instrument_id, "1.0", wave=Wave.FOLLOW_UP.value,
                                  opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=30),
                                  **common)  # fmt: skip
    codes: set[tuple[str, ...]] = set()
    first = [_new_person(baseline, project, codes, rng) for _ in range(spec.baseline)]
    second = [_returning(person, rng) for person in rng.sample(first, k=spec.returning)]
    second += [_new_person(follow_up, project, codes, rng) for _ in range(spec.follow_up - spec.returning)]
    rng.shuffle(second)
    _store(baseline, first, 0.0, now, rng)
    _store(follow_up, second, spec.change / POINTS_PER_SD, now, rng)
    return len(first) + len(second)


def add_open_collection(spec: OpenCollection, project: Project, now: datetime, rng: random.Random) -> int:
    """A baseline opened ten days ago and open for another month, with its first answers."""
    collection = create_collection(project, spec.instrument_id, "1.0", wave=Wave.BASELINE.value,
                                   label=spec.label, opens_at=now - timedelta(days=10),
                                   closes_at=now + timedelta(days=30), ask_pairing_code=True,
                                   retention_until=(now + timedelta(days=RETENTION_DAYS)).date())  # fmt: skip
    people = [_new_person(collection, project, set(), rng) for _ in range(spec.answers)]
    _store(collection, people, 0.0, now, rng)
    return len(people)


def add_not_yet_open(project: Project, now: datetime) -> Collection:
    """An end-of-project wave that opens later: shows staff (and respondents) what a future link does."""
    return create_collection(project, "participation_youth", "1.0", wave=Wave.END.value, label="Loppukysely",
                             opens_at=now + timedelta(days=120), closes_at=now + timedelta(days=150),
                             retention_until=(now + timedelta(days=RETENTION_DAYS)).date(),
                             ask_pairing_code=True)  # fmt: skip


def _new_person(collection: Collection, project: Project, used: set, rng: random.Random) -> Respondent:
    """A new respondent whose pairing code nobody else in the project has."""
    while True:
        person = Respondent.draw(rng, languages=collection.languages, counties=project.counties)
        key = tuple(person.pairing_code.values())
        if key not in used:
            used.add(key)
            return person


def _returning(person: Respondent, rng: random.Random) -> Respondent:
    if rng.random() >= MISTYPED_CODE_SHARE:
        return person
    code = {**person.pairing_code, "month": str(int(person.pairing_code["month"]) % 12 + 1)}
    return Respondent(person.attitude, person.language, person.county, code)


def _store(collection: Collection, people: list[Respondent], shift: float, now: datetime, rng) -> None:
    """Store the answers through the same checks as a submitted form, spread over the weeks it was open."""
    instrument = get_instrument(collection.instrument_id, collection.instrument_version)
    start = collection.opens_at
    span = (min(collection.closes_at or now, now) - start).total_seconds()
    for person in people:
        store_response(
            collection,
            answer_questionnaire(instrument, person, shift=shift, rng=rng),
            language=person.language,
            pairing_code=person.pairing_parts(instrument),
            submitted_at=start + timedelta(seconds=rng.uniform(0, max(span, 1))),
        )
