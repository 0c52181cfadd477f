"""Spatial layers: points counted and polygons apportioned to units, checked by hand and against GeoPandas."""

from __future__ import annotations

import io
import zipfile

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo_planner.analysis import locate
from geo_planner.analysis.spatial import (
    aggregate_points,
    apportion_polygons,
    read_spatial_layer,
)
from geo_planner.errors import InputError
from geo_planner.units.coverage import EQUAL_AREA_CRS
from geo_planner.units.hierarchy import load_units

UTM = "EPSG:32750"
SEA = (119.5, -1.0)  # Makassar Strait: in Indonesia, outside Kalimantan Timur


@pytest.fixture(scope="module")
def desa(mirror):
    return load_units("desa", "64")


def _rep(units, code):
    p = units.geometry.representative_point().loc[code]
    return p.x, p.y


def _deg(v: float) -> str:
    return f"{v:.6f}".replace(".", ",")  # Indonesian decimal comma


def _ea_area_ha(geom, crs) -> float:
    return float(gpd.GeoSeries([geom], crs=crs).to_crs(EQUAL_AREA_CRS).area.iloc[0] / 1e4)


def test_point_csv_with_indonesian_columns(kabkota, tmp_path):
    (x72, y72), (x02, y02) = _rep(kabkota, "64.72"), _rep(kabkota, "64.02")
    assert not kabkota.intersects(shapely.Point(SEA)).any()
    path = tmp_path / "Penerima PKH.csv"
    path.write_text(
        "Lintang;Bujur;Jumlah KK;Nama\n"
        f"{_deg(y72)};{_deg(x72)};12;Posyandu A\n"    # row 2: Samarinda
        f"{_deg(y72)};{_deg(x72)};3;Posyandu B\n"     # row 3: Samarinda
        f"{_deg(y02)};{_deg(x02)};1.500;Desa C\n"     # row 4: Kutai Kartanegara, 1.500 = 1500
        f"{_deg(SEA[1])};{_deg(SEA[0])};4;Kapal\n"    # row 5: at sea
        ";;7;Tanpa koordinat\n"                        # row 6: no coordinates
        "abc;117,1;2;Salah ketik\n",                   # row 7: latitude not a number
        encoding="utf-8")
    layer = read_spatial_layer(path, kabkota, level="kabkota")
    assert layer.name == "penerima_pkh"
    v = layer.values()
    assert sorted(v.columns) == ["penerima_pkh_count", "penerima_pkh_jumlah_kk_sum"]
    assert len(v) == len(kabkota)  # every unit has a figure: zeros are real zeros
    assert v.loc["64.72"].tolist() == [2, 15]
    assert v.loc["64.02"].tolist() == [1, 1500]
    assert v["penerima_pkh_count"].sum() == 3 and v["penerima_pkh_jumlah_kk_sum"].sum() == 1515
    assert (v.drop(["64.72", "64.02"]) == 0).all().all()
    u = layer.unmatched
    assert u["row"].tolist() == [5, 6, 7]
    assert u["reason"].tolist() == ["outside every kabkota unit of province 64", "no coordinates",
                                    "latitude 'abc' is not a number"]
    assert u["Nama"].tolist() == ["Kapal", "Tanpa koordinat", "Salah ketik"]
    count = layer.indicators["penerima_pkh_count"]
    assert (count.unit, count.direction, count.aggregation) == ("titik", "context", "sum")
    assert (count.label_id, count.label_en) == ("Jumlah titik penerima_pkh", "penerima_pkh points")
    f = layer.figures
    assert (f["source"] == "Penerima PKH.csv").all() and f["row"].isna().all() and f["selected"].all()


