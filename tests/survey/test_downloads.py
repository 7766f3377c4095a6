"""Downloads: the workbook agrees with the page, raw data needs the grant, every file is audited and safe."""

import csv
import io
import re
import sqlite3
from urllib.parse import unquote

import pyreadstat
import pytest
from python_calamine import CalamineWorkbook
from sqlalchemy import make_url, select

from analysis.export import EXPORTERS
from analysis.export.csv_files import write_csv_wide
from analysis.export.report_rows import SUMMARY
from analysis.export.words import SHEETS
from analysis.glossary import wave_label
from analysis.response_table import METADATA_COLUMNS
from bench.downloads import dict_table
from survey.db import db
from survey.models import AuditEntry, Role, User
from survey.results import reports
from survey.results.rows import response_rows
from tests.survey.api_helpers import bearer, user_with_token
from tests.survey.team_data import LIBRARY, add_collection, add_project, add_user, fill, sign_in


@pytest.fixture
def app_config():
    return {"ARVIO_INSTRUMENTS": LIBRARY}


@pytest.fixture
def project(app):
    p = add_project(app, "P01", "Osallisuus arkeen")
    baseline = add_collection(app, p, "baseline", label='=HYPERLINK("x")')
    follow_up = add_collection(app, p, "follow_up")
    fill(app, baseline, 12)
    fill(app, follow_up, 10, shift=1)
    return {"id": p, "baseline": baseline}


def _workbook(data: bytes, tmp_path) -> CalamineWorkbook:
    path = tmp_path / "download.xlsx"
    path.write_bytes(data)
    return CalamineWorkbook.from_path(str(path))


def _page_means(html: str) -> dict[str, str]:
    """Wave -> the mean shown for everyone on the project results page."""
    means = {}
    for wave, row in re.findall(r'<tr data-by="" data-group="" data-wave="([^"]*)">(.*?)</tr>', html, re.S):
        means[wave] = re.search(r'data-field="mean">(.*?)</td>', row, re.S).group(1)
    return means


def test_the_workbook_has_the_numbers_of_the_page(app, client, project, tmp_path):
    add_user(app, "arvioija@example.fi", Role.EVALUATOR, project["id"])
    sign_in(client, "arvioija@example.fi")
    page = client.get(f"/staff/projects/{project['id']}/results?lang=en").text
    shown = {wave_label(wave, "en"): mean for wave, mean in _page_means(page).items()}
    assert set(shown) == {"baseline", "follow-up"}  # the file names waves as people do

    download = client.get(f"/staff/projects/{project['id']}/results/download.xlsx?lang=en&instrument=tiny_scaled")
    assert download.status_code == 200
    book = _workbook(download.data, tmp_path)
    rows = book.get_sheet_by_name("Summary").to_python()
    by, wave, mean = SUMMARY.index("by"), SUMMARY.index("wave"), SUMMARY.index("mean")
    scale = SUMMARY.index("scale")
    in_file = {row[wave]: row[mean] for row in rows[1:] if row[scale] == "S_VOICE" and row[by] == ""}
    assert {w: f"{value:.2f}" for w, value in in_file.items()} == shown


def test_without_the_grant_the_workbook_has_no_responses_and_raw_files_are_refused(app, client, project, tmp_path):
    add_user(app, "arvioija@example.fi", Role.EVALUATOR, project["id"])
    sign_in(client, "arvioija@example.fi")
    page = client.get(f"/staff/projects/{project['id']}/results?lang=en").text
    assert "download/csv" not in page and "only with a raw-data permission" in page
    download = client.get(f"/staff/projects/{project['id']}/results/download.xlsx?lang=en")
    assert "Responses" not in _workbook(download.data, tmp_path).sheet_names
    for kind in ("csv", "csv-semicolon", "csv-long", "sav"):
        assert client.get(f"/staff/projects/{project['id']}/results/download/{kind}").status_code == 403
    with app.app_context():
        (entry,) = db.session.scalars(select(AuditEntry)).all()
        assert (entry.action, entry.row_count, entry.details["responses_included"]) == ("download.xlsx", 0, False)


