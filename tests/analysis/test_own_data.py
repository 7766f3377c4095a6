"""The command line on people's own data: the same answers written the R, SPSS and Excel ways give one report.

The data are the first 200 rows of R's ``psych::bfi`` as R itself wrote them (``own_data/make_fixtures.R``:
``write.csv`` with NA and the data's ids as row names, ``write.csv2`` with semicolons, decimal commas and row
numbers), with the instrument of the guide's worked example (``docs/examples/bfi.yaml``). The Excel, SPSS and
workbook files are written here from the R file, as those programs write them.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.cli import main
from analysis.errors import AnalysisError
from analysis.label_files import read_labels
from analysis.reading import read_responses

ROOT = Path(__file__).resolve().parents[2]
OWN = Path(__file__).with_name("own_data")
R_CSV, R_CSV2 = OWN / "bfi_200.csv", OWN / "bfi_200_csv2.csv"
BFI = ROOT / "docs" / "examples" / "bfi.yaml"
LABELS = ROOT / "docs" / "examples" / "bfi_labels.csv"
GENDER = {1: "Male", 2: "Female"}
EDUCATION = {1: "Some high school", 2: "Finished high school", 3: "Some college", 4: "College graduate",
             5: "Graduate degree"}  # fmt: skip


def _r_frame() -> pd.DataFrame:
    return pd.read_csv(R_CSV, index_col=0)


def _run(responses: Path, out: Path | str, *options: str) -> int:
    return main(["report", str(responses), "--instrument", str(BFI), "--out", str(out), *options])


# --- reading files as R writes them ----------------------------------------------------------------------------


def test_r_write_csv_is_read_with_na_missing_and_the_row_names_left_out():
    found = read_responses(R_CSV)
    assert found.table.names[:3] == ("A1", "A2", "A3") and "" not in found.table.names
    assert len(found.table) == 200 and found.rows == tuple(range(2, 202))
    assert np.isnan(found.table["education"][0]) and found.table["age"][0] == 16
    assert np.isnan(found.table["A1"]).sum() == _r_frame()["A1"].isna().sum() > 0
    assert found.notes == (
        "bfi_200.csv: the first column has no name and a different value on every row (61617, 61618, ...): read "
        "as row names and left out",
    )


def test_r_write_csv2_semicolons_and_decimal_commas_are_numbers():
    found = read_responses(R_CSV2)
    np.testing.assert_array_equal(found.table["sleep"], _r_frame()["sleep"].to_numpy())
    assert found.table["sleep"][0] == 6.25 and "(1, 2, ...)" in found.notes[0]


def test_a_named_first_column_or_one_with_repeated_values_is_data(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("id,A1\n1,2\n2,3\n", encoding="utf-8")
    assert read_responses(path).table.names == ("id", "A1") and read_responses(path).notes == ()
    path.write_text(",A1\n1,2\n1,3\n", encoding="utf-8")
    with pytest.raises(AnalysisError, match=r"r\.csv: column 1 of the header row has no name"):
        read_responses(path)


# --- one report, whichever way the data were written ---------------------------------------------------------


def _excel_csv(path: Path, encoding: str) -> Path:
    """What Excel in a Finnish locale saves: semicolons, decimal commas, empty cells, CRLF (and a BOM in UTF-8)."""
    frame = _r_frame()
    with path.open("w", encoding=encoding, newline="") as out:
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(frame.columns)
        for row in frame.itertuples(index=False):
            writer.writerow(["" if pd.isna(v) else (f"{v:g}".replace(".", ",")) for v in row])
    return path


def _spss_csv(path: Path) -> Path:
    """What SPSS's File > Export > CSV (SAVE TRANSLATE /TYPE=CSV /FIELDNAMES /CELLS=VALUES) writes in Unicode mode:
    a byte-order mark, CRLF, values in their display format (F8.2: ``2.00``) and system-missing as a blank."""
    frame = _r_frame()
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(frame.columns)
        for row in frame.itertuples(index=False):
            writer.writerow([" " if pd.isna(v) else f"{v:.2f}" for v in row])
    return path


def _sav(path: Path) -> Path:
    """An SPSS file as pyreadstat writes it: variable labels, value labels, and 9 as a user-missing code."""
    import pyreadstat

    frame = _r_frame()
    frame["education"] = frame["education"].fillna(9)
    pyreadstat.write_sav(
        frame,
        str(path),
        column_labels={"gender": "Gender", "education": "Education", "A1": "Am indifferent to others."},
        variable_value_labels={"gender": GENDER, "education": {**EDUCATION, 9: "No answer"}},
        missing_ranges={"education": [9]},
    )
    return path


def _workbook(path: Path) -> Path:
    """A workbook with the data on one sheet and a Koodikirja sheet in the documented layout."""
    from openpyxl import Workbook

    frame = _r_frame()
    book = Workbook()
    data = book.active
    data.title = "Data"
    data.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        data.append([None if pd.isna(v) else float(v) for v in row])
    codebook = book.create_sheet("Koodikirja")
    codebook.append(["Muuttuja", "Arvo", "Selite"])
    codebook.append(["gender", None, "Gender"])
    codebook.append(["education", None, "Education"])
    codebook.append(["age", None, "Age in years"])
    for column, values in (("gender", GENDER), ("education", EDUCATION)):
        for code, label in values.items():
            codebook.append([column, code, label])
    book.save(path)
    return path


WAYS = {
    "R write.csv": lambda tmp: R_CSV,
    "R write.csv2": lambda tmp: R_CSV2,
    "Excel CSV UTF-8": lambda tmp: _excel_csv(tmp / "excel.csv", "utf-8-sig"),
    "Excel CSV Windows-1252": lambda tmp: _excel_csv(tmp / "excel.csv", "cp1252"),
    "SPSS with labels": lambda tmp: _sav(tmp / "bfi.sav"),
    "SPSS CSV export": lambda tmp: _spss_csv(tmp / "spss.csv"),
    "workbook with codebook": lambda tmp: _workbook(tmp / "bfi.xlsx"),
}


def _aggregates(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {key: data[key] for key in ("n_responses", "summaries", "distributions", "reliability", "comparisons",
                                       "warnings", "labels")}  # fmt: skip


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("reference") / "r.json"
    assert _run(R_CSV, out, "--by", "gender", "--by", "education", "--labels", str(LABELS)) == 0
    return _aggregates(out)


@pytest.mark.parametrize("way", sorted(WAYS))
def test_every_way_of_writing_the_data_gives_the_same_report(tmp_path, capsys, reference, way):
    responses = WAYS[way](tmp_path)
    labels = ["--labels", str(LABELS)] if responses.suffix == ".csv" else []  # SPSS and the workbook carry theirs
    out = tmp_path / "report.json"
    assert _run(responses, out, "--by", "gender", "--by", "education", *labels) == 0, capsys.readouterr().err
    found = _aggregates(out)
    if not labels:  # the file's own labels name the same columns and values (and more: SPSS labels items too)
        assert found.pop("labels")["values"]["gender"] == reference["labels"]["values"]["gender"]
        reference = {key: value for key, value in reference.items() if key != "labels"}
    assert found == reference
    headings = [row["label"]["en"] for row in found["comparisons"]]
    assert "Agreeableness: Male – Female (Gender)" in headings


def test_the_file_s_labels_name_groups_and_a_label_file_wins_over_them(tmp_path):
    sav = _sav(tmp_path / "bfi.sav")
    found = read_responses(sav)
    assert found.labels.value("gender", 2).get("en") == "Female"
    assert np.isnan(found.table["education"]).sum() == _r_frame()["education"].isna().sum()  # 9: user-missing
    mine = tmp_path / "mine.csv"
    mine.write_text("column,code,label_en,label_fi\ngender,2,Woman,Nainen\n", encoding="utf-8")
    out = tmp_path / "r.json"
    assert _run(sav, out, "--by", "gender", "--labels", str(mine), "--lang", "fi") == 0
    heading = json.loads(out.read_text(encoding="utf-8"))["comparisons"][0]["label"]
    assert heading["fi"] == "Agreeableness: Male – Nainen (Gender)" and heading["en"].endswith(
        "Male – Woman (Gender)"
    )


# --- labels and languages in every output ------------------------------------------------------------------------


def _texts(path: Path) -> str:
    if path.is_dir():
        return "\n".join(p.read_text(encoding="utf-8-sig") for p in sorted(path.iterdir()))
    if path.suffix == ".xlsx":
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
        return "\n".join(
            str(c) for n in book.sheet_names for r in book.get_sheet_by_name(n).to_python() for c in r
        )
    return path.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("out", ["r.xlsx", "r.json", "r.csv", "r.html", "tables/"])
def test_every_output_names_groups_by_their_labels(tmp_path, out):
    assert _run(R_CSV, f"{tmp_path}/{out}", "--by", "gender", "--labels", str(LABELS)) == 0
    text = _texts(tmp_path / out)
    assert "Gender: Female" in text or "Male – Female (Gender)" in text
    assert "gender: 2" not in text and "gender: 1" not in text


def test_the_report_speaks_the_instrument_s_first_language_unless_told(tmp_path):
    from openpyxl import load_workbook

    assert _run(R_CSV, tmp_path / "en.xlsx") == 0
    assert load_workbook(tmp_path / "en.xlsx", read_only=True).sheetnames[3] == "Summary"
    assert _run(R_CSV, tmp_path / "fi.xlsx", "--lang", "fi") == 0
    assert load_workbook(tmp_path / "fi.xlsx", read_only=True).sheetnames[3] == "Yhteenveto"
    assert _run(R_CSV, tmp_path / "en.json") == 0
    assert json.loads((tmp_path / "en.json").read_text(encoding="utf-8"))["design"]["language"] == "en"


@pytest.mark.parametrize(
    ("options", "separator", "decimal"),
    [((), ",", "."), (("--lang", "fi"), ";", ","), (("--decimal-comma",), ";", ","),
     (("--lang", "sv", "--decimal-point"), ",", ".")],
)  # fmt: skip
def test_csv_tables_take_the_language_s_decimal_unless_told(tmp_path, options, separator, decimal):
    out = tmp_path / "r.csv"
    assert _run(R_CSV, out, *options) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    lines = raw.decode("utf-8-sig").splitlines()
    first = next(csv.reader([lines[2]], delimiter=separator))  # title, header, then everyone's first scale
    assert first[3] == "200" and f"4{decimal}" in first[4]  # n, and the mean (4.6...)


def test_csv_tables_are_formula_safe(tmp_path):
    labels = tmp_path / "labels.csv"
    labels.write_text('column,code,label\ngender,,=1+1\ngender,1,"=HYPERLINK(""http://x"")"\ngender,2,@SUM(1)\n')
    out = tmp_path / "tables"
    assert _run(R_CSV, f"{out}/", "--by", "gender", "--labels", str(labels)) == 0
    summary = list(csv.reader((out / "summary.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert "'=1+1: @SUM(1)" in {row[1] for row in summary}
    compared = [
        row[2] for row in csv.reader((out / "comparisons.csv").read_text(encoding="utf-8-sig").splitlines())
    ]
    assert '\'=HYPERLINK("http://x") – @SUM(1)' in compared
    cells = [cell for path in out.iterdir()
             for row in csv.reader(path.read_text(encoding="utf-8-sig").splitlines())
             for cell in row]  # fmt: skip
    formulas = [cell for cell in cells if cell.startswith(("=", "+", "@"))]
    assert not formulas + [cell for cell in cells if cell.startswith("-") and cell[1:2].isalpha()]


def test_a_csv_folder_has_one_table_a_file(tmp_path):
    out = tmp_path / "tables"
    assert _run(R_CSV, f"{out}/", "--by", "gender", "--lang", "fi") == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "lue_nama_ensin.csv", "osioiden_tunnusluvut.csv", "osuudet.csv", "reliabiliteetti.csv",
        "vastausjakaumat.csv", "vertailut.csv", "yhteenveto.csv",
    ]  # fmt: skip
    summary = (out / "yhteenveto.csv").read_text(encoding="utf-8-sig").splitlines()
    assert summary[0].startswith("Mittari;Ryhmä;Mittauskerta;n;Keskiarvo") and len(summary) == 1 + 5 * 3


# --- errors name the file, the row and the column ---------------------------------------------------------------


def test_a_bad_answer_is_named_by_file_row_and_column(tmp_path, capsys):
    lines = R_CSV.read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4].replace('"61621",4,4,6,', '"61621",4,4,7,')  # row 5 of the file: A3 = 7
    lines.insert(2, "")  # a blank line: skipped, yet counted as the file counts rows
    path = tmp_path / "bfi_bad.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _run(path, tmp_path / "r.json") == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == "error: bfi_bad.csv: column 'A3': '7' is not a code of the choice list (row 6)"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("column,code,label\ngender,1,Male\ngender,1,Man\n", "labels.csv: rows 2 and 3 give code '1' of 'gender'"),
        ("column,code,label\ngender,1,\n", "labels.csv: row 2: no label for 'gender'"),
        ("variable,text\ngender,Gender\n", "labels.csv: row 1 (the header) needs the columns 'column', 'code'"),
        ("", "labels.csv: no labels (the file is empty)"),
    ],
)
def test_a_bad_label_file_is_named_by_file_and_row(tmp_path, capsys, content, message):
    labels = tmp_path / "labels.csv"
    labels.write_text(content, encoding="utf-8")
    assert _run(R_CSV, tmp_path / "r.json", "--labels", str(labels)) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {message}") and err.count("\n") == 1


def test_labels_for_columns_the_data_lack_are_a_note(tmp_path, capsys):
    labels = tmp_path / "labels.csv"
    labels.write_text("column,code,label\ngendr,1,Male\n", encoding="utf-8")
    assert _run(R_CSV, tmp_path / "r.json", "--labels", str(labels)) == 0
    assert "note: labels.csv: these columns are not in the responses: 'gendr'" in capsys.readouterr().err


def test_the_responses_are_never_overwritten(tmp_path, capsys):
    copy = tmp_path / "bfi.csv"
    copy.write_bytes(R_CSV.read_bytes())
    assert _run(copy, copy) == 1
    assert "that is the responses file" in capsys.readouterr().err and copy.read_bytes() == R_CSV.read_bytes()


def test_decimal_options_are_for_csv_output_only(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        _run(R_CSV, tmp_path / "r.json", "--decimal-comma")
    assert exit_.value.code == 2 and "are for CSV output" in capsys.readouterr().err


def test_a_label_file_can_be_a_workbook(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Codebook"
    for row in (["Variable", "Value", "Label"], ["gender", 1, "Male"], ["gender", 2.0, "Female"]):
        book.active.append(row)
    book.save(tmp_path / "labels.xlsx")
    assert read_labels(tmp_path / "labels.xlsx").value("gender", "2").get("fi") == "Female"


# --- files written by the real programs: LibreOffice and R -----------------------------------------------------


@pytest.fixture(scope="module")
def libreoffice(tmp_path_factory) -> Callable[..., Path]:
    """Run LibreOffice (``soffice --headless --convert-to``) as a person's office program saves files."""
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        if os.environ.get("ARVIO_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("ARVIO_REQUIRE_LIBREOFFICE=1 but soffice is missing (apt-get install libreoffice-calc)")
        pytest.skip("LibreOffice (soffice) is not installed")
    profile = tmp_path_factory.mktemp("lo-profile")

    def convert(source: Path, target: str, folder: Path, infilter: str | None = None) -> Path:
        folder.mkdir(exist_ok=True)
        command = [program, "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", target]
        command += [f"--infilter={infilter}"] if infilter else []
        run = subprocess.run(
            [*command, "--outdir", str(folder), str(source)], capture_output=True, text=True, timeout=180
        )
        made = folder / f"{source.stem}.{target.split(':')[0]}"
        assert run.returncode == 0 and made.exists(), run.stdout + run.stderr
        return made

    return convert


# LibreOffice's CSV filter options: separator, quote, encoding (76 = UTF-8), first line, formats, language
# (1035 = Finnish: decimal comma) -- https://help.libreoffice.org/latest/en-US/text/shared/guide/csv_params.html
R_CSV_IN = "CSV:44,34,76,1"
R_CSV2_IN_FINNISH = "CSV:59,34,76,1,,1035"
FINNISH_CSV_OUT = "csv:Text - txt - csv (StarCalc):59,34,76,1,,1035"


@pytest.mark.parametrize(
    ("source", "infilter", "target"),
    [
        (R_CSV, R_CSV_IN, "ods"),  # R's CSV opened in LibreOffice Calc and saved as .ods: NA stays text
        (R_CSV, R_CSV_IN, "xlsx"),  # ... and as Excel 2007-365
        (R_CSV, R_CSV_IN, "xls"),  # ... and as Excel 97-2003
        (R_CSV2, R_CSV2_IN_FINNISH, "xlsx"),  # write.csv2 read with decimal commas into numbers
        (R_CSV2, R_CSV2_IN_FINNISH, FINNISH_CSV_OUT),  # and saved again as CSV with semicolons
    ],
    ids=["csv-to-ods", "csv-to-xlsx", "csv-to-xls", "csv2-to-xlsx", "csv2-to-csv"],
)
def test_files_libreoffice_saved_give_the_same_report(
    libreoffice, tmp_path, capsys, reference, source, infilter, target
):
    copy = tmp_path / source.name
    shutil.copy(source, copy)
    made = libreoffice(copy, target, tmp_path / "saved", infilter)
    out = tmp_path / "report.json"
    argv = ("--by", "gender", "--by", "education", "--labels", str(LABELS))
    assert _run(made, out, *argv) == 0, capsys.readouterr().err
    found = _aggregates(out)
    assert found == reference
    if made.suffix == ".csv":
        assert made.read_text(encoding="utf-8").splitlines()[1].startswith("1;2;4;3;4;4;")


R_WAYS = {  # R writes the file the ways an R user might; the data are the committed R file's
    "write.csv UTF-8 with BOM": (
        'con <- file(out, "w", encoding = "UTF-8"); writeChar("\\ufeff", con, eos = NULL); write.csv(d, con); '
        "close(con)"
    ),
    "write.csv without row names, NA empty": 'write.csv(d, out, row.names = FALSE, na = "")',
    "write.table tab-separated": 'write.table(d, out, sep = "\\t", row.names = FALSE, quote = FALSE)',
    "write.csv2 decimal comma": "write.csv2(d, out)",
    "write.table Windows-1252, CRLF": (
        'write.table(d, out, sep = ";", dec = ",", row.names = FALSE, fileEncoding = "CP1252", eol = "\\r\\n")'
    ),
}


@pytest.mark.r
@pytest.mark.parametrize("way", sorted(R_WAYS))
def test_files_r_writes_give_the_same_report(rscript, tmp_path, capsys, reference, way):
    out_csv = tmp_path / "bfi.csv"
    script = f"d <- read.csv({str(R_CSV)!r}, row.names = 1); out <- {str(out_csv)!r}; {R_WAYS[way]}"
    run = subprocess.run([rscript, "-e", script], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    out = tmp_path / "report.json"
    argv = ("--by", "gender", "--by", "education", "--labels", str(LABELS))
    assert _run(out_csv, out, *argv) == 0, capsys.readouterr().err
    assert _aggregates(out) == reference


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("missing/report.json", r"--out .*report\.json: the folder .*missing does not exist"),
        ("missing/tables/", r"--out .*tables: the folder .*missing does not exist"),
        ("report.xlsx/", None),  # a folder named like a file is still a folder of CSV files
    ],
)
def test_an_output_that_cannot_be_written_is_one_error_line(tmp_path, capsys, out, message):
    status = _run(R_CSV, f"{tmp_path}/{out}")
    err = capsys.readouterr().err
    if message is None:
        assert status == 0 and (tmp_path / "report.xlsx" / "summary.csv").exists(), err
    else:
        errors = [line for line in err.splitlines() if line.startswith("error:")]
        assert status == 1 and len(errors) == 1 and re.search(message, errors[0]), err
        assert "Traceback" not in err and ".part" not in err
