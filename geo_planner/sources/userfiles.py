"""A user's own boundary file: GeoJSON, GeoPackage, zipped Shapefile, GeoParquet, KML.

This module reads and checks the file (format, zip safety, CRS);
:func:`geo_planner.units.userunits.read_boundary_file` makes units of it. A zipped Shapefile is read in place through
GDAL's ``/vsizip/`` (nothing is extracted, so no path in the archive can
escape a folder).
"""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import geopandas as gpd

from geo_planner.errors import InputError
from geo_planner.i18n.messages import msg
from geo_planner.sources.wilayah_sql import INDONESIA_BOUNDS

__all__ = ["GIS_SUFFIXES", "check_zip", "list_layers", "read_any", "to_wgs84"]

GIS_SUFFIXES = (".geojson", ".json", ".gpkg", ".zip", ".parquet", ".geoparquet", ".kml", ".shp", ".fgb", ".kmz",
                ".gpx")


# Zip archives: refused before anything is read when they could expand far beyond their size.
MAX_ZIP_MEMBERS = 200
MAX_ZIP_RATIO = 200  # uncompressed / compressed, per member
MAX_UNZIPPED_BYTES = 2_000_000_000


def check_zip(path: Path) -> list[str]:
    """Names in a zip archive, after checking it is safe to read in place.

    Refuses paths that leave the archive's folder (``../x``, ``/etc/x``, ``C:\\x``),
    too many members and archives that expand far beyond their size (zip
    bombs). Nothing is extracted: GDAL reads the Shapefile through ``/vsizip/``.
    """
    import os

    from geo_planner.settings import max_input_bytes

    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(msg("userfiles_bad_zip", error=exc), file=path.name) from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise InputError(msg("userfiles_zip_members", n=len(infos), most=MAX_ZIP_MEMBERS), file=path.name)
    total = 0
    for info in infos:
        name = info.filename.replace("\\", "/")
        parts = name.split("/")
        if name.startswith("/") or ".." in parts or (len(name) > 1 and name[1] == ":"):
            raise InputError(msg("userfiles_zip_path", member=info.filename), file=path.name)
        total += info.file_size
        if info.file_size > 10_000_000 and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
            raise InputError(msg("userfiles_zip_ratio", member=info.filename,
                                 ratio=f"{info.file_size / max(info.compress_size, 1):,.0f}"), file=path.name)
    limit = min(MAX_UNZIPPED_BYTES, 40 * max_input_bytes())
    if total > limit:
        raise InputError(msg("userfiles_zip_total", mb=f"{total / 1e6:,.0f}", limit=f"{limit / 1e6:,.0f}"),
                         file=path.name)
    return [i.filename for i in infos if not os.path.basename(i.filename).startswith(".")]


def list_layers(path: str | Path | bytes) -> list[str]:
    """The layers with geometries of a GIS file (a GeoPackage may hold several: kumuh_sk_2019, kumuh_sk_2024;
    a table without geometries, such as an export's provenance, is not one); [] if unreadable."""
    import pyogrio

    import io

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # bytes of an upload: GDAL warns that /vsimem/ has no extension
            found = pyogrio.list_layers(io.BytesIO(path) if isinstance(path, (bytes, bytearray)) else str(path))
        return [str(row[0]) for row in found if row[1] is not None]
    except Exception:  # pyogrio raises several types on files it cannot open; read_any then says why
        return []


def _read_gis(path: Path, target: str, suffix: str, layer_name: str | None = None) -> gpd.GeoDataFrame:
    import pyogrio.errors

    try:
        if suffix in (".parquet", ".geoparquet"):
            return gpd.read_parquet(target)
        layers = list_layers(target)
        if layer_name is not None and layer_name not in layers:
            raise InputError(msg("userfiles_no_layer", layer=layer_name, layers=", ".join(repr(n) for n in layers)),
                             file=path.name)
        if layer_name is None and len(layers) > 1:
            raise InputError(msg("userfiles_many_layers", n=len(layers), layers=", ".join(repr(n) for n in layers)),
                             file=path.name)
        gdf = gpd.read_file(target, engine="pyogrio", layer=layer_name)
        if suffix == ".kml":  # the fields LIBKML gives every placemark (tessellate, drawOrder ...) are not figures
            from geo_planner.sources.coordinates import format_fields_dropped

            gdf = format_fields_dropped(gdf, suffix)
        return gdf
    except InputError:
        raise
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, pyogrio.errors.FieldError,
            pyogrio.errors.GeometryError, pyogrio.errors.CRSError, pyogrio.errors.FeatureError, ValueError, OSError, TypeError) as exc:
        what = "GeoParquet" if suffix in (".parquet", ".geoparquet") else suffix.lstrip(".").upper()
        first = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise InputError(msg("userfiles_unreadable", format=what, error=first), file=path.name) from None


