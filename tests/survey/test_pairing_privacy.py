"""Pairing codes nobody can decode: what is stored, what files and the API carry, and that pairing still works.

The attacker of issue 11: someone with the raw-data grant who also sends answers with codes of their own choice
through the respondent pages, then reads every stored value and every file and API answer they can get. Equal
parts (or equal codes) must not show as equal anywhere, and nothing may be counted to guess a part.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import random
import re
import tempfile
from dataclasses import replace
from pathlib import Path

import pyreadstat
import pytest
from python_calamine import CalamineWorkbook
from sqlalchemy import select

from analysis.pairing import pair_waves
from survey.collect.collections import close_collection
from survey.db import db
from survey.models import AuditEntry, Collection, Draft, Response, Role, User
from survey.pairing_codes import part_hashes, unseal
from survey.respond.responses import store_response
from survey.results import reports
from tests.survey.api_helpers import bearer, user_with_token
from tests.survey.conftest import Library, Respondent
from tests.survey.team_data import SCALED, add_collection, add_project, add_user, sign_in

FOUR_PARTS = replace(
    SCALED,
    id="tiny_four_parts",
    pairing_prompts=(
        *SCALED.pairing_prompts,
        replace(SCALED.pairing_prompts[1], code="PC_MONTH"),
        replace(SCALED.pairing_prompts[0], code="PC_PLACE"),
    ),
)
KEY = "test-pairing-key"
CHOSEN = [("A", "1"), ("A", "1"), ("A", "2"), ("B", "9")]  # the attacker's codes: the same twice, a victim's
PAIR_ID = re.compile(r"[A-HJ-NP-Z2-9]{6}-[A-HJ-NP-Z2-9]{6}")
HEX_PART = re.compile(r"\b[0-9a-f]{12}\b")


@pytest.fixture
def app_config():
    return {"ARVIO_INSTRUMENTS": Library(SCALED, FOUR_PARTS)}


def _token(app, collection_id: int) -> str:
    with app.app_context():
        return db.session.get(Collection, collection_id).token


def _send(app, token: str, letter: str, day: str) -> str:
    """One respondent through the pages, in a browser of their own; returns the sealed code the draft held."""
    respondent = Respondent(app.test_client(), token)
    respondent.start()
    respondent.post("pairing-code", {"PC_LETTER": letter, "PC_DAY": day})
    held = respondent.draft().sealed_pairing_code  # the signed draft cookie is readable by its respondent
    respondent.post("about", {"BG_GENDER": "1"})
    sent = respondent.post("views", {"A1": "3", "A2": "4", "A3": "2"}, action="submit")
    assert sent.location.endswith("/thanks")
    return held


@pytest.fixture
def attacked(app):
    """Eight people at baseline, six of them again at follow-up; the attacker's four chosen codes at baseline."""
    project = add_project(app, "P01")
    baseline, follow_up = add_collection(app, project, "baseline"), add_collection(app, project, "follow_up")
    people = [("A", "1"), ("A", "2"), ("B", "1"), ("B", "2"), ("C", "1"), ("C", "3"), ("D", "4"), ("E", "4")]
    for letter, day in people:
        _send(app, _token(app, baseline), letter, day)
    for letter, day in people[2:]:
        _send(app, _token(app, follow_up), letter, day)
    held = [_send(app, _token(app, baseline), letter, day) for letter, day in CHOSEN]
    with app.app_context():  # results and files describe closed collections
        for collection_id in (baseline, follow_up):
            close_collection(db.session.get(Collection, collection_id))
    add_user(app, "arvioija@example.fi", Role.EVALUATOR, project, raw=True)
    return {"project": project, "held": held, "baseline": baseline, "follow_up": follow_up}


def _stored(app) -> list[Response]:
    with app.app_context():
        return list(db.session.scalars(select(Response).order_by(Response.id)))


def test_stored_codes_are_all_different_and_tell_nothing(app, attacked):
    responses = _stored(app)
    sealed = [r.sealed_pairing_code for r in responses]
    codes = [unseal(KEY, s) for s in sealed]
    assert len(set(codes)) < len(codes)  # the same codes were sent more than once ...
    assert len(set(sealed)) == len(sealed)  # ... yet every stored value is different: nothing to count
    assert len({len(s) for s in sealed}) == 1  # "7" and "12", "A" and "Ä" give the same length
    assert set(attacked["held"]) <= set(sealed)  # a browser holds its own sealed code, like any other value
    old_parts = {h for code in codes for h in part_hashes(KEY.encode(), code).split("-")}
    assert not any(h in s for h in old_parts for s in sealed)  # no per-part hash hides inside
    as_bytes = [s.encode() for s in sealed]
    # Any two values, of equal codes or not, agree in no more positions than random strings do.
    agree = [sum(x == y for x, y in zip(a, b, strict=True)) for a, b in itertools.combinations(as_bytes, 2)]
    assert max(agree) - len("v1:") < 12 and sum(agree) / len(agree) < len("v1:") + 6


