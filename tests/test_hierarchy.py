"""One nested hierarchy: kecamatan and kab/kota are the dissolve of the cleaned desa, and a layer
counted at any level gives the same figures as its desa summed.

Expected values come from the fixtures: point-in-polygon and polygon intersections computed here
with Shapely / GeoPandas on the units' polygons, codes' prefixes for the parents, hand-built boxes.
"""

from __future__ import annotations

import copy
import dataclasses

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo_planner.cli.commands import main
from geo_planner.units import hierarchy
from geo_planner.units.coverage import EQUAL_AREA_CRS, CleaningReport
from geo_planner.units.hierarchy import load_units

UTM = "EPSG:32750"
SEA = (119.5, -1.0)  # Makassar Strait: in Indonesia, outside Kalimantan Timur
N_POINTS = 200_000
SAMARINDA_DESA = "64.72.01.1001"


@pytest.fixture(scope="module")
def levels(mirror):
    return {lv: load_units(lv, "64") for lv in ("province", "kabkota", "kecamatan", "desa")}


def _ea(geoms, crs="EPSG:4326") -> gpd.GeoSeries:
    return gpd.GeoSeries(np.asarray(geoms, dtype=object), crs=crs).to_crs(EQUAL_AREA_CRS)


def _prefix(codes, parts: int) -> np.ndarray:
    return np.array([".".join(str(c).split(".")[:parts]) for c in codes])


# --------------------------------------------------------------------------- the hierarchy itself

def test_every_unit_is_exactly_the_union_of_its_children(levels):
    assert [len(levels[lv]) for lv in ("province", "kabkota", "kecamatan", "desa")] == [1, 10, 105, 1038]
    for child_level, parent_level in (("desa", "kecamatan"), ("kecamatan", "kabkota"), ("kabkota", "province")):
        child, parent = levels[child_level], levels[parent_level]
        assert set(child["parent"]) == set(parent.index), f"{child_level}: a parent is missing or childless"
        if parent_level != "province":
            assert (child["parent"].to_numpy() == _prefix(child.index, parent.index[0].count(".") + 1)).all()
        union = child.geometry.groupby(child["parent"]).agg(lambda g: shapely.union_all(g.to_numpy()))
        diff = shapely.symmetric_difference(_ea(union.to_numpy()).to_numpy(),
                                            _ea(parent.geometry.loc[union.index].to_numpy()).to_numpy())
        ha = shapely.area(diff) / 1e4
        assert ha.max() < 1e-3, f"{parent_level} {union.index[ha.argmax()]} differs from its {child_level} by {ha.max()} ha"


def test_coarser_units_keep_their_own_names_and_say_how_they_were_built(levels):
    assert levels["kecamatan"].loc["64.01.01", "name"] == "Batu Sopang"
    assert levels["kabkota"].loc["64.02", "name"] == "Kabupaten Kutai Kartanegara"
    assert levels["kabkota"].loc["64.02", "bps_code"] == "6403"  # Kemendagri 64.02 = BPS 6403
    assert levels["desa"].loc["64.01.01.2009", "parent"] == "64.01.01"
    for level, children, built_from in (("kecamatan", 1038, "desa"), ("kabkota", 105, "kecamatan")):
        report = hierarchy.cleaning_report(level, "64")
        assert report["method"].startswith("dissolve of the cleaned desa coverage")
        assert (report["built_from"], report["children"], report["units"]) == (built_from, children,
                                                                               len(levels[level]))
        # in the pinned source every kecamatan has desa and every desa's kecamatan is in the kecamatan file
        assert report["without_children"] == [] and report["not_in_source"] == []
        assert report["overlapping_pairs_after"] == 0 and report["gaps_after"] == 0
        assert "dissolve of the" in CleaningReport(**report).summary()
    assert "dissolve of the cleaned desa coverage" in hierarchy.cleaning_report("province", "64")["method"]


