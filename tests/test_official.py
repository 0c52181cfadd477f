"""Source types of the built-in regency figures, and the uploaded official BPS table that replaces them."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from geo_planner.pipeline import build_analysis

FIGURES = Path(__file__).resolve().parents[1] / "layers" / "kaltim" / "figures.csv"
REGENCIES = ["Paser", "Kutai Kartanegara", "Berau", "Kutai Barat", "Kutai Timur", "Penajam Paser Utara",
             "Mahakam Ulu", "Balikpapan", "Samarinda", "Bontang"]
CODES = ["64.01", "64.02", "64.03", "64.07", "64.08", "64.09", "64.11", "64.71", "64.72", "64.74"]
# hand-made test values (not real figures): distinct from every built-in one
RATE_2023 = [9.11, 7.11, 5.11, 9.51, 9.01, 7.01, 11.01, 2.51, 4.51, 4.01]
RATE_2024 = [8.01, 7.01, 5.01, 9.41, 8.71, 6.61, 10.61, 2.21, 4.21, 3.71]
POOR_2024 = ["25,11", "58,21", "15,01", "17,81", "37,51", "11,11", "4,11", "16,21", "38,71", "7,51"]  # ribu jiwa


@pytest.fixture
def bps_table(tmp_path: Path) -> Path:
    """A BPS web-table download: title, a two-row header with years, the province row, a source note."""
    book = openpyxl.Workbook()
    ws = book.active
    ws["A1"] = "Persentase dan Jumlah Penduduk Miskin Menurut Kabupaten/Kota di Provinsi Kalimantan Timur"
    ws.merge_cells("A1:D1")
    ws["A2"] = "Kabupaten/Kota"
    ws.merge_cells("A2:A3")
    ws["B2"] = "Persentase Penduduk Miskin (P0) (%)"
    ws.merge_cells("B2:C2")
    ws["D2"] = "Jumlah Penduduk Miskin (ribu jiwa)"
    ws["B3"], ws["C3"], ws["D3"] = 2023, 2024, 2024
    for name, a, b, c in zip(REGENCIES, RATE_2023, RATE_2024, POOR_2024):
        ws.append([name, a, b, c])
    ws.append(["Kalimantan Timur", 5.78, 5.51, "211,88"])
    ws.append(["Sumber: Badan Pusat Statistik"])
    path = tmp_path / "bps_kemiskinan.xlsx"
    book.save(path)
    return path


def test_every_built_in_figure_says_what_kind_of_source_it_is():
    with FIGURES.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    allowed = {"bps_release", "bps_table", "regency_statement", "news_report", "secondary_document"}
    assert rows and all(r["source_type"] in allowed for r in rows)
    for r in rows:
        if r["source_type"] == "bps_release":
            assert "bps.go.id" in r["source_url"]
        if r["source_type"] == "news_report":
            assert "bps.go.id" not in r["source_url"] and "scribd" not in r["source_url"]
    kinds = {r["source_url"].split("/")[2]: r["source_type"] for r in rows}
    assert kinds["kaltim.bps.go.id"] == "bps_release" and kinds["radarpaser.com"] == "news_report"
    assert kinds["id.scribd.com"] == "secondary_document"
    a = build_analysis("kabkota", "64")
    figs = a.unit_figures("64.02")
    rate = figs[(figs["indicator"] == "poverty_rate") & (figs["layer"] == "kaltim")]
    assert set(rate["source_type"]) == {"news_report"}   # the 7.28 % of Kutai Kartanegara: a news report
    assert (figs.loc[figs["layer"] == "idm", "source_type"] == "open_data").all()


def test_an_uploaded_bps_table_replaces_the_built_in_figures(bps_table):
    a = build_analysis("kabkota", "64", [bps_table])
    units = a.units
    assert units.loc[CODES, "poverty_rate"].tolist() == RATE_2024           # the latest year of the table wins
    assert units.at["64.02", "poor_population"] == 58210                     # ribu jiwa -> persons
    assert a.indicators["poverty_rate"].direction == "need"                  # still the built-in indicator
    used = a.figures[(a.figures["code"] == "64.02") & (a.figures["indicator"] == "poverty_rate")]
    assert used["source_type"].tolist() == ["bps_table"] and used["year"].tolist() == ["2024"]
    assert "menggantikan angka bawaan" in used["note"].iloc[0]
    every = a.unit_figures("64.02")
    rate = every[every["indicator"] == "poverty_rate"]
    assert {"kaltim", "bps_kemiskinan"} <= set(rate["layer"])                # the built-in one stays listed
    older = rate[(rate["layer"] == "bps_kemiskinan") & (rate["year"] == "2023")]
    assert older["value"].tolist() == [7.11] and not older["selected"].any()
    assert (a.province_rows["layer"] == "bps_kemiskinan").sum() == 1          # Kalimantan Timur: recognised, not joined


def test_the_app_says_the_uploaded_table_wins(bps_table):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_resource.clear()
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=120)
    at.run()
    at.file_uploader(key="upload").set_value(("bps_kemiskinan.xlsx", bps_table.read_bytes(), "application/xlsx")).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.selectbox(key="dir_poverty_rate").value == "need"
    at.session_state["selected_code"] = "64.02"
    at.run()
    figures = next(d.value for d in at.dataframe if "Jenis sumber" in d.value.columns)
    rate = figures[figures["Indikator"] == "Persentase penduduk miskin (P0)"]
    used = rate[rate["Status"].str.startswith("dipakai")]
    assert used["Jenis sumber"].tolist() == ["tabel BPS"] and used["Nilai"].tolist() == ["7,01"]
    builtin = rate[rate["Jenis sumber"] == "laporan berita"]
    assert len(builtin) and builtin["Status"].str.contains("diganti tabel BPS yang diunggah").all()
    st.cache_resource.clear()


@pytest.mark.parametrize("header,target", [
    ("Persentase Penduduk Miskin (P0) (%)", "poverty_rate"), ("Persentase Miskin", "poverty_rate"),
    ("Tingkat Kemiskinan (%)", "poverty_rate"), ("Jumlah Penduduk Miskin (ribu jiwa)", "poor_population"),
    ("Garis Kemiskinan (Rp/kapita/bulan)", "poverty_line"), ("Persentase rumah layak huni", "persentase_rumah_layak_huni"),
])
def test_a_bps_header_as_planners_shorten_it_names_the_built_in_indicator(header, target, tmp_path, capsys):
    from geo_planner.cli.commands import main

    path = tmp_path / "tabel.csv"
    path.write_text(f"Kabupaten/Kota;{header}\nPaser;8,92\nBerau;5,1\n", encoding="utf-8")
    assert main(["validate", str(path), "--level", "kabkota"]) == 0
    assert f"indicators: {target}\n" in capsys.readouterr().out