def test_point_geojson_upload_keeps_feature_numbers(kabkota):
    x72, y72 = _rep(kabkota, "64.72")
    gdf = gpd.GeoDataFrame({"id": [1, 2, 3, 4], "jiwa": [4, 5, 6, 7]},
                           geometry=[shapely.Point(x72, y72), shapely.Point(SEA), None, shapely.Point(x72, y72)],
                           crs="EPSG:4326")
    buf = io.BytesIO(gdf.to_json().encode())
    buf.name = "rtlh.geojson"
    layer = read_spatial_layer(buf, kabkota, level="kabkota", name="RTLH baru")
    v = layer.values()
    assert v.loc["64.72"].to_dict() == {"rtlh_baru_count": 2, "rtlh_baru_jiwa_sum": 11}  # no sum of "id"
    assert layer.unmatched["row"].tolist() == [2, 3]
    assert layer.unmatched["reason"].tolist() == ["outside every kabkota unit of province 64", "empty geometry"]
    assert layer.unmatched["jiwa"].tolist() == [5, 6]


def test_swapped_latitude_longitude_is_refused(tmp_path):
    path = tmp_path / "titik.csv"
    path.write_text("latitude,longitude,n\n117.15,-0.50,1\n116.90,-1.20,2\n117.50,0.10,3\n")
    with pytest.raises(InputError, match=r"titik.csv: .*swapped.*'longitude'.*'latitude'"):
        read_spatial_layer(path, gpd.GeoDataFrame(geometry=[shapely.box(116, -2, 118, 1)], crs=4326),
                           level="kabkota")


def test_projected_coordinates_in_a_table_are_refused(kabkota, tmp_path):
    path = tmp_path / "utm.csv"
    path.write_text("x;y;n\n500000;9950000;1\n510.000;9.940.000;2\n")
    with pytest.raises(InputError, match=r"utm.csv: .*degrees \(WGS84"):
        read_spatial_layer(path, kabkota, level="kabkota")


def test_a_single_dot_in_a_coordinate_is_decimal(kabkota, tmp_path):
    x72, y72 = _rep(kabkota, "64.72")
    path = tmp_path / "t.csv"
    path.write_text(f"lat,lon\n{y72:.3f},{x72:.3f}\n")  # '117.150' is 117.15 degrees, not 117150
    assert read_spatial_layer(path, kabkota, level="kabkota").values().loc["64.72", "t_count"] == 1


def _zip_shapefile(gdf: gpd.GeoDataFrame, tmp_path, stem: str):
    folder = tmp_path / stem
    folder.mkdir()
    gdf.to_file(folder / f"{stem}.shp")
    zpath = tmp_path / f"{stem}.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        for part in folder.iterdir():
            zf.write(part, part.name)
    return zpath