def test_the_draft_held_by_the_respondent_is_sealed_too(app, attacked):
    first, second = attacked["held"][:2]  # the same code, twice
    assert first != second and unseal(KEY, first) == unseal(KEY, second) == (("PC_LETTER", "A"), ("PC_DAY", "1"))


def _downloads(client, project: int) -> dict[str, list[dict[str, str]]]:
    """Every raw file of the project's results as rows of text, by kind."""
    files = {}
    xlsx = client.get(f"/staff/projects/{project}/results/download.xlsx?lang=en")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(xlsx.data)).get_sheet_by_name("Responses").to_python()
    files["xlsx"] = [dict(zip(rows[0], map(_text, row), strict=True)) for row in rows[1:]]
    for kind in ("csv", "csv-semicolon", "csv-long"):
        text = client.get(f"/staff/projects/{project}/results/download/{kind}").data.decode("utf-8-sig")
        files[kind] = list(csv.DictReader(io.StringIO(text), delimiter=";" if kind == "csv-semicolon" else ","))
    sav = client.get(f"/staff/projects/{project}/results/download/sav")
    frame, _meta = _read_sav(sav.data)
    files["sav"] = [{k: _text(v) for k, v in row.items()} for row in frame.to_dict("records")]
    return files


def _read_sav(data: bytes):
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "responses.sav"
        path.write_bytes(data)
        return pyreadstat.read_sav(str(path))


def _text(value) -> str:
    if isinstance(value, float):
        return "" if value != value else str(int(value)) if value.is_integer() else str(value)
    return "" if value is None else str(value)


def _api_rows(client, token: str, project: int) -> list[dict]:
    answer = client.get(
        f"/api/v1/responses.ndjson?project={project}&instrument=tiny_scaled", headers=bearer(token)
    )
    assert answer.status_code == 200
    return [json.loads(line) for line in answer.text.splitlines()]


def _pairs(rows, id_column: str = "pair_id") -> set[frozenset[str]]:
    """The sets of response ids of one person: their pair ids share the first part (a tolerant match differs in
    the second)."""
    groups: dict[str, set[str]] = {}
    for row in rows:
        if row[id_column]:
            groups.setdefault(row[id_column].split("-")[0], set()).add(str(row["response_id"]))
    return {frozenset(group) for group in groups.values()}


def test_files_and_the_api_carry_fresh_pair_ids_and_never_a_code(app, client, attacked):
    sign_in(client, "arvioija@example.fi")
    token = user_with_token(app, "api@example.fi", Role.EVALUATOR, [attacked["project"]], raw_data=True)
    first, second = _downloads(client, attacked["project"]), _downloads(client, attacked["project"])
    first["api"], second["api"] = (_api_rows(client, token, attacked["project"]) for _ in range(2))
    stored = _stored(app)
    sealed = {r.sealed_pairing_code for r in stored}
    codes = {r.id: unseal(KEY, r.sealed_pairing_code) for r in stored}
    # The six people who answered twice are paired; A-1 (sent three times) and the rest are not.
    expected = {frozenset(str(r.id) for r in stored if codes[r.id] == code) for code in
                {codes[r.id] for r in stored if r.collection_id == attacked["follow_up"]}}  # fmt: skip
    for kind in first:
        rows = [row for row in first[kind] if "pairing_code" not in row]
        assert rows == first[kind], kind  # no codes column at all
        cells = [str(value) for row in first[kind] for value in row.values()]
        assert not any(c in sealed or HEX_PART.search(c) for c in cells), kind  # no sealed code, no part hash
        if kind == "csv-long":
            continue  # answers only, one a row: no metadata, so no pair ids either
        ids = {row["pair_id"] for row in first[kind]} - {""}
        assert all(PAIR_ID.fullmatch(i) for i in ids), kind
        assert _pairs(first[kind]) == _pairs(second[kind]) == expected, kind  # the report's pairs, each time
        chosen = {(("PC_LETTER", letter), ("PC_DAY", day)) for letter, day in CHOSEN}
        assert all(not row["pair_id"] for row in first[kind] if codes[int(row["response_id"])] in chosen), kind
    # Ids are new in every file: no id of one download is found in another
    every = [
        {row.get("pair_id", "") for row in rows} - {""} for files in (first, second) for rows in files.values()
    ]
    for a, b in itertools.combinations(every, 2):
        assert not a & b
    # ... and within a file, people who share a letter or a day share no part of an id
    parts = [row["pair_id"].split("-")[0] for row in first["xlsx"] if row["pair_id"]]
    assert len(set(parts)) == len(expected)


def test_one_collection_alone_pairs_nothing(app, client, attacked):
    sign_in(client, "arvioija@example.fi")
    answer = client.get(f"/staff/collections/{attacked['baseline']}/results/download/csv")
    rows = list(csv.DictReader(io.StringIO(answer.data.decode("utf-8-sig"))))
    assert len(rows) == 12 and {row["pair_id"] for row in rows} == {""}
    token = user_with_token(app, "api@example.fi", Role.EVALUATOR, [attacked["project"]], raw_data=True)
    listed = client.get(f"/api/v1/collections/{attacked['baseline']}/responses", headers=bearer(token)).json
    assert listed["total"] == 12 and all("pairing_code" not in row for row in listed["responses"])


