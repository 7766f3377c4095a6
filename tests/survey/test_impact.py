"""The programme impact page: each project's paired change, pooled, for coordinators and evaluators; its workbook
is audited; small projects are left out and two projects are never pooled. On SQLite and PostgreSQL."""

import re

import pytest
from python_calamine import CalamineWorkbook
from sqlalchemy import select

from survey.db import db
from survey.models import AuditEntry, Role, User
from survey.results.impact import programme_impact
from survey.results.reports import report_for
from tests.survey.team_data import LIBRARY, add_collection, add_project, add_user, fill, sign_in

PAGE = "/staff/impact/?lang=en&instrument=tiny_scaled"


@pytest.fixture
def app_config():
    return {"ARVIO_INSTRUMENTS": LIBRARY}


@pytest.fixture
def programme(app):
    """Paired baseline and follow-up: P01 10 pairs, P02 8, P03 7; P04 only 3 (under the threshold); P05 has a
    baseline and a follow-up still open."""
    ids = {code: add_project(app, code) for code in ("P01", "P02", "P03", "P04", "P05")}
    for code, before, after, shift in (("P01", 12, 10, 1), ("P02", 8, 8, 2), ("P03", 9, 7, 1), ("P04", 6, 3, 1)):
        fill(app, add_collection(app, ids[code], "baseline"), before)
        fill(app, add_collection(app, ids[code], "follow_up"), after, shift=shift)
    fill(app, add_collection(app, ids["P05"], "baseline"), 9)
    fill(app, add_collection(app, ids["P05"], "follow_up"), 6, shift=1, close=False)
    return ids


def _rows(html: str) -> dict[str, dict[str, str]]:
    """The first scale's table: per row (project code, "pooled", "prediction"), its cells by field."""
    table = re.search(r'<table class="table table--numbers impact-table".*?</table>', html, re.S).group(0)
    rows = {}
    for key, body in re.findall(r'<tr data-row="([^"]*)"[^>]*>(.*?)</tr>', table, re.S):
        rows[key] = dict(re.findall(r'data-field="(\w+)">(.*?)</td>', body, re.S))
    return rows


def _plot(html: str) -> dict[str, str]:
    """The first forest plot: per row, its text of numbers."""
    svg = re.search(r'<svg class="chart chart--forest".*?</svg>', html, re.S).group(0)
    return dict(re.findall(r'<g class="forest-row[^"]*" data-row="([^"]*)">.*?<text class="(?:value|note)"[^>]*>'
                           r"(.*?)</text>", svg, re.S))  # fmt: skip


def test_the_coordinator_sees_each_projects_change_and_the_pooled_change(app, client, programme):
    add_user(app, "koordinaattori@example.fi", Role.COORDINATOR)
    sign_in(client, "koordinaattori@example.fi")
    page = client.get(PAGE).text
    rows = _rows(page)
    assert {key: rows[key]["n"] for key in ("P01", "P02", "P03")} == {"P01": "10", "P02": "8", "P03": "7"}
    assert "&lt;5" in rows["P04"]["n"] and "not pooled: fewer than 5 pairs of answers" in rows["P04"]["change"]
    assert rows["pooled"]["n"] == "25" and "Pooled change (3 projects)" in page
    assert "P05 Hanke P05: no closed data collection of the follow-up yet" in page  # open: not read
    # the forest plot says what the table says
    plot = _plot(page)
    for code in ("P01", "P02", "P03"):
        assert plot[code] == f"n {rows[code]['n']} · {rows[code]['change']}"
    assert plot["pooled"] == f"n 25 · {rows['pooled']['change']}"
    assert plot["prediction"] == rows["prediction"]["change"]
    assert "fewer than 5 pairs" in plot["P04"]
    assert 'role="img"' in page and "<title" in page and "<desc" in page
    assert "vary" in page and "τ²" in page and "I²" in page


def test_a_projects_change_is_the_change_its_own_results_page_shows(app, programme):
    add_user(app, "koordinaattori@example.fi", Role.COORDINATOR)
    with app.test_request_context():
        user = db.session.scalar(select(User).where(User.email == "koordinaattori@example.fi"))
        impact = programme_impact(user, "tiny_scaled")
        (scale,) = impact.scales
        for change in scale.result.shown:
            own = report_for(user, project_ids=[programme[change.project]], instrument_id="tiny_scaled")
            (row,) = [r for r in own.report.comparisons if r.kind == "waves_paired" and r.by is None]
            assert row.n == (change.n,)
            assert (change.estimate, change.ci_low, change.ci_high) == pytest.approx(
                (row.estimate, row.estimate_ci_low, row.estimate_ci_high), abs=1e-12
            )
        assert {w.project.code: w.missing for w in impact.waiting} == {"P05": "later"}


