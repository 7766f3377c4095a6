"""The workbook: sheets in order, values and types, formula-safe text, charts, and all-or-nothing writes.

Every file is opened with an independent reader (python-calamine; the raw XML for what calamine does not show).
The small report here is made by hand, so these tests do not depend on the statistics.
"""

from __future__ import annotations

import math
import re
import zipfile
from dataclasses import replace
from datetime import UTC, datetime
from xml.etree import ElementTree

import numpy as np
import pytest
from python_calamine import CalamineWorkbook

from analysis.export import write_workbook
from analysis.export.columns import ResponseStream
from analysis.export.safe import ExportError
from analysis.report_model import (
    ComparisonRow,
    Design,
    OptionCount,
    Proportion,
    ReliabilityRow,
    Report,
    ScaleSummary,
    Suppressed,
)
from analysis.response_table import ResponseTable
from instruments.model import Text
from tests.analysis.small_instrument import AGREE, small_instrument, text

HOSTILE = ("=cmd|' /C calc'!A0", "+1", "-2+3", "@SUM(1)", "\t=1", "\r=1")
NAN = math.nan


def responses_table(rows: int = 8) -> ResponseTable:
    """`rows` responses: two projects (one with a hostile name), two waves, every item type and scores."""
    rng = np.random.default_rng(7)
    pick = lambda values: [values[i % len(values)] for i in range(rows)]  # noqa: E731
    likert = lambda: rng.integers(1, 6, rows).astype(float)  # noqa: E731
    a1 = likert()
    a1[1] = 9  # don't know
    a1[2] = NAN  # not answered
    return ResponseTable.from_columns(
        {
            "response_id": [f"r{i}" for i in range(rows)],
            "project": pick(["Nuorten ääni", HOSTILE[0]]),
            "collection": pick(["Kevät 2026"]),
            "wave": pick(["baseline", "follow-up"]),
            "submitted_at": pick(["2026-03-01T10:30:00+02:00", "2026-09-15T08:00:00Z"]),
            "language": pick(["fi", "sv", "en"]),
            "BG_GENDER": pick([1.0, 2.0, 3.0]),
            "BG_AGE": pick([15.0, 22.0, NAN]),
            "A1": a1,
            "A2": likert(),
            "A3": likert(),
            "B1": likert(),
            "B2": likert(),
            "Y1": pick([1.0, 0.0]),
            "M1__1": pick([1.0, 0.0]),
            "M1__2": pick([0.0, 1.0, 0.0]),
            "M1__3": pick([0.0]),
            "T1": pick([*HOSTILE, "ok, kiitos"]),
            "S_A": pick([3.5, 2.0, -1.25]),
            "S_A_pct": pick([62.5, 25.0, NAN]),
            "S_B": pick([4.0, 1.5]),
        }
    )


def n_cells(*values: float) -> tuple:
    return values


