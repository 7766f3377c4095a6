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
- Exports: the results workbook and the CSV files keep formula-like text as text, and drop the invisible
  characters that change how text reads (bidirectional overrides, zero-width characters outside emoji:
  analysis.export.safe.without_invisible), as the pages do.
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
from openpyxl import Workbook
from python_calamine import CalamineWorkbook
from sqlalchemy import String, Text, select

from analysis.errors import AnalysisError
from analysis.export.safe import without_invisible
from analysis.response_table import read_table
from instruments.loader import Library
from instruments.model import Instrument, Item, ItemType, RespondentGroup, Section
from survey.collect.collections import close_collection
from survey.db import db
from survey.models import Collection, Project, Response, Role, User
from survey.respond.responses import store_response
from tests.hostile_corpus import FILES, FORMULA_STARTS, MARKERS, TEXTS
from tests.survey.conftest import AGREE3, Respondent, hidden, make_collection, t
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
EVERY_FIELD_PAYLOADS = (*SCRIPT_PAYLOADS, "formula-cmd", "long", "nul")
"""Also put into identifiers, e-mail addresses and passwords (the others go into free text only)."""


@pytest.fixture
def app_config() -> dict:
    return {"ARVIO_INSTRUMENTS": Library([OPEN]), "RATELIMIT_ENABLED": False}


def cleaned(text: str) -> str:
    """What a respondent's open answer is stored as: outer spaces trimmed, CR LF as LF, control characters
    (NUL, ESC, ...) removed (survey.respond.answers documents this); everything else exactly as typed."""
    return CONTROL.sub("", text.strip().replace("\r\n", "\n"))


def unescaped(html: str) -> list[str]:
    """The script payloads that appear in `html` the way a browser would run them."""
    return [f"{name} payload shown unescaped" for name, marker in MARKERS.items() if marker in html]


def assert_escaped(html: str) -> None:
    assert unescaped(html) == []


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
    expected = cleaned(payload)
    if page.status_code in (400, 413):  # 413: the request itself is over the size limit (a page of its own)
        assert responses == [] and respondent.draft().answers == {}
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
    """A project, a closed collection with responses and a coordinator; the ids the routes take."""
    project_id = _project(app, TEXTS["names"])
    token = make_collection(app, project_id, OPEN, label=TEXTS["names"])
    add_user(app, COORDINATOR, Role.COORDINATOR, project_id, raw=True, all_projects=True)
    add_user(app, "tiimi@example.fi", Role.TEAM_MEMBER, project_id)  # the user the user form edits
    with app.app_context():
        collection = db.session.scalar(select(Collection).where(Collection.token == token))
        for i, name in enumerate(sorted(TEXTS)):
            story = cleaned(TEXTS[name])[:2000] or "tyhjä"
            store_response(collection, {"NAME": cleaned(TEXTS[name])[:300] or None, "STORY": story,
                                        "HEARD": 1 + i % 3})  # fmt: skip
        close_collection(collection)  # results describe closed collections
        user_id = db.session.scalar(select(User.id).where(User.email == "tiimi@example.fi"))
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
            if tag in ("textarea", "select"):
                field["type"] = tag
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


FILE_ROUTES = (".xlsx", ".pdf", ".png", ".svg", "/csv", "/csv-semicolon", "/csv-long", "/sav", "/counts")
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


def _pages(app, ids: dict[str, int]) -> list[str]:
    """The pages (not the files: downloads, QR codes, counts) a coordinator can open."""
    return [url for url in _form_pages(app, ids) if not url.endswith(FILE_ROUTES)]


def discovered_forms(app, client, ids) -> list[tuple[str, dict]]:
    """(page URL, form) for every POST form with a text field on every page a coordinator can open."""
    found = {}
    for url in _pages(app, ids):
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


REPEATED_ROW = re.compile(r"^[a-z_]+-\d+-")
"""Fields of a repeated group, e.g. ``implementer-1-name``: only the first row is filled."""


