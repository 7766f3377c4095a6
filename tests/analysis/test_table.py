import numpy as np
import pytest

from analysis.errors import AnalysisError
from analysis.response_table import ResponseTable, as_column, read_table
from analysis.validation import prepare
from tests.analysis.small_instrument import small_instrument


def test_numbers_and_empty_cells_make_a_numeric_column():
    np.testing.assert_array_equal(as_column([1, "2", " 3,5 ", "", None]), [1.0, 2.0, 3.5, np.nan, np.nan])


def test_any_text_makes_a_text_column():
    assert as_column(["A", 2, None]).tolist() == ["A", "2", ""]


def test_columns_of_different_lengths_are_refused():
    with pytest.raises(AnalysisError, match="different lengths"):
        ResponseTable.from_columns({"a": [1, 2], "b": [1]})


def test_unknown_column_is_named():
    with pytest.raises(AnalysisError, match="'nope'"):
        ResponseTable.from_columns({"a": [1]})["nope"]


def test_select_keeps_every_column():
    table = ResponseTable.from_columns({"g": ["x", "y", "x"], "v": [1, 2, 3]})
    picked = table.select(table["g"] == "x")
    assert picked["g"].tolist() == ["x", "x"]
    np.testing.assert_array_equal(picked["v"], [1.0, 3.0])


def test_unknown_item_like_column_and_empty_column_are_warnings():
    table = ResponseTable.from_columns({"A1": [None, None], "ZZ_9": [1, 2], "project": ["p", "p"]})
    _, warnings = prepare(table, small_instrument())
    assert [(w.code, w.subject) for w in warnings] == [("no_answers", "A1"), ("unknown_column", "ZZ_9")]
    assert "ZZ_9" in warnings[1].text.get("sv")


def test_multiple_choice_cells_must_be_0_or_1():
    table = ResponseTable.from_columns({"M1__1": [0, 1, 2]})
    with pytest.raises(AnalysisError, match=r"'M1__1'.*\(row 3\)"):
        prepare(table, small_instrument())


def test_number_outside_bounds_is_an_error():
    with pytest.raises(AnalysisError, match=r"'BG_AGE'.*13..29.*\(row 2\)"):
        prepare(ResponseTable.from_columns({"BG_AGE": [15, 40]}), small_instrument())


def test_non_numeric_number_answer_is_an_error():
    with pytest.raises(AnalysisError, match=r"'BG_AGE' has non-numeric answers \(row 1\)"):
        prepare(ResponseTable.from_columns({"BG_AGE": ["fifteen", 15]}), small_instrument())


def test_empty_table_is_an_error():
    with pytest.raises(AnalysisError, match="no rows"):
        prepare(ResponseTable.from_columns({"A1": []}), small_instrument())


# --- reading files -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        'project,A1,T1\nP1,4,"hello, world"\nP2,,x\n',
        "\ufeffproject;A1;T1\r\nP1;4;hello, world\r\nP2;;x\r\n",
    ],
    ids=["comma", "semicolon-bom-crlf"],
)
def test_csv_with_comma_or_semicolon_and_optional_bom(tmp_path, content):
    path = tmp_path / "responses.csv"
    path.write_bytes(content.encode("utf-8"))
    table = read_table(path)
    assert table.names == ("project", "A1", "T1")
    np.testing.assert_array_equal(table["A1"], [4.0, np.nan])
    assert table["T1"].tolist() == ["hello, world", "x"]


def test_csv_as_excel_writes_it_in_windows_1252_is_read_with_a_note(tmp_path):
    from analysis.reading import read_responses

    path = tmp_path / "excel.csv"
    path.write_bytes("project;T1\r\nA;ok\r\nB;hyvä – €\r\n".encode("cp1252"))
    found = read_responses(path)
    assert found.table["T1"].tolist() == ["ok", "hyvä – €"]
    assert found.notes == (
        "excel.csv: not UTF-8 (row 3): read as Windows-1252, as Excel writes plain CSV; check the letters ä, ö "
        "and å, or save the file as CSV UTF-8",
    )