def test_polygons_in_utm_zipped_shapefile(kabkota, tmp_path):
    utm_units = kabkota.to_crs(UTM)
    c = utm_units.geometry.representative_point().loc["64.72"]
    rect = shapely.box(c.x - 500, c.y - 1000, c.x + 500, c.y + 1000)  # 1 km x 2 km = 200 ha in UTM
    assert utm_units.geometry.loc["64.72"].contains(rect)
    shared = kabkota.geometry.loc["64.72"].boundary.intersection(kabkota.geometry.loc["64.02"].boundary)
    longest = max(shapely.get_parts(shapely.line_merge(shared)), key=lambda g: g.length)
    mid = gpd.GeoSeries([longest.interpolate(0.5, normalized=True)], crs=4326).to_crs(UTM).iloc[0]
    square = shapely.box(mid.x - 1500, mid.y - 1500, mid.x + 1500, mid.y + 1500)
    touched = utm_units.index[utm_units.intersects(square)].tolist()
    assert touched == ["64.02", "64.72"] and not square.intersects(rect)
    assert utm_units.geometry.loc[touched].union_all().contains(square)
    zpath = _zip_shapefile(gpd.GeoDataFrame({"nama": ["SK 1", "SK 2"]}, geometry=[rect, square], crs=UTM),
                           tmp_path, "kumuh")
    layer = read_spatial_layer(zpath, kabkota, level="kabkota")
    v = layer.values()
    ea_units = kabkota.to_crs(EQUAL_AREA_CRS)
    square_ea = gpd.GeoSeries([square], crs=UTM).to_crs(EQUAL_AREA_CRS).iloc[0]
    part = {code: ea_units.geometry.loc[code].intersection(square_ea).area / 1e4 for code in touched}
    rect_ha = _ea_area_ha(rect, UTM)
    assert rect_ha == pytest.approx(200, rel=1e-3)  # UTM scale ~0.9996 near its central meridian
    assert v.loc["64.02", "kumuh_area_ha"] == pytest.approx(part["64.02"], rel=1e-6)
    assert v.loc["64.72", "kumuh_area_ha"] == pytest.approx(rect_ha + part["64.72"], rel=1e-6)
    assert part["64.02"] > 1 and part["64.72"] > 1
    assert part["64.02"] + part["64.72"] == pytest.approx(square_ea.area / 1e4, rel=1e-6)
    assert v["kumuh_area_ha"].drop(touched).eq(0).all()
    unit_ha = ea_units.area / 1e4
    assert v["kumuh_share_pct"].to_numpy() == pytest.approx((v["kumuh_area_ha"] / unit_ha * 100).to_numpy())
    share = layer.indicators["kumuh_share_pct"]
    assert (share.unit, share.aggregation, share.kind) == ("%", "area_share", "share")
    assert layer.indicators["kumuh_area_ha"].unit == "ha" and layer.unmatched.empty and not layer.problems


def test_overlapping_invalid_and_empty_polygons(kabkota, tmp_path):
    x, y = _rep(kabkota, "64.72")
    d = 0.005
    a = shapely.box(x - d, y - d, x + d, y + d)
    b = shapely.box(x, y - d, x + 2 * d, y + d)  # overlaps a by half of a
    bowtie = shapely.Polygon([(x - d, y + 2 * d), (x + d, y + 4 * d), (x + d, y + 2 * d), (x - d, y + 4 * d)])
    gdf = gpd.GeoDataFrame({"n": [1, 2, 3, 4, 5]}, crs=4326,
                           geometry=[a, b, None, bowtie, shapely.box(SEA[0], SEA[1], SEA[0] + d, SEA[1] + d)])
    assert kabkota.geometry.loc["64.72"].contains(shapely.union_all([a, b, shapely.make_valid(bowtie)]))
    gdf.to_file(tmp_path / "sk.gpkg")
    layer = read_spatial_layer(tmp_path / "sk.gpkg", kabkota, level="kabkota")
    expected = _ea_area_ha(shapely.union_all([a, b, shapely.make_valid(bowtie)]), 4326)
    assert layer.values().loc["64.72", "sk_area_ha"] == pytest.approx(expected, rel=1e-9)
    assert layer.unmatched["row"].tolist() == [3, 5]
    assert layer.unmatched["reason"].tolist() == ["empty geometry", "outside every kabkota unit of province 64"]
    messages = [str(p) for p in layer.problems]
    assert any("feature 4 had an invalid geometry" in m for m in messages)
    assert any("overlap" in m and "counted once" in m for m in messages)
    assert all(p.severity == "warning" for p in layer.problems)


def test_points_and_polygons_mixed_are_refused(kabkota, tmp_path):
    x, y = _rep(kabkota, "64.72")
    gdf = gpd.GeoDataFrame({"n": [1, 2]}, geometry=[shapely.Point(x, y), shapely.box(x, y, x + .01, y + .01)],
                           crs=4326)
    gdf.to_file(tmp_path / "campur.gpkg")
    with pytest.raises(InputError, match="campur.gpkg: .*points and polygons mixed"):
        read_spatial_layer(tmp_path / "campur.gpkg", kabkota, level="kabkota")


