"""Any CSV or workbook content gives a report or one listed error: never a traceback (hypothesis).

Files are made of the instrument's column names and names of no column, NA and empty cells, codes inside and
outside the choice lists, decimal commas, formulas, invisible characters and words; comma, semicolon or tab, with
or without a byte-order mark, LF or CRLF, UTF-8 or Windows-1252; breakdowns and waves by any header. The command
line must answer with status 0 and a report, or status 1 and one ``error:`` line naming the file.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from analysis.cli import main
from instruments.document import dump_yaml
from tests.analysis.small_instrument import small_instrument

NAMES = ["", "A1", "A2", "A3", "B1", "B2", "BG_GENDER", "BG_AGE", "Y1", "M1__1", "M1__9", "T1", "project", "wave",
         "pair", "ZZ_1", "=1", "NA", " A1 "]  # fmt: skip
CELLS = ["", "NA", " ", "1", "2", "3", "5", "9", "0", "13", "29", "3,5", "2.0", "-1", "1e309", "nan", "abc",
         "Kyllä", "Yes", "=SUM(1)", "\u202e1", "baseline", "follow_up", '"', "a;b", "x\ny"]  # fmt: skip

SCALE_ITEMS = ["A1", "A2", "A3", "B1", "B2"]  # a file without them is refused: half the files have them all

cells = st.one_of(st.sampled_from(CELLS), st.text(max_size=4))
headers = st.tuples(st.booleans(), st.lists(st.sampled_from(NAMES), min_size=1, max_size=6)).map(
    lambda made: (SCALE_ITEMS if made[0] else []) + made[1]
)
tables = headers.flatmap(
    lambda header: st.tuples(
        st.just(header), st.lists(st.lists(cells, min_size=0, max_size=len(header) + 1), max_size=14)
    )
)


@pytest.fixture(scope="module")
def instrument(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("instrument") / "small.yaml"
    path.write_text(dump_yaml(small_instrument()), encoding="utf-8")
    return path


def _run(path: Path, instrument: Path, options: list[str], *, in_hypothesis: bool = True) -> tuple[int, str]:
    err = io.StringIO()
    out = path.with_name("report.json")
    with contextlib.redirect_stderr(err):
        status = main(["report", str(path), "--instrument", str(instrument), "--out", str(out), *options])
    text = err.getvalue()
    assert status in (0, 1), text
    if in_hypothesis:
        event(f"status {status}")
    errors = [line for line in text.splitlines() if line.startswith("error:")]
    if status == 0:
        assert not errors and json.loads(out.read_text(encoding="utf-8"))["n_responses"] >= 1
    else:
        assert len(errors) == 1 and errors[0].startswith(f"error: {path.name}: "), text
    return status, text


def _options(header: list[str], choice: st.DataObject) -> list[str]:
    options = []
    named = sorted({name for name in header if name})
    if named and choice.draw(st.booleans(), label="by"):
        options += ["--by", choice.draw(st.sampled_from(named), label="by column")]
    if named and choice.draw(st.booleans(), label="wave"):
        options += ["--wave", choice.draw(st.sampled_from(named), label="wave column")]
    return options


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=tables, delimiter=st.sampled_from([",", ";", "\t"]), bom=st.booleans(),
       crlf=st.booleans(), cp1252=st.booleans(), choice=st.data())  # fmt: skip
def test_any_csv_gives_a_report_or_one_error_naming_the_file(
    instrument, table, delimiter, bom, crlf, cp1252, choice
):
    import csv

    header, rows = table
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n").writerows([header, *rows])
    data = text.getvalue().encode("cp1252", "replace") if cp1252 else text.getvalue().encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "responses.csv"
        path.write_bytes((b"\xef\xbb\xbf" if bom and not cp1252 else b"") + data)
        _run(path, instrument, _options(header, choice))


numbers_or_text = st.one_of(cells, st.integers(-3, 30), st.floats(allow_nan=True, allow_infinity=True), st.none())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=headers,
       rows=st.lists(st.lists(numbers_or_text, max_size=7), max_size=10),
       sheet=st.sampled_from(["Responses", "Vastaukset", "Data", "Koodikirja"]), choice=st.data())  # fmt: skip
def test_any_workbook_gives_a_report_or_one_error_naming_the_file(instrument, header, rows, sheet, choice):
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook()
    book.active.title = sheet
    for row in [header, *rows]:  # a cell cannot hold XML's control characters: Excel never writes them
        book.active.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "responses.xlsx"
        book.save(path)
        _run(path, instrument, _options(header, choice))


def test_the_examples_reach_reports_as_well_as_errors(instrument, tmp_path):
    """The property above would hold vacuously if every file were refused: a well-formed one is analysed."""
    path = tmp_path / "responses.csv"
    rows = ["BG_GENDER;A1;A2;A3;B1;B2"] + [
        f"{1 + i % 2};{1 + i % 5};{1 + i % 4};NA;3;{1 + i % 3}" for i in range(20)
    ]
    path.write_text("\n".join(rows), encoding="utf-8")
    assert _run(path, instrument, ["--by", "BG_GENDER"], in_hypothesis=False)[0] == 0
