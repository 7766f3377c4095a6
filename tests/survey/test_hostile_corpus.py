"""The hostile corpus (tests/hostile_corpus.py) through every form and upload: nothing executes, nothing is
mangled, nothing crashes.

- Respondent open answers: stored exactly (after the documented clean-up: outer spaces, CR LF, control
  characters), refused with a message when too long, never a 500, never echoed unescaped.
- Staff forms: found by walking the app's routes as a coordinator and reading every POST ``<form>`` on the
  pages, so a form added later is covered without touching this file. Each text field gets the payload;
  the answer is never a 500 and never contains a script marker verbatim; an accepted payload is stored
  exactly (some column equals it) and the pages that list it show it escaped.
- Uploads: the register's Excel import with hostile names and formula cells, and files that are not what
  they say; analysis ``read_table`` on CSV and xlsx files with the corpus in them.
- Exports: the results workbook and the CSV files keep formula-like text as text.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from flask import url_for
from markupsafe import escape
from openpyxl import Workbook, load_workbook
from python_calamine import CalamineWorkbook
from sqlalchemy import String, Text, select

from analysis.errors import AnalysisError
from analysis.table import read_table
from instruments.model import Instrument, Item, ItemType, RespondentGroup, Section
from survey.db import db
from survey.models import Collection, Draft, Project, Response, Role
from survey.responses import store_response
from tests.hostile_corpus import FILES, FORMULA_STARTS, MARKERS, TEXTS
from tests.survey.conftest import AGREE3, Library, Respondent, hidden, make_collection, t
from tests.survey.team_data import add_user, sign_in

OPEN = Instrument(
    id="open_answers",
    version="1.0",
    title=t("Avoimet vastaukset", "Öppna svar", "Open answers"),
    respondent_group=RespondentGroup.YOUTH,
    languages=("fi", "sv", "en"),
    choice_lists={"agree3": AGREE3},
    sections=(
        Section(
            id="words",
            title=t("Omin sanoin", "Med egna ord", "In your own words"),
            items=(
                Item("NAME", ItemType.TEXT, t("Mikä on kerhosi nimi?"), max_length=300),
                Item("STORY", ItemType.LONGTEXT, t("Kerro lisää."), required=True),
                Item("HEARD", ItemType.LIKERT, t("Minua kuunnellaan."), choices="agree3"),
            ),
        ),
    ),
)
COORDINATOR = "koordinaattori@example.fi"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
SCRIPT_PAYLOADS = ("script", "img-onerror", "svg-onload", "attribute-break")
FORM_PAYLOADS = (*SCRIPT_PAYLOADS, "javascript-url", "jinja-expression", "jinja-statement", "formula-cmd",
                 "formula-at", "formula-minus", "rtl-override", "zero-width", "decomposed", "homoglyph", "emoji",
                 "names", "quotes", "long", "nul")  # fmt: skip


@pytest.fixture
def app_config() -> dict:
    return {"ARVIO_INSTRUMENTS": Library(OPEN), "RATELIMIT_ENABLED": False}


def cleaned(text: str) -> str:
    """What a respondent's open answer is stored as: outer spaces trimmed, CR LF as LF, control characters
    (NUL, ESC, ...) removed (survey.answers documents this); everything else exactly as typed."""
    return CONTROL.sub("", text.strip().replace("\r\n", "\n"))


def assert_escaped(html: str) -> None:
    """No script payload appears in `html` the way a browser would run it."""
    for name, marker in MARKERS.items():
        assert marker not in html, f"{name} payload reflected unescaped"
    assert "{{7*7}}" not in html or "49" not in html.split("{{7*7}}")[0][-5:]
    assert "<p>49</p>" not in html


# --- respondent open answers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_an_open_answer_is_stored_exactly_or_refused_with_a_message(app, client, name):
    payload = TEXTS[name]
    project_id = _project(app, "Avoin")
    token = make_collection(app, project_id, OPEN)
    respondent = Respondent(client, token)
    respondent.start()

    page = respondent.post("words", {"NAME": payload, "STORY": payload, "HEARD": "2"}, action="submit")

    assert page.status_code in (200, 302, 303, 400, 413), page.status_code
    assert_escaped(page.text)
    with app.app_context():
        responses = db.session.scalars(select(Response)).all()
        drafts = db.session.scalars(select(Draft)).all()
    expected = cleaned(payload)
    if page.status_code in (400, 413):  # 413: the request itself is over the size limit (a page of its own)
        assert responses == [] and [d.answers for d in drafts] == [{}]
        assert len(expected) > 300 or not expected, "only an over-long or empty answer is refused"
        assert any(m in page.text for m in ("merkkiä", "Vastaa tähän kysymykseen.", "Liian paljon tekstiä"))
    else:
        [response] = responses
        assert response.answers == {"NAME": expected, "STORY": expected, "HEARD": 2}


# --- a world a coordinator can see --------------------------------------------------------------------------


def _project(app, name: str, code: str = "P01") -> int:
    with app.app_context():
        project = Project(code=code, name=name)
        db.session.add(project)
        db.session.commit()
        return project.id


@pytest.fixture
def world(app) -> dict[str, int]:
    """A project, an open collection with responses and a coordinator; the ids the routes take."""
    project_id = _project(app, TEXTS["names"])
    token = make_collection(app, project_id, OPEN, label=TEXTS["names"])
    add_user(app, COORDINATOR, Role.COORDINATOR, project_id, raw=True, all_projects=True)
    with app.app_context():
        collection = db.session.scalar(select(Collection).where(Collection.token == token))
        for i, name in enumerate(sorted(TEXTS)):
            story = cleaned(TEXTS[name])[:2000] or "tyhjä"
            store_response(collection, {"NAME": cleaned(TEXTS[name])[:300] or None, "STORY": story,
                                        "HEARD": 1 + i % 3})  # fmt: skip
        from survey.models import User

        user_id = db.session.scalar(select(User.id).where(User.email == COORDINATOR))
        return {"project_id": project_id, "collection_id": collection.id, "user_id": user_id}


@pytest.fixture
def coordinator(client, world):
    sign_in(client, COORDINATOR)
    return client


# --- staff forms, discovered --------------------------------------------------------------------------------


class Forms(HTMLParser):
    """The POST forms of a page: action and fields (tag, type, name, value, checked, options)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action"), "method": (a.get("method") or "get").lower(),
                          "enctype": a.get("enctype") or "", "fields": []}  # fmt: skip
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "textarea", "select"):
            field = {"tag": tag, "type": (a.get("type") or "text").lower(), "name": a.get("name"),
                     "value": a.get("value") or "", "checked": "checked" in a, "options": []}  # fmt: skip
            if tag == "textarea":
                field["type"] = "textarea"
            if field["name"]:
                self._form["fields"].append(field)
            if tag == "select":
                self._select = field
        elif tag == "option" and self._select is not None:
            self._select["options"].append((a.get("value") or "", "selected" in a))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