def read_any(path: Path, *, layer_name: str | None = None, max_bytes: int | None | object = ...) -> gpd.GeoDataFrame:
    """Read a GIS file; a file of several layers (a GeoPackage) needs ``layer_name``.

    ``max_bytes``: refuse larger files (default: the upload limit ``GEO_PLANNER_MAX_UPLOAD_MB``;
    ``None``: any size, as the command line reads a local file).
    """
    from geo_planner.settings import max_input_bytes

    limit = max_input_bytes() if max_bytes is ... else max_bytes
    suffix = path.suffix.lower()
    if suffix not in GIS_SUFFIXES:
        raise InputError(msg("userfiles_suffix", suffixes=", ".join(GIS_SUFFIXES), suffix=suffix), file=path.name)
    size = path.stat().st_size
    if size == 0:
        raise InputError(msg("userfiles_empty"), file=path.name)
    if limit is not None and size > limit:
        raise InputError(msg("userfiles_too_large", mb=f"{size / 1e6:,.0f}", limit=f"{limit / 1e6:,.0f}"),
                         file=path.name)
    if suffix == ".zip":
        if not zipfile.is_zipfile(path):
            raise InputError(msg("userfiles_not_zip"), file=path.name)
        names = check_zip(path)
        shps = [n for n in names if n.lower().endswith(".shp")]
        if len(shps) != 1:
            raise InputError(msg("userfiles_zip_shps", n=len(shps)), file=path.name)
        if shps[0][:-4] + ".prj" not in names and shps[0][:-4] + ".PRJ" not in names:
            raise InputError(msg("userfiles_zip_no_prj"), file=path.name)
        return _read_gis(path, f"/vsizip/{path.resolve()}/{shps[0]}", ".shp")
    if suffix in (".kmz", ".gpx"):  # Google Earth placemarks, GPS waypoints: name and description kept
        from geo_planner.sources.coordinates import read_field_file

        return read_field_file(path)
    if suffix == ".shp" and not path.with_suffix(".prj").exists():
        raise InputError(msg("userfiles_no_prj"), file=path.name)
    return _read_gis(path, str(path), suffix, layer_name)


def to_wgs84(gdf: gpd.GeoDataFrame, file: str) -> gpd.GeoDataFrame:
    xmin, ymin, xmax, ymax = gdf.total_bounds
    if gdf.crs is None:
        if -180 <= xmin and xmax <= 180 and -90 <= ymin and ymax <= 90:
            warnings.warn(msg("userfiles_assumed_wgs84", file=file), UserWarning, stacklevel=3)
            gdf = gdf.set_crs("EPSG:4326")
        else:
            raise InputError(msg("userfiles_projected_no_crs"), file=file)
    gdf = gdf.to_crs("EPSG:4326")
    xmin, ymin, xmax, ymax = gdf.total_bounds
    bx0, by0, bx1, by1 = INDONESIA_BOUNDS
    if not (bx0 <= xmin and xmax <= bx1 and by0 <= ymin and ymax <= by1):
        swapped = bx0 <= ymin and ymax <= bx1 and by0 <= xmin and xmax <= by1
        hint = " " + msg("userfiles_axes_swapped") if swapped else ""
        raise InputError(msg("userfiles_outside", lon=f"{xmin:.2f}..{xmax:.2f}", lat=f"{ymin:.2f}..{ymax:.2f}")
                         + hint, file=file)
    return gdf