@pytest.mark.parametrize("grid", [True, False], ids=["grid", "bbox-only"])
def test_fast_path_equals_sjoin_and_border_points_count_once(desa, grid, monkeypatch):
    monkeypatch.setattr(locate, "_GRID_MIN_POINTS", 0 if grid else 10**9)  # both routes, on 21,000 points
    assert len(desa) == 1038
    rng = np.random.default_rng(2026)
    x0, y0, x1, y1 = desa.total_bounds
    x, y = rng.uniform(x0, x1, 20_000), rng.uniform(y0, y1, 20_000)
    # vertices shared by two or more desa: exactly on a border, in no unit's interior
    xy, owner = shapely.get_coordinates(desa.geometry.boundary.to_numpy(), return_index=True)
    verts = pd.DataFrame({"x": xy[:, 0], "y": xy[:, 1], "unit": owner}).drop_duplicates()
    shared = verts.groupby(["x", "y"])["unit"].nunique()
    shared = shared[shared >= 2].sample(1000, random_state=1).index.to_frame(index=False)
    bx, by = shared["x"].to_numpy(), shared["y"].to_numpy()
    totals, pos = aggregate_points(desa, np.r_[x, bx], np.r_[y, by], weights={"w": np.ones(len(x) + len(bx))})

    def ref(px, py, predicate):
        pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(px, py), crs=4326)
        return gpd.sjoin(pts, desa[["geometry"]], predicate=predicate)["code"]

    within = ref(x, y, "within")
    assert not within.index.duplicated().any()
    expected = np.full(len(x), -1)
    expected[within.index] = desa.index.get_indexer(within)
    np.testing.assert_array_equal(pos[: len(x)], expected)
    touching = ref(bx, by, "intersects")
    assert ref(bx, by, "within").empty and touching.groupby(level=0).size().min() >= 2
    first = touching.groupby(level=0).min().sort_index()
    assert (pos[len(x):] >= 0).all()
    assert desa.index[pos[len(x):]].tolist() == first.tolist()  # the first unit by code
    assert totals["count"].sum() == len(within) + len(bx)  # each border point counted exactly once
    assert totals["w"].sum() == totals["count"].sum()
    naive = within.value_counts().reindex(desa.index, fill_value=0) + first.value_counts().reindex(
        desa.index, fill_value=0)
    np.testing.assert_array_equal(totals["count"].to_numpy(), naive.to_numpy())


def test_apportion_equals_overlay(desa):
    rng = np.random.default_rng(7)
    kec = desa[desa.index.str.startswith("64.72.")]  # Samarinda's desa
    x0, y0, x1, y1 = kec.total_bounds
    centres = gpd.GeoSeries(gpd.points_from_xy(rng.uniform(x0, x1, 60), rng.uniform(y0, y1, 60)), crs=4326)
    polys = centres.to_crs(UTM).buffer(rng.uniform(100, 1500, 60)).to_crs(4326)
    got = apportion_polygons(kec, polys)
    flat = gpd.GeoDataFrame(geometry=[polys.union_all()], crs=4326).to_crs(EQUAL_AREA_CRS)
    over = gpd.overlay(kec.to_crs(EQUAL_AREA_CRS).reset_index()[["code", "geometry"]], flat, how="intersection")
    naive = (over.set_index("code").area / 1e4).groupby(level=0).sum().reindex(kec.index, fill_value=0)
    assert (got - naive).abs().max() * 1e4 < 1  # within 1 m2 per unit
    assert got.sum() > 100


