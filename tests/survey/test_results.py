"""Stored responses as the analysis table, the Report behind every page, and the results pages themselves."""

import math
import re
from datetime import timedelta

import numpy as np
import pytest
from sqlalchemy import select

from analysis.report_model import Suppressed
from analysis.response_table import METADATA_COLUMNS
from survey.db import db, utcnow
from survey.models import Collection, Response, Role, User
from survey.pairing_codes import part_hashes, unseal
from survey.results import reports
from survey.results.dataset import response_stream, response_table
from tests.survey.conftest import YOUTH
from tests.survey.team_data import LIBRARY, add_collection, add_project, add_user, fill, sign_in


@pytest.fixture
def app_config():
    return {"ARVIO_INSTRUMENTS": LIBRARY}


@pytest.fixture
def waves(app):
    """Project P01 with a baseline of 12 and a follow-up of 10 answers, paired by code; P02 with 6 answers."""
    p1, p2 = add_project(app, "P01"), add_project(app, "P02")
    baseline = add_collection(app, p1, "baseline", label="Koulu X")
    follow_up = add_collection(app, p1, "follow_up", label="Koulu X")
    other = add_collection(app, p2, "baseline")
    fill(app, baseline, 12, days_ago=1)
    fill(app, follow_up, 10, shift=1)
    fill(app, other, 6)
    return {"p1": p1, "p2": p2, "baseline": baseline, "follow_up": follow_up, "other": other}


