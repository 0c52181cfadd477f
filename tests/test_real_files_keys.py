"""Issue 12, classes 1, 3, 5 and 8: files as planners and field teams send them.

Each fixture in tests/fixtures/keys/ is hand-made and synthetic (make_fixtures.py writes them); the
right answer is derived here from the unit names and codes of the downloaded boundaries, never from
the code under test.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import shapely

from geo_planner import pipeline
from geo_planner.errors import InputError
from geo_planner.layers.model import read_layer
from geo_planner.units.hierarchy import load_units

FIX = Path(__file__).parent / "fixtures" / "keys"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def units():
    return {lv: load_units(lv, "64") for lv in ("kabkota", "kecamatan", "desa")}


def desa_code(units, name: str, kecamatan: str, kabupaten: str | None = None) -> str:
    """The code of the desa ``name`` in the kecamatan ``kecamatan`` (and kab/kota), read from the boundaries."""
    kec = units["kecamatan"]
    kec = kec[kec["name"].str.casefold() == kecamatan.casefold()]
    if kabupaten is not None:
        kab = units["kabkota"]
        kab_codes = kab.index[kab["name"].str.casefold().str.endswith(kabupaten.casefold())]
        kec = kec[kec["parent"].isin(kab_codes)]
    assert len(kec) == 1, (kecamatan, kabupaten)
    d = units["desa"]
    hit = d[(d["parent"] == kec.index[0]) & (d["name"].str.casefold() == name.casefold())]
    assert len(hit) == 1, (name, kecamatan)
    return hit.index[0]


def kec_code(units, name: str) -> str:
    k = units["kecamatan"]
    hit = k.index[k["name"] == name]
    assert len(hit) == 1
    return hit[0]


def located(units, lon: float, lat: float, level: str = "desa") -> str:
    u = units[level]
    hit = u.index[u.contains(shapely.Point(lon, lat))]
    assert len(hit) == 1, (lon, lat)
    return hit[0]


def figure(layer, code: str, indicator: str) -> float:
    f = layer.figures[(layer.figures["code"] == code) & (layer.figures["indicator"] == indicator)]
    assert len(f) == 1, (code, indicator, len(f))
    return float(f["value"].iloc[0])


def cli(*args: str, cwd: Path = FIX) -> subprocess.CompletedProcess:
    env = {**os.environ, "GEO_PLANNER_LANG": "en", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "geo_planner.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


# --- class 1: which column is the key ------------------------------------------------------------------
def test_dtks_extract_is_keyed_by_its_desa_codes_not_by_the_province_column(units):
    layer = read_layer(FIX / "dtks_extract.csv", units["desa"], level="desa")
    expected = {"LINGGANG MUARA LEBAN": 41, "LONG IRAM SEBERANG": 57, "LONG IRAM ILIR": 23, "ANAH": 19,
                "LONG DALIQ": 12, "LONG IRAM KOTA": 66}
    assert len(layer.figures) == 6 and layer.province_rows.empty and layer.unmatched.empty
    for name, value in expected.items():
        assert figure(layer, desa_code(units, name, "Long Iram", "Kutai Barat"), "jml_kk_miskin") == value


def test_desa_sharing_a_name_are_told_apart_by_the_kabupaten_and_kecamatan_columns(units):
    layer = read_layer(FIX / "desa_sidomulyo.csv", units["desa"], level="desa")
    rows = [("Sidomulyo", "Anggana", "Kutai Kartanegara", 14), ("Sidomulyo", "Tabang", "Kutai Kartanegara", 9),
            ("Sidomulyo", "Kombeng", "Kutai Timur", 31), ("Sidomulyo", "Samarinda Ilir", "Samarinda", 5),
            ("Sumber Sari", "Loa Kulu", "Kutai Kartanegara", 11), ("Sumber Sari", "Barong Tongkok", "Kutai Barat", 8),
            ("Damai Kota", "Damai", "Kutai Barat", 4),
            ("Damai Seberang", "Damai", "Kutai Barat", 6)]  # written "Damai Seberangg": a close spelling in Damai
    assert len(layer.figures) == len(rows) and layer.unmatched.empty
    for name, kec, kab, value in rows:
        assert figure(layer, desa_code(units, name, kec, kab), "jumlah_rtlh") == value
    # The kecamatan Damai is never read as the kelurahan Damai of Balikpapan.
    assert not layer.figures["code"].str.startswith("64.71").any()


def test_a_city_total_at_the_end_of_a_kecamatan_table_is_a_total_not_samarinda_kota(units):
    layer = read_layer(FIX / "kecamatan_samarinda.csv", units["kecamatan"], level="kecamatan")
    assert layer.province_rows["Kecamatan"].tolist() == ["Kota Samarinda"]
    assert figure(layer, kec_code(units, "Samarinda Kota"), "penduduk_miskin") == 1180
    assert figure(layer, kec_code(units, "Palaran"), "penduduk_miskin") == 3120
    assert 30540 not in layer.figures["value"].tolist() and len(layer.figures) == 10


def test_kecamatan_and_regency_subtotals_of_a_desa_table_are_totals(units):
    layer = read_layer(FIX / "desa_subtotals.csv", units["desa"], level="desa")
    assert sorted(layer.province_rows["Desa"]) == ["Jumlah Kec. Damai", "Kabupaten Kutai Barat",
                                                   "Kecamatan Long Iram"]
    assert figure(layer, desa_code(units, "Long Iram Kota", "Long Iram"), "penerima_pkh") == 52
    assert figure(layer, desa_code(units, "Damai Kota", "Damai"), "penerima_pkh") == 40
    assert len(layer.figures) == 4 and layer.unmatched.empty


def test_a_kecamatan_table_read_at_desa_level_is_refused_not_joined_to_desa_of_those_names(units):
    with pytest.raises(InputError, match="no column holds unit codes or names of this level"):
        read_layer(FIX / "kecamatan_samarinda.csv", units["desa"], level="desa")


# --- class 3: codes as spreadsheets mangle them ----------------------------------------------------------
def _by_bps(units, bps: str) -> str:
    k = units["kabkota"]
    hit = k.index[k["bps_code"] == bps]
    assert len(hit) == 1
    return hit[0]


def test_bps_codes_read_as_floats_are_recovered(units):
    layer = read_layer(FIX / "kabkota_bps_float.csv", units["kabkota"], level="kabkota")
    for bps, value in {"6401": 8.45, "6403": 7.12, "6405": 4.98, "6402": 9.31, "6474": 4.12}.items():
        assert figure(layer, _by_bps(units, bps), "persentase_penduduk_miskin") == value
    assert layer.unmatched.empty


def test_codes_kept_as_text_by_a_leading_apostrophe_are_recovered(units):
    layer = read_layer(FIX / "kabkota_apostrophe.csv", units["kabkota"], level="kabkota")
    for bps, value in {"6401": 1520, "6403": 4410, "6471": 880, "6472": 2310}.items():
        assert figure(layer, _by_bps(units, bps), "jumlah_rtlh") == value


def test_kemendagri_codes_typed_into_general_cells_are_recovered(units):
    layer = read_layer(FIX / "kabkota_codes_numbers.xlsx", units["kabkota"], level="kabkota")
    names = {"Paser": 21870, "Kutai Kartanegara": 62150, "Berau": 12640, "Kutai Barat": 13020,
             "Kutai Timur": 36400, "Penajam Paser Utara": 11880, "Mahakam Ulu": 3350, "Balikpapan": 20980,
             "Samarinda": 38150, "Bontang": 7430}
    k = units["kabkota"]
    assert len(layer.figures) == 10 and layer.unmatched.empty
    for name, value in names.items():
        code = k.index[k["name"].str.endswith(" " + name)][0]
        assert figure(layer, code, layer.figures["indicator"].iloc[0]) == value
    assert set(layer.figures["method"]) == {"kemendagri (recovered)"}


def test_a_code_that_lost_its_zero_names_the_column_to_format_as_text(units):
    layer = read_layer(FIX / "kabkota_code_lost_zero.xlsx", units["kabkota"], level="kabkota")
    assert layer.unmatched["row"].tolist() == [3]
    assert layer.unmatched["reason"].iloc[0] == (
        "Kemendagri code 64.10 is not a unit of this level (read from the number '64,1'; if that is not the code "
        "meant, format 'Kode' as Text in the spreadsheet and type the codes again (e.g. 64.02 or 6403))")
    assert sorted(layer.figures["code"]) == ["64.01", "64.72"]


def test_seven_digit_bps_kecamatan_codes_are_reported_not_joined(units):
    layer = read_layer(FIX / "kecamatan_bps7.csv", units["kecamatan"], level="kecamatan")
    assert layer.figures.empty and layer.unmatched["row"].tolist() == [2, 3, 4]
    assert layer.unmatched["reason"].iloc[0] == (
        "BPS kecamatan code 6403010 differs from the Kemendagri code (64.02.05 style) and there is no crosswalk; "
        "use the kecamatan's name or Kemendagri code")


def test_codes_in_scientific_notation_are_refused_naming_the_column(units):
    layer = read_layer(FIX / "desa_scientific.csv", units["desa"], level="desa")
    assert layer.figures.empty and len(layer.unmatched) == 3
    assert set(layer.unmatched["reason"]) == {
        "the code '6,40705E+09' is a number in scientific notation, so its digits are lost; format 'Kode Desa' "
        "as Text in the spreadsheet and type the codes again (e.g. 64.02 or 6403)"}


# --- class 5: coordinates as field teams write them --------------------------------------------------------
def _points(units, name):
    return pipeline.load_layers(units["desa"], [FIX / name], level="desa", include_builtin=False)[0]


def _counts(layer) -> dict[str, float]:
    f = layer.figures[layer.figures["indicator"].str.endswith("_count") & (layer.figures["value"] > 0)]
    return dict(zip(f["code"], f["value"]))


# Hand-converted: 0°29'35.2"S = -(29/60 + 35.2/3600), 117°9'13.0"E = 117 + 9/60 + 13/3600, ...
DMS_A = (117 + 9 / 60 + 13.0 / 3600, -(29 / 60 + 35.2 / 3600))
DMS_B = (116 + 51 / 60 + 10.4 / 3600, -(1 + 14 / 60 + 16.4 / 3600))
DMS_C = (116 + 59 / 60 + 16.8 / 3600, -(25 / 60 + 22.8 / 3600))
# The decimal points of the other fixtures.
P1, P2, P3, P4 = (117.1536, -0.4931), (117.1530, -0.5020), (116.8529, -1.2379), (116.9880, -0.4230)


def test_degrees_minutes_seconds_are_read_and_a_cell_without_hemisphere_is_reported(units):
    layer = _points(units, "points_dms.csv")
    a, b, c = (located(units, *p) for p in (DMS_A, DMS_B, DMS_C))
    assert _counts(layer) == {a: 1, b: 1, c: 1}
    assert figure(layer, b, "points_dms_jumlah_rtlh_sum") == 5
    assert layer.unmatched["row"].tolist() == [5]
    assert "no hemisphere" in layer.unmatched["reason"].iloc[0] or "hemisphere" in layer.unmatched["reason"].iloc[0]


def test_decimal_commas_are_read(units):
    layer = _points(units, "points_decimal_comma.csv")
    assert _counts(layer) == {located(units, *p): 1 for p in (P1, P2, P3)}


def test_one_koordinat_column_is_split_latitude_first(units):
    layer = _points(units, "points_koordinat.csv")
    assert _counts(layer) == {located(units, *p): 1 for p in (P1, P2, P3)}
    assert figure(layer, located(units, *P3), "points_koordinat_jumlah_siswa_sum") == 210
    assert layer.unmatched["row"].tolist() == [5]
    assert layer.unmatched["reason"].iloc[0] == "latitude 'dekat pasar' is not a number"


def test_gpx_waypoints_are_points_and_their_elevation_is_not_a_figure(units):
    layer = _points(units, "waypoints.gpx")
    assert _counts(layer) == {located(units, *p): 1 for p in (P1, P2, P4)}
    assert set(layer.indicators) == {"waypoints_count"}


def test_kmz_placemarks_of_every_folder_are_points(units):
    layer = _points(units, "placemarks.kmz")
    assert _counts(layer) == {located(units, *p): 1 for p in (P1, P3, P4)}
    assert set(layer.indicators) == {"placemarks_count"}


def test_kml_placemarks_keep_the_users_fields_not_the_drivers(units):
    # titik_rtlh.kml (make_fixtures.write_kml_placemarks): 3 points in P1's desa, 2 in P3's, 1 in P4's;
    # jumlah_kk 2+1+1, 1+1, 1. GDAL adds tessellate, extrude, visibility, drawOrder ... to every placemark.
    layer = _points(units, "titik_rtlh.kml")
    assert set(layer.indicators) == {"titik_rtlh_count", "titik_rtlh_jumlah_kk_sum"}
    first, second, third = (located(units, *p) for p in (P1, P3, P4))
    assert _counts(layer) == {first: 3, second: 2, third: 1}
    assert figure(layer, first, "titik_rtlh_jumlah_kk_sum") == 4
    # on the screen (a file's small counts are suppressed at desa level): ranked by the points, most first
    r = cli("rank", "--level", "desa", "--no-builtin", "--layer", "titik_rtlh.kml")
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    assert not re.search(r"(?i)tessellate|extrude|visibility|draworder|altitudemode", r.stderr + r.stdout)
    ranked = [line.split() for line in r.stdout.splitlines()[1:4]]
    assert [(row[0], row[1]) for row in ranked] == [("1", first), ("2", second), ("3", third)]


def test_gpx_standard_fields_are_not_figures_its_extensions_are(units, tmp_path):
    import geopandas as gpd

    # written by GDAL: ele is a GPX field, jumlah_rtlh an extension (read back as ogr_jumlah_rtlh)
    gdf = gpd.GeoDataFrame({"name": ["A", "B", "C"], "ele": [12.5, 9.0, 20.1], "jumlah_rtlh": [3, 4, 5]},
                           geometry=gpd.points_from_xy([P1[0], P2[0], P4[0]], [P1[1], P2[1], P4[1]]),
                           crs="EPSG:4326")
    path = tmp_path / "survei.gpx"
    gdf.to_file(path, driver="GPX", engine="pyogrio", GPX_USE_EXTENSIONS="YES")
    layer = pipeline.load_layers(units["desa"], [path], level="desa", include_builtin=False)[0]
    assert set(layer.indicators) == {"survei_count", "survei_jumlah_rtlh_sum"}
    assert figure(layer, located(units, *P4), "survei_jumlah_rtlh_sum") == 5


def test_a_utm_layer_in_the_wrong_hemisphere_is_refused_naming_both_systems(units):
    with pytest.raises(InputError) as e:
        _points(units, "titik_utm50n.zip")
    assert "WGS 84 / UTM zone 50N (EPSG:32650)" in str(e.value)
    assert "WGS 84 / UTM zone 50S (EPSG:32750)" in str(e.value)


# --- class 8: defaults that follow the data -------------------------------------------------------------
def test_uploaded_indicators_get_a_direction_from_their_names_and_weight_one(units):
    kumuh, penerima = pipeline.load_layers(units["desa"], [FIX / "kumuh.geojson", FIX / "penerima.csv"],
                                           level="desa", include_builtin=False)
    assert kumuh.indicators["kumuh_share_pct"].direction == "need"
    assert kumuh.indicators["kumuh_area_ha"].direction == "context"  # the share carries the need
    assert penerima.indicators["penerima_pkh"].direction == "coverage"
    indicators = {**kumuh.indicators, **penerima.indicators}
    assert pipeline.default_weights(indicators) == {"kumuh_share_pct": 1.0, "penerima_pkh": 1.0}


def test_uploaded_need_and_coverage_are_weighted_beside_the_village_index(units):
    from geo_planner.layers.idm import DEFAULT_WEIGHTS as IDM

    a = pipeline.build_analysis("desa", "64", [FIX / "kumuh.geojson", FIX / "penerima.csv"])
    assert a.weights == {**IDM, "kumuh_share_pct": 1.0, "penerima_pkh": 1.0}
    jawa = desa_code(units, "Jawa", "Samarinda Ulu")
    # Jawa has the largest slum share (need 100) and 10 recipients where they range 5..200:
    # coverage need = 100 - (10 - 5) / (200 - 5) * 100.
    assert a.units.loc[jawa, "need_kumuh_share_pct"] == 100
    assert a.units.loc[jawa, "need_penerima_pkh"] == round(100 - 5 / 195 * 100, 2)


def test_rank_on_uploaded_layers_alone_uses_their_need_and_coverage_and_says_so(units, tmp_path):
    out = tmp_path / "rank.csv"
    r = cli("rank", "--level", "desa", "--no-builtin", "--layer", "kumuh.geojson", "--layer", "penerima.csv",
            "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    assert ("the default weights name idm_2024, which are not loaded at this level; ranked by the need/coverage "
            "indicators available instead: kumuh_share_pct=1, penerima_pkh=1") in r.stderr
    table = pd.read_csv(out, dtype={"code": str})
    # Jawa: the largest slum share and nearly the fewest PKH recipients -> first.
    assert table["code"].iloc[0] == desa_code(units, "Jawa", "Samarinda Ulu")
    # Selili has a slum too but 200 recipients, the most: its coverage need is 0.
    selili = table.set_index("code").loc[desa_code(units, "Selili", "Samarinda Ilir")]
    assert selili["penerima_pkh"] == 200


@pytest.mark.parametrize("name,level", [
    ("dtks_extract.csv", "desa"), ("desa_sidomulyo.csv", "desa"), ("kecamatan_samarinda.csv", "kecamatan"),
    ("kabkota_codes_numbers.xlsx", "kabkota"), ("kabkota_code_lost_zero.xlsx", "kabkota"),
    ("points_dms.csv", "desa"),
])
def test_validate_and_rank_agree_and_never_print_a_traceback(name, level):
    v = cli("validate", "--level", level, name)
    r = cli("rank", "--level", level, "--no-builtin", "--layer", name)
    for proc in (v, r):
        assert "Traceback" not in proc.stderr + proc.stdout
    assert v.returncode == 0 and r.returncode == 0, (v.stderr, r.stderr)
    joined = int(re.search(r"(\d+) unit\(s\) joined", v.stdout).group(1))
    ranked = re.findall(r"^\s*\d+\s+64\.", r.stdout, flags=re.MULTILINE)
    assert len(ranked) == joined  # the units validate joined are the units ranked


def test_a_boundary_file_with_desa_codes_without_dots_gets_kemendagri_codes(tmp_path):
    import json

    from geo_planner.units.userunits import read_boundary_file

    def square(x, y):
        return {"type": "Polygon", "coordinates": [[[x, y], [x + .01, y], [x + .01, y + .01], [x, y + .01], [x, y]]]}

    path = tmp_path / "desa_sendiri.geojson"  # hand-drawn squares, codes as a GIS export without dots
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"KODE": "6472091002", "NAMA": "Pelabuhan"}, "geometry": square(117.15, -0.51)},
        {"type": "Feature", "properties": {"KODE": "6472091005.0", "NAMA": "Sungai Pinang Luar"},
         "geometry": square(117.16, -0.51)},
    ]}))
    units, _ = read_boundary_file(path, level="desa")
    assert sorted(units.index) == ["64.72.09.1002", "64.72.09.1005"]
    assert units.loc["64.72.09.1005", "parent"] == "64.72.09"


def test_rank_on_a_layer_of_context_figures_only_is_refused_with_the_way_out():
    r = cli("rank", "--level", "desa", "--no-builtin", "--layer", "placemarks.kmz")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert ("no indicator loaded is a need or coverage figure, so there is nothing to rank by; the indicators "
            "are: placemarks_count; give one a direction (--direction ID=need or ID=coverage)") in r.stderr
    m = cli("map", "--level", "desa", "--no-builtin", "--layer", "placemarks.kmz", "--out", "/dev/null")
    assert m.returncode == 1 and "nothing to rank by" in m.stderr and "Traceback" not in m.stderr


def test_the_app_joins_an_upload_like_the_cli_and_weights_its_need_figure(units):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.selectbox(key="level").set_value("desa").run()
    data = (FIX / "desa_sidomulyo.csv").read_bytes()
    at.file_uploader(key="upload").set_value(("desa_sidomulyo.csv", data, "text/csv")).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.selectbox(key="dir_jumlah_rtlh").value == "need"  # "RTLH" says need (layers.directions)
    assert at.number_input(key="w_jumlah_rtlh").value == 1.0
    shown = next(d for d in at.dataframe if str(d.key).startswith("table:")).value.set_index("Kode")
    rtlh = next(c for c in shown.columns if "RTLH" in c)
    for name, kec, kab, value in [("Sidomulyo", "Kombeng", "Kutai Timur", 31),
                                  ("Sidomulyo", "Samarinda Ilir", "Samarinda", 5)]:
        assert float(shown.loc[desa_code(units, name, kec, kab), rtlh]) == value
    # A KMZ from Google Earth is a point layer in the app too, counted on the same desa as in the CLI.
    at.file_uploader(key="upload").set_value(("placemarks.kmz", (FIX / "placemarks.kmz").read_bytes(),
                                              "application/vnd.google-earth.kmz")).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    at.selectbox(key="dir_placemarks_count").set_value("need").run()
    at.number_input(key="w_placemarks_count").set_value(1.0).run()
    shown = next(d for d in at.dataframe if str(d.key).startswith("table:")).value.set_index("Kode")
    count = next(c for c in shown.columns if "placemarks" in c.lower())
    for p in (P1, P3, P4):
        assert float(shown.loc[located(units, *p), count]) == 1
    st.cache_resource.clear()
    st.cache_data.clear()


# --- the parsers on their own (hand-derived values) --------------------------------------------------------
@pytest.mark.parametrize("cell,degrees", [
    ("-0,5021", -0.5021), ("117.1536", 117.1536), ("0°29'35.3\"S", -round(29 / 60 + 35.3 / 3600, 6)),
    ("117° 9' 12\" BT", round(117 + 9 / 60 + 12 / 3600, 6)), ("S 0 29 35.3", -round(29 / 60 + 35.3 / 3600, 6)),
    ("0°29.588'S", -round(29.588 / 60, 6)), ("1°14'16,4\" LS", -round(1 + 14 / 60 + 16.4 / 3600, 6)),
    ("0°25'22.8\"LU", round(25 / 60 + 22.8 / 3600, 6)), ("", None),
])
def test_parse_coordinate(cell, degrees):
    from geo_planner.sources.coordinates import parse_coordinate

    assert parse_coordinate(cell) == degrees


@pytest.mark.parametrize("cell", ["0°25'22.8\"", "0°61'0\"S", "-0°29'35\"S", "dekat pasar", "0°29'35\"S 117°E"])
def test_parse_coordinate_refuses(cell):
    from geo_planner.sources.coordinates import parse_coordinate

    with pytest.raises(ValueError):
        parse_coordinate(cell)


@pytest.mark.parametrize("cell,pair", [
    ("-0.502, 117.153", (-0.502, 117.153)), ("-0,502; 117,153", (-0.502, 117.153)),
    ("(-0.502,117.153)", (-0.502, 117.153)),
    ("0°29'35.3\"S 117°09'12.0\"E", (-round(29 / 60 + 35.3 / 3600, 6), round(117 + 9 / 60 + 12 / 3600, 6))),
])
def test_split_pair(cell, pair):
    from geo_planner.sources.coordinates import split_pair

    assert split_pair(cell) == pair


def test_split_pair_refuses_an_ambiguous_decimal_comma_pair():
    from geo_planner.sources.coordinates import split_pair

    with pytest.raises(ValueError, match="is not a pair"):
        split_pair("-0,502,117,153")


@pytest.mark.parametrize("cell,code", [
    ("64,01", "64.01"), ("64.1", "64.10"), ("64,1", "64.10"), ("6402.0", "6402"), ("'6403", "6403"),
    (" 64.02.16 ", "64.02.16"), ("6402162001", "6402162001"),
])
def test_recover_code(cell, code):
    from geo_planner.units.codes import recover_code

    assert recover_code(cell) == code


@pytest.mark.parametrize("ind,label,layer,direction", [
    ("jumlah_rtlh", "Jumlah RTLH", "", "need"), ("penerima_pkh", "Penerima PKH", "", "coverage"),
    ("jml_kk_miskin", "JML_KK_MISKIN", "", "need"), ("cakupan_air_bersih", "Cakupan air bersih", "", "coverage"),
    ("akses_jamban", "Akses jamban", "", "coverage"),  # a coverage word wins: the share that has access
    ("kumuh_share_pct", "", "kumuh", "need"), ("kumuh_area_ha", "", "kumuh", "context"),
    ("titik_count", "", "titik", "context"), ("jumlah_penduduk", "Jumlah penduduk", "", "context"),
    # a PUPR recap: the houses already repaired are reached, the rest are need
    ("jumlah_rtlh_sudah_ditangani", "Jumlah RTLH (unit) Sudah Ditangani", "rekap_rtlh", "coverage"),
    ("jumlah_rtlh_sisa", "Jumlah RTLH (unit) Sisa", "rekap_rtlh", "need"),
    ("belum_terlayani_air_minum", "Belum terlayani air minum", "", "need"),  # not yet served: need
    ("kk_tanpa_akses_jamban", "KK tanpa akses jamban", "", "need"),
    ("jumlah_kpm", "Jumlah KPM", "", "coverage"),  # keluarga penerima manfaat: families an aid reaches
])
def test_direction_of(ind, label, layer, direction):
    from geo_planner.layers.directions import direction_of

    assert direction_of(ind, label, layer) == direction


def test_points_near_the_equator_written_in_scientific_notation_are_counted(units, tmp_path):
    """pandas and spreadsheets write 0.00003 as 3e-05: such a latitude is a number, not an unmatched row."""
    path = tmp_path / "titik_khatulistiwa.csv"
    path.write_text("id,lintang,bujur\n1,3e-05,116.8\n2,-7E-06,117.0\n3,0.00003,117.0\n", encoding="utf-8")
    layer = _points(units, path)
    assert layer.unmatched.empty
    assert _counts(layer) == {located(units, 116.8, 3e-05): 1, located(units, 117.0, 0.00003): 2}
