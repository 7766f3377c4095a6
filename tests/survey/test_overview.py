"""The coordinator's overview reproduces the programme's own figures from the demo register."""

import doctest
import re
from xml.etree import ElementTree

import pytest

from survey.accounts.auth import create_user
from survey.db import db
from survey.demo.commands import load_register
from survey.models import Project, Role
from survey.register import classification, overview_charts
from survey.register.entities import archive_project
from tests.survey.conftest import hidden

SVG = "{http://www.w3.org/2000/svg}"


def sign_in(app, client, role=Role.COORDINATOR, email="koordinaattori@example.fi"):
    with app.app_context():
        create_user(email, "salasana-123", role=role)
    form = client.get("/staff/login").text
    client.post(
        "/staff/login", data={"csrf_token": hidden(form, "csrf_token"), "email": email, "password": "salasana-123"}
    )


def figure(html: str, element_id: str) -> str:
    match = re.search(rf'id="{re.escape(element_id)}">([^<]*)<', html)
    if match is None:
        raise AssertionError(f"no element {element_id!r} in the page")
    return match.group(1)


@pytest.fixture
def demo_register(app):
    with app.app_context():
        load_register()


def test_the_overview_shows_the_programmes_own_figures(app, client, demo_register):
    sign_in(app, client)
    html = client.get("/staff/overview/?lang=en").text

    assert [figure(html, f"figure-{name}") for name in ("projects", "single", "group", "implementers")] == [
        "12",
        "6",
        "6",
        "30",
    ]
    assert [figure(html, f"funding-{key}") for key in ("okm", "stm", "okm+stm")] == ["7", "3", "2"]
    sectors = {
        "ecec": 5,
        "pupil_welfare": 3,
        "basic": 5,
        "preparatory": 2,
        "upper_secondary": 4,
        "family_clinics": 5,
        "child_protection": 3,
        "substance_mental": 2,
        "disability": 2,
        "other_social": 3,
        "sports": 2,
        "hobby": 3,
        "volunteer": 3,
        "parish": 2,
    }
    assert {code: int(figure(html, f"sector-{code}")) for code in sectors} == sectors
    assert figure(html, "group-social_health") == "10 of 12"
    assert "Social and health services are involved in 10 of 12 projects." in html


def test_the_county_map_and_table_show_implementers_everywhere_but_kanta_hame_and_aland(
    app, client, demo_register
):
    sign_in(app, client)
    html = client.get("/staff/overview/?lang=fi").text
    counties = {code: int(figure(html, f"county-{code}")) for code in classification.county_labels()}
    assert sum(counties.values()) == 30
    assert {code for code, n in counties.items() if n == 0} == {"07", "91"}
    uusimaa = sum(counties[code] for code in ("01", "02", "03", "04", "90"))
    rest = max(n for code, n in counties.items() if code not in ("01", "02", "03", "04", "90", "15"))
    assert uusimaa > counties["15"] > rest
    assert figure(html, "county-15-partners") == "1"
    assert figure(html, "figure-counties") == "21 / 23"

    svg = re.search(r'<svg[^>]*aria-labelledby="county-map-title county-map-desc".*?</svg>', html, re.S).group(0)
    tree = ElementTree.fromstring(svg)
    assert tree.get("role") == "img"
    tiles = tree.findall(f"{SVG}g")
    assert len(tiles) == len(counties)
    titles = [tile.find(f"{SVG}title").text for tile in tiles]
    assert "Keski-Suomen hyvinvointialue: 4 toteuttajaa, 1 kumppani" in titles
    assert "Kanta-Hämeen hyvinvointialue: 0 toteuttajaa" in titles


def test_implementers_by_type_are_a_bar_chart_with_a_data_table(app, client, demo_register):
    sign_in(app, client)
    html = client.get("/staff/overview/?lang=en").text
    types = {code: int(figure(html, f"type-{code}")) for code in classification.ORGANISATION_TYPES}
    assert sum(types.values()) == 30
    chart = re.search(r'<svg[^>]*aria-labelledby="org-types-title org-types-desc".*?</svg>', html, re.S).group(0)
    tree = ElementTree.fromstring(chart)
    values = [int(group.findall(f"{SVG}text")[1].text) for group in tree.findall(f"{SVG}g")]
    assert values == list(types.values())
    fills = [group.find(f"{SVG}rect").get("fill") for group in tree.findall(f"{SVG}g")]
    assert len(set(fills)) == len(fills)  # a pattern of its own for each bar


def test_archived_projects_leave_the_overview(app, client, demo_register):
    with app.app_context():
        archive_project(db.session.scalar(db.select(Project).where(Project.code == "ARV-12")))
    sign_in(app, client)
    html = client.get("/staff/overview/?lang=en").text
    assert figure(html, "figure-projects") == "11" and figure(html, "figure-single") == "5"
    assert figure(html, "funding-okm") == "6" and figure(html, "figure-implementers") == "29"


@pytest.mark.parametrize("role", [Role.TEAM_MEMBER, Role.EVALUATOR])
def test_the_overview_is_not_for_project_teams_or_project_evaluators(app, client, role):
    sign_in(app, client, role=role, email="tiimi@example.fi")
    assert client.get("/staff/overview/").status_code == 403


def test_the_overview_needs_sign_in(client):
    assert client.get("/staff/overview/").status_code == 302


def test_project_names_are_escaped_in_the_charts():
    svg = overview_charts.bar_chart([("<script>alert(1)</script>", 3)], "T", "D", "x")
    assert "<script>" not in svg and "&lt;script&gt;" in svg


@pytest.mark.parametrize("module", [classification, overview_charts])
def test_docstring_examples_run(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize(
    ("language", "words"),
    [("fi", ["Ohjelman yleiskuva", "Molemmat ministeriöt", "Järjestö tai yhdistys"]),
     ("sv", ["Programöversikt", "Båda ministerierna", "Organisation eller förening"]),
     ("en", ["Programme overview", "Both ministries", "Association"])],
)  # fmt: skip
def test_the_overview_is_in_the_chosen_language(app, client, demo_register, language, words):
    sign_in(app, client)
    html = client.get(f"/staff/overview/?lang={language}").text
    assert f'<html lang="{language}">' in html
    for word in words:
        assert word in html
