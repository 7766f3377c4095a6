"""The register as an Excel workbook: export in the chosen language, all-or-nothing import."""

import io
from dataclasses import replace

from openpyxl import Workbook, load_workbook
from sqlalchemy import delete, select

from survey.db import db
from survey.demo.commands import load_register
from survey.models import Organisation, Project
from survey.register.entities import project_data, save_project
from survey.register.excel import RegisterImportError, export_register, import_register
from tests.survey.conftest import hidden
from tests.survey.test_overview import sign_in
from tests.survey.test_register import group_project

PROJECT_HEADERS = ["Code", "Name", "Project type", "Funding ministry", "Sectors", "Wellbeing services counties"]


def workbook_bytes(sheets: dict[str, list[list]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def stored_register() -> list:
    """The register as entered, the order of sectors and counties aside."""
    return [
        replace(data, sectors=tuple(sorted(data.sectors)), counties=tuple(sorted(data.counties)))
        for data in map(project_data, db.session.scalars(select(Project).order_by(Project.code)))
    ]


def test_the_demo_register_survives_export_and_import(app):
    with app.app_context():
        load_register()
        before = stored_register()
        content = export_register("sv")
        db.session.execute(delete(Project))
        db.session.execute(delete(Organisation))
        db.session.commit()
        assert import_register(content) == 12
        db.session.expire_all()
        assert stored_register() == before
        assert db.session.scalar(select(db.func.count(Organisation.id))) == 30


def test_the_export_has_three_sheets_with_headers_in_the_chosen_language(app):
    with app.app_context():
        load_register()
        finnish = load_workbook(io.BytesIO(export_register("fi")))
        english = load_workbook(io.BytesIO(export_register("en")))
    assert finnish.sheetnames == ["Hankkeet", "Organisaatiot", "Kumppanit"]
    assert english.sheetnames == ["Projects", "Organisations", "Partners"]
    assert [c.value for c in english["Projects"][1]][:6] == PROJECT_HEADERS
    assert english["Projects"].max_row == 13 and english["Organisations"].max_row == 31
    row = [c.value for c in english["Organisations"][2]]
    assert row == [
        "ARV-01",
        "Keski-Suomen perheverkosto ry",
        "Association",
        "Central Finland wellbeing services county",
        "Lead",
    ]


def test_text_that_looks_like_a_formula_stays_text(app):
    with app.app_context():
        save_project(group_project(name='=HYPERLINK("http://evil.example","x")'))
        cell = load_workbook(io.BytesIO(export_register("en")))["Projects"]["B2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK") and cell.quotePrefix


def test_an_import_reports_every_problem_with_sheet_row_and_column_and_changes_nothing(app):
    content = workbook_bytes(
        {
            "Projects": [
                PROJECT_HEADERS,
                ["ARV-40", "Hyvä hanke", "Single project", "okm", "basic; hobby", ""],
                ["ARV-41", "Huono hanke", "group", "OKM", "basic, astrology", ""],
            ],
            "Organisations": [
                ["Project code", "Organisation", "Organisation type", "County", "Role"],
                ["ARV-40", "Hyvä ry", "association", "08", "lead"],
                ["ARV-41", "Huono ry", "association", "Narnia", "lead"],
                ["ARV-99", "Kadonnut ry", "association", "08", "member"],
            ],
            "Partners": [["Project code", "Partner", "County"]],
        }
    )
    with app.app_context():
        try:
            import_register(content)
        except RegisterImportError as error:
            problems = {(p.sheet, p.row, p.column.split(" ")[0]) for p in error.problems}
        else:
            raise AssertionError("the import should have been refused")
        assert db.session.scalar(select(Project)) is None
    assert problems == {
        ("Projects", 3, "E"),  # an unknown sector
        ("Organisations", 3, "D"),  # an unknown county
        ("Organisations", 3, "A"),  # a group project with one implementer
        ("Organisations", 4, "A"),  # a project code not on the Projects sheet
    }


def test_a_file_that_is_not_a_workbook_or_lacks_a_sheet_is_refused(app):
    with app.app_context():
        for content in (b"not a workbook", workbook_bytes({"Projects": [PROJECT_HEADERS]})):
            try:
                import_register(content)
            except RegisterImportError as error:
                assert error.problems and all(p.row in (0, 1) for p in error.problems)
            else:
                raise AssertionError("refused")


def test_a_coordinator_downloads_and_uploads_the_register(app, client):
    with app.app_context():
        load_register()
    sign_in(app, client)
    download = client.get("/staff/register/register.xlsx?lang=en")
    assert download.mimetype.endswith("spreadsheetml.sheet")
    page = client.get("/staff/register/import").text
    done = client.post(
        "/staff/register/import",
        data={"csrf_token": hidden(page, "csrf_token"), "workbook": (io.BytesIO(download.data), "register.xlsx")},
        content_type="multipart/form-data",
    )
    assert done.status_code == 302
    refused = client.post(
        "/staff/register/import?lang=en",
        data={"csrf_token": hidden(page, "csrf_token"), "workbook": (io.BytesIO(b"x"), "register.xlsx")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 400 and "Nothing was imported" in refused.text


def _one_project(sectors: str) -> bytes:
    """A Finnish workbook of one single project with the given Sectors cell."""
    organisation = ["Hankkeen tunnus", "Organisaatio", "Organisaatiotyyppi", "Hyvinvointialue", "Rooli"]
    return workbook_bytes(
        {
            "Hankkeet": [["Tunnus", "Nimi", "Hanketyyppi", "Rahoittava ministeriö", "Sektorit"],
                         ["ARV-50", "Vanha hanke", "Yksittäishanke", "okm", sectors]],
            "Organisaatiot": [organisation, ["ARV-50", "Vanha ry", "association", "08", "Hallinnoija"]],
            "Kumppanit": [["Hankkeen tunnus", "Kumppani", "Hyvinvointialue"]],
        }
    )  # fmt: skip


def test_student_welfare_is_written_with_its_group_where_two_groups_share_the_name(app):
    with app.app_context():
        load_register()
        projects = load_workbook(io.BytesIO(export_register("fi")))["Hankkeet"]
        sectors = {row[0].value: row[4].value for row in projects.iter_rows(min_row=2)}
    assert sectors["ARV-03"] == (
        "Opiskeluhuolto (Kasvatus ja koulutus); Perusopetus; Opiskeluhuolto (Sosiaali- ja terveydenhuolto); "
        "Päihde- ja mielenterveyspalvelut"
    )
    assert sectors["ARV-11"] == "Opiskeluhuolto (Kasvatus ja koulutus); Perusopetus; Harrastustoimijat"


def test_an_import_reads_the_sector_labels_of_earlier_versions(app):
    earlier = "Oppilas- ja opiskelijahuolto; Valmentava koulutus; Äitiys- ja lastenneuvolat, Harrastustoiminta; " \
              "Volunteer organisations"  # fmt: skip
    with app.app_context():
        assert import_register(_one_project(earlier)) == 1
        project = db.session.scalar(select(Project).where(Project.code == "ARV-50"))
        assert project.sectors == ["pupil_welfare", "preparatory", "family_clinics", "hobby", "volunteer"]


def test_an_import_asks_which_student_welfare_a_bare_name_means(app):
    with app.app_context():
        try:
            import_register(_one_project("Perusopetus; Opiskeluhuolto"))
        except RegisterImportError as error:
            problems = [(p.sheet, p.row, p.column, p.message) for p in error.problems]
        else:
            raise AssertionError("the import should have been refused")
        assert db.session.scalar(select(Project)) is None
    assert problems == [
        (
            "Hankkeet",
            2,
            "E (Sektorit)",
            "Opiskeluhuolto on useamman ryhmän sektori: kirjoita Opiskeluhuolto (Kasvatus ja koulutus) tai "
            "Opiskeluhuolto (Sosiaali- ja terveydenhuolto).",
        )
    ]
    with app.app_context():
        assert import_register(_one_project("Student welfare (Social and health care); basic")) == 1
        assert db.session.scalar(select(Project.sectors)) == ["basic", "pupil_welfare_social"]


def test_a_cell_longer_than_its_limit_is_refused_by_place_and_limit_without_echoing_it(app, client):
    long_name = "Hanke " + "x" * 1_000  # 1,006 characters
    long_code = "Y" * 5_000
    content = workbook_bytes(
        {
            "Projects": [PROJECT_HEADERS, ["ARV-40", long_name, "Single project", "okm", "basic", ""]],
            "Organisations": [
                ["Project code", "Organisation", "Organisation type", "County", "Role"],
                [long_code, "Hyvä ry", "association", "08", "lead"],
            ],
            "Partners": [["Project code", "Partner", "County"]],
        }
    )
    with app.app_context():
        try:
            import_register(content)
        except RegisterImportError as error:
            problems = [(p.sheet, p.row, p.column, p.message) for p in error.problems]
        else:
            raise AssertionError("the import should have been refused")
        assert db.session.scalar(select(Project)) is None
    assert problems == [
        ("Projects", 2, "B (Name)", "Solu on liian pitkä: enintään 1000 merkkiä, nyt 1006."),
        ("Organisations", 2, "A (Project code)", "Solu on liian pitkä: enintään 1000 merkkiä, nyt 5000."),
    ]
    sign_in(app, client)
    page = client.get("/staff/register/import?lang=sv").text
    refused = client.post(
        "/staff/register/import",
        data={"csrf_token": hidden(page, "csrf_token"), "workbook": (io.BytesIO(content), "register.xlsx")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 400
    assert "Cellen är för lång: högst 1000 tecken, nu 1006." in refused.text  # in the user's language
    assert "x" * 100 not in refused.text and "Y" * 100 not in refused.text
