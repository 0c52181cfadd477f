"""Real planners' files read right (issue 12, classes 2, 4, 6, 7 and 9).

Each fixture under tests/fixtures/readers/ is hand-made and synthetic (written by
make_fixtures.py there, or by hand); the expected figures are derived by hand in
the comments beside them, never computed with the code under test. The command
line (validate, rank, export) and the app's way in (the upload as a buffer,
``pipeline.read_source``) are checked on the same fixtures.
"""

from __future__ import annotations

import io
import math
import warnings
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from geo_planner.cli.commands import main
from geo_planner.errors import InputError, ValidationError
from geo_planner.pipeline import read_source
from geo_planner.sources.choice import FileChoice, choice_of
from geo_planner.sources.tables import ReadLimits, list_sheets, published_scale, read_table
from geo_planner.sources.userfiles import list_layers

FIX = Path(__file__).resolve().parent / "fixtures" / "readers"


@pytest.fixture(scope="module")
def kabkota():
    from geo_planner.units.hierarchy import load_units

    return load_units("kabkota", "64")


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.setenv("GEO_PLANNER_LANG", "en")  # the messages asserted below are the English ones


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def _values(source, units, **choice) -> dict[str, dict[str, float]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        layer = read_source(choice_of(source, **choice) if choice else source, units, level="kabkota", province="64")
    return {k: {c: v for c, v in col.items() if not math.isnan(v)} for k, col in layer.values().to_dict().items()}


def _upload(name: str) -> io.BytesIO:
    """The app's way in: the uploaded bytes as a buffer with the file's name."""
    buf = io.BytesIO((FIX / name).read_bytes())
    buf.name = name
    return buf


def _ranked(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"code": str}, encoding="utf-8-sig").set_index("code")


# --------------------------------------------------------------------------- class 2: BPS as published

def test_thousands_of_persons_are_read_as_persons(kabkota, capsys, tmp_path):
    # "Jumlah Penduduk Miskin (ribu jiwa)": 24,07 / 58,42 / 44,52 thousand -> 24,070 / 58,420 / 44,520 persons
    want = {"64.01": 24070.0, "64.02": 58420.0, "64.72": 44520.0}
    assert _values(FIX / "bps_ribu_jiwa.csv", kabkota)["poor_population"] == want
    assert _values(_upload("bps_ribu_jiwa.csv"), kabkota)["poor_population"] == want  # the app alike
    code, out, _ = _run(capsys, "validate", str(FIX / "bps_ribu_jiwa.csv"))
    assert code == 0 and "OK: 0 error(s)" in out
    out_csv = tmp_path / "r.csv"
    code, _, err = _run(capsys, "rank", "--layer", str(FIX / "bps_ribu_jiwa.csv"), "--out", str(out_csv))
    assert code == 0, err
    ranked = _ranked(out_csv)
    assert ranked.loc["64.02", "poor_population"] == 58420
    assert ranked.loc["64.72", "poverty_rate"] == pytest.approx(4.47)


def test_published_value_and_unit_stay_in_the_note(kabkota):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        layer = read_source(FIX / "bps_ribu_jiwa.csv", kabkota, level="kabkota", province="64")
    figs = layer.figures.set_index(["code", "indicator"])
    assert "published as 58,42 ribu jiwa" in figs.loc[("64.02", "poor_population"), "note"]
    assert layer.indicators["poor_population"].unit == "jiwa"


def test_money_in_thousands_and_millions_of_rupiah(kabkota):
    # (ribu rupiah) 1.234,5 -> Rp 1,234,500 and 1.500 -> Rp 1,500,000; (Rp juta) 12,5 -> Rp 12,500,000, 7,25 -> 7,250,000
    got = _values(FIX / "bps_rupiah.csv", kabkota)
    assert got["rata_rata_pengeluaran_per_kapita"] == {"64.01": 1234500.0, "64.03": 1500000.0}
    assert got["nilai_bantuan"] == {"64.01": 12500000.0, "64.03": 7250000.0}