class Filler:
    """Plausible values for the fields a payload does not go into, unique per call (codes, e-mails)."""

    def __init__(self) -> None:
        self.n = 0

    def data(self, form: dict, payload: str, *, everywhere: bool) -> dict[str, list[str]]:
        self.n += 1
        data: dict[str, list[str]] = {}
        rows = [REPEATED_ROW.match(f["name"]) for f in form["fields"]]
        first_row = next((row.group(0) for row in rows if row), None)
        for field in form["fields"]:
            name, kind = field["name"], field["type"]
            row = REPEATED_ROW.match(name)
            if kind == "file" or (row and row.group(0) != first_row):
                continue  # other rows of repeated groups stay blank (the same name twice would be refused)
            if kind == "hidden":
                data.setdefault(name, []).append(field["value"])
            elif kind in TEXT_TYPES:
                data.setdefault(name, []).append(
                    payload if everywhere or self._free(field) else self._valid(field)
                )
            elif kind in ("checkbox", "radio"):
                group = [f for f in form["fields"] if f["name"] == name]
                # as given; checkboxes with none chosen get every option, radios their first (a lone box stays off)
                default = group if kind == "checkbox" else group[:1]
                chosen = [f for f in group if f["checked"]] or (default if len(group) > 1 else [])
                if field in chosen and (kind == "checkbox" or name not in data):
                    data.setdefault(name, []).append(field["value"] or "y")
            elif kind == "select":
                options = [v for v, selected in field["options"] if selected] or [
                    v for v, _ in field["options"] if v
                ]
                data[name] = options[:1] or [""]
            elif kind == "date":
                data[name] = [(date.today() + timedelta(days=365)).isoformat()]
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


def test_every_staff_form_takes_every_payload_without_a_crash_or_an_unescaped_echo(app, coordinator, world):
    # One test walks all payloads: discovering the forms and walking the pages once keeps it quick.
    forms, filler, problems = discovered_forms(app, coordinator, world), Filler(), []
    for name in FORM_PAYLOADS:
        payload, accepted = TEXTS[name], []
        for page_url, form in forms:
            for everywhere in (False, True) if name in EVERY_FIELD_PAYLOADS else (False,):
                data = filler.data(form, payload, everywhere=everywhere)
                placed = any(payload in values for values in data.values())
                response = _post(coordinator, page_url, form, data)
                where = f"{name} -> {form['action'] or page_url} ({'every field' if everywhere else 'free text'})"
                if response.status_code >= 500:
                    problems.append(f"{where}: {response.status_code}")
                problems += [f"{where}: {p}" for p in unescaped(response.text)]
                if response.status_code in (302, 303) and placed:
                    accepted.append(where)
                if response.status_code in (302, 303):
                    next_page = coordinator.get(response.location).text
                    problems += [f"{where}, next page: {p}" for p in unescaped(next_page)]
        with app.app_context():
            stored = _stored_texts()
        if name in ("names", "emoji", "decomposed", "script", "formula-cmd") and len(accepted) < 3:
            problems.append(f"{name}: the forms should take it, took it only in {accepted}")
        if accepted and payload not in stored:
            problems.append(f"{name}: accepted by {accepted} but stored differently")
    for url in _pages(app, world):
        page = coordinator.get(url)
        if page.status_code >= 500:
            problems.append(f"{url}: {page.status_code}")
        problems += [f"{url}: {p}" for p in unescaped(page.text)]

    assert problems == []


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


def test_a_user_name_over_the_limit_is_refused_not_cut(app, coordinator, world):
    page = coordinator.get("/staff/users/new").text
    name = TEXTS["names"] * 20  # 360 characters

    response = coordinator.post(
        "/staff/users/new",
        data={"csrf_token": hidden(page, "csrf_token"), "email": "pitka@example.fi", "name": name,
              "role": "team_member"},
    )  # fmt: skip

    assert response.status_code == 400
    assert "Kirjoita enintään 200 merkkiä (nyt 360)." in response.text
    with app.app_context():
        assert not any(v.startswith(TEXTS["names"] * 5) for v in _stored_texts())


