"""Export: CSV and XLSX of the priority list, written through the export gate and read back as a planner (or a
script) would read them. Expected ranks, scores and figures are typed or computed by hand (kabkota_figures.py,
the hand-made tables below), never taken from the code under test."""

from __future__ import annotations

import io
import json
from dataclasses import replace

import openpyxl
import pandas as pd
import pytest
from kabkota_figures import ORDER, scores

from geo_planner import __version__
from geo_planner.errors import InputError
from geo_planner.layers.model import read_layer
from geo_planner.outputs.gate import write
from geo_planner.outputs.ranked import ranked_frame, ranked_table
from geo_planner.pipeline import analyse, build_analysis, load_layers

RATE_URL = "https://radarpaser.com/persentase-penduduk-miskin-di-paser-2024-turun"
CODES = {"64.01", "64.02", "64.03", "64.07", "64.08", "64.09", "64.11", "64.71", "64.72", "64.74"}


@pytest.fixture(scope="module")
def upload_analysis(kabkota, tmp_path_factory):
    """Built-in figures plus an upload with one row that matches no unit (row 3)."""
    path = tmp_path_factory.mktemp("upload") / "rtlh_2025.csv"
    path.write_text("nama,rtlh (unit)\nKukar,120\nKab. Xyz,5\nSamarinda,300\n", encoding="utf-8")
    return build_analysis("kabkota", "64", [path], {"poverty_rate": 1, "rtlh": 1}, directions={"rtlh": "need"})


@pytest.fixture(scope="module")
def synthetic_analysis(kabkota, tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.csv"
    path.write_text("kode,skor_demo\n64.01,3\n64.02,9\n64.03,1\n", encoding="utf-8")
    layer = replace(read_layer(path, kabkota, level="kabkota"), synthetic=True)
    layers = load_layers(kabkota, [layer], include_builtin=False, directions={"skor_demo": "need"})
    return analyse(kabkota, layers, {"skor_demo": 1})


def _read_csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype={"code": str, "parent": str})


def to_csv_bytes(analysis, lang: str = "id", *, headers: str = "ids") -> bytes:
    """The CSV a planner downloads (through the gate)."""
    return write(analysis, None, fmt="csv", lang=lang, headers=headers).data


def to_xlsx_bytes(analysis, lang: str = "id") -> bytes:
    return write(analysis, None, fmt="xlsx", lang=lang).data


def _cells(ws) -> list[str]:
    return [str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None]


# --------------------------------------------------------------------------- table

def test_ranked_table_columns_and_order(analysis):
    table = ranked_table(analysis)
    assert table.columns[:7].tolist() == ["code", "name", "level", "parent", "rank", "priority_score",
                                          "indicators_used"]
    assert table.columns[7:].tolist() == analysis.indicator_ids
    assert "synthetic" not in table.columns
    assert table["code"].tolist() == ORDER  # by hand: min-max of rate and count, mean over those a regency has
    assert table["rank"].tolist() == list(range(1, 11))
    assert table.set_index("code")["priority_score"].to_dict() == pytest.approx(scores(), abs=0.006)


# --------------------------------------------------------------------------- CSV

def test_csv_has_bom_ids_rank_order_and_text_codes(analysis):
    data = to_csv_bytes(analysis)
    assert data.startswith(b"\xef\xbb\xbf")
    df = _read_csv(data)
    assert {"code", "name", "level", "rank", "priority_score", "poverty_rate", "poor_population"} <= set(df.columns)
    assert df.columns[0] == "code"
    assert set(df["code"]) == CODES
    assert df["code"].iloc[0] == "64.02"  # Kutai Kartanegara leads with equal weights
    assert df["rank"].tolist() == list(range(1, 11))
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[1].startswith("64.02,Kabupaten Kutai Kartanegara,kabkota,64,1,")
    by_code = df.set_index("code")
    assert by_code.loc["64.11", "poverty_rate"] == 10.75
    assert by_code.loc["64.02", "poor_population"] == 59000
    assert pd.isna(by_code.loc["64.09", "poor_population"])  # PPU's count was never sourced: stays empty
    assert "59000.0" not in data.decode("utf-8-sig")  # counts written as whole numbers