def _pie_coverage() -> gpd.GeoDataFrame:
    """A clean coverage built by hand: 8 wedges meeting at (0, 0) (more units at one point than the grid
    keeps per cell), a frame around them with a hole they fill, a neighbour sharing the frame's edge, and
    a gap (a hole nobody fills) in the neighbour."""
    angles = np.linspace(0, 2 * np.pi, 8 * 12 + 1)[:-1]
    arc = np.c_[1.2 * np.cos(angles), 1.2 * np.sin(angles)]
    wedges = [shapely.Polygon([(0, 0), *arc[k * 12:(k + 1) * 12 + 1 if k < 7 else None],
                               *(arc[:1] if k == 7 else [])]) for k in range(8)]
    frame = shapely.Polygon([(-2, -2), (2, -2), (2, 2), (-2, 2)], holes=[arc[::-1]])
    gap = [(2.4, -0.3), (2.7, -0.3), (2.7, 0.3), (2.4, 0.3)]
    neighbour = shapely.Polygon([(2, -2), (3, -2), (3, 2), (2, 2)], holes=[gap])
    geoms = [frame, neighbour, *wedges]
    codes = ["64.09.01.2001", "64.01.01.2001"] + [f"64.05.0{8 - k}.2001" for k in range(8)]  # not in code order
    units = gpd.GeoDataFrame({"code": codes}, geometry=geoms, crs=4326).set_index("code")
    assert shapely.coverage_is_valid(units.geometry.to_numpy())
    return units


@pytest.mark.parametrize("grid", [True, False], ids=["grid", "bbox-only"])
def test_points_on_a_hand_made_coverage_equal_sjoin(grid, monkeypatch):
    """Junction of 8 units, an enclave filling a hole, a gap, points on edges and vertices: each point in its
    unit's interior, a border point with the first unit by code it touches, a point in the gap in none."""
    monkeypatch.setattr(locate, "_GRID_MIN_POINTS", 0 if grid else 10**9)
    units = _pie_coverage()
    rng = np.random.default_rng(5)
    x, y = rng.uniform(-2.5, 3.5, 40_000), rng.uniform(-2.5, 2.5, 40_000)
    verts = np.unique(shapely.get_coordinates(units.geometry.to_numpy()), axis=0)
    edge_y = rng.uniform(-2, 2, 50)
    bx = np.r_[0.0, verts[:, 0], np.full(50, 2.0), 2.55]  # the junction, every vertex, the shared edge, in the gap
    by = np.r_[0.0, verts[:, 1], edge_y, 0.0]
    px, py = np.r_[x, bx], np.r_[y, by]
    totals, pos = aggregate_points(units, px, py)
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(px, py), crs=4326)
    touching = gpd.sjoin(pts, units[["geometry"]], predicate="intersects")["code"]
    within = gpd.sjoin(pts, units[["geometry"]], predicate="within")["code"]
    expected = touching.groupby(level=0).min()  # interior points touch one unit; border points several
    expected.loc[within.index] = within
    got = pd.Series(np.where(pos >= 0, units.index[np.maximum(pos, 0)], None), index=pts.index).dropna()
    pd.testing.assert_series_equal(got.sort_index(), expected.sort_index(), check_names=False)
    assert got.loc[len(x)] == "64.05.01.2001"  # the junction of the 8 wedges: the first wedge by code
    assert pos[-1] == -1  # in the gap
    assert (units.index[pos[len(x) + 1 + len(verts):-1]] == "64.01.01.2001").all()  # the edge x = 2
    assert totals["count"].sum() == len(expected)


