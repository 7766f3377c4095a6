import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from analysis.cli import main

ROOT = Path(__file__).resolve().parents[2]
SCALE_ITEMS = [
    f"P_{part}_{i}"
    for part in ("SPACE", "VOICE", "AUDIENCE", "INFLUENCE", "BELONG", "MEANING")
    for i in range(1, 5)
]


def write_responses(path: Path, n: int = 40, *, separator: str = ";") -> Path:
    rng = np.random.default_rng(5)
    header = ["response_id", "project", "wave", "pairing_code", "BG_GENDER", *SCALE_ITEMS]
    lines = [separator.join(header)]
    for i in range(n):
        wave = "baseline" if i < n // 2 else "follow_up"
        code = f"k{i % (n // 2)}-x-y"
        answers = [str(v) for v in rng.integers(1, 6, len(SCALE_ITEMS))]
        lines.append(separator.join([str(i + 1), f"P{i % 2 + 1}", wave, code, "1", *answers]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_report_to_json_with_groups_waves_and_pairs(tmp_path, capsys):
    responses = write_responses(tmp_path / "responses.csv")
    out = tmp_path / "report.json"
    status = main(
        [
            "report",
            str(responses),
            "--instrument",
            "participation_youth",
            "--out",
            str(out),
            "--by",
            "project",
            "--wave",
            "wave",
            "--pair",
            "pairing_code",
            "--lang",
            "sv",
        ]
    )
    assert status == 0, capsys.readouterr().err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["n_responses"] == 40
    assert data["design"]["language"] == "sv"
    assert data["pairing"][0]["exact_matches"] == 20
    assert {row["kind"] for row in data["comparisons"]} == {"waves_paired", "groups"}


def test_report_to_xlsx_writes_the_workbook(tmp_path):
    from openpyxl import load_workbook

    responses = write_responses(tmp_path / "responses.csv", separator=",")
    out = tmp_path / "report.xlsx"
    assert main(["report", str(responses), "--instrument", "participation_youth", "--out", str(out)]) == 0
    assert len(load_workbook(out, read_only=True).sheetnames) > 3


def test_instrument_from_a_file_path(tmp_path):
    responses = write_responses(tmp_path / "responses.csv")
    path = ROOT / "instruments" / "library" / "participation_youth.yaml"
    assert main(["report", str(responses), "--instrument", str(path), "--out", str(tmp_path / "r.json")]) == 0


@pytest.mark.parametrize(
    "change, message",
    [
        ({"--instrument": "no_such_instrument"}, "no instrument no_such_instrument"),
        ({"--by": "region"}, "no column 'region'"),
        ({"--out": "report.pdf"}, "a .xlsx workbook, a .json file, a .csv file, an .html page"),
        ({"RESPONSES": "missing.csv"}, "missing.csv: cannot read the file"),
    ],
)
def test_problems_are_one_line_on_stderr_with_status_1(tmp_path, capsys, change, message):
    responses = write_responses(tmp_path / "responses.csv")
    options = {"--instrument": "participation_youth", "--out": str(tmp_path / "r.json"), **change}
    argv = ["report", str(tmp_path / options.pop("RESPONSES")) if "RESPONSES" in options else str(responses)]
    for flag, value in options.items():
        argv += [flag, value]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert message in err and err.startswith("error: ") and err.count("\n") == 1


def test_bad_answer_names_column_and_row(tmp_path, capsys):
    path = tmp_path / "responses.csv"
    path.write_text("project;P_SPACE_1\nA;4\nA;seven\n", encoding="utf-8")
    assert (
        main(["report", str(path), "--instrument", "participation_youth", "--out", str(tmp_path / "r.json")]) == 1
    )
    assert "'P_SPACE_1'" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["zero", "0", "2", "101"])
def test_an_unsafe_min_cell_is_a_usage_error_naming_the_rule(value):
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "report", "x.csv", "--instrument", "x", "--out", "x.xlsx",
         "--min-cell", value],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )  # fmt: skip
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "--min-cell must be a whole number from 3 to 100" in result.stderr


def test_usage_error_exits_2_without_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "report", "x.csv", "--min-cell", "zero"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "--min-cell" in result.stderr


def test_module_entry_point_reports_errors_with_status_1(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "report",
            str(tmp_path / "none.csv"),
            "--instrument",
            "participation_youth",
            "--out",
            str(tmp_path / "r.json"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr.startswith("error: ")
