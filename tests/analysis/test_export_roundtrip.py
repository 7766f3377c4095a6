"""An exported file fed back to ``python -m analysis report`` gives the same results as the report it came from."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from analysis.cli import main
from analysis.export import export, write_workbook
from analysis.report import build_report
from analysis.response_table import OPTION_SEPARATOR, ResponseTable
from instruments.loader import load_library
from instruments.model import Instrument, ItemType

ROOT = Path(__file__).resolve().parents[2]
INSTRUMENT = "participation_youth"
AGGREGATES = ("n_responses", "summaries", "distributions", "proportions", "reliability", "comparisons", "warnings")


def generated_responses(instrument: Instrument, rows: int = 80, seed: int = 3) -> ResponseTable:
    """Answers of every item type, two projects, two waves; a few skipped and "don't know" answers."""
    rng = np.random.default_rng(seed)
    columns: dict[str, object] = {
        "response_id": [f"r{i}" for i in range(rows)],
        "project": [("Nuorten ääni", "Perheet yhdessä")[i % 2] for i in range(rows)],
        "wave": [("alku", "loppu")[(i // 2) % 2] for i in range(rows)],
        "submitted_at": [f"2026-0{3 + i % 2}-1{i % 10}T12:00:00Z" for i in range(rows)],
        "language": ["fi"] * rows,
    }
    for item in instrument.answered_items:
        choices = instrument.choice_list(item)
        if item.type is ItemType.MULTIPLE:
            for choice in choices.choices:
                columns[f"{item.code}{OPTION_SEPARATOR}{choice.code}"] = rng.integers(0, 2, rows).astype(float)
        elif choices is not None:
            codes = [c.code for c in choices.choices]
            picked = [codes[i] for i in rng.integers(0, len(codes), rows)]
            columns[item.code] = [
                None if skip else code for code, skip in zip(picked, rng.random(rows) < 0.05, strict=True)
            ]
        elif item.type is ItemType.NUMBER:
            low, high = int(item.minimum or 0), int(item.maximum or 10)
            columns[item.code] = rng.integers(low, high + 1, rows).astype(float)
        else:
            columns[item.code] = ["vastaus" if i % 3 else "" for i in range(rows)]
    return ResponseTable.from_columns(columns)


@pytest.fixture(scope="module")
def report():
    instrument = load_library().get(INSTRUMENT)
    return build_report(generated_responses(instrument), instrument, by=("project",), wave="wave", language="en")


def aggregates(data: dict) -> dict:
    return {name: data[name] for name in AGGREGATES}


def rerun(path: Path, tmp_path: Path) -> dict:
    out = tmp_path / "again.json"
    status = main(
        [
            "report",
            str(path),
            "--instrument",
            INSTRUMENT,
            "--out",
            str(out),
            "--by",
            "project",
            "--wave",
            "wave",
            "--lang",
            "en",
        ]
    )
    assert status == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_workbook_responses_sheet_reproduces_the_report(report, tmp_path):
    path = write_workbook(report, tmp_path / "report.xlsx")
    assert aggregates(rerun(path, tmp_path)) == aggregates(json.loads(report.to_json()))


@pytest.mark.parametrize("name", ["csv", "csv-semicolon"])
def test_wide_csv_reproduces_the_report(report, tmp_path, name):
    path = export(report, name, tmp_path / "report.csv")
    assert aggregates(rerun(path, tmp_path)) == aggregates(json.loads(report.to_json()))


def test_python_m_analysis_reads_the_finnish_workbook(report, tmp_path):
    path = write_workbook(report, tmp_path / "raportti.xlsx", language="fi")
    out = tmp_path / "again.json"
    command = [
        sys.executable,
        "-m",
        "analysis",
        "report",
        str(path),
        "--instrument",
        INSTRUMENT,
        "--out",
        str(out),
        "--by",
        "project",
        "--wave",
        "wave",
        "--lang",
        "en",
    ]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, timeout=120)
    assert aggregates(json.loads(out.read_text(encoding="utf-8"))) == aggregates(json.loads(report.to_json()))


def test_text_codes_like_county_numbers_are_kept_as_text_and_labelled(report, tmp_path):
    from python_calamine import CalamineWorkbook

    codes = write_workbook(report, tmp_path / "codes.xlsx")
    labelled = write_workbook(report, tmp_path / "labels.xlsx", labels=True, language="sv")
    header, *rows = CalamineWorkbook.from_path(str(codes)).get_sheet_by_name("Responses").to_python()
    county = header.index("BG_COUNTY")
    choices = report.instrument.choice_list(report.instrument.item("BG_COUNTY"))
    assert {row[county] for row in rows} - {""} <= {str(c.code) for c in choices.choices}
    _, *labelled_rows = CalamineWorkbook.from_path(str(labelled)).get_sheet_by_name("Svar").to_python()
    by_code = {str(c.code): c.label.sv for c in choices.choices}
    assert [row[county] for row in labelled_rows] == [by_code.get(row[county], "") for row in rows]
