"""A user's own boundary file: GeoJSON, GeoPackage, zipped Shapefile, GeoParquet, KML.

The file becomes *units* in the same model as the catalogue's: indexed by
Kemendagri code, with ``name``, ``level``, ``parent``, ``bps_code`` and a
cleaned coverage in EPSG:4326. A zipped Shapefile is read in place through
GDAL's ``/vsizip/`` (nothing is extracted, so no path in the archive can
escape a folder).
"""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from .codes import BPS_TO_KEMENDAGRI, KEMENDAGRI_TO_BPS, classify_key, match_keys
from .coverage import CleaningReport, clean_coverage
from .errors import InputError
from .wilayah_sql import INDONESIA_BOUNDS

__all__ = ["read_boundary_file"]

_NAME_COLUMNS = ("nama", "name", "namobj", "wadmkk", "wadmkc", "wadmkd", "nama_kab", "nama_kec",
                 "nama_desa", "kabupaten", "kecamatan", "desa", "kelurahan", "wilayah", "adm2_en", "adm3_en")
_SUFFIXES = (".geojson", ".json", ".gpkg", ".zip", ".parquet", ".geoparquet", ".kml", ".shp", ".fgb")


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

    from .settings import max_input_bytes

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


def _read_gis(path: Path, target: str, suffix: str) -> gpd.GeoDataFrame:
    import pyogrio.errors

    try:
        if suffix in (".parquet", ".geoparquet"):
            return gpd.read_parquet(target)
        return gpd.read_file(target, engine="pyogrio")
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, pyogrio.errors.FieldError,
            pyogrio.errors.GeometryError, pyogrio.errors.CRSError, pyogrio.errors.FeatureError, ValueError, OSError, TypeError) as exc:
        what = "GeoParquet" if suffix in (".parquet", ".geoparquet") else suffix.lstrip(".").upper()
        first = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise InputError(f"cannot be read as {what} ({first}); check that the file is complete and of this "
                         "format", file=path.name) from None


def _read_any(path: Path) -> gpd.GeoDataFrame:
    from .settings import max_input_bytes

    suffix = path.suffix.lower()
    if suffix not in _SUFFIXES:
        raise InputError(f"GIS files must be one of {', '.join(_SUFFIXES)}, got '{suffix}'", file=path.name)
    size = path.stat().st_size
    if size == 0:
        raise InputError("the file is empty", file=path.name)
    if size > max_input_bytes():
        raise InputError(f"the file is {size / 1e6:,.0f} MB, over the {max_input_bytes() / 1e6:,.0f} MB limit "
                         "(GEO_PLANNER_MAX_UPLOAD_MB)", file=path.name)
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
    if suffix == ".shp" and not path.with_suffix(".prj").exists():
        raise InputError("the Shapefile has no .prj beside it, so its coordinate system is unknown", file=path.name)
    return _read_gis(path, str(path), suffix)


def _to_wgs84(gdf: gpd.GeoDataFrame, file: str) -> gpd.GeoDataFrame:
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


def _code_column(gdf: gpd.GeoDataFrame, code_column: str | None, file: str) -> str | None:
    if code_column:
        if code_column not in gdf.columns:
            raise InputError(f"no column '{code_column}'; columns: {', '.join(map(str, gdf.columns))}", file=file)
        return code_column
    for col in gdf.columns.drop(gdf.geometry.name):
        kinds = gdf[col].dropna().astype(str).map(classify_key)
        if len(kinds) and kinds.isin(["kemendagri", "bps"]).mean() > 0.9:
            return col
    return None


def _name_column(gdf: gpd.GeoDataFrame, name_column: str | None, skip: str | None) -> str | None:
    if name_column:
        return name_column
    lower = {str(c).lower(): c for c in gdf.columns}
    for cand in _NAME_COLUMNS:
        if cand in lower and lower[cand] != skip:
            return lower[cand]
    text = [c for c in gdf.columns if c not in (skip, gdf.geometry.name) and gdf[c].dtype == object]
    return text[0] if text else None


def _kemendagri(code: object) -> str:
    s = str(code).strip()
    s = s[:-2] if s.endswith(".0") else s
    if classify_key(s) == "bps":
        if s in BPS_TO_KEMENDAGRI:
            return BPS_TO_KEMENDAGRI[s]
        raise InputError(f"BPS code {s} has no Kemendagri equivalent in the crosswalk; add a Kemendagri code column")
    return s


def read_boundary_file(path: str | Path, *, level: str = "kabkota", code_column: str | None = None,
                       name_column: str | None = None, reference: pd.DataFrame | None = None
                       ) -> tuple[gpd.GeoDataFrame, CleaningReport]:
    """Read the user's boundary file as cleaned units of ``level``.

    Codes come from a code column (Kemendagri or, for Kaltim regencies, BPS
    codes crosswalked), or, failing that, from matching names against
    ``reference`` units of the same level.

    Raises
    ------
    InputError
        Unknown format, no CRS on projected data, coordinates outside
        Indonesia, no code and no way to match names, empty geometries.
    """
    path = Path(path)
    file = path.name
    if not path.is_file():
        raise InputError("file not found", file=str(path))
    gdf = _to_wgs84(_read_any(path), file)
    empty = gdf.geometry.isna() | gdf.geometry.is_empty
    if empty.any():
        rows = ", ".join(str(i + 1) for i in gdf.index[empty][:20])
        raise InputError(f"features {rows} have no geometry; fix or remove them", file=file)
    ccol = _code_column(gdf, code_column, file)
    ncol = _name_column(gdf, name_column, ccol)
    if ccol is not None:
        codes = [_kemendagri(c) for c in gdf[ccol]]
    elif ncol is not None and reference is not None:
        m = match_keys(gdf[ncol], reference)
        if m["code"].isna().any():
            bad = gdf[ncol][m["code"].isna()].astype(str).tolist()[:10]
            raise InputError(f"no code column, and these names match no {level} unit: {', '.join(bad)}", file=file)
        codes = m["code"].tolist()
    else:
        raise InputError("no column of region codes found (e.g. 'kode' with 64.02); name it with --code-column",
                         file=file)
    invalid = ~gdf.geometry.is_valid
    for i in gdf.index[invalid]:
        warnings.warn(f"{file}: feature {codes[list(gdf.index).index(i)]} had an invalid geometry and was "
                      "repaired", UserWarning, stacklevel=2)
    geoms = shapely.make_valid(gdf.geometry.to_numpy())
    units = gpd.GeoDataFrame(
        {"name": gdf[ncol].astype(str).to_numpy() if ncol else codes, "level": level,
         "parent": [c.rsplit(".", 1)[0] if "." in c else None for c in codes],
         "bps_code": [KEMENDAGRI_TO_BPS.get(c) for c in codes]},
        geometry=geoms, index=pd.Index(codes, name="code"), crs="EPSG:4326")
    if units.index.duplicated().any():
        dup = sorted(set(units.index[units.index.duplicated()]))[:10]
        raise InputError(f"codes appear on more than one feature: {', '.join(dup)}; dissolve them first", file=file)
    return clean_coverage(units.sort_index(), level=level)