TEXT_TYPES = {"text", "textarea", "search", "email", "url", "tel", "password"}
SKIPPED_FORMS = ("/staff/logout", "/archive", "/restore", "/close", "/open", "/revoke", "/link")
"""Forms that change state without text (sign out, archive, close ...): posting payloads there tests nothing."""


def _form_pages(app, ids: dict[str, int]) -> list[str]:
    urls = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods or rule.endpoint.startswith(("api.", "static", "respond.")):
            continue
        values = {}
        for argument, converter in rule._converters.items():
            if argument in ids:
                values[argument] = ids[argument]
            elif hasattr(converter, "items"):
                values[argument] = sorted(converter.items)[0]
            else:
                values = None
                break
        if values is None:
            continue
        with app.test_request_context():
            urls.append(url_for(rule.endpoint, **values))
    return urls


def discovered_forms(app, client, ids) -> list[tuple[str, dict]]:
    """(page URL, form) for every POST form with a text field on every page a coordinator can open."""
    found = {}
    for url in _form_pages(app, ids):
        page = client.get(url)
        if page.status_code != 200 or "html" not in page.content_type:
            continue
        parser = Forms()
        parser.feed(page.text)
        for form in parser.forms:
            action = form["action"] or url
            if form["method"] != "post" or action.endswith(SKIPPED_FORMS):
                continue
            if any(f["type"] in TEXT_TYPES for f in form["fields"]) or "multipart" in form["enctype"]:
                found.setdefault(action, (url, form))
    return list(found.values())


class Filler:
    """Plausible values for the fields a payload does not go into, unique per call (codes, e-mails)."""

    def __init__(self) -> None:
        self.n = 0

    def data(self, form: dict, payload: str, *, everywhere: bool) -> dict[str, list[str]]:
        self.n += 1
        data: dict[str, list[str]] = {}
        radios_done: set[str] = set()
        for field in form["fields"]:
            name, kind = field["name"], field["type"]
            if kind == "hidden":
                data.setdefault(name, []).append(field["value"])
            elif kind == "file":
                continue
            elif kind in TEXT_TYPES:
                data.setdefault(name, []).append(
                    payload if everywhere or self._free(field) else self._valid(field)
                )
            elif kind == "checkbox":
                if field["checked"] or name in ("languages",):
                    data.setdefault(name, []).append(field["value"] or "y")
            elif kind == "radio":
                if name not in radios_done and (field["checked"] or not any(
                    f["checked"] for f in form["fields"] if f["name"] == name)):  # fmt: skip
                    data[name] = [field["value"]]
                    radios_done.add(name)
            elif field["tag"] == "select":
                chosen = [v for v, selected in field["options"] if selected] or [
                    v for v, _ in field["options"] if v
                ]
                data[name] = chosen[:1] if chosen else [""]
            elif kind == "date":
                data[name] = [(date.today() + timedelta(days=365)).isoformat()]
            elif kind == "datetime-local":
                data[name] = [field["value"] or (date.today().isoformat() + "T08:00")]
            else:
                data[name] = [field["value"]]
        return data

    @staticmethod
    def _free(field: dict) -> bool:
        """Free text (names, labels, descriptions) rather than an identifier or an address."""
        return field["type"] in ("text", "textarea") and field["name"] not in ("code", "custom_wave", "username")

    def _valid(self, field: dict) -> str:
        if field["type"] == "email":
            return f"kayttaja{self.n}@example.fi"
        if field["name"] == "code":
            return f"H{self.n:03d}"
        if field["type"] == "password":
            return "salasana-123"
        return field["value"] or f"arvo{self.n}"