def test_thousands_without_a_unit_word(kabkota):
    # "Jumlah Penduduk (ribu)": 741,53 -> 741,530; 188,2 -> 188,200; the unit is no longer "ribu"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        layer = read_source(FIX / "bps_ribu_tanpa_jiwa.csv", kabkota, level="kabkota", province="64")
    assert layer.values()["jumlah_penduduk"].to_dict() == {"64.71": 741530.0, "64.74": 188200.0}
    assert layer.indicators["jumlah_penduduk"].unit != "ribu"


@pytest.mark.parametrize(("unit", "expected"), [
    ("ribu jiwa", (1000.0, "jiwa")), ("Rp juta", (1e6, "Rp")), ("juta rupiah", (1e6, "Rp")),
    ("ribu rupiah", (1000.0, "Rp")), ("juta", (1e6, "")), ("persen", None), ("jiwa", None), ("%", None)])
def test_published_scale(unit, expected):
    assert published_scale(unit) == expected


def test_two_row_header_of_a_bps_dynamic_table(kabkota, capsys, tmp_path):
    # indicator over 2022 | 2023 | 2024; the latest (2024) by default: Paser 24,07 -> 24,070
    assert _values(FIX / "bps_dinamis_dua_baris.csv", kabkota)["poor_population"] == \
        {"64.01": 24070.0, "64.02": 58420.0, "64.72": 44520.0}
    # --year 2022: 25,10 / 60,12 / 46,00 thousand
    assert _values(FIX / "bps_dinamis_dua_baris.csv", kabkota, year="2022")["poor_population"] == \
        {"64.01": 25100.0, "64.02": 60120.0, "64.72": 46000.0}
    out_csv = tmp_path / "r.csv"
    code, _, err = _run(capsys, "rank", "--layer", str(FIX / "bps_dinamis_dua_baris.csv"), "--year", "2023",
                        "--out", str(out_csv))
    assert code == 0, err
    assert _ranked(out_csv).loc["64.02", "poor_population"] == 59030  # 59,03 thousand in 2023


def test_a_year_not_published_is_refused_naming_the_years(kabkota, capsys):
    with pytest.raises(InputError, match=r"has no figures for 2021; the years are 2022, 2023, 2024"):
        _values(FIX / "bps_dinamis_dua_baris.csv", kabkota, year="2021")
    code, _, err = _run(capsys, "rank", "--layer", str(FIX / "bps_dinamis_dua_baris.csv"), "--year", "2021")
    assert code == 1 and "the years are 2022, 2023, 2024" in err


def test_years_as_columns_under_a_title(kabkota):
    # title "Persentase Penduduk Miskin (persen)", columns 2022;2023;2024: latest 8,51 / 10,75 / 4,25
    assert _values(FIX / "bps_tahun_kolom.csv", kabkota)["poverty_rate"] == \
        {"64.01": 8.51, "64.11": 10.75, "64.74": 4.25}
    assert _values(FIX / "bps_tahun_kolom.csv", kabkota, year=2022)["poverty_rate"] == \
        {"64.01": 9.03, "64.11": 11.38, "64.74": 4.43}


def test_years_as_columns_of_a_rupiah_per_capita_figure_are_not_a_percentage(kabkota, tmp_path):
    """The poverty line as BPS publishes it (Rupiah/Kapita/Bulan in the title, years as columns): a figure per
    capita, not a rate of 0-100; the latest year by default."""
    path = tmp_path / "garis_kemiskinan.csv"
    path.write_text("Garis Kemiskinan Menurut Kabupaten/Kota (Rupiah/Kapita/Bulan)\n"
                    "Kabupaten/Kota,2022,2023,2024\nPaser,605200,655200,705200\n"
                    "Mahakam Ulu,590100,640100,690100\nBontang,620700,670700,720700\n", encoding="utf-8")
    assert _values(path, kabkota)["poverty_line"] == {"64.01": 705200.0, "64.11": 690100.0, "64.74": 720700.0}
    assert _values(path, kabkota, year=2022)["poverty_line"] == {"64.01": 605200.0, "64.11": 590100.0,
                                                                  "64.74": 620700.0}


