"""Parse the SQL dumps of the ``wilayah_boundaries`` source into units.

Each row of the upstream files is ``('kode','nama',lat,lng,'<nested arrays>')``
where the nested arrays hold ``[lat, lng]`` pairs: the reverse of GeoJSON's
(x=lon, y=lat). Three levels of nesting is a Polygon (rings), four is a
MultiPolygon. Nothing in the file is executed: rows are matched with a regular
expression and the coordinate arrays decoded as JSON.
"""

from __future__ import annotations

import json
import re

import geopandas as gpd
import numpy as np
import shapely

from geo_planner.errors import InputError
from geo_planner.i18n.messages import msg

__all__ = ["parse_wilayah_sql", "INDONESIA_BOUNDS"]

# lon_min, lat_min, lon_max, lat_max with a margin: anything outside is not Indonesia.
INDONESIA_BOUNDS = (94.0, -11.5, 141.5, 6.5)

_ROW_RE = re.compile(
    r"\(\s*'(?P<kode>[0-9.]+)'\s*,\s*'(?P<nama>(?:[^']|'')*)'\s*,\s*"
    r"(?P<lat>[-+0-9.eE]+|NULL)\s*,\s*(?P<lng>[-+0-9.eE]+|NULL)\s*,\s*'(?P<path>\[[-+0-9.eE,\[\]\s]*\])'\s*\)"
)


def _depth(obj: object) -> int:
    depth = 0
    while isinstance(obj, list) and obj:
        obj = obj[0]
        depth += 1
    return depth


def _ring(pairs: list[list[float]]) -> np.ndarray:
    arr = np.asarray(pairs, dtype="float64")
    return arr[:, ::-1]  # (lat, lng) -> (x=lng, y=lat)


def _polygon(rings: list) -> shapely.Polygon:
    shell, *holes = (_ring(r) for r in rings)
    return shapely.Polygon(shell, holes)


def _geometry(nested: list, *, file: str, kode: str) -> shapely.Geometry:
    depth = _depth(nested)
    if depth == 3:
        geom = _polygon(nested)
    elif depth == 4:
        geom = shapely.MultiPolygon([_polygon(p) for p in nested])
    else:
        raise InputError(msg("wilayah_sql_depth", code=kode, depth=depth), file=file)
    if not geom.is_valid:
        geom = shapely.make_valid(geom, method="structure", keep_collapsed=False)
    return geom


def parse_wilayah_sql(text: str, *, file: str = "<sql>") -> gpd.GeoDataFrame:
    """Parse one upstream SQL file into a GeoDataFrame in EPSG:4326.

    Parameters
    ----------
    text : str
        The file's text.
    file : str
        Name used in error messages.

    Returns
    -------
    GeoDataFrame
        Columns ``code``, ``name``, ``label_lat``, ``label_lon``, ``geometry``
        (x = longitude, y = latitude).

    Raises
    ------
    InputError
        When no row can be read or coordinates fall outside Indonesia.
    """
    records = []
    for m in _ROW_RE.finditer(text):
        kode = m.group("kode")
        nested = json.loads(m.group("path"))
        records.append(
            {
                "code": kode,
                "name": m.group("nama").replace("''", "'"),
                "label_lat": float(m.group("lat")) if m.group("lat") != "NULL" else np.nan,
                "label_lon": float(m.group("lng")) if m.group("lng") != "NULL" else np.nan,
                "geometry": _geometry(nested, file=file, kode=kode),
            }
        )
    if not records:
        raise InputError(msg("wilayah_sql_no_rows"), file=file)
    gdf = gpd.GeoDataFrame(records, geometry="geometry", crs="EPSG:4326")
    _check_axis_order(gdf, file=file)
    return gdf


def _check_axis_order(gdf: gpd.GeoDataFrame, *, file: str) -> None:
    xmin, ymin, xmax, ymax = gdf.total_bounds
    bx0, by0, bx1, by1 = INDONESIA_BOUNDS
    inside = bx0 <= xmin and xmax <= bx1 and by0 <= ymin and ymax <= by1
    if not inside:
        raise InputError(msg("wilayah_sql_axes", lon=f"{xmin:.2f}..{xmax:.2f}", lat=f"{ymin:.2f}..{ymax:.2f}"),
                         file=file)