def test_with_the_grant_every_format_downloads_and_is_audited(app, client, project, tmp_path):
    add_user(app, "tiimi@example.fi", Role.TEAM_MEMBER, project["id"], raw=True)
    sign_in(client, "tiimi@example.fi")
    base = f"/staff/projects/{project['id']}/results"

    xlsx = client.get(f"{base}/download.xlsx?lang=en")
    assert "Responses" in _workbook(xlsx.data, tmp_path).sheet_names
    assert re.fullmatch(
        r'attachment; filename="arvio_P01_tiny_scaled_baseline-follow-up_\d{4}-\d\d-\d\d_results\.xlsx"',
        xlsx.headers["Content-Disposition"],
    )

    wide = client.get(f"{base}/download/csv")
    rows = list(csv.reader(io.StringIO(wide.data.decode("utf-8-sig"))))
    exported = tuple(name for name in METADATA_COLUMNS if name != "pairing_code")  # pair ids, never codes
    assert tuple(rows[0][: len(exported)]) == exported and len(rows) == 23
    collection = rows[0].index("collection")
    assert {row[collection] for row in rows[1:]} >= {'\'=HYPERLINK("x")'}  # text never becomes a formula

    semicolon = client.get(f"{base}/download/csv-semicolon").data.decode("utf-8-sig")
    assert semicolon.splitlines()[0].startswith("response_id;project;collection")

    long = client.get(f"{base}/download/csv-long").data.decode("utf-8-sig")
    assert long.splitlines()[0] == "response,item,value"

    sav = client.get(f"{base}/download/sav")
    path = tmp_path / "data.sav"
    path.write_bytes(sav.data)
    frame, meta = pyreadstat.read_sav(str(path))
    assert len(frame) == 22 and "A1" in meta.column_names

    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == [
        "download.xlsx", "download.csv", "download.csv-semicolon", "download.csv-long", "download.sav",
    ]  # fmt: skip
    assert all(e.row_count == 22 and e.details["responses_included"] for e in entries)
    assert entries[0].target == "collections:" + ",".join(
        str(i) for i in sorted(entries[0].details["collections"])
    )


def test_a_collections_workbook_downloads_for_its_team(app, client, project, tmp_path):
    add_user(app, "tiimi@example.fi", Role.TEAM_MEMBER, project["id"])
    sign_in(client, "tiimi@example.fi")
    download = client.get(f"/staff/collections/{project['baseline']}/results/download.xlsx?by=BG_GENDER")
    assert download.status_code == 200 and download.mimetype.endswith("spreadsheetml.sheet")
    names = _workbook(download.data, tmp_path).sheet_names
    assert SHEETS["fi"][3] in names and SHEETS["fi"][2] not in names  # Finnish by default; no responses


@pytest.mark.parametrize(
    ("language", "names"),
    [
        (
            "fi",
            {
                "xlsx": "tulokset.xlsx",
                "csv": "vastaukset.csv",
                "csv-semicolon": "vastaukset_puolipiste.csv",
                "csv-long": "vastaukset_pitkä.csv",
                "sav": "vastaukset.sav",
            },
        ),
        (
            "sv",
            {
                "xlsx": "resultat.xlsx",
                "csv": "svar.csv",
                "csv-semicolon": "svar_semikolon.csv",
                "csv-long": "svar_lång.csv",
                "sav": "svar.sav",
            },
        ),
    ],
)
def test_every_download_has_a_name_of_its_own(app, client, project, language, names):
    add_user(app, "tiimi@example.fi", Role.TEAM_MEMBER, project["id"], raw=True)
    sign_in(client, "tiimi@example.fi")
    base = f"/staff/projects/{project['id']}/results"
    waves = {"fi": "alkumittaus-seurantamittaus", "sv": "utgångsmätning-uppföljningsmätning"}[language]
    found = {}
    for kind in names:
        url = (
            f"{base}/download.xlsx?lang={language}"
            if kind == "xlsx"
            else f"{base}/download/{kind}?lang={language}"
        )
        header = client.get(url).headers["Content-Disposition"]
        ascii_name = re.search(r'filename="([^"]+)"', header).group(1)
        utf8 = re.search(r"filename\*=UTF-8''(\S+)", header)
        name = unquote(utf8.group(1)) if utf8 else ascii_name
        assert re.fullmatch(rf"arvio_P01_tiny_scaled_{waves}_\d{{4}}-\d\d-\d\d_" + re.escape(names[kind]), name)
        assert ascii_name.isascii() and "/" not in ascii_name and "\\" not in ascii_name
        found[kind] = (name, ascii_name)
    assert len({name for name, _ in found.values()}) == len(names)
    assert len({ascii_name for _, ascii_name in found.values()}) == len(names)