def small_report(rows: int = 8, *, language: str = "en", labels_text: str = "Scale A") -> Report:
    instrument = small_instrument()
    label = Text(fi=f"{labels_text} (fi)", sv=f"{labels_text} (sv)", en=labels_text)
    small = Suppressed("small_cell", threshold=5)

    def summary(wave: str, by=None, group=None, n=12, mean=3.2) -> ScaleSummary:
        if n < 5:
            return ScaleSummary("S_A", label, by, group, wave, *([small] * 12))
        return ScaleSummary(
            "S_A",
            label,
            by,
            group,
            wave,
            n,
            mean,
            0.8,
            0.23,
            mean - 0.5,
            mean + 0.5,
            3.0,
            2.5,
            4.0,
            1.0,
            5.0,
            55.0,
        )

    distributions = tuple(
        OptionCount("A1", text("A1"), None, None, "baseline", c.code, c.label, c.missing, count, pct, 20)
        for c, count, pct in zip(
            AGREE.choices, (2, 3, 5, 6, 4, 0), (10.0, 15.0, 25.0, 30.0, 20.0, 0.0), strict=True
        )
    ) + tuple(
        OptionCount("A2", text("A2"), None, None, "baseline", c.code, c.label, c.missing, small, small, 20)
        for c in AGREE.choices
    )
    return Report(
        instrument=instrument,
        design=Design(by=("BG_GENDER",), wave="wave", waves=("baseline", "follow-up"), language=language),
        created_at=datetime(2026, 11, 28, 10, 0, tzinfo=UTC),
        filters=(("project", HOSTILE[1]),),
        n_responses=rows,
        summaries=(
            summary("baseline"),
            summary("follow-up", mean=3.6),
            summary("baseline", "BG_GENDER", "1", n=7),
            summary("follow-up", "BG_GENDER", "1", n=3),
        ),
        distributions=distributions,
        proportions=(
            Proportion(
                "Y1", text("Experienced"), None, text("Yes"), None, None, "baseline", 8, 20, 0.4, 0.22, 0.61
            ),
        ),
        reliability=(
            ReliabilityRow(
                "S_A",
                label,
                None,
                None,
                "baseline",
                0.81,
                0.7,
                0.89,
                20,
                3,
                ("A1", "A2", "A3"),
                (0.7, 0.75, 0.8),
                (0.6, 0.55, 0.5),
            ),
        ),
        comparisons=(
            ComparisonRow(
                "S_A",
                label,
                "waves_paired",
                None,
                ("baseline", "follow-up"),
                (12,),
                "paired_t",
                2.5,
                11.0,
                NAN,
                0.03,
                0.06,
                "cohens_dz",
                0.72,
                0.1,
                1.3,
                0.4,
                False,
                "",
                text("medium"),
            ),
            ComparisonRow(
                "S_A",
                label,
                "groups",
                "BG_GENDER",
                ("1", "2"),
                (7, small),
                "welch_t",
                NAN,
                NAN,
                NAN,
                NAN,
                NAN,
                "hedges_g",
                NAN,
                NAN,
                NAN,
                NAN,
                False,
                "",
                Text(),
                skipped=text("too small"),
                excluded=("3",),
            ),
        ),
        pairing=(),
        warnings=(),
        responses=responses_table(rows),
    )


def read(path) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def sheet_xml(path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".xml")}


@pytest.fixture
def workbook(tmp_path):
    path = tmp_path / "report.xlsx"
    write_workbook(small_report(), path, made_by="evaluator@example.org")
    return path


@pytest.mark.parametrize(
    ("language", "sheets"),
    [
        ("en", ["About", "Codebook", "Responses", "Summary", "Items", "Reliability", "Comparisons", "Charts"]),
        (
            "fi",
            [
                "Tietoja",
                "Koodikirja",
                "Vastaukset",
                "Yhteenveto",
                "Kysymykset",
                "Reliabiliteetti",
                "Vertailut",
                "Kaaviot",
            ],
        ),
        ("sv", ["Om", "Kodbok", "Svar", "Sammanfattning", "Frågor", "Reliabilitet", "Jämförelser", "Diagram"]),
    ],
)
def test_sheets_are_named_in_the_language_and_come_in_order(tmp_path, language, sheets):
    path = write_workbook(small_report(language=language), tmp_path / "r.xlsx")
    assert CalamineWorkbook.from_path(str(path)).sheet_names == sheets


