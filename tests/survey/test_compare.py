"""The coordinator's comparison of projects: a GET form, a suppressed table and chart, and its workbook."""

import re

import pytest
from python_calamine import CalamineWorkbook
from sqlalchemy import select

from analysis.export.report_rows import SUMMARY
from survey.db import db
from survey.models import AuditEntry, Role
from tests.survey.team_data import LIBRARY, add_collection, add_project, add_user, fill, sign_in


@pytest.fixture
def app_config():
    return {"ARVIO_INSTRUMENTS": LIBRARY}


@pytest.fixture
def programme(app):
    """P01 with 12 and 10 answers in two waves, P02 with 8, P03 with 3 (under the threshold)."""
    ids = {code: add_project(app, code) for code in ("P01", "P02", "P03")}
    fill(app, add_collection(app, ids["P01"], "baseline"), 12)
    fill(app, add_collection(app, ids["P01"], "follow_up"), 10, shift=1)
    fill(app, add_collection(app, ids["P02"], "baseline"), 8, shift=1)
    fill(app, add_collection(app, ids["P03"], "baseline"), 3)
    return ids


def _rows(html: str) -> dict[tuple[str, str, str], dict[str, str]]:
    rows = {}
    for by, group, wave, body in re.findall(
        r'<tr data-by="([^"]*)" data-group="([^"]*)" data-wave="([^"]*)">(.*?)</tr>', html, re.S
    ):
        rows[(by, group, wave)] = dict(re.findall(r'data-field="(\w+)">(.*?)</td>', body, re.S))
    return rows


def test_the_coordinator_compares_projects_in_one_wave(app, client, programme):
    add_user(app, "koordinaattori@example.fi", Role.COORDINATOR)
    sign_in(client, "koordinaattori@example.fi")
    form = client.get("/staff/compare/?lang=en").text
    assert '<option value="tiny_scaled"' in form
    page = client.get("/staff/compare/?lang=en&instrument=tiny_scaled&wave=baseline&scale=S_VOICE").text
    rows = _rows(page)
    assert rows[("project", "P01", "")]["n"] == "12"
    assert rows[("project", "P02", "")]["n"] == "8"
    small = rows[("project", "P03", "")]["n"]
    assert "&lt;5" in small and "fewer than 5 people" in small
    # P03's only collection has too few answers to show: it is in no number (not even everyone's), and the page
    # says so, so that no total minus the others could describe its three respondents
    assert rows[("", "", "")]["n"] == "20"
    assert "is not included in the numbers" in page
    assert 'role="img"' in page and "<desc" in page
    assert "Comparisons" in page and "P03" in page


def test_projects_can_be_left_out_and_groups_broken_down(app, client, programme):
    add_user(app, "koordinaattori@example.fi", Role.COORDINATOR)
    sign_in(client, "koordinaattori@example.fi")
    query = (
        f"instrument=tiny_scaled&wave=baseline&project={programme['P01']}&project={programme['P02']}&by=BG_GENDER"
    )
    rows = _rows(client.get(f"/staff/compare/?lang=en&{query}").text)
    assert rows[("", "", "")]["n"] == "20"
    assert {key[0] for key in rows} == {"", "project", "BG_GENDER"}
    assert ("project", "P03", "") not in rows


def test_the_comparison_workbook_has_the_numbers_of_the_page(app, client, programme, tmp_path):
    add_user(app, "koordinaattori@example.fi", Role.COORDINATOR)
    sign_in(client, "koordinaattori@example.fi")
    query = "lang=en&instrument=tiny_scaled&wave=baseline"
    rows = _rows(client.get(f"/staff/compare/?{query}").text)
    download = client.get(f"/staff/compare/download.xlsx?{query}")
    assert download.status_code == 200 and download.headers["Content-Disposition"].startswith("attachment;")
    path = tmp_path / "compare.xlsx"
    path.write_bytes(download.data)
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Summary").to_python()
    by, group, mean = SUMMARY.index("by"), SUMMARY.index("group"), SUMMARY.index("mean")
    for row in sheet[1:]:
        if row[by] == "project" and isinstance(row[mean], float):
            assert f"{row[mean]:.2f}" == rows[("project", row[group], "")]["mean"]
    with app.app_context():
        (entry,) = db.session.scalars(select(AuditEntry)).all()
    assert entry.action == "download.xlsx"


@pytest.mark.parametrize(
    ("role", "options", "status"),
    [
        (Role.TEAM_MEMBER, {}, 403),
        (Role.EVALUATOR, {}, 403),
        (Role.EVALUATOR, {"all_projects": True}, 200),
    ],
)
def test_only_the_programme_may_compare(app, client, programme, role, options, status):
    add_user(app, "kayttaja@example.fi", role, programme["P01"], **options)
    sign_in(client, "kayttaja@example.fi")
    assert client.get("/staff/compare/?instrument=tiny_scaled").status_code == status
    assert client.get("/staff/compare/download.xlsx?instrument=tiny_scaled").status_code == status


def test_an_unknown_questionnaire_is_not_found(app, client, programme):
    add_user(app, "koordinaattori@example.fi", Role.COORDINATOR)
    sign_in(client, "koordinaattori@example.fi")
    assert client.get("/staff/compare/?instrument=nothing").status_code == 404