# Streaming: raw data leaves while it is read --------------------------------------------------------------


class BatchesRead:
    """Counts the rows a module has taken from :func:`survey.results.rows.response_rows` so far."""

    def __init__(self, monkeypatch, module: str) -> None:
        self.rows = 0
        monkeypatch.setattr("survey.results.rows.BATCH_ROWS", 5)
        monkeypatch.setattr(f"{module}.response_rows", self.read)

    def read(self, *args, **kwargs):
        batches = response_rows(*args, **kwargs)

        def counted():
            for batch in batches:
                self.rows += len(batch)
                yield batch

        return counted()


@pytest.mark.parametrize(
    ("url", "module"),
    [
        ("/staff/projects/{project}/results/download/csv", "survey.results.dataset"),
        ("/staff/projects/{project}/results/download/csv-semicolon", "survey.results.dataset"),
        ("/staff/projects/{project}/results/download/csv-long", "survey.results.dataset"),
        ("/api/v1/responses.ndjson?project={project}&instrument=tiny_scaled", "survey.api.routes"),
    ],
)
def test_raw_data_starts_to_leave_before_its_last_row_is_read(app, client, project, monkeypatch, url, module):
    monkeypatch.setattr("analysis.export.csv_files._PIECE_CHARS", 1)  # a CSV piece per row, as 256 KiB would be
    read = BatchesRead(monkeypatch, module)
    add_user(app, "tiimi@example.fi", Role.TEAM_MEMBER, project["id"], raw=True)
    sign_in(client, "tiimi@example.fi")
    token = user_with_token(app, "api@example.fi", Role.EVALUATOR, [project["id"]], raw_data=True)
    download = client.get(url.format(project=project["id"]), headers=bearer(token))
    assert download.status_code == 200 and "Content-Length" not in download.headers
    pieces = iter(download.response)
    first = next(pieces)
    assert first and read.rows < 22  # the first bytes are out, most rows still in the database
    received = (first + b"".join(pieces)).decode("utf-8-sig")
    assert read.rows == 22
    if "csv-long" not in url:
        assert len(received.splitlines()) == 22 + ("csv" in url)  # every row (and a CSV's header) arrived


def test_the_streamed_csv_holds_the_reports_responses(app, client, project, tmp_path):
    add_user(app, "tiimi@example.fi", Role.TEAM_MEMBER, project["id"], raw=True)
    sign_in(client, "tiimi@example.fi")
    streamed = client.get(f"/staff/projects/{project['id']}/results/download/csv?labels=1&lang=sv")
    with app.test_request_context("/?lang=sv"):
        user = db.session.scalar(select(User).where(User.email == "tiimi@example.fi"))
        report = reports.report_for(user, project_ids=[project["id"]], instrument_id="tiny_scaled").report
        write_csv_wide(report.instrument, report.responses, tmp_path / "whole.csv", language="sv", labels=True)
    whole = list(csv.DictReader(io.StringIO((tmp_path / "whole.csv").read_text(encoding="utf-8-sig"))))
    rows = list(csv.DictReader(io.StringIO(streamed.data.decode("utf-8-sig"))))
    assert list(rows[0]) == list(whole[0]) and any(name.startswith("S_") for name in rows[0])  # scored
    paired = lambda table: [{**r, "pair_id": bool(r["pair_id"])} for r in table]  # noqa: E731
    assert paired(rows) == paired(whole)
    assert sum(bool(r["pair_id"]) for r in rows) == 20  # the ids are drawn anew; the pairs are the report's


def _same_pairs(table: list[dict]) -> list[dict]:
    """The rows with each pair id as whether it has one: the ids are drawn anew for every file."""
    return [{**r, "pair_id": bool(r["pair_id"])} if "pair_id" in r else r for r in table]


