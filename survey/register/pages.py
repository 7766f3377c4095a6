"""The programme register for coordinators: list, create, edit, archive, and Excel export and import."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from survey.accounts import audit
from survey.accounts.permissions import Permission, current_user, require
from survey.db import db
from survey.field_errors import FieldError
from survey.i18n import current_language
from survey.models import Project
from survey.register import entities as service
from survey.register import excel
from survey.register.classification import (
    GROUP_LABELS,
    MINISTRIES,
    ORGANISATION_TYPES,
    RESPONDENT_GROUPS,
    SECTOR_GROUPS,
    SECTOR_LABELS,
    county_names,
    label,
)

bp = Blueprint("register", __name__, url_prefix="/staff/register")

MAX_ROWS = 60  # implementer and partner rows one form may carry
EXTRA_ROWS = 2  # blank rows offered after the filled ones


@bp.get("/")
@require(Permission.EDIT_REGISTER)
def projects():
    rows = db.session.scalars(select(Project).order_by(Project.code)).all()
    return render_template(
        "register/projects.html",
        active=[p for p in rows if not p.archived],
        archived=[p for p in rows if p.archived],
        ministry_names=_ministry_names(),
    )


@bp.route("/projects/new", methods=["GET", "POST"])
@require(Permission.EDIT_REGISTER)
def new_project():
    return _edit(None)


@bp.route("/projects/<int:project_id>", methods=["GET", "POST"])
@require(Permission.EDIT_REGISTER)
def edit_project(project_id: int):
    return _edit(_project(project_id))


@bp.post("/projects/<int:project_id>/archive")
@require(Permission.EDIT_REGISTER)
def archive(project_id: int):
    project = _project(project_id)
    service.archive_project(project)
    audit.record(current_user, "register.archive", f"project:{project.id}", {"code": project.code})
    flash(_("Project %(code)s archived.", code=project.code))
    return redirect(url_for(".projects"))


@bp.post("/projects/<int:project_id>/restore")
@require(Permission.EDIT_REGISTER)
def restore(project_id: int):
    project = _project(project_id)
    service.restore_project(project)
    audit.record(current_user, "register.restore", f"project:{project.id}", {"code": project.code})
    flash(_("Project %(code)s restored.", code=project.code))
    return redirect(url_for(".projects"))


@bp.get("/register.xlsx")
@require(Permission.EDIT_REGISTER)
def export():
    content = excel.export_register(current_language())
    audit.record(current_user, "register.export", "register", {"language": current_language()})
    response = Response(content, mimetype=excel.XLSX_MIMETYPE)
    response.headers["Content-Disposition"] = 'attachment; filename="arvio-register.xlsx"'
    return response


@bp.route("/import", methods=["GET", "POST"])
@require(Permission.EDIT_REGISTER)
def import_register():
    problems: list[excel.ImportProblem] = []
    if request.method == "POST":
        upload = request.files.get("workbook")
        if upload is None or not upload.filename:
            problems = [excel.ImportProblem("", 0, "", _("Choose an Excel file (.xlsx) to import."))]
        else:
            try:
                count = excel.import_register(upload.stream.read(excel.MAX_BYTES + 1))
            except excel.RegisterImportError as error:
                problems = error.problems
            else:
                audit.record(current_user, "register.import", "register", {"file": upload.filename[:200]}, count)
                flash(_("Imported %(count)s projects.", count=count))
                return redirect(url_for(".projects"))
    status = 400 if problems else 200
    return render_template("register/import.html", problems=problems), status


def _project(project_id: int) -> Project:
    project = db.session.get(Project, project_id)
    if project is None:
        abort(404)
    return project


def _edit(project: Project | None):
    errors: list[FieldError] = []
    if request.method == "POST":
        rows = min(max(request.form.get("rows", 0, type=int), 0), MAX_ROWS)
        names = ("ministries", "sectors", "counties", "respondent_groups")
        lists = {name: request.form.getlist(name) for name in names}
        data = service.form_data(request.form, lists, rows)
        if request.form.get("action") == "more":
            return _form(project, data, [], len(data.implementers) + 3)
        try:
            saved = service.save_project(data, project)
        except service.RegisterError as error:
            errors = error.errors
        else:
            action = "register.edit" if project else "register.create"
            audit.record(current_user, action, f"project:{saved.id}", {"code": saved.code})
            flash(_("Project %(code)s saved.", code=saved.code))
            return redirect(url_for(".projects"))
    else:
        data = service.project_data(project) if project else service.ProjectData("", "", "", (), ())
    return _form(project, data, errors)


def _form(project: Project | None, data: service.ProjectData, errors, rows: int | None = None):
    language = current_language()
    choices = {
        "ministries": _ministry_names(),
        "sector_groups": [
            (
                label(GROUP_LABELS, group, language),
                [(code, label(SECTOR_LABELS, code, language)) for code in codes],
            )
            for group, codes in SECTOR_GROUPS.items()
        ],
        "types": {code: text.get(language) for code, text in ORGANISATION_TYPES.items()},
        "counties": county_names(language),
        "respondent_groups": {code: text.get(language) for code, text in RESPONDENT_GROUPS.items()},
    }
    rows = rows or max(len(data.implementers), len(data.partners)) + EXTRA_ROWS
    page = render_template(
        "register/project_form.html",
        project=project,
        data=data,
        errors=errors,
        by_field={error.field: error.message for error in errors},
        choices=choices,
        rows=min(max(rows, 3), MAX_ROWS),
    )
    return page, 400 if errors else 200


def _ministry_names() -> dict[str, str]:
    return {code: text.get(current_language()) for code, text in MINISTRIES.items()}