@pytest.mark.parametrize(
    "url",
    [
        "/r/abc%00def",
        "/r/{token}/p/words%00",
        "/r/{token}?lang=f%00i",
        "/staff/projects?x=%00",
        "/staff/login?next=%00",
    ],
)
def test_a_nul_character_in_a_url_is_a_400_not_a_database_error(app, client, url):
    # PostgreSQL text cannot hold NUL: looking the link up used to raise a DataError (a 500)
    token = make_collection(app, _project(app, "Nollat"), OPEN)

    response = client.get(url.format(token=token))

    assert response.status_code == 400


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


def _register_workbook(names: list[str]) -> bytes:
    """A register workbook (Finnish headers, codes for the classifications) with one project per name; every
    name and organisation is a text cell, as Excel stores text typed with a leading apostrophe."""
    workbook = Workbook()
    projects = workbook.active
    projects.title = "Hankkeet"
    projects.append(["Tunnus", "Nimi", "Hanketyyppi", "Rahoittava ministeriö", "Sektorit", "Kuvaus"])
    organisations = workbook.create_sheet("Organisaatiot")
    organisations.append(["Hankkeen tunnus", "Organisaatio", "Organisaatiotyyppi", "Hyvinvointialue", "Rooli"])
    workbook.create_sheet("Kumppanit").append(["Hankkeen tunnus", "Kumppani", "Hyvinvointialue"])
    for i, name in enumerate(names):
        code = f"H{i:02d}"
        projects.append([code, name, "single", "okm", "basic", name])
        organisations.append([code, name, "municipality", "01", "lead"])
        for sheet in (projects, organisations):
            for cell in sheet[sheet.max_row][1:2] + (sheet[sheet.max_row][5:6] if sheet is projects else ()):
                cell.data_type = "s"
    content = io.BytesIO()
    workbook.save(content)
    return content.getvalue()


def test_register_import_keeps_hostile_names_as_written(app, coordinator, world):
    names = [TEXTS[n] for n in ("script", "formula-cmd", "formula-minus", "names", "rtl-override", "emoji",
                                "jinja-expression", "decomposed", "homoglyph")]  # fmt: skip
    content = _register_workbook(names)
    page = coordinator.get("/staff/register/import").text

    response = coordinator.post(
        "/staff/register/import",
        data={"csrf_token": hidden(page, "csrf_token"), "workbook": (io.BytesIO(content), "r.xlsx")},
        content_type="multipart/form-data",
    )

    assert response.status_code in (302, 303), re.sub(r"<[^>]+>|\s+", " ", response.text)[:2000]
    stored = _project_names(app)
    assert [stored[f"H{i:02d}"] for i in range(len(names))] == names
    exported = coordinator.get("/staff/register/register.xlsx").data
    assert _formula_cells(exported) == []
    assert {without_invisible(name) for name in names} <= _workbook_texts(exported)
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

    # text cells are read with outer spaces trimmed (analysis.response_table.value_text), as answers are stored
    expected = [text.strip() for text in texts]
    assert story == expected


# --- exports ------------------------------------------------------------------------------------------------


def _workbook_texts(content: bytes) -> set[str]:
    """Every cell of every sheet as text, read by an independent reader (calamine)."""
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return {str(v) for name in workbook.sheet_names for row in workbook.get_sheet_by_name(name).to_python()
            for v in row}  # fmt: skip


def _formula_cells(content: bytes) -> list[str]:
    """The worksheets of an xlsx file that hold a formula cell (``<f>``)."""
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
    values = _workbook_texts(response.data)
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
        value = without_invisible(cleaned(TEXTS[name]))
        shown = "'" + value if value.startswith(FORMULA_STARTS) else value
        assert shown in cells, f"{name} missing or changed in the {kind} file"


def _is_number(cell: str) -> bool:
    try:
        float(cell.replace(",", "."))
    except ValueError:
        return False
    return True