@pytest.mark.parametrize("kind", ["csv-semicolon", "csv-long", "sav"])
def test_a_streamed_raw_file_is_the_file_the_whole_table_made(app, client, project, tmp_path, kind):
    """The raw-data files are read in batches now; what they hold is what the report's whole table wrote."""
    add_user(app, "tiimi@example.fi", Role.TEAM_MEMBER, project["id"], raw=True)
    sign_in(client, "tiimi@example.fi")
    streamed = client.get(f"/staff/projects/{project['id']}/results/download/{kind}?labels=1&lang=en")
    assert streamed.status_code == 200
    with app.test_request_context("/?lang=en"):
        user = db.session.scalar(select(User).where(User.email == "tiimi@example.fi"))
        report = reports.report_for(user, project_ids=[project["id"]], instrument_id="tiny_scaled").report
        path = tmp_path / f"whole{EXPORTERS[kind].extension}"
        whole_path = EXPORTERS[kind].write(report, path, labels=True, language="en")
    if kind == "sav":
        (tmp_path / "streamed.sav").write_bytes(streamed.data)
        frame, meta = pyreadstat.read_sav(str(tmp_path / "streamed.sav"))
        whole_frame, whole_meta = pyreadstat.read_sav(str(whole_path))
        assert (meta.column_names, meta.column_labels) == (whole_meta.column_names, whole_meta.column_labels)
        assert meta.variable_value_labels == whole_meta.variable_value_labels
        assert meta.missing_ranges == whole_meta.missing_ranges
        records = lambda f: f.astype(object).where(f.notna(), None).to_dict("records")  # noqa: E731  NaN != NaN
        rows, whole = records(frame), records(whole_frame)
    else:
        delimiter = ";" if kind == "csv-semicolon" else ","
        read = lambda text: list(csv.DictReader(io.StringIO(text), delimiter=delimiter))  # noqa: E731
        rows = read(streamed.data.decode("utf-8-sig"))
        whole = read(whole_path.read_text(encoding="utf-8-sig"))
        if kind == "csv-long":  # one row per answer: the pair id is an answer row of its own
            rows, whole = (
                [{**r, "value": bool(r["value"])} if r["item"] == "pair_id" else r for r in t]
                for t in (rows, whole)
            )
    assert len(rows) >= 22 and _same_pairs(rows) == _same_pairs(whole)


def test_the_workbook_read_in_batches_is_the_workbook_of_the_whole_table(
    app, client, project, tmp_path, monkeypatch
):
    add_user(app, "tiimi@example.fi", Role.TEAM_MEMBER, project["id"], raw=True)
    sign_in(client, "tiimi@example.fi")
    url = f"/staff/projects/{project['id']}/results/download.xlsx?lang=sv"
    batched = _workbook(client.get(url).data, tmp_path)
    monkeypatch.setattr(reports, "response_table", dict_table)  # the path before, kept by the benchmark
    (tmp_path / "whole").mkdir()
    whole = _workbook(client.get(url).data, tmp_path / "whole")
    assert batched.sheet_names == whole.sheet_names and "Svar" in " ".join(batched.sheet_names)
    for name in batched.sheet_names:
        ours, theirs = (book.get_sheet_by_name(name).to_python() for book in (batched, whole))
        if ours and "pair_id" in ours[0]:  # the ids are drawn anew for every file
            column = ours[0].index("pair_id")
            ours, theirs = ([[*r[:column], bool(r[column]), *r[column + 1 :]] for r in t] for t in (ours, theirs))
        if name == batched.sheet_names[0]:  # the cover: the time each file was made
            ours, theirs = ([r for r in t if r[0] != "Skapad (UTC)"] for t in (ours, theirs))
        assert ours == theirs, name


def test_a_download_being_sent_leaves_the_sqlite_write_lock_to_respondents(app, client, project, monkeypatch):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("sqlite"):
        pytest.skip("SQLite's write lock")
    monkeypatch.setattr("analysis.export.csv_files._PIECE_CHARS", 1)
    monkeypatch.setattr("survey.results.rows.BATCH_ROWS", 5)
    add_user(app, "tiimi@example.fi", Role.TEAM_MEMBER, project["id"], raw=True)
    sign_in(client, "tiimi@example.fi")
    download = client.get(f"/staff/projects/{project['id']}/results/download/csv")  # sent in part, then waits
    writer = sqlite3.connect(make_url(url).database, timeout=0.5)
    try:
        writer.execute("BEGIN IMMEDIATE")  # what storing a response does first; "database is locked" if held
        writer.rollback()
    finally:
        writer.close()
    assert len(download.data.decode("utf-8-sig").splitlines()) == 23