def test_the_selection_api_needs_the_raw_data_grant_and_is_audited(app, client, attacked):
    no_raw = user_with_token(app, "tiimi@example.fi", Role.EVALUATOR, [attacked["project"]])
    raw = user_with_token(app, "api@example.fi", Role.EVALUATOR, [attacked["project"]], raw_data=True)
    url = f"/api/v1/responses.ndjson?project={attacked['project']}&instrument=tiny_scaled"
    assert client.get(url, headers=bearer(no_raw)).status_code == 403
    assert client.get("/api/v1/responses.ndjson?collection=99999", headers=bearer(raw)).status_code == 404
    assert client.get("/api/v1/responses.ndjson", headers=bearer(raw)).status_code == 400
    assert len(client.get(url, headers=bearer(raw)).text.splitlines()) == 18
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.action, entry.target, entry.row_count) == ("api.responses", "collections:1,2", 18)
    assert entry.details["paired_rows"] == 12


# Matching ---------------------------------------------------------------------------------------------------


def _demo_like_codes(seed: int = 11):
    """Baseline and follow-up codes of four parts (letter, siblings, month, letter) like the demo's: most
    come back, some mistype one part, some are new, and two people at baseline chose the same code."""
    rng = random.Random(seed)
    letters = "AAAAEEIIJJKKLLMMNNOPRSSTTUVÄÖ"
    person = lambda: (rng.choice(letters), str(rng.choice([0, 0, 0, 1, 1, 2, 3])), str(rng.randint(1, 12)),  # noqa: E731
                      rng.choice(letters))  # fmt: skip
    baseline = [person() for _ in range(60)]
    baseline.append(baseline[0])
    follow_up = [code for code in baseline[5:45]]
    for i in range(0, 40, 8):  # every eighth returning person mistypes a part
        code = list(follow_up[i])
        part = i % 4
        code[part] = str((int(code[part]) + 1) % 10) if part in (1, 2) else "X"
        follow_up[i] = tuple(code)
    follow_up += [person() for _ in range(6)]
    return baseline, follow_up


def test_exact_and_tolerant_matching_find_the_same_pairs_as_on_the_codes_themselves(app):
    baseline_codes, follow_up_codes = _demo_like_codes()
    expected = pair_waves(["-".join(c) for c in baseline_codes], ["-".join(c) for c in follow_up_codes])
    assert expected.tolerant >= 3 and expected.ambiguous >= 2  # the data exercises every rule
    project = add_project(app, "P01")
    prompts = [p.code for p in FOUR_PARTS.pairing_prompts]
    ids = {}
    for wave, codes in (("baseline", baseline_codes), ("follow_up", follow_up_codes)):
        collection_id = add_collection(app, project, wave, instrument=FOUR_PARTS)
        with app.app_context():
            collection = db.session.get(Collection, collection_id)
            parts = [dict(zip(prompts, code, strict=True)) for code in codes]
            ids[wave] = [store_response(collection, {"A1": 3}, pairing_code=p).id for p in parts]
            close_collection(collection)  # results describe closed collections
    add_user(app, "arvioija@example.fi", Role.EVALUATOR, project, raw=True)
    with app.test_request_context():
        user = db.session.scalar(select(User).where(User.email == "arvioija@example.fi"))
        report = reports.report_for(user, project_ids=[project], instrument_id=FOUR_PARTS.id).report
    (summary,) = report.pairing
    assert (summary.exact_matches, summary.tolerant_matches, summary.ambiguous) == (
        expected.exact, expected.tolerant, expected.ambiguous,
    )  # fmt: skip
    want = {frozenset((str(ids["baseline"][b]), str(ids["follow_up"][a]))) for b, a in
            zip(expected.before, expected.after, strict=True)}  # fmt: skip
    rows = [{"response_id": _text(r), "pair_id": p} for r, p in
            zip(report.responses["response_id"], report.responses["pair_id"], strict=True)]  # fmt: skip
    assert _pairs(rows) == want
    # Matching the ids again (the command line on an exported file) finds the same pairs, counted alike
    waves = report.responses.text("wave")
    again = pair_waves(
        report.responses["pair_id"][waves == "baseline"], report.responses["pair_id"][waves != "baseline"]
    )
    assert (again.exact, again.tolerant) == (expected.exact, expected.tolerant)


def test_a_draft_kept_in_the_database_holds_the_code_sealed(app, client):
    project = add_project(app, "P01")
    token = _token(app, add_collection(app, project, "baseline"))
    respondent = Respondent(client, token)
    respondent.start()
    respondent.post("pairing-code", {"PC_LETTER": "ö", "PC_DAY": "07"})
    respondent.post("about", {"BG_GENDER": "2"}, action="save")  # a resume code keeps the draft on the server
    with app.app_context():
        (draft,) = db.session.scalars(select(Draft))
        assert unseal(KEY, draft.sealed_pairing_code) == (("PC_LETTER", "Ö"), ("PC_DAY", "7"))