def test_csv_label_headers_in_indonesian_and_english(analysis):
    id_cols = _read_csv(to_csv_bytes(analysis, headers="labels")).columns.tolist()
    assert id_cols[:7] == ["Kode", "Nama wilayah", "Tingkat", "Kode induk", "Peringkat", "Skor prioritas",
                           "Indikator dipakai"]
    assert "Persentase penduduk miskin (P0) (%)" in id_cols
    en_cols = _read_csv(to_csv_bytes(analysis, "en", headers="labels")).columns.tolist()
    assert en_cols[4] == "Rank" and "Poverty rate (P0) (%)" in en_cols
    with pytest.raises(InputError, match="headers must be one of ids, labels"):
        ranked_frame(analysis, headers="fancy")


def test_write_csv_adds_provenance_sidecar(analysis, tmp_path):
    path = write(analysis, tmp_path / "ranked.csv", headers="ids")
    side = json.loads((tmp_path / "ranked.csv.provenance.json").read_text(encoding="utf-8"))
    assert path == tmp_path / "ranked.csv" and len(_read_csv(path.read_bytes())) == 10
    assert side["weights"] == {"poverty_rate": 1.0, "poor_population": 1.0}
    assert side["version"] == __version__ and side["boundaries"].startswith("cahyadsn/wilayah_boundaries@")
    assert RATE_URL in side["indicators"]["poverty_rate"]["sources"]
    assert side["indicators"]["poverty_rate"]["years"] == ["2024"]


# --------------------------------------------------------------------------- XLSX

def test_xlsx_priority_sheet(analysis):
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(analysis)))
    assert book.sheetnames == ["Prioritas", "Sumber"]  # no unmatched rows: no third sheet
    ws = book["Prioritas"]
    header = [c.value for c in ws[1]]
    assert header[:6] == ["Kode", "Nama wilayah", "Tingkat", "Kode induk", "Peringkat", "Skor prioritas"]
    assert "Persentase penduduk miskin (P0) (%)" in header and "Jumlah penduduk miskin (jiwa)" in header
    assert ws.freeze_panes == "A2"
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == ORDER
    assert [r[4] for r in rows] == list(range(1, 11))
    first = dict(zip(header, rows[0]))
    assert first["Kode"] == "64.02" and isinstance(first["Kode"], str)
    assert isinstance(first["Skor prioritas"], float)
    assert first["Persentase penduduk miskin (P0) (%)"] == 7.28
    assert first["Jumlah penduduk miskin (jiwa)"] == 59000 and isinstance(first["Jumlah penduduk miskin (jiwa)"], int)
    ppu = next(dict(zip(header, r)) for r in rows if r[0] == "64.09")
    assert ppu["Jumlah penduduk miskin (jiwa)"] is None  # empty cell, not 0 or "nan"
    assert ws.column_dimensions["B"].width > 20


def test_xlsx_sources_sheet(analysis):
    ws = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(analysis)))["Sumber"]
    cells = _cells(ws)
    text = "\n".join(cells)
    assert RATE_URL in text
    assert "poverty_rate=1, poor_population=1" in cells
    assert f"geo-planner {__version__}" in cells
    assert any(c.startswith("cahyadsn/wilayah_boundaries@") for c in cells)
    assert any(c.startswith("Skor prioritas = rata-rata tertimbang") for c in cells)
    rate_row = next(r for r in ws.iter_rows(values_only=True) if r[0] == "poverty_rate")
    assert rate_row[1] == "Persentase penduduk miskin (P0)" and rate_row[2] == "%" and rate_row[4] == "2024"


def test_xlsx_in_english(analysis):
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(analysis, "en")))
    assert book.sheetnames == ["Priority", "Sources"]
    assert [c.value for c in book["Priority"][1]][4] == "Rank"
    assert any(c.startswith("Priority score = weighted mean") for c in _cells(book["Sources"]))
    with pytest.raises(InputError, match="unknown language 'fr'"):
        write(analysis, None, fmt="xlsx", lang="fr")


def test_xlsx_unmatched_sheet_lists_the_row_and_reason(upload_analysis, tmp_path):
    path = write(upload_analysis, tmp_path / "prioritas.XLSX")  # suffix case does not matter
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Prioritas", "Sumber", "Tidak cocok"]
    rows = list(book["Tidak cocok"].iter_rows(min_row=2, values_only=True))
    header, data = rows[0], [dict(zip(rows[0], r)) for r in rows[1:]]
    assert header[:4] == ("layer", "file", "row", "reason")
    assert len(data) == 1
    assert data[0]["file"] == "rtlh_2025.csv" and data[0]["row"] == 3 and data[0]["nama"] == "Kab. Xyz"
    assert "no unit named like 'Kab. Xyz'" in data[0]["reason"]
    sources = "\n".join(_cells(book["Sumber"]))
    assert "rtlh_2025.csv" in sources and "poverty_rate=1, rtlh=1" in sources