def test_an_evaluator_sees_only_their_projects_and_two_are_never_pooled(app, client, programme):
    add_user(app, "arvioija@example.fi", Role.EVALUATOR, programme["P01"], programme["P02"])
    sign_in(client, "arvioija@example.fi")
    page = client.get(PAGE).text
    rows = _rows(page)
    assert set(rows) == {"P01", "P02"} and "P03" not in page
    assert "The projects&#39; changes are not pooled: that needs at least 3 projects" in page
    assert "pooled" not in rows and "prediction" not in rows
    assert rows["P01"]["n"] == "10"  # each project is still shown, as its own results page shows it


@pytest.mark.parametrize(
    ("role", "options", "status"),
    [(Role.TEAM_MEMBER, {}, 403), (Role.EVALUATOR, {}, 200), (Role.EVALUATOR, {"all_projects": True}, 200)],
)
def test_team_members_may_not_see_the_programme_impact(app, client, programme, role, options, status):
    add_user(app, "kayttaja@example.fi", role, programme["P01"], **options)
    sign_in(client, "kayttaja@example.fi")
    assert client.get(PAGE).status_code == status
    assert client.get(PAGE.replace("/?", "/download.xlsx?")).status_code == status


def test_a_questionnaire_none_of_ones_projects_used_is_not_found(app, client, programme):
    other = add_project(app, "P09")
    add_user(app, "arvioija@example.fi", Role.EVALUATOR, other)
    sign_in(client, "arvioija@example.fi")
    assert client.get(PAGE).status_code == 404
    assert "None of your projects has a closed data collection" in client.get("/staff/impact/?lang=en").text


def test_unknown_choices_fall_back_to_the_defaults(app, client, programme):
    add_user(app, "koordinaattori@example.fi", Role.COORDINATOR)
    sign_in(client, "koordinaattori@example.fi")
    assert client.get("/staff/impact/?instrument=nothing").status_code == 404
    page = client.get(PAGE + "&measure=%3Cb%3E&method=REML&wave=x").text
    assert _rows(page)["P01"]["n"] == "10" and 'value="points" aria-describedby' in page
    standardised = _rows(client.get(PAGE + "&measure=standardised&method=dl").text)
    assert standardised["P01"]["change"] != _rows(page)["P01"]["change"]


def test_the_workbook_has_the_pages_numbers_and_is_audited(app, client, programme, tmp_path):
    add_user(app, "koordinaattori@example.fi", Role.COORDINATOR)
    sign_in(client, "koordinaattori@example.fi")
    rows = _rows(client.get(PAGE).text)
    download = client.get(PAGE.replace("/?", "/download.xlsx?"))
    assert download.status_code == 200 and download.headers["Content-Disposition"].startswith("attachment;")
    path = tmp_path / "impact.xlsx"
    path.write_bytes(download.data)
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Impact").to_python()
    by_project = {r[2]: r for r in sheet[1:] if r[1] == "project"}
    assert by_project["P01 Hanke P01"][3] == 10
    assert f"+{by_project['P01 Hanke P01'][4]:.2f}" == rows["P01"]["change"].split(" ")[0]
    assert [r[2] for r in sheet[1:] if r[1] == "project, left out"] == ["P04 Hanke P04"]
    with app.app_context():
        (entry,) = db.session.scalars(select(AuditEntry)).all()
    assert (entry.action, entry.row_count) == ("download.impact", 0)
    assert entry.details["instrument"] == "tiny_scaled@1.0" and entry.details["method"] == "reml"
    assert len(entry.details["collections"]) == 8  # P01-P04's closed baseline and follow-up


def test_the_programme_brief_carries_the_pooled_change_of_the_impact_page(app, client, programme):
    add_user(app, "koordinaattori@example.fi", Role.COORDINATOR)
    sign_in(client, "koordinaattori@example.fi")
    pooled = _rows(client.get(PAGE).text)["pooled"]["change"]

    brief = client.get("/staff/brief?lang=en").text
    table = re.search(r'<table class="brief__table brief__pooled">.*?</table>', brief, re.S).group(0)
    first = re.search(r"<tr>\s*<th scope=\"row\">.*?</tr>", table.split("<tbody>")[1], re.S).group(0)
    assert "changes pooled, from the baseline to the follow-up" in table
    assert "(3 projects)" in first and pooled in first  # P04 left out, P05 still waiting
