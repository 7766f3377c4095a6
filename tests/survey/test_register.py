"""Keeping the programme register: validation, the coordinator's pages, archiving."""

import pytest
from sqlalchemy import select

from survey.db import db
from survey.models import AuditEntry, Organisation, Project, ProjectKind, Role
from survey.register.entities import (
    Implementer,
    Partner,
    ProjectData,
    RegisterError,
    save_project,
    validate_project,
)
from tests.survey.conftest import hidden
from tests.survey.test_overview import sign_in


def group_project(code="ARV-20", **changes) -> ProjectData:
    values = dict(
        code=code,
        name="Yhdessä eteenpäin",
        kind="group",
        ministries=("okm",),
        sectors=("basic", "hobby"),
        implementers=(
            Implementer("Tampereen nuorisoseura ry", "association", "08", lead=True),
            Implementer("Pirkanmaan hyvinvointialue", "wellbeing_county", "08"),
        ),
        partners=(Partner("Kirjastojen ystävät ry", "08"),),
    )
    values.update(changes)
    return ProjectData(**values)


def fields(errors) -> set[str]:
    return {error.field for error in errors}


def test_a_group_project_is_saved_with_its_lead_members_and_partners(app):
    with app.app_context():
        project = save_project(group_project())
        assert project.kind is ProjectKind.GROUP and project.ministries == ("okm",)
        assert project.lead.name == "Tampereen nuorisoseura ry"
        assert [(link.organisation.name, link.lead) for link in project.implementers] == [
            ("Tampereen nuorisoseura ry", True),
            ("Pirkanmaan hyvinvointialue", False),
        ]
        assert project.counties == ["08"]  # from the implementers when none are given
        assert [p.name for p in project.partners] == ["Kirjastojen ystävät ry"]


def test_an_organisation_leads_one_project_and_is_a_member_of_another(app):
    with app.app_context():
        save_project(group_project())
        other = group_project(
            "ARV-21",
            implementers=(
                Implementer("Pirkanmaan hyvinvointialue", "wellbeing_county", "08", lead=True),
                Implementer("Tampereen nuorisoseura ry", "association", "08"),
            ),
        )
        save_project(other)
        assert db.session.scalar(select(db.func.count(Organisation.id))) == 2
        leads = {p.code: p.lead.name for p in db.session.scalars(select(Project))}
        assert leads == {"ARV-20": "Tampereen nuorisoseura ry", "ARV-21": "Pirkanmaan hyvinvointialue"}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"code": "ARV 20!"}, "code"),
        ({"name": ""}, "name"),
        ({"kind": "triple"}, "kind"),
        ({"ministries": ()}, "ministries"),
        ({"ministries": ("vm",)}, "ministries"),
        ({"sectors": ("basic", "astrology")}, "sectors"),
        ({"counties": ("99",)}, "counties"),
        ({"implementers": (Implementer("Yksi ry", "association", "08", lead=True),)}, "implementers"),
        ({"kind": "single"}, "implementers"),
        (
            {"implementers": (Implementer("A ry", "association", "08"), Implementer("B ry", "association", "08"))},
            "lead",
        ),
        (
            {"implementers": (Implementer("A ry", "association", "08", True), Implementer("B ry", "club", "08"))},
            "implementer-1-type",
        ),
        (
            {"implementers": (Implementer("A ry", "association", "07", True), Implementer("B ry", "school", "6"))},
            "implementer-1-county",
        ),
        ({"partners": (Partner("Tampereen nuorisoseura ry"),)}, "partner-0-name"),
    ],
)
def test_each_kind_of_mistake_is_reported_at_its_field(app, changes, field):
    with app.app_context():
        errors = validate_project(group_project(**changes))
    assert field in fields(errors)


def test_a_code_is_unique_but_a_project_keeps_its_own_code_when_edited(app):
    with app.app_context():
        project = save_project(group_project())
        with pytest.raises(RegisterError) as refused:
            save_project(group_project(name="Toinen"))
        assert fields(refused.value.errors) == {"code"}
        assert validate_project(group_project(name="Uusi nimi"), project.id) == []


def test_editing_replaces_implementers_and_partners(app):
    with app.app_context():
        project = save_project(group_project())
        save_project(
            group_project(
                kind="single", implementers=(Implementer("Tampereen kaupunki", "municipality", "08"),), partners=()
            ),
            project,
        )
        db.session.expire_all()
        project = db.session.get(Project, project.id)
        assert [link.organisation.name for link in project.implementers] == ["Tampereen kaupunki"]
        assert project.lead.name == "Tampereen kaupunki" and project.partners == []


# --- pages ------------------------------------------------------------------------------------------------


def form_for(page: str, **values) -> dict:
    data = {"csrf_token": hidden(page, "csrf_token"), "rows": hidden(page, "rows"), "action": "save"}
    data.update(values)
    return data