def test_synthetic_data_is_marked_everywhere(synthetic_analysis):
    table = ranked_table(synthetic_analysis)
    assert table.set_index("code")["synthetic"].to_dict()["64.02"] is True
    assert not table.set_index("code").loc["64.74", "synthetic"]  # no demo figure there
    assert "synthetic" in _read_csv(to_csv_bytes(synthetic_analysis)).columns
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(synthetic_analysis)))
    assert "Data sintetis" in [c.value for c in book["Prioritas"][1]]
    first = book["Sumber"]["A1"].value
    assert "SINTETIS" in first
    assert any("[sintetis]" in c for c in _cells(book["Sumber"]))


def test_names_with_apostrophes_survive(mirror, tmp_path):
    from geo_planner.units.hierarchy import load_units

    desa = load_units("desa", "64", within="64.07")
    src = tmp_path / "desa.csv"
    src.write_text("kode,jumlah_kpm\n64.07.16.2006,12\n" + "".join(
        f"{c},{i}\n" for i, c in enumerate(desa.index[:4], 1)), encoding="utf-8")
    layers = load_layers(desa, [src], level="desa", include_builtin=False, directions={"jumlah_kpm": "need"})
    result = analyse(desa, layers, {"jumlah_kpm": 1}, level="desa")
    df = _read_csv(to_csv_bytes(result))
    assert df.loc[0, "name"] == "Mu'ut" and df.loc[0, "code"] == "64.07.16.2006"
    ws = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(result)))["Prioritas"]
    assert ws["B2"].value == "Mu'ut"


def test_write_refuses_unknown_suffix_and_unwritable_path(analysis, tmp_path):
    with pytest.raises(InputError, match=r"cannot tell the format from '\.txt'"):
        write(analysis, tmp_path / "out.txt")
    with pytest.raises(InputError, match="no suffix"):
        write(analysis, tmp_path / "out")
    with pytest.raises(OSError):
        write(analysis, tmp_path / "missing-folder" / "out.csv")


def test_csv_of_a_hand_made_desa_table_in_rank_order(mirror, tmp_path):
    """Five desa typed by hand; poor 0-40 and rate 0-20 rescaled 0-100: D (100, 100) 100, E (62.5, 25) 43.75,
    B (30, 50) 40; A (7.5, 12.5) 10 and C 0 would follow, but A's 3 is hidden (with C's 0, secondary
    suppression) and so are their rates: the file scores B, D, E from what it shows."""
    from geo_planner.units.hierarchy import load_units

    units = load_units("desa", "64", within="64.07.16")
    a_, b, c, d, e = units.index[:5]
    src = tmp_path / "desa.csv"
    src.write_text("kode,miskin (jiwa),persen (%)\n" + "".join(
        f"{k},{n},{r}\n" for k, n, r in ((a_, 3, 2.5), (b, 12, 10), (c, 0, 0), (d, 40, 20), (e, 25, 5))),
        encoding="utf-8")
    layers = load_layers(units, [src], level="desa", include_builtin=False,
                         directions={"miskin": "need", "persen": "need"})
    result = analyse(units, layers, {"miskin": 1, "persen": 1}, level="desa")
    exact = result.units.loc[[d, e, b, a_, c], "priority_score"].tolist()
    assert exact == [100.0, 43.75, 40.0, 10.0, 0.0]  # on screen: the exact figures
    df = _read_csv(to_csv_bytes(result)).set_index("code")
    # in the file: B (0, 33.33) 16.67, D 100, E (46.43, 0) 23.21 over the shown 12-40 and 5-20
    assert df.loc[[d, e, b], "rank"].tolist() == [1, 2, 3]
    assert df.loc[[d, e, b], "priority_score"].tolist() == [100.0, 23.21, 16.67]
    assert df.loc[[a_, c], ["rank", "priority_score", "miskin", "persen"]].isna().all().all()
    assert df.loc[[b, d, e], "miskin"].tolist() == [12, 40, 25]
