"""CSV (wide, long, semicolon) and SPSS files, read back with the csv module and pyreadstat; safe names."""

from __future__ import annotations

import csv
import math
import os
from dataclasses import replace
from datetime import datetime

import pyreadstat
import pytest

from analysis.export import EXPORTERS, ExportError, export, write_csv_wide
from analysis.export.safe import INVISIBLE, atomic_path, csv_text, safe_filename, sheet_title, xlsx_text
from instruments.model import Text
from tests.analysis.test_export import HOSTILE, hostile_report, read, sheet_xml, small_report


def read_csv(path, delimiter=","):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark for Excel"
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=delimiter))


def test_wide_csv_has_the_responses_sheet_columns_and_values(tmp_path):
    path = export(small_report(), "csv", tmp_path / "r.csv")
    header, *rows = read_csv(path)
    assert header[:6] == ["response_id", "project", "collection", "wave", "submitted_at", "language"]
    assert "M1__2" in header and header[-3:] == ["S_A", "S_A_pct", "S_B"]
    first = dict(zip(header, rows[0], strict=True))
    assert first["submitted_at"] == "2026-03-01 08:30:00"
    assert first["BG_GENDER"] == "1" and first["S_A"] == "3.5"
    assert dict(zip(header, rows[2], strict=True))["S_A"] == "-1.25"  # a negative number is not escaped
    assert dict(zip(header, rows[2], strict=True))["A1"] == ""
    assert len(rows) == 8


def test_semicolon_csv_uses_decimal_commas_for_excel_in_finnish(tmp_path):
    path = export(small_report(), "csv-semicolon", tmp_path / "r.csv")
    header, *rows = read_csv(path, delimiter=";")
    first = dict(zip(header, rows[0], strict=True))
    assert first["S_A"] == "3,5" and first["S_A_pct"] == "62,5" and first["BG_AGE"] == "15"


def test_long_csv_has_one_row_per_answer(tmp_path):
    path = export(small_report(), "csv-long", tmp_path / "r.csv")
    header, *rows = read_csv(path)
    assert header == ["response", "item", "value"]
    r0 = {item: value for response, item, value in rows if response == "r0"}
    assert r0["A1"] != "" and r0["M1__1"] == "1" and r0["S_A"] == "3.5"
    assert "A1" not in {item for response, item, _ in rows if response == "r2"}  # not answered: no row
    assert "project" not in {item for _, item, _ in rows}


@pytest.mark.parametrize("name", ["csv", "csv-semicolon", "csv-long"])
@pytest.mark.parametrize("labels", [False, True])
def test_hostile_text_in_csv_gets_an_apostrophe(tmp_path, name, labels):
    delimiter = ";" if name == "csv-semicolon" else ","
    path = export(hostile_report(), name, tmp_path / "r.csv", labels=labels)
    cells = {cell for row in read_csv(path, delimiter) for cell in row}
    assert not [cell for cell in cells if cell.startswith(("=", "+", "@", "\t", "\r"))]
    assert not [cell for cell in cells if cell.startswith("-") and not _is_number(cell)]
    escaped = {"'" + hostile.strip() for hostile in HOSTILE[:4]}  # the table strips answers' outer whitespace
    assert escaped <= cells
    if name != "csv-long":
        assert "'@SUM(1)" in cells  # a hostile column name in the header
    if labels:
        assert {"'@SUM(1)", "'\t=1", "'\r=1"} <= cells  # hostile choice labels as values


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def test_unknown_csv_dialect_and_format_are_refused(tmp_path):
    with pytest.raises(ExportError, match="unknown export format 'pdf'"):
        export(small_report(), "pdf", tmp_path / "r.pdf")
    report = small_report()
    with pytest.raises(ExportError, match="unknown CSV dialect"):
        write_csv_wide(report.instrument, report.responses, tmp_path / "r.csv", dialect="tab")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("language", "label"), [("fi", "Kokemus (fi)"), ("sv", "Kokemus (sv)")])
def test_spss_file_has_variable_and_value_labels_in_the_language(tmp_path, language, label):
    path = export(small_report(), "sav", tmp_path / "r.sav", language=language)
    frame, meta = pyreadstat.read_sav(str(path), user_missing=True)
    assert list(frame.columns[:6]) == ["response_id", "project", "collection", "wave", "submitted_at", "language"]
    labels = dict(zip(meta.column_names, meta.column_labels, strict=True))
    assert labels["Y1"] == f"Experienced ({language})"
    assert labels["A1"] == f"A1 ({language})"
    assert meta.variable_value_labels["BG_GENDER"] == {
        1.0: "Tyttö" if language == "fi" else "Flicka",
        2.0: "Poika" if language == "fi" else "Pojke",
        3.0: "Muu" if language == "fi" else "Annat",
    }
    assert meta.missing_ranges["A1"] == [{"lo": 9.0, "hi": 9.0}]
    assert meta.variable_measure["A1"] == "ordinal" and meta.variable_measure["S_A"] == "scale"
    assert frame["S_A"].tolist()[:3] == [3.5, 2.0, -1.25]
    assert frame["A1"][1] == 9 and math.isnan(frame["A1"][2])
    assert frame["submitted_at"][0] == datetime(2026, 3, 1, 8, 30)
    assert frame["T1"][0] == HOSTILE[0]
    assert label  # the parameter names the case