def _stored_texts() -> set[str]:
    """Every text value in every string column of the database."""
    values: set[str] = set()
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String | Text)]
        if columns:
            for row in db.session.execute(select(*columns)):
                values.update(v for v in row if isinstance(v, str))
    return values


def _post(client, page_url: str, form: dict, data: dict[str, list[str]]):
    fresh = client.get(page_url).text
    if 'name="csrf_token"' in fresh:
        data["csrf_token"] = [hidden(fresh, "csrf_token")]
    return client.post(form["action"] or page_url, data=data)


def test_the_sweep_finds_the_staff_forms(app, coordinator, world):
    actions = {form["action"] or url for url, form in discovered_forms(app, coordinator, world)}

    # the forms this file was written against; a new form is swept without being listed here
    assert {"/staff/register/projects/new", "/staff/users/new", "/staff/api/tokens"} <= actions
    assert f"/staff/projects/{world['project_id']}/collections/new" in actions


@pytest.mark.parametrize("name", FORM_PAYLOADS)
def test_every_staff_form_takes_the_payload_without_a_crash_or_an_unescaped_echo(app, coordinator, world, name):
    payload, filler, accepted = TEXTS[name], Filler(), []
    for page_url, form in discovered_forms(app, coordinator, world):
        for everywhere in (False, True):
            response = _post(coordinator, page_url, form, filler.data(form, payload, everywhere=everywhere))
            where = f"{form['action'] or page_url} ({'every field' if everywhere else 'free text'})"
            assert response.status_code < 500, f"{where}: {response.status_code}"
            assert_escaped(response.text)
            if response.status_code in (302, 303) and not everywhere:
                accepted.append(where)
            if response.status_code in (302, 303):
                assert_escaped(coordinator.get(response.location).text)
    with app.app_context():
        stored = _stored_texts()
    if accepted and payload.strip() and "\x00" not in payload and len(payload) < 1000:
        assert payload in stored or payload.strip() in stored, f"{name} mangled on the way in via {accepted}"
    for url in _form_pages(app, world):
        page = coordinator.get(url)
        assert page.status_code < 500, url
        if "html" in page.content_type:
            assert_escaped(page.text)


def test_a_hostile_project_and_collection_name_are_shown_escaped_everywhere(app, coordinator, world):
    with app.app_context():
        project = db.session.get(Project, world["project_id"])
        project.name = TEXTS["script"] + TEXTS["img-onerror"]
        collection = db.session.get(Collection, world["collection_id"])
        collection.label = TEXTS["attribute-break"] + TEXTS["svg-onload"]
        db.session.commit()

    for url in _form_pages(app, world):
        page = coordinator.get(url)
        assert page.status_code < 500, url
        if "html" in page.content_type or "svg" in page.content_type:
            assert_escaped(page.text)
    overview = coordinator.get("/staff/projects").text
    assert str(escape(TEXTS["script"])) in overview


# --- uploads ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(FILES))
def test_an_upload_that_is_not_a_register_workbook_gets_a_message(app, coordinator, world, name):
    before = _project_names(app)
    page = coordinator.get("/staff/register/import").text

    response = coordinator.post(
        "/staff/register/import",
        data={"csrf_token": hidden(page, "csrf_token"), "workbook": (io.BytesIO(FILES[name]), "register.xlsx")},
        content_type="multipart/form-data",
    )

    assert response.status_code in (200, 400, 413, 422), response.status_code
    assert_escaped(response.text)
    assert _project_names(app) == before


def _project_names(app) -> dict[str, str]:
    with app.app_context():
        return {p.code: p.name for p in db.session.scalars(select(Project))}