def test_merged_two_row_header_in_a_workbook(kabkota):
    # B1:C1 merged over 2023 | 2024, thousands: Mahakam Ulu 2,9 -> 2,900; Samarinda 44,52 -> 44,520 (2024)
    assert _values(FIX / "bps_dua_baris.xlsx", kabkota)["poor_population"] == {"64.11": 2900.0, "64.72": 44520.0}
    assert _values(FIX / "bps_dua_baris.xlsx", kabkota, year="2023")["poor_population"] == \
        {"64.11": 3010.0, "64.72": 45100.0}


# --------------------------------------------------------------------------- class 4: sheets and layers

def test_the_data_sheet_is_found_behind_an_instructions_sheet(kabkota, capsys):
    table = read_table(FIX / "petunjuk_data.xlsx")
    assert table.sheet == "Data" and table.data["Jumlah RTLH"].tolist() == ["120", "210"]
    assert any("sheet 'Data' was read" in note for note in table.notes)
    assert _values(FIX / "petunjuk_data.xlsx", kabkota)["jumlah_rtlh"] == {"64.01": 120.0, "64.72": 210.0}
    assert _values(_upload("petunjuk_data.xlsx"), kabkota)["jumlah_rtlh"] == {"64.01": 120.0, "64.72": 210.0}
    assert list_sheets(FIX / "petunjuk_data.xlsx") == ["Petunjuk", "Data"]
    code, out, _ = _run(capsys, "validate", str(FIX / "petunjuk_data.xlsx"))
    assert code == 0 and "sheet 'Data' was read (the sheets are 'Petunjuk', 'Data')" in out


def test_sheet_chosen_on_the_command_line(capsys, tmp_path):
    out_csv = tmp_path / "r.csv"
    code, _, err = _run(capsys, "rank", "--layer", str(FIX / "petunjuk_data.xlsx"), "--sheet", "Data",
                        "--out", str(out_csv))
    assert code == 0, err
    assert _ranked(out_csv).loc["64.72", "jumlah_rtlh"] == 210
    code, _, err = _run(capsys, "rank", "--layer", str(FIX / "petunjuk_data.xlsx"), "--sheet", "Rekap")
    assert code == 1 and "there is no sheet named 'Rekap'; the sheets are 'Petunjuk', 'Data'" in err


def test_a_workbook_without_a_table_names_its_sheets(capsys):
    with pytest.raises(InputError, match=r"no sheet holds a table .* the sheets are 'Petunjuk', 'Grafik'"):
        read_table(FIX / "hanya_petunjuk.xlsx")
    code, _, err = _run(capsys, "rank", "--layer", str(FIX / "hanya_petunjuk.xlsx"))
    assert code == 1 and "the sheets are 'Petunjuk', 'Grafik'" in err


def test_a_geopackage_of_two_layers_is_never_read_silently(kabkota, capsys, tmp_path):
    path = FIX / "kumuh_dua_layer.gpkg"
    assert list_layers(path) == ["kumuh_sk_2019", "kumuh_sk_2024"]
    assert list_layers(FIX / "petunjuk_data.xlsx") == []
    with pytest.raises(InputError, match=r"holds 2 layers \('kumuh_sk_2019', 'kumuh_sk_2024'\); choose one with "
                                         r"--layer-name"):
        _values(path, kabkota)
    # kumuh_sk_2024: two points in Samarinda, one in Paser; kumuh_sk_2019: one in Samarinda
    got = _values(path, kabkota, layer_name="kumuh_sk_2024")["kumuh_dua_layer_count"]
    assert {c: v for c, v in got.items() if v} == {"64.72": 2.0, "64.01": 1.0}
    got = _values(path, kabkota, layer_name="kumuh_sk_2019")["kumuh_dua_layer_count"]
    assert {c: v for c, v in got.items() if v} == {"64.72": 1.0}
    code, _, err = _run(capsys, "rank", "--layer", str(path))
    assert code == 1 and "--layer-name" in err and "kumuh_sk_2019" in err
    out_csv = tmp_path / "r.csv"
    code, _, err = _run(capsys, "rank", "--layer", str(path), "--layer-name", "kumuh_sk_2024", "--out", str(out_csv))
    assert code == 0, err
    assert _ranked(out_csv).loc["64.72", "kumuh_dua_layer_count"] == 2
    code, _, err = _run(capsys, "validate", str(path), "--layer-name", "kumuh_2030")
    assert code == 1 and "there is no layer named 'kumuh_2030'" in err


