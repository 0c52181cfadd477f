"""Spatial layers: a user's points or polygons aggregated to units.

Points (a GIS file, or a CSV/XLSX table with latitude/longitude columns) become
counts and sums per unit; polygons become hectares and the share of each unit's
area. Every unit gets a figure, so a zero is a real zero; rows without usable
coordinates, empty geometries and features outside every unit are listed in
``Layer.unmatched`` with their row number, never dropped silently.

Points are located by :func:`geo_planner.analysis.locate.aggregate_points` (a grid over
the units, no shapely Point per row).
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo_planner.analysis.locate import aggregate_points
from geo_planner.errors import InputError, Problem, ValidationError
from geo_planner.i18n import fmt_number, t
from geo_planner.i18n.messages import current_language, msg
from geo_planner.layers.model import Indicator, Layer, parses, slugify
from geo_planner.sources.coordinates import (
    arrow_strings,
    has_comma,
    hemisphere_hint,
    pair_column,
    parse_coordinates,
    split_pair_column,
)
from geo_planner.sources.tables import parse_number, read_table, trim_whitespace
from geo_planner.sources.userfiles import GIS_SUFFIXES, read_any, to_wgs84
from geo_planner.sources.wilayah_sql import INDONESIA_BOUNDS
from geo_planner.units.coverage import to_equal_area

__all__ = ["read_spatial_layer", "aggregate_points", "apportion_polygons", "LAT_NAMES", "LON_NAMES"]

LAT_NAMES = ("lat", "latitude", "lintang", "y")
LON_NAMES = ("lon", "lng", "long", "longitude", "bujur", "x")
_TABLE_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm")
_ID_NAMES = {"no", "nomor", "urut", "no_urut", "id", "fid", "gid", "objectid", "ogc_fid", "tahun", "year",
             "nik", "no_kk", "nkk", "no_kartu_keluarga"}  # identifiers are never summed


# --- polygons
def apportion_polygons(units: gpd.GeoDataFrame, polygons: gpd.GeoSeries) -> pd.Series:
    """Hectares of `polygons` in each unit, measured in :data:`~geo_planner.units.coverage.EQUAL_AREA_CRS`.

    Parameters
    ----------
    units : GeoDataFrame
        A clean coverage of units.
    polygons : GeoSeries
        Polygons in any CRS (none: the units' CRS). Repaired with ``make_valid``
        and dissolved first, so where two overlap the overlap counts once.

    Returns
    -------
    Series
        Hectares per unit (index ``units.index``), 0 where none fall. A dissolved
        part within one unit adds its whole area; only parts crossing a border
        are intersected with the units they touch.
    """
    ha, _ = _apportion(to_equal_area(units.geometry.values, units.crs),
                       to_equal_area(polygons.values, polygons.crs or units.crs))
    return pd.Series(ha, index=units.index, name="area_ha")


def _apportion(units_ea, polys_ea) -> tuple[np.ndarray, float]:
    """Hectares per unit and of the dissolved polygons (both in the equal-area CRS)."""
    polys = np.asarray(polys_ea, dtype=object).copy()
    invalid = ~shapely.is_valid(polys)  # make_valid copies every geometry: repair only the invalid ones
    polys[invalid] = shapely.make_valid(polys[invalid])
    polys = shapely.get_parts(polys)
    polys = polys[shapely.get_type_id(polys) == 3]  # polygons only: make_valid may leave lines
    i, j = shapely.STRtree(polys).query(polys, predicate="intersects")
    linked = np.unique(i[i != j])  # dissolve only polygons that touch or overlap another: union is costly
    alone = np.setdiff1d(np.arange(len(polys)), linked)
    parts = np.concatenate([polys[alone], shapely.get_parts(shapely.union_all(polys[linked]))])
    parts = parts[shapely.get_type_id(parts) == 3]
    ha = np.zeros(len(units_ea))
    if not len(parts):
        return ha, 0.0
    shapely.prepare(units_ea)
    p, u = shapely.STRtree(units_ea).query(parts)
    order = np.argsort(u, kind="stable")  # a unit's tests run together (its prepared index stays in cache)
    p, u = p[order], u[order]
    pb, ub = shapely.bounds(parts)[p], shapely.bounds(units_ea)[u]
    boxed = np.flatnonzero((ub[:, 0] <= pb[:, 0]) & (ub[:, 1] <= pb[:, 1]) & (ub[:, 2] >= pb[:, 2])
                           & (ub[:, 3] >= pb[:, 3]))  # a unit can cover a part only if its box holds the part's
    whole = np.zeros(len(p), dtype=bool)
    whole[boxed] = shapely.covers(units_ea[u[boxed]], parts[p[boxed]])  # inside one unit: its whole area
    np.add.at(ha, u[whole], shapely.area(parts[p[whole]]) / 1e4)
    crossing = np.flatnonzero(np.isin(p, p[whole], invert=True))
    crossing = crossing[shapely.intersects(units_ea[u[crossing]], parts[p[crossing]])]  # boxes can meet in vain
    p, u = p[crossing], u[crossing]
    np.add.at(ha, u, shapely.area(shapely.intersection(parts[p], units_ea[u])) / 1e4)
    return ha, float(shapely.area(parts).sum() / 1e4)


# --- reading
def read_spatial_layer(source, units: gpd.GeoDataFrame, *, level: str, name: str | None = None,
                       sum_columns: list[str] | None = None, lat_column: str | None = None,
                       lon_column: str | None = None) -> Layer:
    """Read points or polygons and aggregate them to `units`.

    Parameters
    ----------
    source : str, os.PathLike or file-like with ``.name``
        A GIS file (.geojson, .json, .gpkg, zipped Shapefile .zip, .parquet,
        .geoparquet, .kml, .shp, .fgb) of points or polygons, or a CSV/XLSX
        table with latitude/longitude columns (lat/latitude/lintang/y and
        lon/lng/long/longitude/bujur/x, any case) in degrees (WGS84).
    units : GeoDataFrame
        Units of one level, indexed by Kemendagri code, EPSG:4326, clean coverage.
    level : str
        The units' level, for the layer and messages.
    name : str, optional
        Layer name L (slugified); default the file stem.
    sum_columns : list of str, optional
        Point columns to sum per unit (empty cells count 0); default every
        numeric column except coordinates and id, number and year columns.
    lat_column, lon_column : str, optional
        Coordinate columns of a table, when their names are not recognised.

    Returns
    -------
    Layer
        Points: ``L_count`` (titik) and ``L_<column>_sum``; polygons:
        ``L_area_ha`` (ha; dissolved first, so where two SK areas overlap the
        overlap counts once) and ``L_share_pct`` (% of the unit's area). Every
        unit has a figure. Rows without usable coordinates, empty geometries
        and features outside every unit are in ``unmatched`` (``row``: the
        spreadsheet row or 1-based feature number, ``reason``, the original
        columns); repaired geometries and overlaps are warnings in ``problems``.

    Raises
    ------
    InputError
        Unreadable file, no coordinate columns, projected coordinates in a
        table, swapped latitude/longitude, points and polygons mixed.
    ValidationError
        Cells of a column to sum that are not numbers (all listed).
    """
    file = Path(str(getattr(source, "name", source))).name
    suffix, layer = Path(file).suffix.lower(), slugify(name or Path(file).stem)
    provinces = pd.Index(units.index.astype(str)).str.split(".").str[0].unique()
    outside = (msg("spatial_outside_province", level=level, province=provinces[0]) if len(provinces) == 1
               else msg("spatial_outside", level=level))
    if suffix in GIS_SUFFIXES:
        gdf = _read_gis(source, file)
        geoms = gdf.geometry.to_numpy()
        empty = shapely.is_missing(geoms) | shapely.is_empty(geoms)
        kinds = set(shapely.get_type_id(geoms[~empty]).tolist())
        if kinds and kinds <= {3, 6}:  # Polygon, MultiPolygon
            return _polygon_layer(gdf, empty, units, level, layer, file, outside)
        if not kinds <= {0, 4}:  # Point, MultiPoint
            what = msg("spatial_mixed") if kinds & {0, 4} and kinds & {3, 6} else msg("spatial_lines")
            raise InputError(msg("spatial_not_points_or_polygons", what=what), file=file)
        x, y = _gis_xy(geoms, empty, file)
        data = pd.DataFrame(gdf.drop(columns=gdf.geometry.name)).assign(longitude=x, latitude=y)
        rows, skip = np.arange(1, len(gdf) + 1), {"longitude", "latitude"}
        reasons = pd.Series(np.where(empty, msg("spatial_empty_geometry"), None), dtype=object)
    elif suffix in _TABLE_SUFFIXES:
        table = read_table(source, name=file)
        data, rows = table.data.reset_index(drop=True), np.asarray(table.row_numbers)
        pair = pair_column(data.columns) if lat_column is None and lon_column is None else None
        if pair is not None and not _has_lat_lon(data):  # one "Koordinat" column: "-0.502, 117.153"
            data = split_pair_column(data, pair)
        lat_col, lon_col = _coordinate_columns(data, lat_column, lon_column, file)
        (y, lat_bad), (x, lon_bad) = _numbers(data[lat_col], True), _numbers(data[lon_col], True)
        _check_swapped(x, y, file, lon_col, lat_col)
        far = np.isfinite(x) & np.isfinite(y) & ((np.abs(x) > 180) | (np.abs(y) > 90))
        if far.any() and far.sum() >= (np.isfinite(x) & np.isfinite(y)).sum() / 2:
            i = np.flatnonzero(far)[0]
            raise InputError(msg("spatial_projected", lon_col=lon_col, x=f"{x[i]:g}", lat_col=lat_col,
                                 y=f"{y[i]:g}"), file=file)
        reasons = _coordinate_reasons(data[lat_col], data[lon_col], lat_bad, lon_bad)
        skip = {lat_col, lon_col}
    else:
        raise InputError(msg("spatial_bad_format", gis=", ".join(GIS_SUFFIXES), tables=", ".join(_TABLE_SUFFIXES),
                             suffix=suffix), file=file)
    columns, problems = _sum_columns(data, rows, skip, sum_columns, file), []
    totals, pos = aggregate_points(units, x, y, weights=columns)
    reasons = reasons.where(reasons.notna() | (pos >= 0), outside)
    ids = [f"{layer}_count"] + [f"{layer}_{slugify(c)}_sum" for c in columns]
    ids = [i if i not in ids[:k] else f"{i}_{k + 1}" for k, i in enumerate(ids)]  # two headers, one slug
    indicators = {ids[0]: Indicator(ids[0], t("spatial_label_points", "id", layer=layer),
                                    t("spatial_label_points", "en", layer=layer), "titik", "context",
                                    description=msg("spatial_desc_points", file=file), layer=layer,
                                    aggregation="sum", kind="count")}
    for ind, col in zip(ids[1:], columns):
        indicators[ind] = Indicator(ind, t("spatial_label_sum", "id", column=col, layer=layer),
                                    t("spatial_label_sum", "en", column=col, layer=layer),
                                    "", "context", layer=layer, aggregation="sum",
                                    description=msg("spatial_desc_sum", column=col, file=file))
    bad = reasons.notna().to_numpy()
    if len(bad) > 1 and bad.mean() > 0.5:
        problems.append(Problem(msg("spatial_most_unmatched", n=bad.sum(), total=len(bad)), file=file,
                                severity="warning"))
    unmatched = data[bad].copy()
    unmatched.insert(0, "reason", reasons[bad].to_numpy())
    unmatched.insert(0, "row", rows[bad])
    return Layer(layer, level, _figures(totals.set_axis(ids, axis=1), file), indicators,
                 unmatched.reset_index(drop=True), problems=problems, file=file)


def _figures(wide: pd.DataFrame, file: str) -> pd.DataFrame:
    long = wide.rename_axis("code").reset_index().melt(id_vars="code", var_name="indicator", value_name="value")
    return long.astype({"code": str, "value": "float64"}).assign(
        year="", period="", source=file, note="", selected=True, selection_note="", row=None)


def _read_gis(source, file: str) -> gpd.GeoDataFrame:
    try:
        if isinstance(source, (str, os.PathLike)):
            if not Path(source).is_file():
                raise InputError(msg("spatial_not_found"), file=file)
            gdf = read_any(Path(source), layer_name=getattr(source, "layer_name", None), max_bytes=None)
        else:
            with tempfile.TemporaryDirectory() as tmp:  # GDAL reads a path: an upload is written out first
                path = Path(tmp) / file
                if getattr(source, "seekable", lambda: False)():
                    source.seek(0)
                path.write_bytes(source.read())
                gdf = read_any(path, layer_name=getattr(source, "layer_name", None))
    except InputError:
        raise
    except Exception as exc:  # pyogrio/pyarrow raise many types on damaged files
        raise InputError(msg("spatial_unreadable", reason=f"{type(exc).__name__}: {exc}"), file=file) from exc
    gdf = gdf.reset_index(drop=True)
    if gdf.crs is not None:
        hemisphere_hint(gdf, file)  # a .prj of zone 50N for data in 50S
    return to_wgs84(gdf, file) if gdf.crs is None else gdf.to_crs("EPSG:4326")


def _gis_xy(geoms: np.ndarray, empty: np.ndarray, file: str) -> tuple[np.ndarray, np.ndarray]:
    nparts = shapely.get_num_geometries(geoms)
    multi = np.flatnonzero(~empty & (nparts > 1))
    if len(multi):
        raise InputError(msg("spatial_multipoint", feature=multi[0] + 1, n=nparts[multi[0]]), file=file)
    pts = shapely.get_geometry(geoms, 0)
    x, y = np.where(empty, np.nan, shapely.get_x(pts)), np.where(empty, np.nan, shapely.get_y(pts))
    _check_swapped(x, y, file, "x", "y")
    return x, y


def _sum_columns(data: pd.DataFrame, rows, skip: set, sum_columns, file: str) -> dict[str, np.ndarray]:
    """Columns to sum as float arrays; ValidationError listing every cell that is not a number."""
    auto = sum_columns is None
    cols = [c for c in data.columns if c not in skip and not _is_id(c)] if auto else list(sum_columns)
    missing = [c for c in cols if c not in data.columns]
    if missing:
        raise InputError(msg("spatial_no_sum_column", column=missing[0], columns=", ".join(map(str, data.columns))),
                         file=file)
    out, problems = {}, []
    for col in cols:
        cells = data[col]
        if pd.api.types.is_bool_dtype(cells.dtype) and auto:
            continue
        if pd.api.types.is_numeric_dtype(cells.dtype):
            out[col] = cells.to_numpy(dtype="float64", na_value=np.nan)
            continue
        if auto and not (pd.api.types.is_string_dtype(cells.dtype)
                         and all(parses(str(c)) for c in cells.dropna().head(20))):
            continue  # names, dates, free text
        values, bad = _numbers(cells)
        if auto and (bad.any() or not np.isfinite(values).any()):
            continue
        out[col] = values
        problems += [Problem(msg("spatial_not_a_number", value=str(c).strip()), file=file, row=int(r), column=str(col))
                     for c, r in zip(cells[bad], rows[bad])]
    if problems:
        raise ValidationError(problems, file=file)
    return out


def _is_id(col: object) -> bool:
    slug = slugify(col)
    return slug in _ID_NAMES or any(w in slug.split("_") for w in ("kode", "code", "id", "kd"))


def _coordinate_columns(data: pd.DataFrame, lat_column, lon_column, file: str) -> tuple[str, str]:
    cols, found = list(data.columns), []
    for given, names, what in ((lat_column, LAT_NAMES, "latitude"), (lon_column, LON_NAMES, "longitude")):
        hits = [given] if given is not None else [c for n in names for c in cols if str(c).strip().casefold() == n]
        if not hits or hits[0] not in cols:
            raise InputError(msg(f"spatial_no_{what}_column", given=f" {given!r}" if given else "",
                                 columns=", ".join(map(str, cols))), file=file)
        found.append(hits[0])
    return found[0], found[1]


def _has_lat_lon(data: pd.DataFrame) -> bool:
    cols = {str(c).strip().casefold() for c in data.columns}
    return bool(cols & set(LAT_NAMES)) and bool(cols & set(LON_NAMES))


def _numbers(cells: pd.Series, coordinate: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """parse_number over a column (vectorised for plain numbers): values and a mask of cells that are not numbers.

    In a coordinate a single dot or comma is always decimal ('117.150' is 117.15, not 117150), and
    degrees-minutes-seconds are read (:func:`geo_planner.sources.coordinates.parse_coordinates`).
    """
    if coordinate:
        return parse_coordinates(cells)
    import pyarrow as pa
    import pyarrow.compute as pc

    s = cells.astype("string").reset_index(drop=True)
    # parsed with pyarrow: no Python call per cell; pyarrow strings trimmed as str.strip() trims them (with
    # utf8_trim_whitespace), skipped when no cell has whitespace to trim
    text = trim_whitespace(arrow_strings(s)) if getattr(s.dtype, "storage", None) == "pyarrow" else \
        arrow_strings(s.str.strip())
    pattern = r"^[+-]?[0-9]+(?:[.,][0-9]+)?$" if coordinate else r"^[+-]?[0-9]+(?:,[0-9]+)?$"
    if len(text) and text.null_count == 0 and pc.all(pc.ascii_is_decimal(text)).as_py():
        plain = pa.array(np.ones(len(text), dtype=bool))  # digits only, every cell: plain, no pattern to match
    else:
        plain = pc.fill_null(pc.match_substring_regex(text, pattern), False)
    numbers = text if text.null_count == 0 and pc.all(plain).as_py() else pc.if_else(
        plain, text, pa.scalar(None, text.type))
    if has_comma(numbers):  # a decimal comma
        numbers = pc.replace_substring(numbers, ",", ".")
    values = np.array(pc.cast(numbers, pa.float64()).to_numpy(zero_copy_only=False), dtype="float64")  # NaN if empty
    plain = np.asarray(plain.to_numpy(zero_copy_only=False), dtype=bool)
    bad = np.zeros(len(s), dtype=bool)
    for i in np.flatnonzero(~plain & np.asarray(text.is_valid().to_numpy(zero_copy_only=False), dtype=bool)):
        try:
            v = parse_number(text[int(i)].as_py())
            values[i] = np.nan if v is None else v
        except ValueError:
            bad[i] = True
    return values, bad


def _dms_hint(cell: object) -> str:
    """For a cell written in degrees-minutes-seconds: what it lacks."""
    if not re.search(r"[°º'\"]", str(cell)):
        return ""
    return msg("spatial_dms_hint")


def _coordinate_reasons(lat: pd.Series, lon: pd.Series, lat_bad, lon_bad) -> pd.Series:
    """Why each row has no usable point (None: it has one), as array operations: a cell that is not a number
    (latitude first), else the coordinates missing."""
    lat_na, lon_na = lat.isna().to_numpy(dtype=bool), lon.isna().to_numpy(dtype=bool)
    reasons = np.full(len(lat), None, dtype=object)
    reasons[lat_na & ~lon_na] = msg("spatial_no_latitude")
    reasons[lon_na & ~lat_na] = msg("spatial_no_longitude")
    reasons[lat_na & lon_na] = msg("spatial_no_coordinates")
    for what, cells, bad in (("longitude", lon, lon_bad), ("latitude", lat, lat_bad)):  # latitude wins
        at = np.flatnonzero(np.asarray(bad, dtype=bool))
        if len(at):
            reasons[at] = [msg(f"spatial_bad_{what}", value=str(c).strip(), hint=_dms_hint(c)) for c in cells.iloc[at]]
    return pd.Series(reasons, dtype=object)


def _check_swapped(x, y, file: str, xname: str, yname: str) -> None:
    bx0, by0, bx1, by1 = INDONESIA_BOUNDS
    valid = np.isfinite(x) & np.isfinite(y)
    x, y, n = x[valid], y[valid], valid.sum()
    as_read = ((x >= bx0) & (x <= bx1) & (y >= by0) & (y <= by1)).sum()
    exchanged = ((y >= bx0) & (y <= bx1) & (x >= by0) & (x <= by1)).sum()
    if n and as_read < n / 2 < exchanged:
        raise InputError(msg("spatial_swapped", x=xname, y=yname), file=file)


def _polygon_layer(gdf: gpd.GeoDataFrame, empty: np.ndarray, units, level: str, layer: str, file: str,
                   outside: str) -> Layer:
    geoms, problems = gdf.geometry.to_numpy(), []
    for i in np.flatnonzero(~empty & ~shapely.is_valid(geoms)):
        why = re.sub(r"\[.*\]", "", shapely.is_valid_reason(geoms[i])).strip()
        problems.append(Problem(msg("spatial_repaired", feature=i + 1, why=why), file=file, row=i + 1,
                                severity="warning"))
    polys = to_equal_area(shapely.make_valid(geoms[~empty]), "EPSG:4326")
    units_ea = to_equal_area(units.geometry.values, units.crs)
    touching = np.unique(shapely.STRtree(units_ea).query(polys, predicate="intersects")[0])
    hits = np.zeros(len(gdf), dtype=bool)
    hits[np.flatnonzero(~empty)[touching]] = True
    ha, union_ha = _apportion(units_ea, polys[touching])
    overlap = float(shapely.area(polys[touching]).sum() / 1e4) - union_ha
    if overlap > 0.01:
        problems.append(Problem(msg("spatial_overlap", ha=fmt_number(overlap, current_language(), 2)), file=file,
                                severity="warning"))
    if union_ha - ha.sum() > 0.01:
        problems.append(Problem(msg("spatial_outside_ha", ha=fmt_number(union_ha - ha.sum(), current_language(), 2),
                                    outside=outside), file=file, severity="warning"))
    ids = (f"{layer}_area_ha", f"{layer}_share_pct")
    indicators = {
        ids[0]: Indicator(ids[0], t("spatial_label_area", "id", layer=layer),
                          t("spatial_label_area", "en", layer=layer),
                          "ha", "context", layer=layer, aggregation="sum", kind="area",
                          description=msg("spatial_desc_area", file=file)),
        ids[1]: Indicator(ids[1], t("spatial_label_share", "id", layer=layer),
                          t("spatial_label_share", "en", layer=layer), "%",
                          "context", layer=layer, aggregation="area_share", kind="share",
                          description=msg("spatial_desc_share", file=file)),
    }
    share = ha / (shapely.area(units_ea) / 1e4) * 100
    figures = _figures(pd.DataFrame({ids[0]: ha, ids[1]: share}, index=units.index), file)
    bad = empty | ~hits
    unmatched = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))[bad]
    unmatched.insert(0, "reason", np.where(empty[bad], msg("spatial_empty_geometry"), outside))
    unmatched.insert(0, "row", np.flatnonzero(bad) + 1)
    return Layer(layer, level, figures, indicators, unmatched.reset_index(drop=True), problems=problems, file=file)