def test_responses_sheet_has_codes_options_texts_dates_and_scores(workbook):
    header, *rows = read(workbook)["Responses"]
    table = responses_table()
    assert header[:6] == ["response_id", "project", "collection", "wave", "submitted_at", "language"]
    assert header[6:] == [
        "BG_GENDER",
        "BG_AGE",
        "A1",
        "A2",
        "A3",
        "B1",
        "B2",
        "Y1",
        "M1__1",
        "M1__2",
        "M1__3",
        "T1",
        "S_A",
        "S_A_pct",
        "S_B",
    ]
    assert len(rows) == 8
    first = dict(zip(header, rows[0], strict=True))
    assert first["submitted_at"] == datetime(2026, 3, 1, 8, 30)  # +02:00 written as UTC
    assert first["A1"] == table["A1"][0] and isinstance(first["A1"], float)
    assert dict(zip(header, rows[1], strict=True))["A1"] == 9  # a missing code is kept as its code
    assert dict(zip(header, rows[2], strict=True))["A1"] == ""  # not answered: an empty cell
    assert [dict(zip(header, r, strict=True))["M1__2"] for r in rows[:3]] == [0, 1, 0]
    assert [dict(zip(header, r, strict=True))["S_A"] for r in rows[:3]] == [
        3.5,
        2.0,
        -1.25,
    ]  # negative numbers stay numbers


def test_labels_option_writes_choice_labels_instead_of_codes(tmp_path):
    path = write_workbook(small_report(), tmp_path / "r.xlsx", labels=True, language="fi")
    header, *rows = read(path)["Vastaukset"]
    first = dict(zip(header, rows[0], strict=True))
    assert first["BG_GENDER"] == "Tyttö"
    assert first["Y1"] == "Kyllä"
    assert dict(zip(header, rows[1], strict=True))["A1"] == "En osaa sanoa"
    assert first["M1__1"] == 1  # an option column stays 0/1
    assert first["wave"] == "alkumittaus"  # a wave by its display name


def hostile_report() -> Report:
    """Hostile text where people's text reaches a file: item texts, choice labels, a column name, answers,
    project names, filters, scale labels and notes."""
    report = small_report()
    instrument = report.instrument
    items = tuple(
        replace(item, text=Text(fi=HOSTILE[i % 6], sv=HOSTILE[i % 6], en=HOSTILE[i % 6]))
        for i, item in enumerate(instrument.items)
    )
    gender = instrument.choice_lists["gender"]
    choices = tuple(
        replace(c, label=Text(fi=h, sv=h, en=h)) for c, h in zip(gender.choices, HOSTILE[3:], strict=True)
    )
    instrument = replace(
        instrument,
        sections=(replace(instrument.sections[0], items=items),),
        choice_lists={**instrument.choice_lists, "gender": replace(gender, choices=choices)},
    )
    responses = report.responses.with_columns({"@SUM(1)": np.arange(8.0)})
    return replace(report, instrument=instrument, responses=responses, filters=(("=1", "+1"),))


@pytest.mark.parametrize("labels", [False, True])
def test_hostile_text_stays_text_in_every_sheet(tmp_path, labels):
    path = write_workbook(hostile_report(), tmp_path / "r.xlsx", labels=labels)
    sheets = read(path)
    cells = {cell for rows in sheets.values() for row in rows for cell in row}
    for hostile in HOSTILE:
        assert hostile.replace("\r", "\n") in cells or hostile in cells, repr(hostile)  # calamine reads \r as \n
    assert "@SUM(1)" in sheets["Responses"][0] and "@SUM(1)" in {row[0] for row in sheets["Codebook"]}
    for name, xml in sheet_xml(path).items():
        if name.startswith("xl/worksheets/"):
            assert "<f>" not in xml and "<f " not in xml, f"{name} has a formula"


def test_every_part_of_the_file_is_well_formed_xml(workbook):
    for xml in sheet_xml(workbook).values():
        ElementTree.fromstring(xml.encode("utf-8"))  # raises on a broken part
    responses = ElementTree.fromstring(sheet_xml(workbook)["xl/worksheets/sheet3.xml"].encode("utf-8"))
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    assert responses.find("m:sheetViews/m:sheetView/m:pane", ns).get("topLeftCell") == "A2"  # frozen header
    assert responses.find("m:autoFilter", ns).get("ref") == "A1:U9"
    assert len(responses.findall("m:sheetData/m:row", ns)) == 9