def test_file_choice_is_a_path():
    choice = choice_of(FIX / "petunjuk_data.xlsx", sheet="Data")
    assert isinstance(choice, FileChoice) and Path(choice) == FIX / "petunjuk_data.xlsx"
    assert choice_of("x.csv") == "x.csv"  # nothing chosen: the path itself


# --------------------------------------------------------------------------- class 6: notes and noise

def test_a_notes_column_of_dashes_and_words_is_not_figures(kabkota, capsys):
    got = _values(FIX / "keterangan_strip.csv", kabkota)
    assert set(got) == {"jumlah_rtlh"}  # Keterangan is notes
    assert got["jumlah_rtlh"] == {"64.01": 120.0, "64.02": 340.0, "64.03": 95.0, "64.71": 60.0, "64.72": 210.0,
                                  "64.74": 30.0}
    code, out, _ = _run(capsys, "validate", str(FIX / "keterangan_strip.csv"))
    assert code == 0 and "OK: 0 error(s)" in out


def test_nul_bytes_are_removed_and_never_printed(kabkota, capsys):
    table = read_table(FIX / "nul_bytes.csv")
    assert table.data["jumlah_rtlh"].tolist() == ["120", "45", "abc"]  # "12\0" "0" -> 120, "4\0" "5" -> 45
    assert table.notes == ("3 NUL byte(s) (a damaged export?) were removed",)
    with pytest.raises(ValidationError) as info:
        _values(FIX / "nul_bytes.csv", kabkota)
    assert "\x00" not in str(info.value)
    assert "row 4, column 'jumlah_rtlh': 'abc' is not a number" in str(info.value)
    code, out, err = _run(capsys, "validate", str(FIX / "nul_bytes.csv"))
    assert code == 1 and "\x00" not in out + err and "'abc' is not a number" in out


def test_points_with_a_notes_column(kabkota):
    # 2 points in Samarinda (3 + 2 households), Balikpapan 1 (4), Paser 1 (1), Bontang 1 (5)
    got = _values(FIX / "titik_keterangan.csv", kabkota)
    assert {c: v for c, v in got["titik_keterangan_count"].items() if v} == \
        {"64.72": 2.0, "64.71": 1.0, "64.01": 1.0, "64.74": 1.0}
    assert {c: v for c, v in got["titik_keterangan_jumlah_kk_sum"].items() if v} == \
        {"64.72": 5.0, "64.71": 4.0, "64.01": 1.0, "64.74": 5.0}
    assert not any("keterangan" in k.replace("titik_keterangan", "") for k in got)
    assert _values(_upload("titik_keterangan.csv"), kabkota) == got  # the app alike


def test_sep_line_title_short_rows_blank_row_and_source_note():
    table = read_table(FIX / "sep_judul_baris_pendek.csv")
    # after the hidden "sep=;" line: 1 title, 2 header, 3 Paser, 4 blank, 5 Samarinda, 6 Bontang (short), 7 source
    assert table.delimiter == ";" and table.header_row == 2
    assert table.row_numbers == [3, 5, 6]
    assert table.data["Jumlah RTLH"].tolist()[:2] == ["120", "210"] and pd.isna(table.data["Jumlah RTLH"].iloc[2])
    assert table.dropped_rows == [(1, "title above the header"), (4, "blank"), (7, "note below the table")]