def test_dissolve_reports_a_unit_without_children_and_a_parent_missing_from_its_file():
    desa = gpd.GeoDataFrame(
        {"name": ["a", "b", "c"], "level": "desa", "parent": ["64.01.01", "64.01.01", "64.01.09"]},
        geometry=[shapely.box(116.0, 0.0, 116.1, 0.1), shapely.box(116.1, 0.0, 116.2, 0.1),
                  shapely.box(116.2, 0.0, 116.3, 0.1)],
        index=pd.Index(["64.01.01.2001", "64.01.01.2002", "64.01.09.2001"], name="code"), crs="EPSG:4326")
    source = gpd.GeoDataFrame({"name": ["Kec Satu", "Kec Dua"]},
                              geometry=[shapely.box(116.0, 0.0, 116.2, 0.1), shapely.box(116.5, 0.0, 116.6, 0.1)],
                              index=pd.Index(["64.01.01", "64.01.02"], name="code"), crs="EPSG:4326")
    units, report = hierarchy.dissolve_units(desa, source, level="kecamatan", province="64")
    assert list(units.index) == ["64.01.01", "64.01.09"]  # every desa has a parent that exists
    assert list(units["name"]) == ["Kec Satu", "64.01.09"] and list(units["parent"]) == ["64.01", "64.01"]
    assert units.geometry.loc["64.01.01"].equals(shapely.box(116.0, 0.0, 116.2, 0.1))
    assert [u["code"] for u in report["without_children"]] == ["64.01.02"]
    assert report["not_in_source"] == [{"code": "64.01.09", "desa_units": 1,
                                        "reason": "not in the kecamatan source file: named by its code"}]
    assert report["units"] == 2 and report["children"] == 3 and "coverage_union_all" in report["method"]
    text = CleaningReport(**report).summary()
    assert "1 unit(s) of the kecamatan source file contain no desa and are left out (64.01.02)" in text
    assert "1 unit(s) are not in the kecamatan source file and are named by their code (64.01.09)" in text


def test_children_that_are_not_a_clean_coverage_are_still_dissolved_whole():
    desa = gpd.GeoDataFrame({"name": ["a", "b"], "level": "desa", "parent": ["64.01.01", "64.01.01"]},
                            geometry=[shapely.box(0, 0, 2, 1), shapely.box(1, 0, 3, 1)],  # overlap on 1..2
                            index=pd.Index(["64.01.01.2001", "64.01.01.2002"], name="code"), crs="EPSG:4326")
    source = gpd.GeoDataFrame({"name": ["K"]}, geometry=[shapely.box(0, 0, 3, 1)],
                              index=pd.Index(["64.01.01"], name="code"), crs="EPSG:4326")
    units, report = hierarchy.dissolve_units(desa, source, level="kecamatan", province="64")
    assert units.geometry.iloc[0].area == pytest.approx(3.0) and "shapely.union_all" in report["method"]


def test_a_province_without_desa_keeps_cleaning_each_level_from_its_own_file(mirror, tmp_path):
    assert hierarchy.nested("64") and not hierarchy.nested("65")
    units = load_units("kabkota", "65", cache=tmp_path)
    report = hierarchy.cleaning_report("kabkota", "65", cache=tmp_path)
    assert len(units) == 5 and report["built_from"] == "" and report["method"].startswith("shapely.coverage_clean")


# --------------------------------------------------------------------------- the same layer at every level

@pytest.fixture(scope="module")
def points(levels, tmp_path_factory):
    """200,000 seeded points over the province's box, 5 placed by hand in one Samarinda desa, one in the sea,
    one without coordinates (a numbered row, never summed); with the desa each lies in, found here by
    point-in-polygon."""
    desa = levels["desa"]
    x0, y0, x1, y1 = desa.total_bounds
    rng = np.random.default_rng(20261201)
    lon, lat = rng.uniform(x0, x1, N_POINTS), rng.uniform(y0, y1, N_POINTS)
    inside = desa.geometry.loc[SAMARINDA_DESA].representative_point()
    lon[:5], lat[:5] = inside.x, inside.y
    lon[5], lat[5] = SEA
    text = [f"{a:.9f}" for a in lat], [f"{b:.9f}" for b in lon]
    text[0][6], text[1][6] = "", ""
    path = tmp_path_factory.mktemp("pts") / "pts.csv"
    pd.DataFrame({"no": np.arange(1, N_POINTS + 1), "lat": text[0], "lon": text[1]}).to_csv(path, index=False)
    x = np.array([float(v) if v else np.nan for v in text[1]])
    y = np.array([float(v) if v else np.nan for v in text[0]])
    pt, poly = shapely.STRtree(desa.geometry.to_numpy()).query(shapely.points(x, y), predicate="within")
    assert len(np.unique(pt)) == len(pt)  # no point in two desa
    where = np.full(N_POINTS, None, dtype=object)
    where[pt] = desa.index.to_numpy()[poly]
    expected = pd.Series(where).value_counts().reindex(desa.index, fill_value=0).astype(float)
    outside_rows = sorted(int(i) + 2 for i in np.flatnonzero(pd.isna(where)))  # row 1 is the header
    assert expected[SAMARINDA_DESA] >= 5 and 5 + 2 in outside_rows and 6 + 2 in outside_rows  # sea, empty
    return path, expected, outside_rows


