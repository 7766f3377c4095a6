"""Questionnaires uploaded in the browser: problems listed where they are, a draft, publishing, the library."""

from __future__ import annotations

import html
import io
import re
import zipfile

import pytest
from sqlalchemy import select

from instruments.loader import load_library
from survey.db import db
from survey.models import AuditEntry, Project, Role, UploadedInstrument
from survey.questionnaires import library
from survey.uploads import store
from tests.instruments.xlsform_tables import xlsform
from tests.survey.conftest import hidden
from tests.survey.team_data import add_user, csrf, sign_in

SURVEY = """
| type              | name    | label::fi          | label::sv          | label::en     |
| start             | start   |                    |                    |               |
| integer           | age     | Ikä                | Ålder              | Age           |
| select_one agree  | heard   | Minua kuunneltiin  | Jag blev hörd      | I was heard   |
"""
BROKEN_SURVEY = """
| type              | name    | label::fi          | label::sv          | label::en     |
| start             | start   |                    |                    |               |
| integer           | age     | Ikä                | Ålder              | Age           |
| geopoint          | place   | Paikka             | Plats              | Place         |
| select_one agreee | heard   | Minua kuunneltiin  | Jag blev hörd      | I was heard   |
"""
CHOICES = """
| list_name | name | label::fi    | label::sv   | label::en |
| agree     | 1    | Eri mieltä   | Oenig       | Disagree  |
| agree     | 2    | Samaa mieltä | Enig        | Agree     |
"""
SETTINGS = """
| form_title::fi | form_title::sv | form_title::en | form_id   | version |
| Kerho          | Klubben        | The club       | club_2026 | {version} |
"""


def workbook(tmp_path, survey: str = SURVEY, version: str = "1") -> bytes:
    settings = SETTINGS.format(version=version)
    return xlsform(tmp_path, "club.xlsx", survey=survey, choices=CHOICES, settings=settings).read_bytes()


@pytest.fixture
def app_config() -> dict:
    return {"ARVIO_INSTRUMENTS": load_library()}


@pytest.fixture
def coordinator(app, client):
    add_user(app, "koordinaattori@example.fi", Role.COORDINATOR)
    sign_in(client, "koordinaattori@example.fi")
    return client


def upload(client, content: bytes, filename: str = "club.xlsx", lang: str = "fi", **form):
    file = (io.BytesIO(content), filename)
    data = {"csrf_token": csrf(client, "/staff/uploads/"), "questionnaire": file, **form}
    return client.post(f"/staff/uploads/?lang={lang}", data=data, content_type="multipart/form-data")


def publish(client, upload_id: int):
    return client.post(
        f"/staff/uploads/{upload_id}/publish?lang=en", data={"csrf_token": csrf(client, "/staff/uploads/")}
    )


def collection_form(app, client, project_id: int, group: str) -> str:
    """The new-collection form of a project whose respondent group in the register is `group`."""
    with app.app_context():
        db.session.get(Project, project_id).respondent_groups = [group]
        db.session.commit()
    return client.get(f"/staff/projects/{project_id}/collections/new").text


def rows(html: str) -> list[list[str]]:
    """The cells of the problem table's rows, tags removed."""
    table = html.split('id="error-summary-title"', 1)[1].split("</table>", 1)[0]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
        if "<td" in row
    ]


@pytest.mark.parametrize(
    ("lang", "where", "heading", "cannot_ask", "no_list"),
    [
        ("fi", "taulukko survey, rivi 4", "Tiedostoa ei tallennettu",
         "'geopoint' on kysymystyyppi, jota Arvio ei voi kysyä (sijainti) – valitse lataussivulla",
         "vaihtoehtolistaa 'agreee' ei ole choices-taulukossa"),
        ("sv", "blad survey, rad 4", "Filen sparades inte",
         "'geopoint' är en frågetyp som Arvio inte kan ställa (en plats) – välj",
         "svarsalternativlistan 'agreee' finns inte på bladet choices"),
        ("en", "sheet survey, row 4", "The file was not kept",
         "'geopoint' asks for a location (choose “Leave out questions Arvio cannot ask” on the upload page",
         "the choice list 'agreee' is not in the choices sheet"),
    ],
)  # fmt: skip
def test_every_problem_is_listed_with_sheet_row_and_column_in_the_users_language(
    coordinator, tmp_path, lang, where, heading, cannot_ask, no_list
):
    """The place and the words of each problem are in the page's language; what the file says stays as written,
    and the way out is the page's own choice, not the command line's option."""
    response = upload(coordinator, workbook(tmp_path, BROKEN_SURVEY), lang=lang)
    assert response.status_code == 400
    assert heading in response.text
    found = rows(response.text)
    assert found[0][:2] == [where, "type"] and cannot_ask in html.unescape(found[0][2])
    assert found[1][:2] == [where.replace("4", "5"), "type"] and no_list in html.unescape(found[1][2])
    assert "--skip-unsupported" not in response.text and "Traceback" not in response.text


@pytest.mark.parametrize(
    ("content", "filename", "status", "message"),
    [
        (b"%PDF-1.4", "club.pdf", 415, "not an XLSForm workbook"),
        (b"PK\x03\x04 not really a zip", "club.xlsx", 415, "not a readable .xlsx workbook"),
        (b"", "club.xlsx", 415, "The file is empty"),
        (b"id: [1.0\n", "club.yaml", 400, "YAML syntax"),
    ],
)
def test_a_file_that_is_not_a_questionnaire_gets_a_clear_message_and_a_4xx(
    coordinator, content, filename, status, message
):
    response = upload(coordinator, content, filename, lang="en")
    assert response.status_code == status
    assert message in response.text