# The PKH table of make_fixtures.BLOCKS, by hand: 7 regencies under "KABUPATEN", 3 cities under "KOTA".
BLOCK_FIGURES = {"64.01": 5200.0, "64.02": 14100.0, "64.03": 4300.0, "64.07": 3900.0, "64.08": 6100.0,
                 "64.09": 2500.0, "64.11": 900.0, "64.71": 7800.0, "64.72": 11200.0, "64.74": 2100.0}


@pytest.mark.parametrize("name", ["blok_kabupaten_kota.csv", "blok_kabupaten_kota.xlsx"])
def test_a_header_over_block_labels_and_blank_rows(kabkota, capsys, name):
    # 1 title, 2 blank, 3 header, 4 KABUPATEN, 5-11 regencies, 12-13 blank, 14 KOTA, 15-17 cities, 18 blank, 19 total
    table = read_table(FIX / name)
    assert table.header_row == 3 and list(table.data.columns) == ["Kode", "Wilayah", "PKH"]
    assert table.data["Wilayah"].iloc[1] == "Paser" and table.data["PKH"].iloc[1] == "5200"
    assert list(table.row_numbers) == [4, 5, 6, 7, 8, 9, 10, 11, 14, 15, 16, 17, 19]
    assert table.dropped_rows == [(1, "title above the header"), (2, "blank"), (12, "blank"), (13, "blank"),
                                  (18, "blank")]
    assert _values(FIX / name, kabkota) == {"pkh": BLOCK_FIGURES}
    assert _values(_upload(name), kabkota) == {"pkh": BLOCK_FIGURES}
    code, out, err = _run(capsys, "validate", str(FIX / name), "--level", "kabkota")
    assert code == 0, err
    assert "indicators: pkh" in out and "col_" not in out
    assert "row 4 'KABUPATEN'" in out and "row 14 'KOTA'" in out  # labels named, never joined
    assert "recognised and not joined: row 19" in out
    assert "10 unit(s) joined" in out


def test_a_row_of_figures_above_the_header_is_named(tmp_path):
    # 1 title, 2 a data row written above the header, 3 blank, 4 header, 5 label, 6 data
    path = tmp_path / "di_atas.csv"
    path.write_text("Judul\n64.01,Paser,5200\n\nKode,Wilayah,PKH\nKABUPATEN,,\n64.02,Kutai Kartanegara,14100\n",
                    encoding="utf-8")
    table = read_table(path)
    assert table.header_row == 4 and list(table.data.columns) == ["Kode", "Wilayah", "PKH"]
    assert table.dropped_rows[:2] == [(1, "title above the header"), (2, "title above the header")]
    assert table.notes == ("row(s) 2 above the header (row 4) hold figures or codes but were not read as data; "
                           "check that row 4 is the header",)
    # a title of text and a year is not figures; a two-cell title over a subtitle is not the header
    path.write_text("Tabel 1,Tahun 2023,2023\n(jiwa)\nKab,Persen,Jumlah\nPaser,\"9,02\",25610\n", encoding="utf-8")
    table = read_table(path)
    assert table.header_row == 3 and table.notes == ()


def test_a_quoted_line_break_stays_in_its_cell():
    table = read_table(FIX / "kutip_baris_baru.csv")
    assert table.data["catatan"].tolist() == ["dua\nbaris", "satu"] and table.row_numbers == [2, 3]


# --------------------------------------------------------------------------- class 7: size, speed and load

def test_many_problems_print_twenty_and_write_all(capsys, tmp_path):
    out = tmp_path / "masalah.csv"
    code, _, err = _run(capsys, "rank", "--layer", str(FIX / "banyak_masalah.csv"), "--problems-out", str(out))
    assert code == 1
    listed = [line for line in err.splitlines() if line.startswith("- file banyak_masalah.csv, row")]
    assert len(listed) == 20  # rows 3, 5, ..., 41: the first 20 of the 60 bad rows (3, 5, ..., 121)
    assert f"- ... and 40 more; all 60 are in {out}" in err
    problems = pd.read_csv(out, encoding="utf-8-sig")
    assert list(problems.columns) == ["severity", "file", "row", "column", "unit", "message"]
    assert len(problems) == 60 and problems["row"].tolist() == list(range(3, 122, 2))
    assert problems["message"].iloc[0] == "'xxx0' is not a number; write a number such as 5,17 or leave the cell empty"
    code, _, err = _run(capsys, "rank", "--layer", str(FIX / "banyak_masalah.csv"))
    assert "write all 60 to a file with --problems-out FILE.csv" in err


