"""A planner's own boundary file in the formats they arrive in."""

from __future__ import annotations

import zipfile

import geopandas as gpd
import pytest

from geo_planner.errors import InputError
from geo_planner.units.userunits import read_boundary_file


@pytest.fixture(scope="module")
def own(kabkota):
    """The kab/kota as a planner's file would carry them: BPS codes, upper-case names."""
    gdf = kabkota.reset_index()
    return gpd.GeoDataFrame({"KODE_BPS": gdf["bps_code"], "NAMOBJ": gdf["name"].str.upper()},
                            geometry=gdf.geometry, crs="EPSG:4326")


def test_geojson_with_bps_codes_is_crosswalked(own, tmp_path):
    path = tmp_path / "batas.geojson"
    own.to_file(path)
    units, report = read_boundary_file(path)
    assert units.loc["64.02", "name"] == "KABUPATEN KUTAI KARTANEGARA"  # BPS 6403 -> 64.02
    assert units.loc["64.03", "name"] == "KABUPATEN BERAU"
    assert report.overlapping_pairs_after == 0


def test_zipped_shapefile_in_utm_is_reprojected(own, tmp_path):
    shp_dir = tmp_path / "shp"
    shp_dir.mkdir()
    own.to_crs("EPSG:32750").to_file(shp_dir / "batas.shp")
    zpath = tmp_path / "batas.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        for part in shp_dir.iterdir():
            zf.write(part, part.name)
    units, _ = read_boundary_file(zpath)
    assert units.crs.to_epsg() == 4326
    c = units.loc[["64.72"]].to_crs("EPSG:32750").centroid.to_crs(4326).iloc[0]
    assert c.x == pytest.approx(117.2, abs=0.1) and c.y == pytest.approx(-0.5, abs=0.1)


def test_zipped_shapefile_without_prj_is_refused(own, tmp_path):
    shp_dir = tmp_path / "shp"
    shp_dir.mkdir()
    own.to_file(shp_dir / "batas.shp")
    zpath = tmp_path / "batas.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        for part in shp_dir.iterdir():
            if part.suffix != ".prj":
                zf.write(part, part.name)
    with pytest.raises(InputError, match="batas.zip: the Shapefile has no .prj"):
        read_boundary_file(zpath)


def test_geoparquet_and_geopackage(own, tmp_path):
    own.to_parquet(tmp_path / "b.parquet")
    own.to_file(tmp_path / "b.gpkg")
    for name in ("b.parquet", "b.gpkg"):
        units, _ = read_boundary_file(tmp_path / name)
        assert len(units) == 10


def test_names_only_matched_against_reference(own, tmp_path, kabkota):
    path = tmp_path / "names.geojson"
    own.drop(columns="KODE_BPS").to_file(path)
    units, _ = read_boundary_file(path, reference=kabkota)
    assert sorted(units.index) == sorted(kabkota.index)


def test_projected_coordinates_without_crs_are_refused(own, tmp_path):
    path = tmp_path / "nocrs.parquet"
    utm = own.to_crs("EPSG:32750")
    utm.set_crs(None, allow_override=True).to_parquet(path)
    with pytest.raises(InputError, match="nocrs.parquet: .*no coordinate system"):
        read_boundary_file(path)


def test_swapped_axes_are_named(own, tmp_path):
    import shapely

    swapped = own.copy()
    swapped["geometry"] = shapely.transform(swapped.geometry.to_numpy(), lambda xy: xy[:, ::-1])
    path = tmp_path / "swapped.geojson"
    swapped.to_file(path)
    with pytest.raises(InputError, match="axes look swapped"):
        read_boundary_file(path)
