"""National units: provinces cleaned as one coverage, snapped and simplified for the map, page size.

The full national build takes 40-70 s, so the slow tests build the five provinces of Kalimantan
(61-65, 626 kecamatan) together in a fresh cache; ``benchmarks/bench_national.py`` measures all 38.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo_planner.analysis import national
from geo_planner.errors import InputError
from geo_planner.outputs import national_map
from geo_planner.outputs.map_geometry import simplify_units
from geo_planner.units import hierarchy
from geo_planner.units.coverage import overlapping_pairs

REPO = Path(__file__).resolve().parents[1]
KALIMANTAN = ("61", "62", "63", "64", "65")


@pytest.fixture(scope="module")
def cache(tmp_path_factory, mirror):
    return tmp_path_factory.mktemp("national-cache")


@pytest.fixture(scope="module")
def kal(cache):
    return national.load_national("kecamatan", cache=cache, provinces=KALIMANTAN)


def _province_unions(units) -> dict[str, shapely.Geometry]:
    prov = units.index.str.split(".").str[0]
    return {p: shapely.union_all(units.geometry.to_numpy()[prov == p]) for p in sorted(set(prov))}


@pytest.mark.slow
def test_provinces_are_cleaned_as_one_coverage(kal, cache):
    report = national.national_cleaning_report("kecamatan", cache=cache, provinces=KALIMANTAN)
    assert len(kal) == report["units"] > 600 and kal.index.is_unique
    assert set(kal.index.str.split(".").str[0]) == set(KALIMANTAN)
    assert set(kal.columns) >= {"name", "level", "parent", "bps_code", "geometry"}
    assert kal.loc["64.72.01", "parent"] == "64.72" and set(kal["level"]) == {"kecamatan"}
    assert report["overlapping_pairs_before"] > 1000 and report["overlapping_pairs_after"] == 0
    assert report["cross_province_overlapping_pairs_before"] > 50
    assert report["cross_province_overlapping_pairs_after"] == 0
    assert report["gaps_before"] > 1000 and report["gaps_after"] == 0 and report["gaps_left"] == []
    assert report["provinces"] == list(KALIMANTAN) and report["build_seconds"] > 0
    geoms = kal.geometry.to_numpy()
    assert overlapping_pairs(geoms) == 0 and shapely.coverage_is_valid(geoms)
    assert national.national_path("kecamatan", cache=cache, provinces=KALIMANTAN).is_file()


@pytest.mark.slow
def test_units_of_two_provinces_no_longer_overlap(kal, cache):
    per_province = {p: shapely.union_all(hierarchy.load_units("kecamatan", p, cache=cache).geometry.to_numpy())
                    for p in KALIMANTAN}
    together = _province_unions(kal)
    neighbours = 0
    for a, b in itertools.combinations(KALIMANTAN, 2):
        if not together[a].intersects(together[b]):
            continue
        neighbours += 1
        # cleaned province by province, neighbours across the border overlap (Kalbar/Kalteng: ~2,700 ha)
        assert per_province[a].intersection(per_province[b]).area > 1e-4, (a, b)
        # cleaned as one coverage, they only share their border
        assert together[a].intersection(together[b]).area < 1e-10, (a, b)
        assert together[a].touches(together[b]), (a, b)
    assert neighbours == 6  # 61-62, 61-64, 62-63, 62-64, 63-64, 64-65


@pytest.mark.slow
def test_the_build_is_cached(kal, cache):
    path = national.national_path("kecamatan", cache=cache, provinces=KALIMANTAN)
    stamp = path.stat().st_mtime_ns
    again = national.load_national("kecamatan", cache=cache, provinces=list(reversed(KALIMANTAN)))
    assert path.stat().st_mtime_ns == stamp
    assert list(again.index) == list(kal.index)
    assert shapely.equals(again.geometry.to_numpy(), kal.geometry.to_numpy()).all()  # GeoPackage: MultiPolygon


@pytest.mark.slow
def test_map_geometry_stays_a_clean_coverage(kal):
    info: dict = {}
    geometry = national_map.map_geometry(kal, info=info)
    assert info["tolerance"] == pytest.approx(0.001)  # Kalimantan spans less than NATIONAL_EXTENT
    topo = national_map.topology(geometry)
    before = national_map.topology(kal.geometry)
    assert topo == {"overlapping_pairs": 0, "gaps": before["gaps"], "coverage_valid": True, "empty": 0}
    xy = shapely.get_coordinates(geometry.to_numpy())
    assert np.array_equal(xy, np.round(xy, 5))  # on the page's 5-decimal grid: what is sent is what was checked
    assert len(xy) < len(shapely.get_coordinates(kal.geometry.to_numpy()))
    assert list(geometry.index) == list(kal.index)


@pytest.mark.slow
def test_synthetic_national_ranking_and_page_size(kal, cache):
    result = national.national_analysis(kal, seed=7, n_points=50_000)
    assert result.synthetic and result.provenance["synthetic"] and result.province == national.NATIONAL
    meta = result.indicators[national.SYNTHETIC_INDICATOR]
    assert meta.synthetic and meta.direction == "need"
    assert result.units["rank"].notna().all() and result.units["rank"].min() == 1
    top = result.ranked().iloc[0]
    assert top[national.SYNTHETIC_INDICATOR] == result.units[national.SYNTHETIC_INDICATOR].max()
    regencies = national.load_national("kabkota", cache=cache, provinces=KALIMANTAN)
    parents = national_map.parent_names(kal, regencies["name"])
    assert parents["64.72.01"] == "Kota Samarinda · Kalimantan Timur"
    m = national_map.national_map(result, parents=parents)
    html = m.get_root().render()
    size = national_map.payload_bytes(m)
    assert size == len(html.encode("utf-8")) and size < national_map.PAGE_LIMIT
    assert "SINTETIS" in html and "Kota Samarinda" in html
    assert national_map.payload_bytes(national_map.national_map(result, column=national.SYNTHETIC_INDICATOR,
                                                        lang="en")) < national_map.PAGE_LIMIT


@pytest.mark.slow
def test_benchmark_runs_in_small_mode():
    out = subprocess.run([sys.executable, str(REPO / "benchmarks" / "bench_national.py"), "--small"],
                         capture_output=True, text=True, env=dict(os.environ), timeout=600)
    assert out.returncode == 0, out.stderr
    table = [line for line in out.stdout.splitlines() if line.startswith("| ")]
    assert len(table) >= 15
    assert any("under" in line and "geo-planner sends it" in line for line in table)
    assert any("geo-planner national map geometry | 0 / 0 |" in line for line in table)


# --- fast -----------------------------------------------------------------------------------------
def _two_units(*, second_origin: float = 1.0) -> gpd.GeoDataFrame:
    """Two unit squares side by side; the first also has a speck that 5-decimal rounding collapses."""
    speck = shapely.Polygon([(1.500001, 1.5), (1.500001, 1.500008), (1.500002, 1.500008)])
    a = shapely.MultiPolygon([shapely.box(0, 0, 1, 1), speck])
    b = shapely.box(second_origin, 0, second_origin + 1, 1)
    return gpd.GeoDataFrame({"name": ["a", "b"], "level": "kecamatan"}, geometry=[a, b],
                            index=["11.01.01", "11.01.02"], crs="EPSG:4326")


def test_snapping_drops_collapsed_specks_so_simplification_works():
    units = _two_units()
    simplified = simplify_units(units, 0.001)  # raised GEOSException before simplify_units snapped first
    assert national_map.topology(simplified.to_numpy())["overlapping_pairs"] == 0
    snapped, info = national_map.snap_coverage(units)
    assert info["rounds"] == 1 and snapped.geom_type.tolist() == ["Polygon", "Polygon"]
    geometry = national_map.map_geometry(units, 0.001)
    assert national_map.topology(geometry) == {"overlapping_pairs": 0, "gaps": 0, "coverage_valid": True, "empty": 0}


def test_national_tolerance_only_for_a_country_wide_extent():
    units = _two_units()
    assert national_map.national_tolerance(units) == pytest.approx(0.001 * 2 / 5)  # tolerance_for: a drill-down
    wide = _two_units(second_origin=30.0)
    assert national_map.national_tolerance(wide) == national_map.NATIONAL_TOLERANCE["kecamatan"]


def test_levels_and_provinces_are_checked():
    with pytest.raises(InputError, match="kabkota or kecamatan"):
        national.load_national("desa")
    with pytest.raises(InputError, match="unknown province"):
        national.load_national("kecamatan", provinces=["64", "99"])
