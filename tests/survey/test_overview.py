"""The coordinator's overview reproduces the programme's own figures from the demo register."""

import doctest
import re
from itertools import pairwise
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
        "pupil_welfare_social": 3,
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
    assert "Social and health care is involved in 10 of 12 projects." in html


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


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_county_tile_writes_its_region_whole_and_has_the_full_name_as_title(
    app, client, demo_register, language
):
    sign_in(app, client)
    html = client.get(f"/staff/overview/?lang={language}").text
    svg = re.search(r'<svg[^>]*aria-labelledby="county-map-title county-map-desc".*?</svg>', html, re.S).group(0)
    tiles = ElementTree.fromstring(svg).findall(f"{SVG}g")
    names = classification.county_names(language)
    assert len(tiles) == len(names) == 23
    for tile, (code, full_name) in zip(tiles, names.items(), strict=True):
        assert tile.find(f"{SVG}title").text.startswith(f"{full_name}: ")
        lines = [line.text for line in tile.find(f"{SVG}text").findall(f"{SVG}tspan")]
        region = classification.REGION_NAMES[code].get(language)
        written = lines[0] + "".join(("" if a.endswith("-") else " ") + b for a, b in pairwise(lines))
        assert written in {region.replace("\u00ad", ""), region.replace("\u00ad", "-")}, (code, lines)
        assert 1 <= len(lines) <= 2 and float(tile.find(f"{SVG}text").get("font-size")) >= 12
    words = [line.text for tile in tiles for line in tile.iter(f"{SVG}tspan")]
    assert {"fi": "Lappi", "sv": "Lappland", "en": "Lapland"}[language] in words and "Lapin" not in words


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


# The sector table as the programme reports it: its groups, its rows in its order and words, and its figures.
PROGRAMME_SECTORS = [
    ("Kasvatus ja koulutus", [("Varhaiskasvatus ja esiopetus", 5), ("Opiskeluhuolto", 3), ("Perusopetus", 5),
                              ("Tutkintoon valmentava koulutus", 2), ("Toinen aste", 4)]),
    ("Sosiaali- ja terveydenhuolto", [("Neuvola ja perheneuvola", 5), ("Opiskeluhuolto", 3), ("Lastensuojelu", 3),
                                      ("Päihde- ja mielenterveyspalvelut", 2), ("Vammaispalvelut", 2),
                                      ("Muu sosiaalityö", 3)]),
    ("Vapaa-ajan toiminta", [("Liikuntapalvelut", 2), ("Harrastustoimijat", 3), ("Vapaaehtoistoimijat", 3),
                             ("Seurakunnat", 2)]),
]  # fmt: skip


def sector_table(html: str) -> list[tuple[str, list[tuple[str, int]]]]:
    """The sector table's groups with their rows (label, projects), read from the page's markup."""
    table = re.search(r'<h2 id="sectors">.*?(<table.*?</table>)', html, re.S).group(1)
    tree = ElementTree.fromstring(table)
    groups = []
    for body in tree.iter("tbody"):
        rows = body.findall("tr")
        heading = rows[0].find("th").text
        counted = [(row.find("th").text, int(row.find("td").text)) for row in rows[1:-1]]
        groups.append((heading, counted))
    return groups


def test_the_sector_table_is_the_programmes_own_in_its_words(app, client, demo_register):
    sign_in(app, client)
    html = client.get("/staff/overview/?lang=fi").text
    assert sector_table(html) == PROGRAMME_SECTORS
    assert figure(html, "sector-pupil_welfare") == "3" and figure(html, "sector-pupil_welfare_social") == "3"
    assert figure(html, "group-social_health") == "10 / 12"


@pytest.mark.parametrize(
    ("language", "groups", "welfare", "rows"),
    [("sv", ["Fostran och utbildning", "Social- och hälsovård", "Fritidsverksamhet"], "Elev- och studerandevård",
      ["Rådgivning och familjerådgivning", "Utbildning som handleder för examensutbildning", "Hobbyaktörer",
       "Frivilligaktörer"]),
     ("en", ["Education", "Social and health care", "Leisure activities"], "Student welfare",
      ["Child health clinics and family counselling", "Preparatory education for an upper secondary qualification",
       "Hobby providers", "Volunteer groups and organisations"])],
)  # fmt: skip
def test_the_sector_table_is_translated_with_the_same_rows_and_figures(
    app, client, demo_register, language, groups, welfare, rows
):
    sign_in(app, client)
    table = sector_table(client.get(f"/staff/overview/?lang={language}").text)
    assert [heading for heading, _rows in table] == groups
    assert [len(counted) for _heading, counted in table] == [len(counted) for _h, counted in PROGRAMME_SECTORS]
    labels = [label for _heading, counted in table for label, _count in counted]
    assert labels[1] == labels[6] == welfare  # student welfare in education and in social and health care
    assert set(rows) <= set(labels) and len(set(labels)) == len(labels) - 1
    figures = [[count for _label, count in counted] for _heading, counted in table]
    assert figures == [[count for _label, count in counted] for _heading, counted in PROGRAMME_SECTORS]


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