def _cli_rank(level: str, layer, tmp_path, capsys, weight: str) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    out, rejected = tmp_path / f"rank_{level}.csv", tmp_path / f"unmatched_{level}.csv"
    capsys.readouterr()
    assert main(["rank", "--level", level, "--layer", str(layer), "--weights", f"{weight}=1",
                 "--direction", f"{weight}=need", "--unmatched-out", str(rejected), "--out", str(out)]) == 0
    table = pd.read_csv(out, dtype={"code": str, "parent": str}, encoding="utf-8-sig").set_index("code")
    return table, pd.read_csv(rejected, encoding="utf-8-sig"), capsys.readouterr().err


@pytest.mark.slow
def test_points_sum_exactly_from_desa_to_kecamatan_to_kabkota(points, levels, tmp_path, capsys):
    from geo_planner.pipeline import build_analysis

    path, expected, outside_rows = points
    total = expected.sum()
    desa = build_analysis("desa", "64", [path], {"pts_count": 1}, directions={"pts_count": "need"},
                          include_builtin=False)
    got_desa = desa.units["pts_count"]
    pd.testing.assert_series_equal(got_desa.reindex(expected.index), expected, check_names=False)
    assert got_desa[SAMARINDA_DESA] == expected[SAMARINDA_DESA]
    assert sorted(desa.unmatched["row"]) == outside_rows  # each listed once, with its row
    sums = {"kecamatan": got_desa.groupby(_prefix(got_desa.index, 3)).sum(),
            "kabkota": got_desa.groupby(_prefix(got_desa.index, 2)).sum()}
    counts = {}
    for level in ("kecamatan", "kabkota"):
        table, rejected, err = _cli_rank(level, path, tmp_path, capsys, "pts_count")
        counts[level] = table["pts_count"]
        assert len(table) == len(levels[level])
        assert (table["pts_count"].reindex(sums[level].index) == sums[level]).all(), level
        assert table["pts_count"].sum() == total == got_desa.sum()
        assert sorted(rejected["row"]) == outside_rows
        assert f"{len(outside_rows)} row(s) of pts.csv matched no unit" in err
        assert f"outside every {level} unit of province 64" in err
    kec, kab = counts["kecamatan"], counts["kabkota"]
    assert (kec.groupby(_prefix(kec.index, 2)).sum().reindex(kab.index) == kab).all()


@pytest.fixture(scope="module")
def polygons(levels, tmp_path_factory):
    """Three polygons: a 3 km square across the Samarinda / Kutai Kartanegara border (so across kab/kota,
    kecamatan and desa borders), a 300 m square inside one desa, and one in the sea; with the hectares of
    each desa they cover, computed here by intersection in the equal-area CRS."""
    kab, desa = levels["kabkota"], levels["desa"]
    shared = kab.geometry.loc["64.72"].boundary.intersection(kab.geometry.loc["64.02"].boundary)
    longest = max(shapely.get_parts(shapely.line_merge(shared)), key=lambda g: g.length)
    mid = gpd.GeoSeries([longest.interpolate(0.5, normalized=True)], crs=4326).to_crs(UTM).iloc[0]
    across = shapely.box(mid.x - 1500, mid.y - 1500, mid.x + 1500, mid.y + 1500)
    c = gpd.GeoSeries([desa.geometry.loc[SAMARINDA_DESA].representative_point()], crs=4326).to_crs(UTM).iloc[0]
    small = shapely.box(c.x - 150, c.y - 150, c.x + 150, c.y + 150)
    sea = gpd.GeoSeries([shapely.Point(SEA).buffer(0.01)], crs=4326).to_crs(UTM).iloc[0]
    layer = gpd.GeoDataFrame({"nama": ["lintas batas", "kecil", "laut"]}, geometry=[across, small, sea], crs=UTM)
    path = tmp_path_factory.mktemp("poly") / "kumuh.geojson"
    layer.to_crs(4326).to_file(path, driver="GeoJSON")
    read_back = gpd.read_file(path).to_crs(EQUAL_AREA_CRS)
    desa_ea = desa.to_crs(EQUAL_AREA_CRS)
    union = shapely.union_all(read_back.geometry.to_numpy())
    expected = pd.Series(shapely.area(shapely.intersection(desa_ea.geometry.to_numpy(), union)) / 1e4,
                         index=desa.index)
    touched = expected[expected > 0]
    assert len(touched) >= 3 and len(set(_prefix(touched.index, 2))) == 2  # both regencies, several desa
    return path, expected