def test_a_coordinator_adds_a_group_project_through_the_form(app, client):
    sign_in(app, client)
    page = client.get("/staff/register/projects/new").text
    response = client.post(
        "/staff/register/projects/new",
        data=form_for(
            page,
            code="ARV-30",
            name="Kaikki mukaan",
            kind="group",
            ministries=["okm", "stm"],
            sectors=["ecec", "family_clinics"],
            **{
                "implementer-0-name": "Oulun seudun perheet ry",
                "implementer-0-type": "association",
                "implementer-0-county": "19",
                "implementer-1-name": "Oulun kaupunki",
                "implementer-1-type": "municipality",
                "implementer-1-county": "19",
                "lead": "1",
                "partner-0-name": "Oulun yliopisto",
                "partner-0-county": "19",
            },
        ),
    )
    assert response.status_code == 302
    listing = client.get("/staff/register/").text
    assert "ARV-30" in listing and "Kaikki mukaan" in listing
    with app.app_context():
        project = db.session.scalar(select(Project).where(Project.code == "ARV-30"))
        assert project.ministry == "okm+stm" and project.lead.name == "Oulun kaupunki"
        assert [p.county for p in project.partners] == ["19"]


def test_mistakes_come_back_in_finnish_next_to_their_fields_and_nothing_is_saved(app, client):
    sign_in(app, client)
    page = client.get("/staff/register/projects/new?lang=fi").text
    response = client.post(
        "/staff/register/projects/new",
        data=form_for(
            page,
            code="ARV-31",
            name="<b>Hanke</b>",
            kind="group",
            ministries=["okm"],
            sectors=["basic"],
            **{
                "implementer-0-name": "Yksi ry",
                "implementer-0-type": "association",
                "implementer-0-county": "08",
            },
        ),
    )
    assert response.status_code == 400
    html = response.text
    assert "Ryhmähankkeella on vähintään kaksi toteuttajaorganisaatiota." in html
    assert 'href="#implementers"' in html and 'id="implementers"' in html
    assert "&lt;b&gt;Hanke&lt;/b&gt;" in html and "<b>Hanke</b>" not in html
    with app.app_context():
        assert db.session.scalar(select(Project).where(Project.code == "ARV-31")) is None


def test_a_coordinator_archives_and_restores_a_project(app, client):
    with app.app_context():
        project_id = save_project(group_project()).id
    sign_in(app, client)
    page = client.get("/staff/register/").text
    client.post(f"/staff/register/projects/{project_id}/archive", data={"csrf_token": hidden(page, "csrf_token")})
    with app.app_context():
        assert db.session.get(Project, project_id).archived_at is not None
    assert "Archived projects" in client.get("/staff/register/?lang=en").text
    client.post(f"/staff/register/projects/{project_id}/restore", data={"csrf_token": hidden(page, "csrf_token")})
    with app.app_context():
        assert db.session.get(Project, project_id).archived_at is None


def test_the_edit_form_shows_the_stored_project(app, client):
    with app.app_context():
        project_id = save_project(group_project()).id
    sign_in(app, client)
    html = client.get(f"/staff/register/projects/{project_id}?lang=en").text
    assert 'value="Tampereen nuorisoseura ry"' in html
    assert 'id="implementer-0-lead" name="lead" value="0" checked' in html
    assert client.get("/staff/register/projects/99999").status_code == 404


@pytest.mark.parametrize("role", [Role.TEAM_MEMBER, Role.EVALUATOR])
def test_only_coordinators_keep_the_register(app, client, project, role):
    sign_in(app, client, role=role, email="tiimi@example.fi")
    for url in (
        "/staff/register/",
        "/staff/register/projects/new",
        f"/staff/register/projects/{project}",
        "/staff/register/register.xlsx",
        "/staff/register/import",
    ):
        assert client.get(url).status_code == 403, url


def test_register_changes_are_written_to_the_audit_log(app, client):
    sign_in(app, client)
    page = client.get("/staff/register/projects/new").text
    client.post(
        "/staff/register/projects/new",
        data=form_for(
            page,
            code="ARV-32",
            name="Kirjattu",
            kind="single",
            ministries=["stm"],
            sectors=["disability"],
            **{
                "implementer-0-name": "Kainuun vammaisjärjestöt ry",
                "implementer-0-type": "association",
                "implementer-0-county": "20",
            },
        ),
    )
    client.get("/staff/register/register.xlsx")
    with app.app_context():
        actions = [entry.action for entry in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions[-2:] == ["register.create", "register.export"]


def test_more_rows_can_be_added_without_saving(app, client):
    sign_in(app, client)
    page = client.get("/staff/register/projects/new").text
    more = client.post(
        "/staff/register/projects/new",
        data=form_for(
            page,
            action="more",
            code="ARV-33",
            **{"implementer-0-name": "Eka ry", "implementer-1-name": "Toka ry"},
        ),
    )
    assert more.status_code == 200 and 'name="implementer-4-name"' in more.text
    assert 'value="Toka ry"' in more.text
    with app.app_context():
        assert db.session.scalar(select(Project)) is None