def test_validate_lists_twenty_problems_and_writes_all(capsys, tmp_path):
    out = tmp_path / "masalah.csv"
    code, printed, _ = _run(capsys, "validate", str(FIX / "banyak_masalah.csv"), "--problems-out", str(out))
    assert code == 1 and printed.count("ERROR") == 20 and "all 60 are in" in printed
    assert len(pd.read_csv(out, encoding="utf-8-sig")) == 60


def test_a_large_local_file_is_read_by_the_command_line(tmp_path, monkeypatch):
    # over the (lowered) upload limit: a path is read whatever its size, an upload is refused with the limit's name
    monkeypatch.setenv("GEO_PLANNER_MAX_UPLOAD_MB", "0.0001")  # 100 bytes
    table = read_table(FIX / "keterangan_strip.csv")
    assert len(table.data) == 6
    with pytest.raises(InputError, match="GEO_PLANNER_MAX_UPLOAD_MB raises it"):
        read_table(_upload("keterangan_strip.csv"))


def test_an_upload_over_the_row_limit_is_refused_with_numbers_as_its_reader_writes_them(monkeypatch):
    from geo_planner.i18n.messages import language

    monkeypatch.setenv("GEO_PLANNER_MAX_UPLOAD_ROWS", "1000")
    big = io.BytesIO(("kode,jumlah\n" + "64.01,1\n" * 2500).encode())
    big.name = "besar.csv"
    with language("id"), pytest.raises(InputError) as refused:
        read_table(big)
    assert str(refused.value).startswith("berkas besar.csv: berkas ini berisi sekitar 2.501 baris teks, melebihi "
                                         "batas 1.000 baris untuk unggahan; ")  # said once it is raised
    big.seek(0)
    with language("en"), pytest.raises(InputError) as refused:
        read_table(big)
    assert str(refused.value).startswith("file besar.csv: the file has about 2,501 lines, over the limit of 1,000 "
                                         "rows for an upload; ")


def test_upload_limits_of_rows_cells_and_time(monkeypatch):
    monkeypatch.setenv("GEO_PLANNER_MAX_UPLOAD_ROWS", "2")
    with pytest.raises(InputError, match=r"has 6 rows, over the limit of 2 for an upload; .* GEO_PLANNER_MAX_UPLOAD_ROWS"):
        read_table(_upload("keterangan_strip.csv"))
    monkeypatch.delenv("GEO_PLANNER_MAX_UPLOAD_ROWS")
    monkeypatch.setenv("GEO_PLANNER_MAX_UPLOAD_CELLS", "10")  # petunjuk_data.xlsx: 1+2+2+2+2 and 3x3 = 18 cells
    with pytest.raises(InputError, match=r"holds 18 cells, over the limit of 10 .* GEO_PLANNER_MAX_UPLOAD_CELLS"):
        read_table(_upload("petunjuk_data.xlsx"))
    assert read_table(FIX / "petunjuk_data.xlsx").sheet == "Data"  # a path: no limit
    assert read_table(_upload("petunjuk_data.xlsx"), limits=ReadLimits(cells=18)).sheet == "Data"
    monkeypatch.setenv("GEO_PLANNER_MAX_UPLOAD_CELLS", "ten")
    with pytest.raises(InputError, match=r"GEO_PLANNER_MAX_UPLOAD_CELLS='ten' is not a number"):
        read_table(_upload("petunjuk_data.xlsx"))