def test_a_damaged_workbook_is_refused_without_a_500(coordinator):
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("[Content_Types].xml", "<not xml")
    response = upload(coordinator, broken.getvalue(), lang="en")
    assert response.status_code in (400, 415)
    assert "error-summary" in response.text


def test_a_file_over_the_limit_is_refused_with_413(coordinator):
    # a raw body: the test client would spool a large file field to a temporary file it never closes
    response = coordinator.post(
        "/staff/uploads/?lang=en", data=b"x" * 5_200_000, content_type="multipart/form-data; boundary=b"
    )
    assert response.status_code == 413
    assert "larger than 5 MB" in response.text
    assert 'name="questionnaire"' in response.text  # the upload form again, to choose another file


def test_a_file_just_over_the_limit_is_refused_by_the_check(app):
    with app.test_request_context("/?lang=en"):
        checked = store.check_upload(b"x" * (store.MAX_BYTES + 1), "big.yaml", set())
    assert checked.instrument is None and "larger than 5 MB" in checked.problems[0].message


def test_a_built_in_questionnaire_cannot_be_overwritten(app, coordinator, tmp_path):
    with app.app_context():
        built_in = library().get("participation_youth", "1.0")
    from instruments.document import dump_yaml

    text = re.sub(r"(?m)^version: .*$", "version: '9.0'", dump_yaml(built_in))
    response = upload(coordinator, text.encode(), "participation_youth.yaml", lang="en")
    assert response.status_code == 400
    assert "is a built-in questionnaire" in response.text


def test_a_valid_upload_is_a_draft_that_teams_do_not_see_until_published(app, coordinator, client, tmp_path):
    response = upload(coordinator, workbook(tmp_path), lang="en")
    assert response.status_code == 201
    assert "Draft: only coordinators see it" in response.text
    assert "Left out of the questionnaire (warnings)" in response.text and "start" in response.text
    assert "I was heard" in response.text  # the preview shows the questions
    with app.app_context():
        draft = db.session.scalar(select(UploadedInstrument))
        assert draft.published_key is None and "club_2026" in draft.document
        assert "club_2026@1" not in library()
        project = Project(code="P01", name="Kerhot")
        db.session.add(project)
        db.session.commit()
        project_id, draft_id = project.id, draft.id
    assert "club_2026@1" not in collection_form(app, coordinator, project_id, "youth")

    assert publish(coordinator, draft_id).status_code == 302
    with app.app_context():
        assert "club_2026@1" in library()
        assert library().get("club_2026", "1").title.en == "The club"
        entries = db.session.scalars(select(AuditEntry.action)).all()
        assert "questionnaire.upload" in entries and "questionnaire.publish" in entries
    assert "club_2026@1" in collection_form(app, coordinator, project_id, "youth")
    assert "club_2026@1" not in collection_form(app, coordinator, project_id, "children")


def test_the_same_version_cannot_be_published_twice(app, coordinator, tmp_path):
    first = upload(coordinator, workbook(tmp_path), lang="en")
    second = upload(coordinator, workbook(tmp_path), lang="en")
    assert first.status_code == second.status_code == 201  # two drafts of the same version may wait
    with app.app_context():
        ids = db.session.scalars(select(UploadedInstrument.id).order_by(UploadedInstrument.id)).all()
    assert publish(coordinator, ids[0]).status_code == 302
    refused = publish(coordinator, ids[1])
    assert refused.status_code == 409
    assert "club_2026@1 is already published" in refused.text
    again = upload(coordinator, workbook(tmp_path), lang="en")
    assert again.status_code == 400 and "already published" in again.text
    assert upload(coordinator, workbook(tmp_path, version="2"), lang="en").status_code == 201


def test_a_published_questionnaire_is_found_by_another_process(app, coordinator, tmp_path):
    # a second app on the same database stands for another worker: its library never saw the publishing
    from survey import create_app

    upload(coordinator, workbook(tmp_path), lang="en")
    with app.app_context():
        draft_id = db.session.scalar(select(UploadedInstrument.id))
    other = create_app({**app.config, "ARVIO_INSTRUMENTS": load_library()})
    with other.app_context(), pytest.raises(KeyError):
        library().get("club_2026", "1")
    publish(coordinator, draft_id)
    with other.app_context():
        assert library().get("club_2026", "1").id == "club_2026"
        assert library().get("club_2026").version == "1"
        db.session.remove()
        db.engine.dispose()


def test_a_team_member_cannot_upload(app, client, tmp_path):
    add_user(app, "tiimi@example.fi", Role.TEAM_MEMBER)
    sign_in(client, "tiimi@example.fi")
    assert client.get("/staff/uploads/").status_code == 403


def test_a_draft_previews_in_the_preview_wing_for_coordinators_only(app, coordinator, tmp_path):
    upload(coordinator, workbook(tmp_path), lang="en")
    with app.app_context():
        draft_id = db.session.scalar(select(UploadedInstrument.id))
    start = f"/staff/questionnaires/club_2026/1/?lang=sv&draft={draft_id}"
    assert coordinator.get("/staff/questionnaires/club_2026/1/").status_code == 404  # not in the library yet
    page = coordinator.get(start)
    assert page.status_code == 200 and "Klubben" in page.text
    begun = coordinator.post(
        f"/staff/questionnaires/club_2026/1/start?lang=sv&draft={draft_id}",
        data={"csrf_token": hidden(page.text, "csrf_token")},
    )
    assert begun.status_code == 302 and f"draft={draft_id}" in begun.location
    assert "Jag blev hörd" in coordinator.get(begun.location).text
    assert coordinator.get(f"/staff/questionnaires/club_2026/2/?draft={draft_id}").status_code == 404
    add_user(app, "tiimi@example.fi", Role.TEAM_MEMBER)
    team = app.test_client()
    sign_in(team, "tiimi@example.fi")
    assert team.get(start).status_code == 404