def test_spss_names_are_valid_and_the_original_name_is_kept_in_the_label(tmp_path):
    path = export(hostile_report(), "sav", tmp_path / "r.sav", language="en")
    frame, meta = pyreadstat.read_sav(str(path))
    labels = dict(zip(meta.column_names, meta.column_labels, strict=True))
    assert "SUM_1" in frame.columns and labels["SUM_1"] == "@SUM(1): @SUM(1)"
    assert frame["SUM_1"].tolist() == [float(i) for i in range(8)]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\boot.ini", "boot.ini"),
        ("raportti\x00\r\n.xlsx", "raportti.xlsx"),
        ("Jämförelse: Åland & Öst.csv", "Jamforelse_Aland_Ost.csv"),
        ("=cmd|' calc'.csv", "cmd_calc.csv"),
        ("", "arvio"),
    ],
)
def test_safe_filename_has_no_path_control_characters_or_non_ascii(name, expected):
    assert safe_filename(name) == expected


@pytest.mark.parametrize("hostile", HOSTILE)
def test_sheet_titles_never_start_like_a_formula(hostile):
    title = sheet_title(hostile + "Tulokset")
    assert title.endswith("Tulokset") and not title.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert len(sheet_title("x" * 40)) == 31 and "/" not in sheet_title("a/b[c]:d*e?f\\g")


def test_atomic_path_keeps_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "r.csv"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        temporary.write_text("half")
        raise RuntimeError("disk full")
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["r.csv"]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_exporter_has_a_safe_download_name_of_its_own(language):
    names = {name: e.filename("Nuoret / kevät", language) for name, e in EXPORTERS.items()}
    plain = {name: e.filename("Nuoret / kevät", language, ascii_only=True) for name, e in EXPORTERS.items()}
    assert len(set(names.values())) == len(set(plain.values())) == len(EXPORTERS)  # no two downloads alike
    assert all(name.startswith("Nuoret_kevät_") and "/" not in name and " " not in name for name in names.values())
    assert all(name.isascii() and name.startswith("Nuoret_kevat_") for name in plain.values())
    if language == "fi":
        assert names == {
            "xlsx": "Nuoret_kevät_tulokset.xlsx",
            "csv": "Nuoret_kevät_vastaukset.csv",
            "csv-semicolon": "Nuoret_kevät_vastaukset_puolipiste.csv",
            "csv-long": "Nuoret_kevät_vastaukset_pitkä.csv",
            "sav": "Nuoret_kevät_vastaukset.sav",
        }


def test_exported_files_get_the_usual_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        path = export(small_report(), "csv", tmp_path / "r.csv")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644


# Invisible characters that change how text reads ------------------------------------------------------------

TROJAN = ("Tytt\u202eö", "\u200b=1+1", "Poi\u2066ka\u2069\ufeff")
"""Choice labels with a right-to-left override, a zero-width space hiding a formula, an isolate and a BOM."""


def trojan_report():
    report = small_report()
    gender = report.instrument.choice_lists["gender"]
    choices = tuple(replace(c, label=Text(fi=h, sv=h, en=h)) for c, h in zip(gender.choices, TROJAN, strict=True))
    lists = {**report.instrument.choice_lists, "gender": replace(gender, choices=choices)}
    return replace(report, instrument=replace(report.instrument, choice_lists=lists))


@pytest.mark.parametrize("name", ["csv", "csv-semicolon", "csv-long", "xlsx"])
def test_invisible_characters_never_reach_a_file(tmp_path, name):
    path = export(trojan_report(), name, tmp_path / f"r.{name}", labels=True)
    if name == "xlsx":
        text = "".join(sheet_xml(path).values())
        cells = {cell for rows in read(path).values() for row in rows for cell in row}
        assert {"Tyttö", "=1+1", "Poika"} <= cells  # text, and "=1+1" a text cell (the quote prefix style)
    else:
        text = path.read_text(encoding="utf-8-sig")  # the file's own byte order mark (for Excel) aside
        cells = {cell for row in read_csv(path, ";" if "semicolon" in name else ",") for cell in row}
        assert {"Tyttö", "'=1+1", "Poika"} <= cells  # the formula hidden behind a zero-width space is escaped
    assert not INVISIBLE & set(text)


def test_invisible_characters_never_reach_an_spss_file(tmp_path):
    path = export(trojan_report(), "sav", tmp_path / "r.sav")
    data, meta = pyreadstat.read_sav(str(path))
    value_labels = [label for labels in meta.variable_value_labels.values() for label in labels.values()]
    texts = [*meta.column_labels, *value_labels]
    texts += [str(value) for column in data.columns if data[column].dtype == object for value in data[column]]
    assert "Tyttö" in texts and not INVISIBLE & set("".join(texts))


@pytest.mark.parametrize("character", sorted(INVISIBLE))
def test_each_invisible_character_is_removed_from_csv_and_xlsx_text(character):
    assert csv_text(f"a{character}b") == "ab" and xlsx_text(f"a{character}b") == "ab"
    assert csv_text(f"{character}@SUM(1)") == "'@SUM(1)"


def test_the_list_covers_the_overrides_isolates_and_zero_width_characters():
    wanted = {*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A)), *map(chr, range(0x200B, 0x2010)),
              "\ufeff", "\u2060"}  # fmt: skip
    assert wanted <= INVISIBLE