def test_reading_time_is_bounded(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    for i in range(3000):
        book.active.append([f"64.{i}", i])
    path = tmp_path / "lama.xlsx"
    book.save(path)
    with pytest.raises(InputError, match=r"took more than 0 seconds to read, over the limit of 0 seconds .* "
                                         r"GEO_PLANNER_MAX_UPLOAD_SECONDS"):
        read_table(path, limits=ReadLimits(seconds=0))


def test_a_file_looked_at_twice_is_read_once(kabkota, monkeypatch):
    import geo_planner.sources.tables as tables

    calls = []
    real = tables._read_csv
    monkeypatch.setattr(tables, "_read_csv", lambda *a, **k: calls.append(1) or real(*a, **k))
    _values(FIX / "titik_keterangan.csv", kabkota)  # is it a point layer? then read it as one
    assert len(calls) == 1


# --------------------------------------------------------------------------- class 9: exports of wide layers

def test_a_wide_layer_ranks_but_its_shapefile_is_refused(capsys, tmp_path):
    layer = str(FIX / "lebar_300_kolom.csv")
    out_csv = tmp_path / "r.csv"
    code, _, err = _run(capsys, "rank", "--layer", layer, "--no-builtin", "--weights", "indikator_000=1", "--direction", "indikator_000=need",
                        "--out", str(out_csv))
    assert code == 0, err
    ranked = _ranked(out_csv)
    assert ranked.loc["64.74", "indikator_299"] == 10299  # row 10: 10 * 1000 + 299
    assert ranked.loc["64.74", "rank"] == 1  # the largest indikator_000 (10,000)
    shp = tmp_path / "lebar.zip"
    code, _, err = _run(capsys, "export", "--layer", layer, "--no-builtin", "--weights", "indikator_000=1", "--direction", "indikator_000=need",
                        "--out", str(shp))
    assert code == 1 and not shp.exists()
    assert "a Shapefile holds at most 255 fields, but this export has" in err and "GeoPackage (.gpkg)" in err
    gpkg = tmp_path / "lebar.gpkg"
    code, _, err = _run(capsys, "export", "--layer", layer, "--no-builtin", "--weights", "indikator_000=1", "--direction", "indikator_000=need",
                        "--out", str(gpkg))
    assert code == 0, err
    import geopandas as gpd

    written = gpd.read_file(gpkg, layer="kabkota").set_index("code")
    assert written.loc["64.01", "indikator_299"] == 1299
    assert list_layers(gpkg) == ["kabkota"]  # the provenance table has no geometries: our own export reads back


def test_a_narrow_layer_still_exports_a_shapefile(capsys, tmp_path):
    shp = tmp_path / "rtlh.zip"
    code, _, err = _run(capsys, "export", "--layer", str(FIX / "keterangan_strip.csv"), "--out", str(shp))
    assert code == 0, err
    with zipfile.ZipFile(shp) as zf:
        assert any(n.endswith(".dbf") for n in zf.namelist())


# --------------------------------------------------------------------------- the app: sheet and layer choices

def test_the_app_offers_the_sheets_and_layers_of_an_upload():
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_resource.clear()
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=120)
    at.run()
    at.file_uploader(key="upload").set_value(("petunjuk_data.xlsx", (FIX / "petunjuk_data.xlsx").read_bytes(),
                                              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    at.run()
    assert not at.exception and not at.error
    assert at.selectbox(key="upload_sheet").options[1:] == ["Petunjuk", "Data"]
    at.selectbox(key="upload_sheet").set_value("Petunjuk").run()
    assert any("tidak ada kolom yang berisi kode atau nama wilayah" in e.value for e in at.error)  # refused, in Indonesian
    at.selectbox(key="upload_sheet").set_value("Data").run()
    assert not at.exception and not at.error
    at.file_uploader(key="upload").set_value(("kumuh.gpkg", (FIX / "kumuh_dua_layer.gpkg").read_bytes(),
                                              "application/geopackage+sqlite3"))
    at.run()
    assert not at.exception and not at.error
    assert at.selectbox(key="upload_layer").options == ["kumuh_sk_2019", "kumuh_sk_2024"]
    assert at.selectbox(key="upload_layer").value == "kumuh_sk_2024"  # shown, never read silently
    st.cache_resource.clear()