@pytest.mark.slow
def test_polygon_areas_sum_and_the_share_is_area_over_area(polygons, levels, tmp_path, capsys):
    from geo_planner.pipeline import build_analysis

    path, expected = polygons
    desa = build_analysis("desa", "64", [path], {"kumuh_area_ha": 1}, directions={"kumuh_area_ha": "need"},
                          include_builtin=False).units
    assert np.allclose(desa["kumuh_area_ha"].reindex(expected.index), expected, rtol=1e-9, atol=1e-6)
    assert desa["kumuh_area_ha"].sum() == pytest.approx(expected.sum(), abs=1e-6)
    kec = build_analysis("kecamatan", "64", [path], {"kumuh_area_ha": 1}, directions={"kumuh_area_ha": "need"},
                         include_builtin=False)
    assert set(kec.figures["note"]) == {"roll-up of kumuh from desa to kecamatan"}  # counted once, at desa
    assert set(kec.figures["source"]) == {"kumuh.geojson"} and list(kec.unmatched["row"]) == [3]
    for level, parts in (("kecamatan", 3), ("kabkota", 2)):
        table, rejected, _ = _cli_rank(level, path, tmp_path, capsys, "kumuh_area_ha")
        units = levels[level]
        summed = desa["kumuh_area_ha"].groupby(_prefix(desa.index, parts)).sum()
        got = table["kumuh_area_ha"].reindex(summed.index)
        assert np.abs(got - summed).max() < 1e-6, level
        assert table["kumuh_area_ha"].sum() == pytest.approx(expected.sum(), abs=1e-6)
        unit_ha = _ea(units.geometry.to_numpy()).area.to_numpy() / 1e4
        share = pd.Series(expected.groupby(_prefix(expected.index, parts)).sum().reindex(units.index).to_numpy()
                          / unit_ha * 100, index=units.index)
        hit = share[share > 0].index
        assert len(hit) >= 2
        assert np.allclose(table["kumuh_share_pct"].reindex(units.index), share, rtol=1e-9, atol=1e-12), level
        assert list(rejected["row"]) == [3]  # the polygon in the sea, listed once


def test_own_boundary_file_counts_points_in_its_own_polygons(levels, tmp_path):
    """A user's boundary file (even with catalogue codes) is not replaced by the catalogue's desa roll-up."""
    from geo_planner.pipeline import build_analysis

    kukar = levels["desa"].geometry.loc[levels["desa"]["parent"].str.startswith("64.02.")]
    inside = kukar.iloc[0].representative_point()
    box = shapely.box(inside.x - 0.05, inside.y - 0.05, inside.x + 0.05, inside.y + 0.05)
    own = gpd.GeoDataFrame({"kode": ["64.72", "64.74"], "nama": ["Kota Samarinda", "Kota Bontang"]},
                           geometry=[box, shapely.box(117.4, 0.1, 117.5, 0.2)], crs="EPSG:4326")
    boundaries = tmp_path / "batas.gpkg"
    own.to_file(boundaries)
    pts = tmp_path / "titik.csv"
    pts.write_text("lat,lon\n" + f"{inside.y:.9f},{inside.x:.9f}\n" * 3, encoding="utf-8")
    result = build_analysis("kabkota", "64", [pts], {"titik_count": 1}, directions={"titik_count": "need"},
                            include_builtin=False, boundary_file=str(boundaries))
    assert result.units.loc["64.72", "titik_count"] == 3 and result.units.loc["64.74", "titik_count"] == 0


# --------------------------------------------------------------------------- Analysis is a value

def test_add_pockets_returns_a_new_analysis_and_leaves_its_input_unchanged(mirror):
    from geo_planner.pipeline import POCKET_COLUMNS, add_pockets, build_analysis

    analysis = build_analysis("kecamatan", "64")
    columns, units = list(analysis.units.columns), analysis.units.copy()
    provenance = copy.deepcopy(analysis.provenance)
    found = add_pockets(analysis, permutations=99)
    assert found is not analysis and found.units is not analysis.units
    assert analysis.pockets is None and list(analysis.units.columns) == columns
    assert not set(POCKET_COLUMNS) & set(analysis.units.columns)
    pd.testing.assert_frame_equal(pd.DataFrame(analysis.units), pd.DataFrame(units))
    assert analysis.provenance == provenance and "pockets" not in analysis.provenance
    assert found.pockets is not None and len(found.pockets) >= 1
    assert set(POCKET_COLUMNS) <= set(found.units.columns)
    assert found.provenance["pockets"]["permutations"] == 99
    assert found.units["pocket"].notna().sum() == found.pockets["n_units"].sum()
    with pytest.raises(dataclasses.FrozenInstanceError):
        analysis.pockets = found.pockets
    marked = analysis.with_provenance(within="64.72")
    assert marked.provenance["within"] == "64.72" and analysis.provenance == provenance