def test_csv_in_neither_utf8_nor_windows_1252_names_the_row(tmp_path):
    path = tmp_path / "other.csv"
    path.write_bytes(b"project;T1\nA;ok\nB;\x81\xff\n")
    with pytest.raises(AnalysisError, match=r"other\.csv: row 3 is not UTF-8"):
        read_table(path)


def test_row_longer_than_the_header_is_named(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("project,A1\nP,1\nP,2,3\n", encoding="utf-8")
    with pytest.raises(AnalysisError, match="row 3 has more cells than the header"):
        read_table(path)


def test_duplicate_and_empty_header_names_are_refused(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("A1,A1\n1,2\n", encoding="utf-8")
    with pytest.raises(AnalysisError, match="'A1' appears twice"):
        read_table(path)
    path.write_text("A1,,B1\n1,2,3\n", encoding="utf-8")
    with pytest.raises(AnalysisError, match="column 2 of the header row has no name"):
        read_table(path)


def test_header_without_responses_is_a_clear_error(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("project;A1\n", encoding="utf-8")
    with pytest.raises(AnalysisError, match="header row but no responses"):
        read_table(path)
    path.write_text("", encoding="utf-8")
    with pytest.raises(AnalysisError, match="the file is empty"):
        read_table(path)


def test_other_suffix_and_missing_file_are_clear_errors(tmp_path):
    with pytest.raises(AnalysisError, match=r"r\.dta: responses must be a CSV file .*, not \.dta"):
        read_table(tmp_path / "r.dta")
    with pytest.raises(AnalysisError, match="cannot read the file"):
        read_table(tmp_path / "missing.csv")


def test_xlsx_reads_the_responses_sheet_by_its_finnish_name(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "Kansi"
    workbook.active.append(["not", "this"])
    sheet = workbook.create_sheet("Vastaukset")
    sheet.append(["project", "A1", "A2"])
    sheet.append(["P1", 5, "Strongly agree"])
    sheet.append(["P2", None, None])
    path = tmp_path / "r.xlsx"
    workbook.save(path)
    table = read_table(path)
    assert table["project"].tolist() == ["P1", "P2"]
    np.testing.assert_array_equal(table["A1"], [5.0, np.nan])
    assert table["A2"].tolist() == ["Strongly agree", ""]


def test_broken_xlsx_is_a_clear_error(tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"not a zip file")
    with pytest.raises(AnalysisError, match=r"r\.xlsx: not a readable workbook"):
        read_table(path)


def test_text_codes_survive_a_spreadsheet_reading_them_as_numbers():
    # "01" typed into Excel comes back as 1; labels work too
    table, _ = prepare(
        ResponseTable.from_columns({"BG_COUNTY": [1, "02", "County 03", None]}), small_instrument(county=True)
    )
    assert table["BG_COUNTY"].tolist() == ["01", "02", "03", ""]


def test_unknown_text_code_names_column_and_rows():
    with pytest.raises(AnalysisError, match=r"'BG_COUNTY'.*'99'.*rows 2, 3"):
        prepare(ResponseTable.from_columns({"BG_COUNTY": ["01", "99", "99"]}), small_instrument(county=True))


def test_stored_answers_expand_multiple_choice_into_option_columns():
    rows = [{"project": "P", "M1": [1, 3], "A1": 4}, {"project": "P", "M1": None, "A1": None}, {"M1": [2]}]
    table = ResponseTable.from_answers(rows, small_instrument())
    assert table.names == ("project", "M1__1", "M1__2", "M1__3", "A1")
    np.testing.assert_array_equal(table["M1__1"], [1.0, np.nan, 0.0])
    np.testing.assert_array_equal(table["M1__3"], [1.0, np.nan, 0.0])
    assert table["project"].tolist() == ["P", "P", ""]