def test_a_diagonal_border_near_a_grid_corner_does_not_hide_a_third_unit(monkeypatch):
    """A border segment cutting past a grid corner touches 3 of the 2 x 2 cells around it; the 4th lies wholly
    in a third unit (T) and must be located as T, not tested against the two units of the segment."""
    monkeypatch.setattr(locate, "_GRID_MIN_POINTS", 0)
    a = shapely.Polygon([(0.002, 0), (10, 0), (10, 9.998), (5.007, 5.005), (4.995, 4.993)])
    t_ring = [(4.9, 4.9997), (5.0003, 4.9997), (5.0003, 5.1), (4.9, 5.1)]  # around the cell left of and above (5, 5)
    b = shapely.Polygon([(0, 0), (0.002, 0), (4.995, 4.993), (5.007, 5.005), (10, 9.998), (10, 10), (0, 10)],
                        holes=[t_ring])
    units = gpd.GeoDataFrame({"code": ["64.01", "64.02", "64.03"]}, geometry=[a, b, shapely.Polygon(t_ring)],
                             crs=4326).set_index("code")
    assert shapely.coverage_is_valid(units.geometry.to_numpy())
    geoms = units.geometry.to_numpy()
    grid = locate._Grid(geoms, np.ones(3, bool), shapely.bounds(geoms), np.arange(3), (0, 0, 10, 10), 2**16)
    assert grid.cs == 10 / 256  # so (5, 5) is a grid corner and the segment (4.995, 4.993)-(5.007, 5.005) passes it
    rng = np.random.default_rng(3)
    x, y = rng.uniform(5 - grid.cs, 5, 2_000), rng.uniform(5, 5 + grid.cs, 2_000)
    totals, pos = aggregate_points(units, x, y)
    assert totals["count"].to_dict() == {"64.01": 0, "64.02": 0, "64.03": 2_000}


def test_to_equal_area_equals_geopandas_to_crs(desa):
    from geo_planner.units.coverage import to_equal_area

    some = desa.iloc[::50]
    got = to_equal_area(some.geometry.values, some.crs)
    expected = some.geometry.to_crs(EQUAL_AREA_CRS).to_numpy()
    np.testing.assert_array_equal(shapely.get_coordinates(got), shapely.get_coordinates(expected))
    assert shapely.equals(to_equal_area(expected, EQUAL_AREA_CRS), expected).all()  # already equal-area: unchanged
    utm = some.geometry.to_crs(UTM)
    back = to_equal_area(utm.values, utm.crs)
    assert shapely.area(back) == pytest.approx(shapely.area(expected), rel=1e-6)


def test_points_in_the_sources_overlaps_are_counted_once(desa, monkeypatch):
    """The source's desa overlap (cleaned once at import): a point in an overlap lands in exactly one desa,
    one of the two that claimed it, the same as sjoin on the cleaned units; on the raw polygons sjoin counts
    it twice."""
    from geo_planner.sources.boundaries import fetch_source_file, source_files
    from geo_planner.sources.wilayah_sql import parse_wilayah_sql

    monkeypatch.setattr(locate, "_GRID_MIN_POINTS", 0)
    frames = [parse_wilayah_sql(fetch_source_file(rel).read_text(encoding="utf-8"), file=rel)
              for rel in source_files("64", "desa")]
    raw = pd.concat(frames, ignore_index=True)
    raw = gpd.GeoDataFrame(raw[raw["code"].isin(desa.index)].set_index("code"), crs=4326)
    geoms = shapely.make_valid(raw.geometry.to_numpy())
    i, j = shapely.STRtree(geoms).query(geoms, predicate="overlaps")
    i, j = i[i < j], j[i < j]
    overlap = shapely.intersection(geoms[i], geoms[j])
    big = shapely.area(overlap) > 1e-7
    assert big.sum() > 100
    pts = shapely.point_on_surface(overlap[big])
    x, y = shapely.get_x(pts), shapely.get_y(pts)
    twice = gpd.sjoin(gpd.GeoDataFrame(geometry=pts, crs=4326), raw[["geometry"]], predicate="within")
    assert (twice.index.value_counts() >= 2).mean() > 0.9  # the raw source counts most of them twice
    totals, pos = aggregate_points(desa, x, y)
    assert (pos >= 0).all() and totals["count"].sum() == len(x)  # each exactly once
    claimed = np.c_[raw.index[i[big]], raw.index[j[big]]]
    assert (desa.index[pos].to_numpy()[:, None] == claimed).any(axis=1).all()  # by one of its two desa
    cleaned = gpd.sjoin(gpd.GeoDataFrame(geometry=pts, crs=4326), desa[["geometry"]], predicate="intersects")
    first = cleaned.groupby(level=0)["code"].min().sort_index()
    assert desa.index[pos].tolist() == first.tolist()
