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
        raise InputError(f"is not a readable zip archive ({exc}); zip the Shapefile parts again",
                         file=path.name) from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise InputError(f"the zip holds {len(infos)} files; at most {MAX_ZIP_MEMBERS} are read", file=path.name)
    total = 0
    for info in infos:
        name = info.filename.replace("\\", "/")
        parts = name.split("/")
        if name.startswith("/") or ".." in parts or (len(name) > 1 and name[1] == ":"):
            raise InputError(f"the zip holds a path that leaves its folder ('{info.filename}'); it was not "
                             "opened. Zip only the Shapefile parts, without folders above them", file=path.name)
        total += info.file_size
        if info.file_size > 10_000_000 and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
            raise InputError(f"'{info.filename}' would expand {info.file_size / max(info.compress_size, 1):,.0f} "
                             "times its packed size (a zip bomb?); it was not opened", file=path.name)
    limit = min(MAX_UNZIPPED_BYTES, 40 * max_input_bytes())
    if total > limit:
        raise InputError(f"the zip would expand to {total / 1e6:,.0f} MB, over the {limit / 1e6:,.0f} MB "
                         "limit; it was not opened", file=path.name)
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
            raise InputError(f"there is no layer named '{layer_name}'; the layers are "
                             f"{', '.join(repr(n) for n in layers)}", file=path.name)
        if layer_name is None and len(layers) > 1:
            raise InputError(f"the file holds {len(layers)} layers ({', '.join(repr(n) for n in layers)}); "
                             "choose one with --layer-name NAME (in the app: the layer choice)", file=path.name)
        return gpd.read_file(target, engine="pyogrio", layer=layer_name)
    except InputError:
        raise
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, pyogrio.errors.FieldError,
            pyogrio.errors.GeometryError, pyogrio.errors.CRSError, pyogrio.errors.FeatureError, ValueError, OSError, TypeError) as exc:
        what = "GeoParquet" if suffix in (".parquet", ".geoparquet") else suffix.lstrip(".").upper()
        first = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise InputError(f"cannot be read as {what} ({first}); check that the file is complete and of this "
                         "format", file=path.name) from None


def read_any(path: Path, *, layer_name: str | None = None, max_bytes: int | None | object = ...) -> gpd.GeoDataFrame:
    """Read a GIS file; a file of several layers (a GeoPackage) needs ``layer_name``.

    ``max_bytes``: refuse larger files (default: the upload limit ``GEO_PLANNER_MAX_UPLOAD_MB``;
    ``None``: any size, as the command line reads a local file).
    """
    from geo_planner.settings import max_input_bytes

    limit = max_input_bytes() if max_bytes is ... else max_bytes
    suffix = path.suffix.lower()
    if suffix not in GIS_SUFFIXES:
        raise InputError(f"GIS files must be one of {', '.join(GIS_SUFFIXES)}, got '{suffix}'", file=path.name)
    size = path.stat().st_size
    if size == 0:
        raise InputError("the file is empty", file=path.name)
    if limit is not None and size > limit:
        raise InputError(f"the file is {size / 1e6:,.0f} MB, over the {limit / 1e6:,.0f} MB limit for uploads; "
                         "the command line reads a file of any size, and GEO_PLANNER_MAX_UPLOAD_MB raises the limit",
                         file=path.name)
    if suffix == ".zip":
        if not zipfile.is_zipfile(path):
            raise InputError("is not a zip archive; send the Shapefile parts (.shp, .shx, .dbf, .prj) zipped",
                             file=path.name)
        names = check_zip(path)
        shps = [n for n in names if n.lower().endswith(".shp")]
        if len(shps) != 1:
            raise InputError(f"the zip holds {len(shps)} .shp files; it must hold exactly one Shapefile", file=path.name)
        if shps[0][:-4] + ".prj" not in names and shps[0][:-4] + ".PRJ" not in names:
            raise InputError("the Shapefile has no .prj, so its coordinate system is unknown; add the .prj "
                             "file that came with it to the zip", file=path.name)
        return _read_gis(path, f"/vsizip/{path.resolve()}/{shps[0]}", ".shp")
    if suffix in (".kmz", ".gpx"):  # Google Earth placemarks, GPS waypoints: name and description kept
        from geo_planner.sources.coordinates import read_field_file

        return read_field_file(path)
    if suffix == ".shp" and not path.with_suffix(".prj").exists():
        raise InputError("the Shapefile has no .prj beside it, so its coordinate system is unknown", file=path.name)
    return _read_gis(path, str(path), suffix, layer_name)


def to_wgs84(gdf: gpd.GeoDataFrame, file: str) -> gpd.GeoDataFrame:
    xmin, ymin, xmax, ymax = gdf.total_bounds
    if gdf.crs is None:
        if -180 <= xmin and xmax <= 180 and -90 <= ymin and ymax <= 90:
            warnings.warn(f"{file}: no coordinate system given; the coordinates look like longitude/latitude, "
                          "read as EPSG:4326", UserWarning, stacklevel=3)
            gdf = gdf.set_crs("EPSG:4326")
        else:
            raise InputError("coordinates are projected (metres?) but the file names no coordinate system; "
                             "export it again with its CRS (a .prj for a Shapefile)", file=file)
    gdf = gdf.to_crs("EPSG:4326")
    xmin, ymin, xmax, ymax = gdf.total_bounds
    bx0, by0, bx1, by1 = INDONESIA_BOUNDS
    if not (bx0 <= xmin and xmax <= bx1 and by0 <= ymin and ymax <= by1):
        swapped = bx0 <= ymin and ymax <= bx1 and by0 <= xmin and xmax <= by1
        hint = " The axes look swapped (latitude stored as x): export with longitude first." if swapped else ""
        raise InputError(f"the boundaries lie outside Indonesia (lon {xmin:.2f}..{xmax:.2f}, lat "
                         f"{ymin:.2f}..{ymax:.2f}).{hint}", file=file)
    return gdf