def test_register_import_keeps_hostile_names_as_written_and_formula_cells_are_refused_or_text(
    app, coordinator, world
):
    exported = coordinator.get("/staff/register/register.xlsx")
    assert exported.status_code == 200
    workbook = load_workbook(io.BytesIO(exported.data))
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[1]]
    name_column = next(
        i for i, h in enumerate(header, start=1) if h and str(h).lower() in ("nimi", "name", "namn")
    )
    names = [TEXTS[n] for n in ("script", "formula-cmd", "names", "rtl-override", "emoji", "jinja-expression")]
    code_column = next(
        i for i, h in enumerate(header, start=1) if h and str(h).lower() in ("koodi", "code", "kod")
    )
    for i, text in enumerate(names):
        row = 2 + i
        for column, cell in enumerate(sheet[2], start=1):
            sheet.cell(row, column).value = cell.value
        sheet.cell(row, code_column).value = f"H{i:02d}"
        target = sheet.cell(row, name_column)
        target.value = text
        target.data_type = "s"  # as Excel stores text typed as '=...
    content = io.BytesIO()
    workbook.save(content)
    page = coordinator.get("/staff/register/import").text

    response = coordinator.post(
        "/staff/register/import",
        data={"csrf_token": hidden(page, "csrf_token"), "workbook": (io.BytesIO(content.getvalue()), "r.xlsx")},
        content_type="multipart/form-data",
    )

    assert response.status_code < 500
    assert_escaped(response.text)
    stored = _project_names(app)
    if response.status_code in (302, 303):
        for i, text in enumerate(names):
            assert stored[f"H{i:02d}"] == text
    listing = coordinator.get("/staff/register/").text
    assert_escaped(listing)


@pytest.mark.parametrize("name", sorted(FILES))
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_read_table_reads_or_refuses_a_hostile_file(tmp_path, name, suffix):
    path = tmp_path / f"responses{suffix}"
    path.write_bytes(FILES[name])

    try:
        read_table(path)
    except AnalysisError as error:
        assert path.name in str(error)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_read_table_keeps_hostile_text_exactly(tmp_path, suffix):
    texts = [TEXTS[n] for n in sorted(TEXTS) if "\x00" not in TEXTS[n] and n != "long"]
    path = tmp_path / f"responses{suffix}"
    if suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file)
            writer.writerows([["project", "STORY"], *(["P1", text] for text in texts)])
    else:
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(["project", "STORY"])
        for row, text in enumerate(texts, start=2):
            sheet.cell(row, 1).value = "P1"
            sheet.cell(row, 2).value = text
            sheet.cell(row, 2).data_type = "s"
        workbook.save(path)

    story = list(read_table(path)["STORY"])

    # text cells are read with outer spaces trimmed (analysis.table.cell_text), as answers are stored
    expected = [text.strip() for text in texts]
    assert story == expected


# --- exports ------------------------------------------------------------------------------------------------


def _formula_cells(content: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return [name for name in archive.namelist() if name.startswith("xl/worksheets/")
                and re.search(rb"<f[ >]", archive.read(name))]  # fmt: skip


@pytest.mark.parametrize(
    "url",
    [
        "/staff/collections/{collection_id}/results/download.xlsx",
        "/staff/projects/{project_id}/results/download.xlsx",
    ],
)
def test_workbooks_keep_formula_like_answers_as_text(app, coordinator, world, url):
    response = coordinator.get(url.format(**world))

    assert response.status_code == 200, response.status_code
    assert _formula_cells(response.data) == []
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(response.data))
    values = {str(v) for name in workbook.sheet_names for row in workbook.get_sheet_by_name(name).to_python()
              for v in row}  # fmt: skip
    for name in ("formula-cmd", "formula-at", "formula-minus", "formula-plus", "names", "emoji", "decomposed"):
        assert cleaned(TEXTS[name]) in values, f"{name} missing or changed in the workbook"


@pytest.mark.parametrize("kind", ["csv", "csv-semicolon", "csv-long"])
def test_csv_files_keep_formula_like_answers_as_text(app, coordinator, world, kind):
    response = coordinator.get(f"/staff/collections/{world['collection_id']}/results/download/{kind}")

    assert response.status_code == 200, response.status_code
    text = response.data.decode("utf-8-sig")
    delimiter = ";" if "semicolon" in kind else ","
    cells = [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]
    for cell in cells:
        assert not cell.startswith(FORMULA_STARTS) or _is_number(cell), f"formula-like cell {cell!r}"
    for name in ("formula-cmd", "formula-at", "formula-minus", "names", "emoji", "decomposed", "rtl-override"):
        value = cleaned(TEXTS[name])
        shown = "'" + value if value.startswith(FORMULA_STARTS) else value
        assert shown in cells, f"{name} missing or changed in the {kind} file"


def _is_number(cell: str) -> bool:
    try:
        float(cell.replace(",", "."))
    except ValueError:
        return False
    return True