def _user(app, email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def test_the_table_has_the_wide_layout_of_the_responses_sheet(app, waves, monkeypatch):
    table_key = b"one table's key"
    monkeypatch.setattr("survey.results.dataset.new_table_key", lambda: table_key)
    metadata = tuple(name for name in METADATA_COLUMNS if name != "pair_id")  # pair ids come with a report
    with app.app_context():
        collection = db.session.get(Collection, waves["baseline"])
        table = response_table([collection])
        stored = db.session.scalars(select(Response).where(Response.collection_id == collection.id)).all()
        assert table.names[: len(metadata)] == metadata
        assert table.names[len(metadata) :] == (
            "BG_GENDER", "A1", "A2", "A3", "T_TOPICS__1", "T_TOPICS__2", "T_TOPICS__3",
        )  # fmt: skip
        assert len(table) == 12
        assert set(table.text("project")) == {"P01"} and set(table.text("collection")) == {"Koulu X"}
        assert set(table.text("wave")) == {"baseline"}
        opened = sorted(part_hashes(table_key, unseal("test-pairing-key", r.sealed_pairing_code)) for r in stored)
        assert sorted(table.text("pairing_code")) == opened  # each part under the one table's key
        monkeypatch.setattr("survey.results.dataset.new_table_key", lambda: b"another table's key")
        assert not set(response_table([collection]).text("pairing_code")) & set(opened)
        first = int(np.argmin(table["response_id"]))
        assert table["T_TOPICS__2"][first] == 1.0 and table["T_TOPICS__1"][first] == 0.0  # respondent 0 chose [2]
        assert table["A3"][first] == 9.0  # "don't know" is kept as its code; scoring treats it as missing


def test_a_stream_gives_the_same_rows_in_chunks(app, waves, monkeypatch):
    monkeypatch.setattr("survey.results.rows.BATCH_ROWS", 5)
    with app.app_context():
        collections = db.session.scalars(select(Collection).where(Collection.project_id == waves["p1"])).all()
        stream = response_stream(collections)
        chunks = list(stream.chunks)
        whole = response_table(collections)
    assert stream.count == 22 and sum(len(c) for c in chunks) == 22
    assert [int(v) for c in chunks for v in c["response_id"]] == [int(v) for v in whole["response_id"]]


def test_a_projects_waves_are_paired_by_pairing_code(app, waves):
    add_user(app, "tiimi@example.fi", Role.TEAM_MEMBER, waves["p1"])
    with app.test_request_context():
        results = reports.report_for(
            _user(app, "tiimi@example.fi"), project_ids=[waves["p1"]], instrument_id="tiny_scaled"
        )
        report, table = results.report, results.table
    assert len(table) == 22 and report.design.waves == ("baseline", "follow_up")
    (pairing,) = report.pairing
    assert (pairing.exact_matches, pairing.analysis) == (10, "paired")
    assert [row.kind for row in report.comparisons] == ["waves_paired"]


def test_another_projects_ids_are_not_found_for_a_team_member(app, waves):
    add_user(app, "tiimi@example.fi", Role.TEAM_MEMBER, waves["p1"])
    with app.test_request_context():
        user = _user(app, "tiimi@example.fi")
        with pytest.raises(reports.SelectionNotFound):
            reports.report_for(user, collections=[waves["other"]])
        with pytest.raises(reports.SelectionNotFound):
            reports.report_for(user, project_ids=[waves["p2"]], instrument_id="tiny_scaled")
        with pytest.raises(reports.SelectionNotFound):
            reports.report_for(user, collections=[9999])


def test_the_threshold_comes_from_the_configuration(app, waves):
    add_user(app, "koordinaattori@example.fi", Role.COORDINATOR)
    app.config["ARVIO_MIN_CELL"] = 7
    with app.test_request_context():
        report = reports.report_for(_user(app, "koordinaattori@example.fi"), collections=[waves["other"]]).report
    assert report.design.min_cell == 7
    assert all(isinstance(row.mean, Suppressed) for row in report.summaries)  # 6 answers < 7


def _summary_rows(html: str) -> dict[tuple[str, str], dict[str, str]]:
    """The scale table of a results page: (group, wave) -> field -> shown text."""
    rows = {}
    for match in re.finditer(
        r'<tr data-by="([^"]*)" data-group="([^"]*)" data-wave="([^"]*)">(.*?)</tr>', html, re.S
    ):
        cells = dict(re.findall(r'data-field="(\w+)">(.*?)</td>', match.group(4), re.S))
        rows[(match.group(2), match.group(3))] = cells
    return rows


def test_the_project_page_shows_waves_pairing_and_the_reading(app, client, waves):
    add_user(app, "tiimi@example.fi", Role.TEAM_MEMBER, waves["p1"])
    sign_in(client, "tiimi@example.fi")
    page = client.get(f"/staff/projects/{waves['p1']}/results?lang=en")
    assert page.status_code == 200
    html = page.text
    rows = _summary_rows(html)
    assert rows[("", "baseline")]["n"] == "12" and rows[("", "follow_up")]["n"] == "10"
    assert "<title" in html and "<desc" in html and 'role="img"' in html  # the CI chart is described
    assert "The same respondents were matched by their pairing code" in html
    with app.test_request_context("/?lang=en"):
        report = reports.report_for(
            _user(app, "tiimi@example.fi"), project_ids=[waves["p1"]], instrument_id="tiny_scaled", language="en"
        ).report
    assert report.comparisons[0].reading.get("en") in html


def test_a_small_group_is_shown_as_suppressed_with_its_reason(app, client, waves):
    add_user(app, "tiimi@example.fi", Role.TEAM_MEMBER, waves["p1"])
    sign_in(client, "tiimi@example.fi")
    html = client.get(f"/staff/collections/{waves['baseline']}/results?lang=en&by=BG_GENDER").text
    rows = _summary_rows(html)
    assert rows[("", "")]["n"] == "12"
    girls = rows[("1", "")]
    assert girls["n"] == "6" and re.match(r"\d\.\d\d$", girls["mean"])
    assert "Suppressed: fewer than 5 people" in html  # "Other" has no one; the item table marks it


def test_the_page_language_changes_numbers_and_texts(app, client, waves):
    add_user(app, "tiimi@example.fi", Role.TEAM_MEMBER, waves["p1"])
    sign_in(client, "tiimi@example.fi")
    fi = client.get(f"/staff/collections/{waves['baseline']}/results?lang=fi").text
    assert "Mittarien pisteet" in fi
    mean = _summary_rows(fi)[("", "")]["mean"]
    assert "," in mean and not math.isnan(float(mean.replace(",", ".")))


@pytest.mark.parametrize(
    "url",
    [
        "/staff/collections/{other}/results",
        "/staff/collections/{other}/results/download.xlsx",
        "/staff/collections/{other}/results/download/csv",
        "/staff/projects/{p2}/results",
        "/staff/projects/{p2}/results/download.xlsx",
        "/staff/projects/{p2}/results/download/sav?instrument=tiny_scaled",
    ],
)
def test_results_of_another_project_are_not_found(app, client, waves, url):
    add_user(app, "tiimi@example.fi", Role.TEAM_MEMBER, waves["p1"], raw=True)
    sign_in(client, "tiimi@example.fi")
    assert client.get(url.format(**waves)).status_code == 404


def test_an_open_collection_shows_no_results_until_it_closes(app, client, waves):
    open_one = add_collection(app, waves["p1"], "end")
    fill(app, open_one, 9, close=False)
    add_user(app, "tiimi@example.fi", Role.TEAM_MEMBER, waves["p1"])
    sign_in(client, "tiimi@example.fi")
    page = client.get(f"/staff/collections/{open_one}/results?lang=en")
    assert page.status_code == 200 and "Results are shown once the data collection has closed" in page.text
    assert 'data-scale="S_VOICE"' not in page.text


def test_a_closed_collection_without_responses_says_so(app, client, waves):
    empty = add_collection(app, waves["p1"], "end")
    fill(app, empty, 0)
    add_user(app, "tiimi@example.fi", Role.TEAM_MEMBER, waves["p1"])
    sign_in(client, "tiimi@example.fi")
    page = client.get(f"/staff/collections/{empty}/results?lang=en")
    assert page.status_code == 200 and "No responses yet." in page.text


@pytest.mark.parametrize(
    "name", ["analysis.export.mean_charts", "survey.results.reports", "survey.collect.charts", "survey.svg"]
)
def test_docstring_examples_run(name):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize("column", ["pairing_code", "response_id", "T_TOPICS", "NO_SUCH"])
def test_results_are_never_broken_down_by_codes_ids_or_free_text(app, waves, column):
    add_user(app, "koordinaattori@example.fi", Role.COORDINATOR)
    with app.test_request_context(), pytest.raises(reports.SelectionError) as error:
        reports.report_for(_user(app, "koordinaattori@example.fi"), collections=[waves["other"]], by=[column])
    assert error.value.code == "bad_column"


def test_a_project_page_opens_on_its_newest_questionnaire(app, client, waves):
    add_collection(app, waves["p1"], "baseline", instrument=YOUTH, opens_at=utcnow() - timedelta(days=10))
    add_user(app, "tiimi@example.fi", Role.TEAM_MEMBER, waves["p1"])
    sign_in(client, "tiimi@example.fi")
    page = client.get(f"/staff/projects/{waves['p1']}/results?lang=en").text
    assert '<option value="tiny_scaled" selected>' in page and '<option value="tiny_youth" >' in page
    assert _summary_rows(page)[("", "baseline")]["n"] == "12"