def test_formula_like_text_gets_the_quote_prefix_style(workbook):
    xml = sheet_xml(workbook)
    styles = re.findall(r"<xf [^>]*>", xml["xl/styles.xml"].split("<cellXfs")[1])
    quoted = {i for i, xf in enumerate(styles) if 'quotePrefix="1"' in xf}
    responses = xml["xl/worksheets/sheet3.xml"]
    cell = re.search(r'<c r="B3" t="inlineStr" s="(\d+)"><is><t[^>]*>=cmd', responses)
    assert cell and int(cell.group(1)) in quoted


def test_codebook_describes_every_response_column(workbook):
    header, *rows = read(workbook)["Codebook"]
    assert header == ["Name", "Label", "Type", "Values (code = label)", "Scale", "Reversed", "Missing codes"]
    by_name = {row[0]: row for row in rows}
    assert list(by_name) == read(workbook)["Responses"][0]
    assert by_name["A3"][4:7] == ["S_A", "yes", "9 = Don't know"]
    assert by_name["A1"][3].startswith("1 = Strongly disagree; 2 = Somewhat disagree")
    assert by_name["M1__2"][1:4] == ["Grounds: Language", "choice 0/1", "0 = not chosen; 1 = chosen"]
    assert by_name["S_A_pct"][2] == "scale score 0–100"


def test_report_tables_show_suppressed_cells_as_the_marker_about_explains(workbook):
    sheets = read(workbook)
    summary_header, *summary = sheets["Summary"]
    assert summary_header[:5] == ["Scale", "Group", "Wave", "n", "Mean"]
    assert summary_header[-4:] == ["Range", "Scale code", "Breakdown variable", "Group code"]
    assert summary[0][:5] == ["Scale A", "Everyone", "baseline", 12, 3.2]
    assert summary[0][-4:] == ["1–5", "S_A", "", ""]
    assert summary[3][:5] == ["Scale A", "Gender: Girl", "follow-up", "<5", "<5"]
    assert summary[3][-3:] == ["S_A", "BG_GENDER", "1"]
    marker = ["Marker in a cell", "x", "Suppressed so that a smaller number cannot be worked out by subtraction"]
    assert marker in sheets["About"]
    assert ["Marker in a cell", "<5", "Suppressed: fewer than 5 people"] in sheets["About"]


def test_comparisons_are_named_and_read_in_words_with_the_change_in_points(workbook):
    header, paired, skipped = read(workbook)["Comparisons"]
    column = {name: header.index(name) for name in header}
    assert header[:13] == [
        "Comparison",
        "Kind of comparison",
        "Compared",
        "n (per group)",
        "Change or difference in points",
        "Change or difference, confidence interval lower",
        "Change or difference, confidence interval upper",
        "Effect size measure",
        "Effect size",
        "Effect size, confidence interval lower",
        "Effect size, confidence interval upper",
        "p-value",
        "Adjusted p-value",
    ]
    assert paired[:4] == ["Scale A", "Waves compared, the same respondents", "baseline – follow-up", 12]
    assert paired[column["Change or difference in points"]] == 0.4
    assert paired[column["Effect size measure"]] == "Cohen's d_z"
    assert paired[column["Test"]] == "Paired t test"
    assert [paired[column["p-value"]], paired[column["Adjusted p-value"]]] == [0.03, 0.06]
    assert paired[-2:] == ["S_A", ""]  # the codes that link the row to the Responses sheet come last
    assert skipped[:4] == ["Scale A", "Groups compared", "Girl – Boy", "7; <5"]
    assert skipped[column["The result in words"]] == "Not computed: too small"
    assert skipped[column["Groups left out (hidden)"]] == "Other"
    assert skipped[-2:] == ["S_A", "BG_GENDER"]


