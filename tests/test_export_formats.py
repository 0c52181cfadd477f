"""Every export format read back as its users read it: pandas/openpyxl, geopandas/pyogrio, a KML parser.

Rows, rank order, Kemendagri codes as text, figures, provenance, small-count
protection, synthetic flags, and names with apostrophes and non-ASCII
characters, in every format, each written through the export gate. Expected
ranks and figures come from hand-made tables (the ``hand_built`` fixture,
tests/gate_support.py, tests/kabkota_figures.py), never from the code under
test. The PDF report has its own tests (test_report.py); formula safety and the
recomputation attack are in test_gate.py.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import sqlite3
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pyogrio
import pytest
from gate_support import FIGURES, HOSTILE_NAMES, build_fixture
from kabkota_figures import ORDER

from geo_planner import __version__
from geo_planner.errors import InputError
from geo_planner.outputs.formats import (
    EXPORTERS,
    FORMATS,
    field_labels,
    lead_columns,
    rpkd_table,
    shapefile_names,
    unit_table,
)
from geo_planner.outputs.gate import export, write
from geo_planner.outputs.privacy import count_columns, protect, safe_unmatched
from geo_planner.outputs.protected import protect_analysis

KML = "{http://www.opengis.net/kml/2.2}"
ODD_CODE = "64.07.16.2002"   # renamed in the fixture: Indonesian punctuation and a non-ASCII letter
ODD_NAME = "Tanjung Isuy – ‘Dayak Benuaq’ Désa"
MUUT = "64.07.16.2006"       # Mu'ut, a real desa of Kutai Barat


# --------------------------------------------------------------------------- fixtures and readers

@pytest.fixture(scope="module")
def desa(mirror):
    """Desa of Kutai Barat (64.07) with the synthetic demo and pockets; one name made harder."""
    from geo_planner.pipeline import add_pockets, build_analysis

    a = add_pockets(build_analysis("desa", "64", within="64.07", synthetic=True), permutations=99)
    assert a.units.loc[MUUT, "name"] == "Mu'ut"
    a.units.loc[ODD_CODE, "name"] = ODD_NAME
    return a


@pytest.fixture(scope="module")
def hand_built(mirror, tmp_path_factory):
    """A desa-level analysis from a hand-made table: small counts, a rate, and a count of zero."""
    from geo_planner.pipeline import analyse, load_layers
    from geo_planner.units.hierarchy import load_units

    units = load_units("desa", "64", within="64.07.16")
    codes = list(units.index[:5])
    assert MUUT in units.index
    path = tmp_path_factory.mktemp("hand") / "kpm_desa.csv"
    rows = [(MUUT, 3, 12.5), (codes[0], 12, 30.0), (codes[1], 0, 0.0), (codes[2], 4, 8.0), (codes[3], 5, 2.5)]
    path.write_text("kode,jumlah_kpm,persen_miskin (%)\n" + "".join(f"{c},{n},{r}\n" for c, n, r in rows),
                    encoding="utf-8")
    layers = load_layers(units, [path], level="desa", include_builtin=False,
                         directions={"jumlah_kpm": "need", "persen_miskin": "need"})
    result = analyse(units, layers, {"jumlah_kpm": 1, "persen_miskin": 1}, level="desa")
    result = result.with_provenance(within="64.07.16")
    return result, dict((c, n) for c, n, _ in rows), dict((c, r) for c, _, r in rows)


@pytest.fixture(scope="module")
def fx(mirror, tmp_path_factory):
    """Five desa of 64.07.16 typed by hand (tests/gate_support.py): after protection D, E, B rank 1-3; A
    (3 poor) and C (0, hidden with it) have no figure left but their population."""
    return build_fixture(tmp_path_factory.mktemp("fx"))


def _fx_order(fx) -> list[str]:
    """Rank order of the file: D, E, B, then the desa without a score by code."""
    ranked = [fx.codes[3], fx.codes[4], fx.codes[1]]
    return ranked + sorted(c for c in fx.analysis.units.index if c not in ranked)


def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)


def _sidecar(path: Path) -> dict:
    return json.loads(Path(f"{path}.provenance.json").read_text(encoding="utf-8"))


def _kml(path: Path) -> list[ET.Element]:
    return ET.parse(path).getroot().find(f"{KML}Document").findall(f"{KML}Placemark")


def _kml_data(pm: ET.Element) -> dict[str, str]:
    return {d.get("name"): d.findtext(f"{KML}value") for d in pm.iter(f"{KML}Data")}


def _shp(path: Path) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    with zipfile.ZipFile(path) as zf:
        fields = pd.read_csv(io.BytesIO(zf.read("fields.csv")), encoding="utf-8-sig", dtype=str)
    return gpd.read_file(f"zip://{path}", engine="pyogrio"), fields


def _xlsx_rows(path: Path, sheet: int = 0) -> tuple[list, list[dict]]:
    ws = openpyxl.load_workbook(path).worksheets[sheet]
    rows = list(ws.iter_rows(values_only=True))
    return list(rows[0]), [dict(zip(rows[0], r)) for r in rows[1:]]


def _cells(ws) -> str:
    return "\n".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None)


def _all_text(path: Path) -> str:
    """Everything a reader of the file could see, as text (zips unpacked, PDF through pdftotext)."""
    data = path.read_bytes()
    if path.suffix in (".zip", ".xlsx"):
        with zipfile.ZipFile(path) as zf:
            return "\n".join(zf.read(n).decode("utf-8", errors="replace") for n in zf.namelist()
                             if not n.endswith((".shp", ".shx")))
    if path.suffix == ".pdf":
        out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True)
        return out.stdout.decode("utf-8") + info.stdout.decode("utf-8", errors="replace")
    return data.decode("utf-8", errors="replace")


# --------------------------------------------------------------------------- registry

def test_registry_dispatches_by_suffix_and_format(analysis, tmp_path):
    assert set(FORMATS) == {"csv", "xlsx", "rpkd", "geojson", "gpkg", "shp", "kml", "pdf"}
    assert set(EXPORTERS) == set(FORMATS)
    assert export(analysis, tmp_path / "a.geojson").suffix == ".geojson"
    assert export(analysis, tmp_path / "b.shp").name == "b.zip"  # a Shapefile always travels zipped
    assert export(analysis, tmp_path / "lokasi", "rpkd").name == "lokasi.xlsx"
    assert openpyxl.load_workbook(tmp_path / "lokasi.xlsx").sheetnames == ["Lokasi prioritas", "Sumber"]
    with pytest.raises(InputError, match=r"cannot tell the format from '\.txt'"):
        export(analysis, tmp_path / "x.txt")
    with pytest.raises(InputError, match="unknown export format 'docx'"):
        export(analysis, tmp_path / "x.docx", "docx")
    with pytest.raises(InputError, match="unknown privacy mode 'blur'"):
        export(analysis, tmp_path / "x.csv", privacy="blur")
    with pytest.raises(InputError, match="unknown language"):
        export(analysis, tmp_path / "x.csv", lang="fr")
    assert "privacy" not in analysis.provenance  # the caller's analysis is never changed


def test_downloads_for_buttons(analysis):
    download = write(analysis, None, fmt="gpkg")
    assert download.file_name == "prioritas_kabkota.gpkg" and download.data[:16] == b"SQLite format 3\x00"
    download = write(analysis, None, fmt="pdf")
    assert download.file_name.endswith(".pdf") and download.data.startswith(b"%PDF")


# --------------------------------------------------------------------------- lead office

def test_lead_columns_match_lead_sectors(analysis, desa):
    from geo_planner.planning.sectors import lead_sectors

    mixed = {"rtlh_units": 1, "sanitation_unimproved_households": 1, "slum_area_ha": 1, "poverty_rate": 1,
             "coverage_ratio": 1}
    for a, weights in ((analysis, None), (desa, {k: 1 for k, m in desa.indicators.items()
                                                 if m.direction in ("need", "coverage")}), (desa, mixed)):
        fast = lead_columns(a) if weights is None else _reweighted_lead(a, weights)
        slow = lead_sectors(a, weights=weights)
        for col in ("lead_office", "lead_sector", "lead_programmes", "lead_strategy", "lead_share"):
            x, y = slow[col].reindex(fast.index), fast[col]
            same = (x == y) | (x.isna() & y.isna())
            assert same.all(), (col, pd.DataFrame({"slow": x, "fast": y})[~same].head())
    assert set(_reweighted_lead(desa, mixed)["lead_office"]) == {"Dinas PUPR", "Dinas Sosial"}


def _reweighted_lead(a, weights):
    from dataclasses import replace

    from geo_planner.analysis.priority import compute_priority

    scores = compute_priority(a.units[a.indicator_ids], a.indicators, weights)
    units = a.units.drop(columns=[c for c in a.units.columns if c.startswith("need_")])
    units = units.drop(columns=["priority_score", "rank", "indicators_used"]).join(scores)
    return lead_columns(replace(a, units=units, weights=dict(weights)))


# --------------------------------------------------------------------------- CSV / XLSX / RPKD

def test_csv_labels_rank_order_and_sidecar(analysis, tmp_path):
    path = export(analysis, tmp_path / "prioritas.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    df = _csv(path)
    assert df.columns[:5].tolist() == ["Kode", "Nama wilayah", "Tingkat", "Kode induk", "Peringkat"]
    assert df["Kode"].tolist() == ORDER and df["Kode"].iloc[0] == "64.02"
    assert _csv(export(analysis, tmp_path / "en.csv", lang="en")).columns[4] == "Rank"
    assert _csv(export(analysis, tmp_path / "ids.csv", headers="ids")).columns[0] == "code"
    side = _sidecar(path)
    assert side["weights"] == {"poverty_rate": 1.0, "poor_population": 1.0}
    assert side["version"] == __version__ and side["format"] == "csv" and side["file"] == "prioritas.csv"
    assert side["privacy"]["applied"] is False  # kab/kota counts are not small-area counts


def test_xlsx_numbers_formats_and_privacy_note(desa, tmp_path):
    path = export(desa, tmp_path / "prioritas.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Prioritas", "Sumber"]
    ws = book["Prioritas"]
    header = [c.value for c in ws[1]]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert sorted(r[0] for r in rows) == sorted(desa.units.index) and all(isinstance(r[0], str) for r in rows)
    ranks = [r[4] for r in rows if r[4] is not None]
    assert ranks == sorted(ranks) and rows[-1][4] is None or len(ranks) == len(rows)  # unranked last
    col = header.index("Jumlah penduduk miskin (jiwa)") + 1
    cells = [ws.cell(row=i, column=col) for i in range(2, ws.max_row + 1)]
    assert all(isinstance(c.value, int) and c.number_format == "#,##0" for c in cells if c.value is not None)
    assert ws.freeze_panes == "A2"
    sources = _cells(book["Sumber"])
    assert "SINTETIS" in sources and "Angka < 5 disembunyikan" in sources
    assert "Tidak pernah diekspor" in sources


def test_rpkd_table_columns_order_and_strategy(analysis, tmp_path):
    table = rpkd_table(analysis)
    assert table.columns[:4].tolist() == ["No.", "Kode", "Nama wilayah", "Wilayah induk"]
    assert table.columns[-6:].tolist() == ["Skor prioritas", "Peringkat", "Kantong kemiskinan", "OPD pengampu",
                                           "Program", "Strategi (Permendagri 53/2020)"]
    assert table["Kode"].tolist() == ORDER
    first = table.iloc[0]
    assert first["Kode"] == "64.02" and first["No."] == 1 and first["Peringkat"] == 1
    assert first["Wilayah induk"] == "Kalimantan Timur"
    assert first["Persentase penduduk miskin (P0) (%)"] == 7.28 and first["Jumlah penduduk miskin (jiwa)"] == 59000
    assert first["OPD pengampu"] == "Dinas Sosial"
    assert first["Strategi (Permendagri 53/2020)"] == "1 Mengurangi beban pengeluaran; 2 Meningkatkan pendapatan"
    assert first["Kantong kemiskinan"] == "-"  # no pockets computed
    assert len(rpkd_table(analysis, top=3)) == 3
    assert rpkd_table(analysis, "en").columns[-1] == "Strategy (Permendagri 53/2020)"
    assert rpkd_table(analysis, headers="ids").columns[1] == "code"

    path = export(analysis, tmp_path / "lokasi.xlsx", "rpkd", top=5)
    header, rows = _xlsx_rows(path)
    assert header == table.columns.tolist() and len(rows) == 5
    assert [r["Kode"] for r in rows] == table["Kode"].head(5).tolist()
    assert isinstance(rows[0]["Skor prioritas"], float) and rows[0]["Jumlah penduduk miskin (jiwa)"] == 59000
    ws = openpyxl.load_workbook(path)["Lokasi prioritas"]
    assert ws.freeze_panes == "A2" and ws.column_dimensions["C"].width > 20
    csv = export(analysis, tmp_path / "lokasi.csv", "rpkd")
    assert _csv(csv)["Kode"].tolist() == table["Kode"].tolist()
    assert _sidecar(csv)["format"] == "rpkd"


def test_rpkd_table_at_desa_level_has_pockets_and_parents(desa):
    table = rpkd_table(desa, headers="ids")
    assert table["pocket"].str.match(r"^(P\d+|-)$").all() and (table["pocket"] != "-").any()
    parent = table.set_index("code").loc[MUUT, "parent_name"]
    assert parent.startswith("Kec. ") and parent.endswith("Kabupaten Kutai Barat")
    assert table["synthetic"].all()
    assert (table.loc[table["priority_score"] > 0, "strategy"] != "").all()  # a need of 0 has no lead office


# --------------------------------------------------------------------------- GIS

def test_geojson_read_back(fx, desa, tmp_path):
    path = export(fx.analysis, tmp_path / "prioritas.geojson")
    gdf = gpd.read_file(path, engine="pyogrio")
    assert gdf.crs.to_epsg() == 4326 and len(gdf) == 10  # every desa of Kec. Nyuatan
    assert gdf["code"].tolist() == _fx_order(fx)  # rank order, units without a score last
    by = gdf.set_index("code")
    assert by.loc[fx.codes[1], "poor_population"] == 12 and by.loc[fx.codes[3], "poverty_rate"] == 20.0
    assert by.loc[fx.codes[0], "name"] == HOSTILE_NAMES[0] and by.loc[fx.codes[3], "name"] == "\tTab desa"
    assert by.loc[fx.codes[0], "population"] == 120 and pd.isna(by.loc[fx.codes[0], "poverty_rate"])
    assert by["pocket"].fillna("").tolist() == ["P1", "", "P1", "P1", "", "", "", "", "", ""]  # D E B A C ...
    import shapely

    assert abs(shapely.area(gdf.geometry.to_numpy()).sum()
               - shapely.area(fx.analysis.units.geometry.to_numpy()).sum()) < 1e-6
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert "Angka < 5 disembunyikan" in raw["description"]
    side = _sidecar(path)
    assert side["level"] == "desa" and side["within"] == "64.07.16" and side["synthetic"] is False
    assert side["privacy"]["mode"] == "suppress" and side["privacy"]["threshold"] == 5
    assert side["privacy"]["cells"] == 6  # 3 and 0; the rates and the user's column beside them
    demo = gpd.read_file(export(desa, tmp_path / "demo.geojson"), engine="pyogrio").set_index("code")
    assert demo.loc[MUUT, "name"] == "Mu'ut" and demo.loc[ODD_CODE, "name"] == ODD_NAME
    assert bool(demo["synthetic"].all()) and demo["pocket"].notna().any()
    assert "SINTETIS" in json.loads((tmp_path / "demo.geojson").read_text(encoding="utf-8"))["description"]


def test_gpkg_layer_per_level_with_provenance(desa, analysis, tmp_path):
    path = tmp_path / "prioritas.gpkg"
    export(desa, path)
    export(analysis, path)
    export(analysis, path)  # the same level again replaces its layer
    layers = {str(n) for n in pyogrio.list_layers(path)[:, 0]}
    assert layers == {"desa_64_07", "kabkota", "provenance"}
    kab = gpd.read_file(path, layer="kabkota", engine="pyogrio")
    assert kab["code"].tolist() == ORDER
    assert kab["code"].iloc[0] == "64.02" and kab["poor_population"].iloc[0] == 59000
    assert len(kab) == 10 and kab["lead_office"].iloc[0] == "Dinas Sosial"
    d = gpd.read_file(path, layer="desa_64_07", engine="pyogrio").set_index("code")
    assert d.loc[MUUT, "name"] == "Mu'ut" and d.loc[ODD_CODE, "name"] == ODD_NAME
    prov = pyogrio.read_dataframe(path, layer="provenance")
    assert sorted(prov["layer"]) == ["desa_64_07", "kabkota"]
    row = prov.set_index("layer").loc["desa_64_07"]
    assert bool(row["synthetic"]) and "Angka < 5" in row["privacy"]
    meta = json.loads(row["json"])
    assert meta["version"] == __version__ and meta["weights"] and "sintetis_desa" in [x["name"] for x in meta["layers"]]
    layer_meta = pyogrio.read_info(path, layer="kabkota")["layer_metadata"]
    assert json.loads(layer_meta["provenance"])["level"] == "kabkota"
    with sqlite3.connect(path) as con:
        titles = dict(con.execute("SELECT column_name, title FROM gpkg_data_columns WHERE table_name = 'kabkota'"))
    con.close()
    assert titles["poverty_rate"] == "Persentase penduduk miskin (P0) (%)" and titles["code"] == "Kode"


def test_shapefile_zip_with_field_map(desa, fx, tmp_path):
    path = export(desa, tmp_path / "prioritas.zip")
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        assert zf.read("prioritas.cpg").decode().strip() == "UTF-8"
        assert "GEOGCS" in zf.read("prioritas.prj").decode() or "GEOGCRS" in zf.read("prioritas.prj").decode()
        inner = json.loads(zf.read("prioritas.provenance.json"))
    assert {f"prioritas{e}" for e in (".shp", ".shx", ".dbf", ".prj", ".cpg")} <= names
    assert {"fields.csv", "prioritas.provenance.json"} <= names
    assert inner["format"] == "shp" and inner["synthetic"] is True
    assert Path(f"{path}.provenance.json").is_file()
    gdf, fields = _shp(path)
    assert (fields["field"].str.len() <= 10).all() and fields["field"].is_unique
    assert fields.set_index("column").loc["code", "field"] == "kode"
    assert fields.set_index("column").loc["households_decile_1", "label_id"] == "Rumah tangga desil 1 DTSEN (rumah tangga)"
    gdf = gdf.rename(columns=dict(zip(fields["field"], fields["column"])))
    by = gdf.set_index("code")
    assert by.loc[MUUT, "name"] == "Mu'ut" and by.loc[ODD_CODE, "name"] == ODD_NAME
    assert by.loc[MUUT, "parent"] == "64.07.16"
    hand, fields = _shp(export(fx.analysis, tmp_path / "hand.zip"))
    hand = hand.rename(columns=dict(zip(fields["field"], fields["column"])))
    assert [c for c in hand.columns if c != "geometry"] == [
        "code", "name", "level", "parent", "parent_name", "rank", "priority_score", "indicators_used",
        "poor_population", "poverty_rate", "population", "hyperlink", "pocket", "lead_office", "lead_sector",
        "lead_programmes", "lead_strategy", "strategy"]
    assert hand["code"].tolist() == _fx_order(fx)
    assert hand.set_index("code").loc[fx.codes[4], "poor_population"] == FIGURES[4][0]


def test_shapefile_names_are_short_unique_and_stable():
    cols = ["code", "households_decile_1", "households_decile_2", "sanitation_unimproved_households",
            "households", "households_x", "a_b_c_d_e_f_g_h", "poverty_rate"]
    names = shapefile_names(cols)
    assert all(len(n) <= 10 for n in names.values())
    assert len({n.lower() for n in names.values()}) == len(cols)
    assert names["code"] == "kode" and names["poverty_rate"] == "poverty_ra" or len(names["poverty_rate"]) <= 10
    assert names["households_decile_1"] != names["households_decile_2"]
    assert names == shapefile_names(cols)


def test_kml_placemarks_and_balloons(desa, fx, tmp_path):
    path = export(fx.analysis, tmp_path / "lapangan.kml")
    placemarks = _kml(path)
    assert [_kml_data(pm)["code"] for pm in placemarks] == _fx_order(fx)
    by = {_kml_data(pm)["code"]: pm for pm in placemarks}
    d = by[fx.codes[3]]
    balloon = d.findtext(f"{KML}description")
    assert "Peringkat" in balloon and "<td>1</td>" in balloon and "<td>100</td>" in balloon  # D: rank 1, 100
    assert "<td>16,67</td>" in by[fx.codes[1]].findtext(f"{KML}description")  # B, from the figures shown
    assert _kml_data(by[fx.codes[0]])["poor_population"] == "–"  # A's 3: hidden
    demo = export(desa, tmp_path / "demo.kml")
    muut = {_kml_data(pm)["code"]: pm for pm in _kml(demo)}[MUUT]
    assert muut.findtext(f"{KML}name") == "Mu'ut"
    assert "OPD pengampu" in muut.findtext(f"{KML}description") and "SINTETIS" in muut.findtext(f"{KML}description")
    assert _kml_data(muut)["synthetic"] == "ya"
    import shapely

    coords = sum(len(c.text.split()) for c in ET.parse(demo).getroot().iter(f"{KML}coordinates"))
    assert coords < shapely.get_num_coordinates(desa.units.geometry.to_numpy()).sum()  # simplified
    doc = ET.parse(demo).getroot().find(f"{KML}Document")
    assert "SINTETIS" in doc.findtext(f"{KML}description") and _sidecar(demo)["format"] == "kml"


# --------------------------------------------------------------------------- privacy

def test_protect_suppresses_rounds_or_leaves(hand_built):
    a, counts, rates = hand_built
    assert count_columns(a.indicators, a.units.columns) == ["jumlah_kpm"]
    out, note = protect(a.units, a.indicators, level="desa")
    got = out["jumlah_kpm"].dropna().to_dict()
    small = {c for c, n in counts.items() if 0 < n < 5}  # 3 and 4: two in 64.07.16, no secondary needed
    assert got == {c: float(n) for c, n in counts.items() if c not in small}
    # the row rule: the rate beside a hidden count is emptied (3 / 12.5 % would give the population back...)
    assert out["persen_miskin"].dropna().to_dict() == {c: r for c, r in rates.items() if c not in small}
    assert note.startswith("Angka < 5 disembunyikan") and "persentase x penduduk" in note
    out, note = protect(a.units, a.indicators, level="desa", mode="round")
    assert out["jumlah_kpm"].dropna().to_dict() == {c: float(5 * np.floor(n / 5 + 0.5)) for c, n in counts.items()}
    assert out["persen_miskin"].dropna().to_dict() == {c: r for c, r in rates.items() if c not in small}
    assert "kelipatan 5" in note and "dibulatkan dari 1-4" in note
    out, note = protect(a.units, a.indicators, level="desa", mode="none")
    assert out["jumlah_kpm"].equals(a.units["jumlah_kpm"]) and "dimatikan" in note
    assert out["persen_miskin"].equals(a.units["persen_miskin"])
    out, note = protect(a.units, a.indicators, level="desa", threshold=13)
    assert out["jumlah_kpm"].dropna().to_dict() == {c: float(n) for c, n in counts.items() if n == 0}
    assert out["persen_miskin"].dropna().to_dict() == {c: r for c, r in rates.items() if counts[c] == 0}
    _, note = protect(a.units, a.indicators, level="kecamatan")
    assert note == ""  # districts are protected only when asked
    out, note = protect(a.units, a.indicators, level="kecamatan", levels=("kecamatan", "desa"), lang="en")
    assert out["jumlah_kpm"].notna().sum() == 3 and note.startswith("Counts < 5 suppressed")
    for bad in (0, 2.5, "x"):
        with pytest.raises(InputError, match="threshold"):
            protect(a.units, a.indicators, level="desa", threshold=bad)


def test_a_count_hidden_alone_in_its_kecamatan_takes_a_second_one_with_it(mirror, tmp_path):
    """Secondary suppression: 3 hidden alone in a kecamatan would come back as the kecamatan total minus the rest."""
    from geo_planner.pipeline import analyse, load_layers
    from geo_planner.units.hierarchy import load_units

    units = load_units("desa", "64", within="64.07.16")
    other = load_units("desa", "64", within="64.07.15")
    c = [u for u in units.index if u != MUUT][:3]
    d = list(other.index[:2])
    rows = [(MUUT, 3), (c[0], 12), (c[1], 7), (c[2], 40), (d[0], 2), (d[1], 4)]  # 64.07.15: two hidden already
    path = tmp_path / "kpm.csv"
    path.write_text("kode,jumlah_kpm\n" + "".join(f"{k},{n}\n" for k, n in rows), encoding="utf-8")
    both = pd.concat([units, other]).sort_index()
    layers = load_layers(both, [path], level="desa", include_builtin=False, directions={"jumlah_kpm": "need"})
    a = analyse(both, layers, {"jumlah_kpm": 1}, level="desa")
    out, note = protect(a.units, a.indicators, level="desa")
    shown = out["jumlah_kpm"].dropna().to_dict()
    assert shown == {c[0]: 12.0, c[2]: 40.0}  # 7, the smallest other figure of 64.07.16, hidden with the 3
    assert "sel terkecil lainnya ikut disembunyikan" in note
    safe = protect_analysis(a)
    assert safe.provenance["privacy"]["cells"] == 4
    figures = safe.figures.set_index("code")["value"]
    assert figures.loc[[MUUT, c[1], d[0], d[1]]].isna().all() and figures.loc[c[0]] == 12
    csv = _csv(export(a, tmp_path / "e.csv")).set_index("Kode")
    label = field_labels(["jumlah_kpm"], a)["jumlah_kpm"]
    assert csv.loc[[MUUT, c[1], d[0], d[1]], label].tolist() == [""] * 4
    assert csv.loc[[c[0], c[2]], label].astype(float).tolist() == [12.0, 40.0]


def test_suppression_in_every_format(hand_built, tmp_path):
    a, counts, _ = hand_built
    hidden = {c for c, n in counts.items() if 0 < n < 5}
    assert MUUT in hidden
    shown = {c: n for c, n in counts.items() if c not in hidden}
    p = {fmt: export(a, tmp_path / "p", fmt) for fmt in FORMATS if fmt != "rpkd"}
    p["rpkd"] = export(a, tmp_path / "lokasi", "rpkd")
    assert p["csv"].name == "p.csv" and p["rpkd"].name == "lokasi.xlsx" and p["shp"].name == "p.zip"
    label = field_labels(["jumlah_kpm"], a)["jumlah_kpm"]
    readers = {
        "csv": _csv(p["csv"]).set_index("Kode")[label].replace("", np.nan).astype(float),
        "xlsx": pd.DataFrame(_xlsx_rows(p["xlsx"])[1]).set_index("Kode")[label].astype(float),
        "rpkd": pd.DataFrame(_xlsx_rows(p["rpkd"])[1]).set_index("Kode")[label].astype(float),
        "geojson": gpd.read_file(p["geojson"]).set_index("code")["jumlah_kpm"],
        "gpkg": gpd.read_file(p["gpkg"], layer="desa_64_07_16").set_index("code")["jumlah_kpm"],
        "shp": _shp(p["shp"])[0].set_index("kode")["jumlah_kpm"],
        "kml": pd.Series({_kml_data(pm)["code"]: _kml_data(pm).get("jumlah_kpm") for pm in _kml(p["kml"])})
              .replace("–", np.nan).astype(float),
    }
    for fmt, series in readers.items():
        assert series.reindex(sorted(hidden)).isna().all(), fmt
        assert series.reindex(list(shown)).tolist() == [float(n) for n in shown.values()], fmt
    with zipfile.ZipFile(p["shp"]) as zf:
        shp_note = json.loads(zf.read("p.provenance.json"))["privacy"]["note_id"]
    notes = {
        "csv": _sidecar(p["csv"])["privacy"]["note_id"],
        "xlsx": _cells(openpyxl.load_workbook(p["xlsx"])["Sumber"]),
        "rpkd": _cells(openpyxl.load_workbook(p["rpkd"])["Sumber"]),
        "geojson": _sidecar(p["geojson"])["privacy"]["note_id"],
        "gpkg": pyogrio.read_dataframe(p["gpkg"], layer="provenance")["privacy"].iloc[0],
        "shp": shp_note,
        "kml": ET.parse(p["kml"]).getroot().find(f"{KML}Document").findtext(f"{KML}description"),
    }
    if shutil.which("pdftotext"):
        notes["pdf"] = " ".join(_all_text(p["pdf"]).split())
    for fmt, text in notes.items():
        assert "Angka < 5 disembunyikan" in text, fmt
    assert _sidecar(p["csv"])["privacy"]["cells"] == 2 * len(hidden)  # each count and the rate beside it
    rounded = export(a, tmp_path / "r.geojson", privacy="round")
    got = gpd.read_file(rounded).set_index("code")["jumlah_kpm"]
    assert got.reindex(list(counts)).tolist() == [5 * np.floor(n / 5 + 0.5) for n in counts.values()]
    none = export(a, tmp_path / "n.geojson", privacy="none", threshold=3)
    assert gpd.read_file(none).set_index("code").loc[MUUT, "jumlah_kpm"] == 3
    assert "dimatikan" in _sidecar(none)["privacy"]["note_id"]


def test_point_layer_rows_never_reach_an_export(mirror, tmp_path):
    from geo_planner.pipeline import analyse, load_layers
    from geo_planner.units.hierarchy import load_units

    units = load_units("desa", "64", within="64.07.16")
    inside = units.loc[MUUT].geometry.representative_point()
    points = tmp_path / "rumah_tangga.csv"
    points.write_text(
        "nama_kk,nik,lat,lon,anggota\n"
        f"Keluarga Budi Santoso-XYZ,6407999999990001,{inside.y:.6f},{inside.x:.6f},4\n"
        "Keluarga Siti Aminah-QRS,6407999999990002,-0.987654,117.123456,3\n", encoding="utf-8")
    layers = load_layers(units, [points], level="desa", include_builtin=False, synthetic=True)
    a = analyse(units, layers, None, level="desa")
    assert "Keluarga Siti Aminah-QRS" in a.unmatched.to_string()  # the raw row is there before export ...
    assert a.units.loc[MUUT, "rumah_tangga_count"] == 1
    assert "rumah_tangga_nik_sum" not in a.units.columns  # an identifier (NIK) is never summed
    stripped = safe_unmatched(a.unmatched)
    assert stripped.columns.tolist() == ["row", "reason", "layer", "file"]
    secrets = ("Budi Santoso", "Siti Aminah", "6407999999990001", "6407999999990002", "-0.987654", "117.123456",
               f"{inside.y:.6f}", f"{inside.x:.6f}")
    for fmt in FORMATS:
        if fmt == "pdf" and shutil.which("pdftotext") is None:
            continue
        path = export(a, tmp_path / f"out_{fmt}", fmt)
        files = [path, *path.parent.glob(path.name + ".provenance.json")]
        for f in files:
            text = _all_text(f) if f.suffix != ".gpkg" else f.read_bytes().decode("utf-8", errors="replace")
            for s in secrets:  # ... and never after
                assert s not in text, (fmt, f.name, s)
    book = openpyxl.load_workbook(tmp_path / "out_xlsx.xlsx")
    assert book.sheetnames[-1] == "Tidak cocok"  # the unmatched row is listed: number and reason only
    assert "outside every desa unit" in _cells(book["Tidak cocok"])


# --------------------------------------------------------------------------- synthetic, names, CLI

def test_synthetic_flag_in_every_format(desa, tmp_path):
    for fmt in FORMATS:
        if fmt == "pdf" and shutil.which("pdftotext") is None:
            continue
        path = export(desa, tmp_path / f"s_{fmt}", fmt)
        text = _all_text(path) + "".join(p.read_text(encoding="utf-8")
                                         for p in path.parent.glob(path.name + ".provenance.json"))
        assert "SINTETIS" in text or '"synthetic": true' in text, fmt
    assert set(_csv(tmp_path / "s_csv.csv")["Data sintetis"]) == {"True"}
    assert all(r["Data sintetis"] is True for r in _xlsx_rows(tmp_path / "s_rpkd.xlsx")[1])
    assert gpd.read_file(tmp_path / "s_gpkg.gpkg", layer="desa_64_07")["synthetic"].all()
    gdf, fields = _shp(tmp_path / "s_shp.zip")
    assert gdf[fields.set_index("column").loc["synthetic", "field"]].all()


def test_names_survive_every_format(desa, tmp_path):
    for fmt in FORMATS:
        if fmt == "pdf" and shutil.which("pdftotext") is None:
            continue
        path = export(desa, tmp_path / f"n_{fmt}", fmt, top=len(desa.units))
        text = _all_text(path) if fmt != "gpkg" else "\n".join(
            gpd.read_file(path, layer="desa_64_07")["name"])
        text = " ".join(text.split()) if fmt == "pdf" else text  # a long name wraps in its table cell
        for name in ("Mu'ut", ODD_NAME, "Long Iram Seberang"):
            assert name in text, (fmt, name)


def test_labels_cover_every_column(desa):
    table = unit_table(desa)
    labels = field_labels(table.columns, desa, "id")
    assert labels["parent_name"] == "Wilayah induk" and labels["lead_office"] == "OPD pengampu"
    assert all(labels[c] != c for c in table.columns)


def _parser():
    from geo_planner.cli.commands import _analysis_options
    from geo_planner.cli.export import add_export_command

    parser = argparse.ArgumentParser(prog="geo-planner")
    sub = parser.add_subparsers(dest="command", required=True)
    add_export_command(sub, _analysis_options)
    return parser


def test_cli_export_command(analysis, tmp_path, capsys):
    parser = _parser()
    out = tmp_path / "lokasi.xlsx"
    args = parser.parse_args(["export", "--level", "kabkota", "--format", "rpkd", "--out", str(out), "--top", "3"])
    assert args.func(args) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    assert [r["Kode"] for r in _xlsx_rows(out)[1]] == ORDER[:3]
    out = tmp_path / "desa.gpkg"
    args = parser.parse_args(["export", "--level", "desa", "--within", "64.11", "--pockets", "--permutations", "99",
                              "--synthetic", "--out", str(out), "--privacy", "round", "--threshold", "10"])
    assert args.func(args) == 0
    assert "SYNTHETIC" in capsys.readouterr().err
    d = gpd.read_file(out, layer="desa_64_11")
    assert d["pocket"].notna().any() and (d["poor_population"].dropna() % 10 == 0).all()
    for bad in (["--threshold", "0"], ["--privacy", "blur"], ["--format", "docx"]):
        with pytest.raises(SystemExit):
            parser.parse_args(["export", "--out", "x.csv", *bad])
    args = parser.parse_args(["export", "--out", str(tmp_path / "x.txt")])
    with pytest.raises(InputError, match="cannot tell the format"):
        args.func(args)


@pytest.mark.slow
def test_export_benchmark_runs_in_small_mode():
    import os
    import sys

    repo = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, str(repo / "benchmarks" / "bench_export.py"), "--small"],
                         capture_output=True, text=True, env=dict(os.environ), timeout=600)
    assert out.returncode == 0, out.stderr
    table = [line for line in out.stdout.splitlines() if line.startswith("| ")]
    assert len(table) == 1 + 9  # header, one row per case
    assert any(line.startswith("| GeoPackage") for line in table)
