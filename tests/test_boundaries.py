"""Boundaries: the pinned source via the offline mirror, axis order, cleaning, errors."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo_planner.errors import DataUnavailableError, InputError
from geo_planner.sources import boundaries
from geo_planner.sources.wilayah_sql import parse_wilayah_sql
from geo_planner.units import hierarchy
from geo_planner.units.coverage import EQUAL_AREA_CRS, clean_coverage, overlapping_pairs


def test_kabkota_are_the_ten_regencies_with_kemendagri_codes(kabkota):
    assert sorted(kabkota.index) == ["64.01", "64.02", "64.03", "64.07", "64.08", "64.09", "64.11",
                                     "64.71", "64.72", "64.74"]
    assert kabkota.loc["64.02", "name"] == "Kabupaten Kutai Kartanegara"
    assert kabkota.loc["64.02", "bps_code"] == "6403"
    assert kabkota.loc["64.03", "bps_code"] == "6405"
    assert set(kabkota["parent"]) == {"64"}
    assert kabkota.crs.to_epsg() == 4326


def test_axis_order_samarinda_centroid_is_lon_117_lat_minus_half(kabkota):
    centroid = kabkota.loc[["64.72"]].to_crs("EPSG:32750").centroid.to_crs("EPSG:4326").iloc[0]
    assert centroid.x == pytest.approx(117.2, abs=0.1)
    assert centroid.y == pytest.approx(-0.5, abs=0.1)


def test_province_area_close_to_bps(kabkota):
    km2 = kabkota.to_crs(EQUAL_AREA_CRS).area.sum() / 1e6
    assert km2 == pytest.approx(127_347, rel=0.01)  # BPS: 127,347 km2


def test_cleaned_levels_have_no_overlaps_and_no_gaps(mirror):
    for level, n in [("kabkota", 10), ("kecamatan", 105), ("desa", 1038)]:
        units = hierarchy.load_units(level, "64")
        assert len(units) == n
        assert overlapping_pairs(units.geometry.to_numpy()) == 0
        assert shapely.coverage_is_valid(units.geometry.to_numpy())
        report = hierarchy.cleaning_report(level, "64")
        assert report["overlapping_pairs_before"] > 0 and report["overlapping_pairs_after"] == 0
        assert report["gaps_after"] == 0
    desa = hierarchy.load_units("desa", "64")
    assert hierarchy.cleaning_report("desa", "64")["overlapping_pairs_before"] > 1000
    assert desa.loc["64.01.01.2009", "parent"] == "64.01.01"


def test_apostrophes_in_names_survive(mirror):
    desa = hierarchy.load_units("desa", "64", within="64.07")
    assert "Mu'ut" in set(desa["name"])


def test_within_filters_and_unknown_within_is_a_clear_error(mirror):
    kec = hierarchy.load_units("kecamatan", "64", within="64.72")
    assert len(kec) > 0 and all(c.startswith("64.72.") for c in kec.index)
    with pytest.raises(InputError, match="no kecamatan unit lies within code 64.99"):
        hierarchy.load_units("kecamatan", "64", within="64.99")


def test_cleaning_assigns_an_overlap_to_one_unit_only():
    a = shapely.box(0, 0, 1, 1)
    b = shapely.box(0.9, 0, 2, 1)  # overlaps a on 0.9..1
    units = gpd.GeoDataFrame({"name": ["a", "b"]}, geometry=[a, b], index=["x.1", "x.2"], crs="EPSG:4326")
    cleaned, report = clean_coverage(units, level="test")
    assert report.overlapping_pairs_before == 1 and report.overlapping_pairs_after == 0
    inter = cleaned.geometry.iloc[0].intersection(cleaned.geometry.iloc[1])
    assert inter.area == pytest.approx(0.0, abs=1e-12)
    assert cleaned.geometry.union_all().area == pytest.approx(2.0)
    assert {c["code"] for c in report.changed_units}


def test_mirror_without_file_names_the_folder_and_the_layout(tmp_path, monkeypatch):
    monkeypatch.setenv("GEO_PLANNER_MIRROR", str(tmp_path))
    with pytest.raises(DataUnavailableError, match="laid out like the upstream repository"):
        boundaries.fetch_source_file("db/kab/wilayah_boundaries_kab_64.sql")


def test_mirror_with_a_changed_file_fails_the_checksum(tmp_path, monkeypatch, mirror):
    target = tmp_path / "db" / "kab" / "wilayah_boundaries_kab_64.sql"
    target.parent.mkdir(parents=True)
    target.write_bytes((mirror / "db/kab/wilayah_boundaries_kab_64.sql").read_bytes() + b"\n-- edited\n")
    monkeypatch.setenv("GEO_PLANNER_MIRROR", str(tmp_path))
    with pytest.raises(DataUnavailableError, match="does not match the pinned sha256"):
        boundaries.fetch_source_file("db/kab/wilayah_boundaries_kab_64.sql")


def test_no_network_and_no_mirror_says_so_and_how_to_fix(tmp_path, monkeypatch):
    monkeypatch.delenv("GEO_PLANNER_MIRROR", raising=False)
    monkeypatch.setenv("GEO_PLANNER_CACHE", str(tmp_path))
    monkeypatch.setattr(boundaries, "BASE_URL", "http://127.0.0.1:9/")  # nothing listens on port 9
    with pytest.raises(DataUnavailableError) as err:
        boundaries.fetch_source_file("db/kab/wilayah_boundaries_kab_64.sql")
    assert "GEO_PLANNER_MIRROR" in str(err.value) and "network" in str(err.value)


def test_download_path_caches_checked_file(tmp_path, monkeypatch, mirror):
    """pooch fetches over HTTP: serve the mirror on loopback and check the cache is used."""
    import http.server
    import threading
    from functools import partial

    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(mirror))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.delenv("GEO_PLANNER_MIRROR", raising=False)
        monkeypatch.setattr(boundaries, "BASE_URL", f"http://127.0.0.1:{server.server_port}/")
        path = boundaries.fetch_source_file("db/kab/wilayah_boundaries_kab_64.sql", cache=tmp_path)
        assert path.is_file() and tmp_path in path.parents
        server.shutdown()
        again = boundaries.fetch_source_file("db/kab/wilayah_boundaries_kab_64.sql", cache=tmp_path)
        assert again == path  # second call needs no network
    finally:
        server.server_close()


def test_desa_of_an_uncatalogued_province_is_a_clear_error():
    with pytest.raises(DataUnavailableError, match="only province 64 is catalogued"):
        boundaries.source_files("12", "desa")


def test_unknown_level_and_province():
    with pytest.raises(InputError, match="unknown level 'village'"):
        boundaries.source_files("64", "village")
    with pytest.raises(InputError, match="unknown province code '99'"):
        boundaries.source_files("99", "kabkota")


def test_parser_swaps_lat_lng_and_reads_both_nestings():
    sql = ("INSERT INTO wilayah_boundaries(kode,nama,lat,lng,path) VALUES\n"
           "('64.99','Kab. Uji''coba',-0.5,117.2,'[[[-0.5,117.0],[-0.5,117.4],[-0.4,117.4],[-0.5,117.0]]]'),\n"
           "('64.98','Kota Dua',0.5,116.0,'[[[[0.5,116.0],[0.5,116.2],[0.6,116.2],[0.5,116.0]]]]');")
    gdf = parse_wilayah_sql(sql, file="t.sql")
    assert list(gdf["name"]) == ["Kab. Uji'coba", "Kota Dua"]
    assert gdf.geometry.iloc[0].geom_type == "Polygon"
    assert gdf.geometry.iloc[1].geom_type == "MultiPolygon"
    minx, miny, maxx, maxy = gdf.geometry.iloc[0].bounds
    assert (minx, maxx) == (117.0, 117.4) and (miny, maxy) == (-0.5, -0.4)


def test_parser_refuses_coordinates_already_in_lon_lat_order():
    sql = "('64.99','X',1,1,'[[[117.0,-0.5],[117.4,-0.5],[117.4,-0.4],[117.0,-0.5]]]')"
    with pytest.raises(InputError, match="outside Indonesia"):
        parse_wilayah_sql(sql, file="swapped.sql")


def test_parser_refuses_a_file_without_rows():
    with pytest.raises(InputError, match="no boundary rows"):
        parse_wilayah_sql("SELECT 1;", file="empty.sql")


def test_fetch_writes_geopackages(mirror, tmp_path):
    paths = hierarchy.fetch("64", ("kabkota",), cache=tmp_path)
    assert paths["kabkota"].suffix == ".gpkg" and paths["kabkota"].is_file()
    read = gpd.read_file(paths["kabkota"])
    assert len(read) == 10 and np.isclose(read.total_bounds[0], 113.8, atol=1.0)