def test_about_says_what_when_by_whom_and_how_to_cite(workbook):
    about = {row[0]: row[1:] for row in read(workbook)["About"] if row}
    assert about["Instrument"][0] == "Small (small)"
    assert about["Projects"][0] == f"Nuorten ääni; {HOSTILE[0]}"
    assert about["Waves"][0] == "baseline; follow-up"
    assert "Welch's t test" in about["Methods"][0] and "paired t test" in about["Methods"][0]
    assert about["Filters"][0] == "project: +1"
    assert about["Made at (UTC)"][0] == datetime(2026, 11, 28, 10, 0)
    assert about["Made by"][0] == "evaluator@example.org"
    assert about["Suppression threshold"][0] == 5
    assert "Holm" in about["Methods"][0] or "holm" in about["Methods"][0]
    assert about["How to cite"][0] == "Small (small@1.0). Arvio workbook, made 2026-11-28."


def test_charts_are_native_and_refer_to_cells_that_hold_their_figures(workbook):
    xml = sheet_xml(workbook)
    charts = [body for name, body in sorted(xml.items()) if name.startswith("xl/charts/chart")]
    assert len(charts) == 2  # S_A means by group and wave; A1 and A2 in the baseline (none in the follow-up)
    assert "<errBars>" in charts[0] and '<errValType val="cust" />' in charts[0]
    assert '<grouping val="stacked" />' in charts[1]
    values = read(workbook)["Charts"]
    refs = [ref for chart in charts for ref in re.findall(r"<f>([^<]+)</f>", chart)]
    assert len(refs) == 2 * 4 + 7 * 2  # means: 2 waves x (minus, plus, categories, values); items: 7 x 2
    for ref in refs:
        sheet, cells = ref.rsplit("!", 1)
        assert sheet == "'Charts'"
        corners = re.fullmatch(r"\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?", cells).groups()
        last_column, last_row = corners[2] or corners[0], int(corners[3] or corners[1])
        assert last_row <= len(values) and ord(last_column) - 64 <= len(values[last_row - 1]), ref
    means = next(row for row in values if row and row[0] == "Everyone")
    assert means[1:7] == pytest.approx([3.2, 0.5, 0.5, 3.6, 0.5, 0.5])
    gender = next(row for row in values if row and str(row[0]).startswith("Gender: Girl"))
    assert gender[0] == "Gender: Girl (hidden: follow-up)" and gender[4] == ""  # hidden, and said so


def test_aggregates_only_workbook_leaves_out_the_responses(tmp_path):
    path = write_workbook(small_report(), tmp_path / "r.xlsx", include_responses=False)
    assert "Responses" not in CalamineWorkbook.from_path(str(path)).sheet_names


def test_too_many_rows_for_excel_is_refused_before_anything_is_written(tmp_path):
    def chunks():
        raise AssertionError("no row should be read")
        yield

    path = tmp_path / "big.xlsx"
    with pytest.raises(ExportError, match=r"1048576 responses do not fit .* CSV"):
        write_workbook(small_report(), path, responses=ResponseStream(count=1_048_576, chunks=chunks()))
    assert list(tmp_path.iterdir()) == []


def test_a_failed_export_leaves_the_previous_file_untouched(tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"previous")
    short = ResponseStream(count=20, chunks=[responses_table(8)])
    with pytest.raises(ExportError, match="announced 20 rows but gave 8"):
        write_workbook(small_report(), path, responses=short)
    assert path.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]


def test_streamed_chunks_give_the_same_sheet_as_one_table(tmp_path):
    table = responses_table(30)
    parts = [table.select(slice(i, i + 7)) for i in range(0, 30, 7)]
    one = write_workbook(small_report(30), tmp_path / "one.xlsx")
    streamed = write_workbook(small_report(30), tmp_path / "s.xlsx", responses=ResponseStream(30, parts))
    assert read(one)["Responses"] == read(streamed)["Responses"]


def test_a_report_without_responses_still_makes_a_complete_workbook(tmp_path):
    empty = replace(small_report(), responses=responses_table(8).select(np.zeros(8, dtype=bool)), n_responses=0)
    path = write_workbook(empty, tmp_path / "r.xlsx")
    sheets = read(path)
    assert sheets["Responses"][0][0] == "response_id" and len(sheets["Responses"]) == 1
    assert len(sheets["Codebook"]) == len(sheets["Responses"][0]) + 1
