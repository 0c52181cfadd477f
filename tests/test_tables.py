"""Tests for geo_planner.sources.tables: reading CSV/XLSX files and parsing numbers."""

from __future__ import annotations

import dataclasses
import io
import math
import zipfile
from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo_planner.errors import InputError, Problem
from geo_planner.sources.tables import TableRead, parse_number, read_table, to_numeric

# --------------------------------------------------------------------------- helpers

def write_bytes(tmp_path: Path, filename: str, content: bytes) -> Path:
    path = tmp_path / filename
    path.write_bytes(content)
    return path


def save_workbook(book: openpyxl.Workbook, tmp_path: Path, filename: str = "data.xlsx") -> Path:
    path = tmp_path / filename
    book.save(path)
    return path


@pytest.fixture
def bps_workbook(tmp_path: Path) -> Path:
    """A BPS-style sheet: merged titles, a two-row merged header, a column-number row, notes below."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Tabel 1"
    ws["A1"] = "Persentase Penduduk Miskin Menurut Kabupaten/Kota di Kalimantan Timur"
    ws.merge_cells("A1:D1")
    ws["A2"] = "2021-2023"
    ws.merge_cells("A2:D2")
    ws["A3"] = "Kabupaten/\nKota"
    ws.merge_cells("A3:A4")
    ws["B3"] = "Persentase Penduduk Miskin (%)"
    ws.merge_cells("B3:D3")
    ws["B4"], ws["C4"], ws["D4"] = 2021, 2022, 2023
    for col, text in zip("ABCD", ["(1)", "(2)", "(3)", "(4)"], strict=True):
        ws[f"{col}5"] = text
    ws.append(["Paser", 9.0, 9.02, 8.78])
    ws.append(["Kutai Barat", 9.12, "abc", 8.43])
    ws.append(["Balikpapan", 2.57, 2.41, "-"])
    ws["A10"] = "Sumber: BPS Provinsi Kalimantan Timur"
    ws.merge_cells("A10:D10")
    ws["A11"] = "Catatan: angka 2023 sementara"
    return save_workbook(book, tmp_path, "kemiskinan.xlsx")


# --------------------------------------------------------------------------- CSV

def test_csv_utf8_comma(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "miskin.csv", b"kabupaten,persen\nPaser,9.02\nBerau,5.1\n")
    table = read_table(path)
    assert table.name == "miskin.csv"
    assert table.sheet is None
    assert table.encoding == "utf-8"
    assert table.delimiter == ","
    assert table.header_row == 1
    assert table.row_numbers == [2, 3]
    assert list(table.data.columns) == ["kabupaten", "persen"]
    assert table.data["persen"].tolist() == ["9.02", "5.1"]


def test_csv_utf8_bom_semicolon_decimal_comma(tmp_path: Path) -> None:
    content = "\ufeffKabupaten/Kota;Persentase;Jumlah\nPaser;9,02;25.610\nKutai Kartanegara;7,29;\n"
    table = read_table(write_bytes(tmp_path, "bom.csv", content.encode("utf-8")))
    assert table.encoding == "utf-8-sig"
    assert table.delimiter == ";"
    assert list(table.data.columns) == ["Kabupaten/Kota", "Persentase", "Jumlah"]
    assert table.data["Persentase"].tolist() == ["9,02", "7,29"]
    assert table.data["Jumlah"].iloc[0] == "25.610"
    assert pd.isna(table.data["Jumlah"].iloc[1])


def test_csv_windows_1252_tab(tmp_path: Path) -> None:
    content = "Kecamatan\tCatatan\nSungai Kunjang\tcafé – baru\n".encode("cp1252")
    table = read_table(write_bytes(tmp_path, "win.txt", content))
    assert table.encoding == "cp1252"
    assert table.delimiter == "\t"
    assert table.data["Catatan"].iloc[0] == "café – baru"


def test_csv_undecodable_bytes_do_not_crash(tmp_path: Path) -> None:
    # 0x81 is undefined in Windows-1252 and invalid in UTF-8.
    table = read_table(write_bytes(tmp_path, "odd.csv", b"a;b\nx\x81y;1\n"))
    assert table.encoding == "cp1252"
    assert table.data["a"].iloc[0].startswith("x")


def test_csv_title_rows_and_notes_are_dropped(tmp_path: Path) -> None:
    content = (
        "Tabel 1. Penduduk Miskin, 2023;;\n"
        ";;\n"
        "Kab;Persen;Jumlah\n"
        "Paser;9,02;25.610\n"
        "Berau;5,1;x\n"
        ";;\n"
        "Sumber: BPS, 2023;;\n"
        "Angka sementara;;\n"
    )
    table = read_table(write_bytes(tmp_path, "bps.csv", content.encode()))
    assert table.delimiter == ";"
    assert table.header_row == 3
    assert table.row_numbers == [4, 5]
    assert table.data["Kab"].tolist() == ["Paser", "Berau"]
    assert table.dropped_rows == [
        (1, "title above the header"),
        (2, "blank"),
        (6, "blank"),
        (7, "note below the table"),
        (8, "note below the table"),
    ]


def test_csv_utf16_from_excel_unicode_text(tmp_path: Path) -> None:
    content = "unit\tpersen\nSamarinda\t4,5\n".encode("utf-16")  # with BOM, as Excel writes it
    table = read_table(write_bytes(tmp_path, "unicode.txt", content))
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert table.data["persen"].tolist() == ["4,5"]


def test_csv_quoted_title_containing_the_delimiter(tmp_path: Path) -> None:
    # Excel quotes a title cell that contains the delimiter, so it stays one cell.
    content = b'"Persentase Penduduk Miskin, 2023",,\nkab,persen,jumlah\nPaser,9.02,25610\n'
    table = read_table(write_bytes(tmp_path, "title.csv", content))
    assert table.header_row == 2
    assert list(table.data.columns) == ["kab", "persen", "jumlah"]


def test_csv_single_cell_row_inside_table_is_kept(tmp_path: Path) -> None:
    content = b"unit;value\nA;1\nB\nC;3\n"
    table = read_table(write_bytes(tmp_path, "gap.csv", content))
    assert table.data["unit"].tolist() == ["A", "B", "C"]
    assert table.row_numbers == [2, 3, 4]


def test_csv_village_named_sumber_is_not_a_note(tmp_path: Path) -> None:
    content = b"desa;persen\nSumber Sari;4,5\nSumber Rejo;3,1\n"
    table = read_table(write_bytes(tmp_path, "desa.csv", content))
    assert table.data["desa"].tolist() == ["Sumber Sari", "Sumber Rejo"]


def test_csv_column_names_cleaned_and_unique(tmp_path: Path) -> None:
    content = b'x,x,,"  Persentase\nMiskin  ",x_2\n1,2,3,4,5\n'
    table = read_table(write_bytes(tmp_path, "names.csv", content))
    assert list(table.data.columns) == ["x", "x_2", "column_3", "Persentase Miskin", "x_2_2"]


def test_csv_empty_trailing_columns_are_dropped(tmp_path: Path) -> None:
    table = read_table(write_bytes(tmp_path, "pad.csv", b"a;b;;\n1;2;;\n"))
    assert list(table.data.columns) == ["a", "b"]


def test_csv_excel_sep_line(tmp_path: Path) -> None:
    table = read_table(write_bytes(tmp_path, "sep.csv", b"sep=;\r\na;b\r\n1,5;2\r\n"))
    assert table.delimiter == ";"
    assert table.header_row == 1
    assert table.row_numbers == [2]
    assert table.data["a"].iloc[0] == "1,5"


def test_csv_quoted_decimal_comma_with_comma_delimiter(tmp_path: Path) -> None:
    table = read_table(write_bytes(tmp_path, "q.csv", b'unit,rate\nPaser,"9,02"\nBerau,"5,1"\n'))
    assert table.delimiter == ","
    assert table.data["rate"].tolist() == ["9,02", "5,1"]


def test_cells_are_strings_not_guessed(tmp_path: Path) -> None:
    table = read_table(write_bytes(tmp_path, "codes.csv", b"kode,nilai\n6401,007\n6402,1.500\n"))
    assert table.data["kode"].tolist() == ["6401", "6402"]
    assert table.data["nilai"].tolist() == ["007", "1.500"]


def test_buffer_with_name_attribute() -> None:
    class Upload(io.BytesIO):
        name = "upload.csv"

    upload = Upload(b"a;b\n1;2\n")
    upload.read()  # already consumed once, as Streamlit widgets sometimes do
    table = read_table(upload)
    assert table.name == "upload.csv"
    assert table.data["b"].tolist() == ["2"]


def test_buffer_without_name_and_explicit_name() -> None:
    assert read_table(io.BytesIO(b"a,b\n1,2\n")).name == "uploaded file"
    assert read_table(io.BytesIO(b"a,b\n1,2\n"), name="mine.csv").name == "mine.csv"


def test_path_given_as_str(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "s.csv", b"a,b\n1,2\n")
    assert read_table(str(path)).data.shape == (1, 2)


def test_table_read_is_frozen(tmp_path: Path) -> None:
    table = read_table(write_bytes(tmp_path, "f.csv", b"a,b\n1,2\n"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        table.name = "other"  # type: ignore[misc]


# --------------------------------------------------------------------------- errors

def assert_input_error(source: object, *fragments: str, **kwargs: object) -> InputError:
    with pytest.raises(InputError) as info:
        read_table(source, **kwargs)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message
    return info.value


def test_text_file_named_xlsx(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "laporan.xlsx", b"a;b\n1;2\n")
    error = assert_input_error(path, "laporan.xlsx", "plain text", "rename it to .csv", "save it as .xlsx")
    assert error.file == "laporan.xlsx"


def test_empty_file(tmp_path: Path) -> None:
    assert_input_error(write_bytes(tmp_path, "kosong.csv", b""), "kosong.csv", "empty", "export the table again")
    assert_input_error(write_bytes(tmp_path, "blank.csv", b"\xef\xbb\xbf \r\n"), "blank.csv", "empty")


def test_file_over_max_bytes(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "besar.csv", b"a,b\n" + b"1,2\n" * 500)
    assert_input_error(path, "besar.csv", "larger than the limit of 0.001 MB", "split", max_bytes=1000)
    assert_input_error(io.BytesIO(path.read_bytes()), "b.csv", "larger than the limit", max_bytes=1000, name="b.csv")
    assert read_table(path, max_bytes=None).data.shape == (500, 2)


def test_legacy_xls(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "lama.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert_input_error(path, "lama.xls", "Excel 97-2003", "save it as .xlsx or CSV")


def test_html_saved_as_xls(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "bps.xls", b"<html><table><tr><td>a</td></tr></table></html>")
    assert_input_error(path, "bps.xls", "ends in .xls", "plain text")


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data.csv", "a,b\n1,2\n")
    assert_input_error(write_bytes(tmp_path, "data.zip", buffer.getvalue()), "data.zip", "ZIP archive", "extract")


def test_binary_file(tmp_path: Path) -> None:
    assert_input_error(write_bytes(tmp_path, "img.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00"), "img.csv", "neither")


def test_missing_file(tmp_path: Path) -> None:
    assert_input_error(tmp_path / "nope.csv", "nope.csv", "not found", "check the path")


def test_no_table(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "teks.csv", b"hanya satu kolom\nbaris dua\n")
    assert_input_error(path, "teks.csv", "no table", "one row above the data")


def test_wrong_source_type() -> None:
    with pytest.raises(TypeError):
        read_table(12345)


# --------------------------------------------------------------------------- XLSX

def test_xlsx_bps_layout(bps_workbook: Path) -> None:
    table = read_table(bps_workbook)
    assert table.sheet == "Tabel 1"
    assert table.encoding is None and table.delimiter is None
    assert table.header_row == 3
    assert list(table.data.columns) == [
        "Kabupaten/ Kota",
        "Persentase Penduduk Miskin (%) 2021",
        "Persentase Penduduk Miskin (%) 2022",
        "Persentase Penduduk Miskin (%) 2023",
    ]
    assert table.row_numbers == [6, 7, 8]
    assert table.data.iloc[0].tolist() == ["Paser", "9", "9,02", "8,78"]
    assert table.dropped_rows == [
        (1, "title above the header"),
        (2, "title above the header"),
        (5, "column numbers below the header"),
        (9, "blank"),
        (10, "note below the table"),
        (11, "note below the table"),
    ]


def test_xlsx_problem_row_numbers_match_excel(bps_workbook: Path) -> None:
    table = read_table(bps_workbook)
    column = "Persentase Penduduk Miskin (%) 2022"
    values, problems = to_numeric(table, column, kind="rate")
    assert values.tolist()[0] == pytest.approx(9.02)
    assert math.isnan(values.iloc[1])
    assert problems == [
        Problem("'abc' is not a number; write a number such as 5,17 or leave the cell empty",
                file="kemiskinan.xlsx", row=7, column=column)
    ]


def test_xlsx_three_title_rows_problem_on_row_6(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["BADAN PUSAT STATISTIK"])
    ws.append(["Provinsi Kalimantan Timur"])
    ws.append(["Jumlah Rumah Tangga Miskin"])
    ws.append(["Kecamatan", "Rumah tangga"])
    ws.append(["Samarinda Ulu", 1200])
    ws.append(["Samarinda Ilir", "12,5"])
    ws.append(["Sungai Kunjang", "-3"])
    table = read_table(save_workbook(book, tmp_path, "rt.xlsx"))
    assert table.header_row == 4
    assert table.row_numbers == [5, 6, 7]
    values, problems = to_numeric(table, "Rumah tangga", kind="count")
    assert values.iloc[0] == 1200.0
    assert values.isna().tolist() == [False, True, True]
    assert [(p.row, p.file, p.column) for p in problems] == [
        (6, "rt.xlsx", "Rumah tangga"),
        (7, "rt.xlsx", "Rumah tangga"),
    ]
    assert "count 12,5 is not a whole number" in problems[0].message
    assert "count -3 is negative" in problems[1].message


def test_xlsx_uncalculated_formula_is_missing(tmp_path: Path) -> None:
    # openpyxl writes formulas without a cached value; read with data_only=True such a cell
    # is None. Excel/LibreOffice would store the computed value, which the reader returns.
    # The reader must treat the uncalculated cell as missing, never as the text "=B2*2".
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["unit", "base", "double"])
    ws.append(["A", 2, "=B2*2"])
    ws.append(["B", 3, 6])
    table = read_table(save_workbook(book, tmp_path, "formula.xlsx"))
    assert pd.isna(table.data["double"].iloc[0])
    assert table.data["double"].iloc[1] == "6"
    assert not table.data.astype("str").apply(lambda col: col.str.startswith("=")).any().any()


def test_xlsx_cell_types_are_written_exactly(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["unit", "small", "percent", "day", "flag", "big"])
    ws.append(["A", 1.234, 0.0517, date(2023, 3, 1), True, 221340])
    ws["C2"].number_format = "0.00%"
    table = read_table(save_workbook(book, tmp_path, "types.xlsx"))
    row = table.data.iloc[0]
    assert row.tolist() == ["A", "1,234", "5,17%", "2023-03-01 00:00:00", "TRUE", "221340"]
    assert parse_number(row["small"]) == 1.234  # not 1234: numeric cells are never re-grouped
    assert parse_number(row["percent"]) == pytest.approx(5.17)
    assert parse_number(row["big"]) == 221340.0


def test_xlsx_two_sheets(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    info = book.active
    info.title = "Keterangan"
    info.append(["Data ini berasal dari Susenas."])
    data = book.create_sheet("Data")
    data.append(["unit", "nilai"])
    data.append(["A", 1])
    other = book.create_sheet("Lain")
    other.append(["kode", "jumlah"])
    other.append(["B", 2])
    path = save_workbook(book, tmp_path, "dua.xlsx")

    assert read_table(path).sheet == "Data"  # first sheet holding a table
    assert read_table(path, sheet="Lain").data["kode"].tolist() == ["B"]
    assert read_table(path, sheet=" lain ").sheet == "Lain"
    assert read_table(path, sheet=1).sheet == "Data"
    assert_input_error(path, "dua.xlsx", "no sheet named 'Rekap'", "'Keterangan', 'Data', 'Lain'", sheet="Rekap")
    assert_input_error(path, "no sheet number 5", sheet=5)
    assert_input_error(path, "sheet 'Keterangan' holds no table", "choose the sheet", sheet=0)


def test_xlsx_hidden_sheet_is_skipped_by_default(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    hidden = book.active
    hidden.title = "lookup"
    hidden.append(["kode", "nama"])
    hidden.append(["6401", "Paser"])
    hidden.sheet_state = "hidden"
    shown = book.create_sheet("Data")
    shown.append(["unit", "nilai"])
    shown.append(["A", 1])
    path = save_workbook(book, tmp_path, "hidden.xlsx")
    assert read_table(path).sheet == "Data"
    assert read_table(path, sheet="lookup").sheet == "lookup"


def test_xlsx_no_table_in_any_sheet(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["only a title"])
    assert_input_error(save_workbook(book, tmp_path, "judul.xlsx"), "judul.xlsx", "no sheet holds a table")


def test_xlsx_detected_by_content_and_from_buffer(tmp_path: Path, bps_workbook: Path) -> None:
    renamed = write_bytes(tmp_path, "export.csv", bps_workbook.read_bytes())
    assert read_table(renamed).row_numbers == [6, 7, 8]
    from_buffer = read_table(io.BytesIO(bps_workbook.read_bytes()), name="up.xlsx")
    assert from_buffer.name == "up.xlsx"
    assert from_buffer.data.shape == (3, 4)


def test_xlsx_damaged_workbook(tmp_path: Path, bps_workbook: Path) -> None:
    content = bps_workbook.read_bytes()
    damaged = write_bytes(tmp_path, "rusak.xlsx", content[: len(content) // 2])
    assert_input_error(damaged, "rusak.xlsx", "damaged workbook", "save it as .xlsx or CSV")


def test_xlsx_merged_data_cells_fill_covered_rows(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["wilayah", "unit", "nilai"])
    ws.append(["Kabupaten", "Paser", 1])
    ws.append([None, "Berau", 2])
    ws.merge_cells("A2:A3")
    table = read_table(save_workbook(book, tmp_path, "m.xlsx"))
    assert table.data["wilayah"].tolist() == ["Kabupaten", "Kabupaten"]


# --------------------------------------------------------------------------- parse_number

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5,17", 5.17),
        ("221.340", 221340.0),
        ("1.234.567", 1234567.0),
        ("221,340", 221.34),  # a single comma is decimal in Indonesian data
        ("1.234,56", 1234.56),
        ("1,234.56", 1234.56),
        ("1,234,567", 1234567.0),
        ("5.17", 5.17),
        ("1.5", 1.5),
        ("1.500", 1500.0),  # a single dot followed by exactly 3 digits groups thousands
        ("0.500", 0.5),
        ("1234.567", 1234.567),
        ("5,78%", 5.78),
        ("5.78 %", 5.78),
        ("Rp 5.000.000", 5_000_000.0),
        ("Rp5.000.000,00", 5_000_000.0),
        ("Rp. 1.500", 1500.0),
        ("-Rp 2.000", -2000.0),
        ("  5,17  ", 5.17),
        ("\u00a05,17\u00a0", 5.17),
        ("-5", -5.0),
        ("\u22125,5", -5.5),
        ("+3", 3.0),
        (",5", 0.5),
        ("1,5E+07", 15_000_000.0),
        ("0", 0.0),
    ],
)
def test_parse_number_formats(text: str, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "-", "–", "—", "...", "…", "NA", "n/a", "na", "N.A.", "tidak ada data", "Tidak  Ada Data",
     "x", "X"],
)
def test_parse_number_missing(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    "text",
    ["abc", "(5)", "5,", "1.", "1.23.45", "1,2.3", "1.234,5,6", "12a", "--5", "%", "Rp", "5 000", "0.123.456", "=B2*2"],
)
def test_parse_number_invalid(text: str) -> None:
    with pytest.raises(ValueError, match="not a number"):
        parse_number(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(5, 5.0), (5.5, 5.5), (np.float64(2.5), 2.5), (np.int64(3), 3.0), (None, None), (float("nan"), None),
     (np.nan, None), (pd.NA, None)],
)
def test_parse_number_passes_numbers_through(value: object, expected: float | None) -> None:
    assert parse_number(value) == expected


def test_parse_number_rejects_booleans_and_objects() -> None:
    with pytest.raises(ValueError):
        parse_number(True)
    with pytest.raises(TypeError):
        parse_number([1])


def indonesian(value: float) -> str:
    return "{:,.2f}".format(value).replace(",", "_").replace(".", ",").replace("_", ".")


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_indonesian_float_round_trip(value: float) -> None:
    text = indonesian(value)
    assert parse_number(text) == pytest.approx(float("{:.2f}".format(value)), abs=1e-9)


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_international_float_round_trip(value: float) -> None:
    assert parse_number("{:,.2f}".format(value)) == pytest.approx(float("{:.2f}".format(value)), abs=1e-9)


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_integer_with_thousands_dots_round_trip(value: int) -> None:
    assert parse_number("{:,}".format(value).replace(",", ".")) == float(value)


@given(st.text(max_size=20))
def test_parse_number_only_raises_value_error(text: str) -> None:
    try:
        result = parse_number(text)
    except ValueError:
        return
    assert result is None or isinstance(result, float)


# --------------------------------------------------------------------------- to_numeric

@pytest.fixture
def rates_csv(tmp_path: Path) -> TableRead:
    content = "unit;rate;households\nA;5,17;1.200\nB;abc;\nC;120;12,5\nD;-;-4\nE;0;221,340\n"
    return read_table(write_bytes(tmp_path, "rates.csv", content.encode()))


def test_to_numeric_number(rates_csv: TableRead) -> None:
    values, problems = to_numeric(rates_csv, "rate")
    assert values.dtype == np.float64
    assert values.index.equals(rates_csv.data.index)
    assert values.name == "rate"
    assert values.tolist()[0] == pytest.approx(5.17)
    assert values.isna().tolist() == [False, True, False, True, False]
    assert [p.row for p in problems] == [3]
    assert str(problems[0]) == (
        "file rates.csv, row 3, column 'rate': "
        "'abc' is not a number; write a number such as 5,17 or leave the cell empty"
    )


def test_to_numeric_rate(rates_csv: TableRead) -> None:
    values, problems = to_numeric(rates_csv, "rate", kind="rate")
    assert [(p.row, p.message.split(";")[0]) for p in problems] == [
        (3, "'abc' is not a number"),
        (4, "rate 120 is outside 0-100 %"),
    ]
    assert values.isna().tolist() == [False, True, True, True, False]


def test_to_numeric_count(rates_csv: TableRead) -> None:
    values, problems = to_numeric(rates_csv, "households", kind="count")
    assert values.iloc[0] == 1200.0
    assert [p.row for p in problems] == [4, 5, 6]
    assert "count 12,5 is not a whole number" in problems[0].message
    assert "count -4 is negative" in problems[1].message
    assert "221,34" in problems[2].message and "221.340" in problems[2].message
    assert all(p.severity == "error" and p.file == "rates.csv" for p in problems)


def test_to_numeric_unknown_column(rates_csv: TableRead) -> None:
    with pytest.raises(InputError, match="no column 'persen'.*'unit', 'rate', 'households'") as info:
        to_numeric(rates_csv, "persen")
    assert "rates.csv" in str(info.value)


def test_to_numeric_unknown_kind(rates_csv: TableRead) -> None:
    with pytest.raises(ValueError, match="kind must be one of"):
        to_numeric(rates_csv, "rate", kind="ratio")
