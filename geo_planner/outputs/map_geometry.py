"""Unit geometry for the map: simplified once, kept a clean coverage, encoded compactly.

Geometry is simplified with ``shapely.coverage_simplify``, which keeps shared
edges shared (no gaps, no overlaps between neighbours), with coordinates
snapped to 5 decimals (about 1 m) and sent as Google encoded polylines
(lossless at that precision, about a quarter of the size of GeoJSON text).
Used by :mod:`geo_planner.outputs.mapping`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo_planner.i18n.messages import msg
from geo_planner.units.coverage import (
    DEFAULT_GAP_WIDTH,
    EQUAL_AREA_CRS,
    overlapping_pairs,
)

__all__ = ["TOLERANCE", "UnitLayer", "simplify_units", "level_geometry", "snap_coverage", "topology", "tolerance_for",
           "unit_layer", "count_gaps"]

# Simplification tolerance in degrees (0.001 degree is about 110 m at the equator) for a province-wide
# view of each level. Desa: 0.001 keeps the whole desa page under 1 MB (benchmarks/bench_map.py).
TOLERANCE = {"province": 0.005, "kabkota": 0.002, "kecamatan": 0.001, "desa": 0.001}
FULL_EXTENT = 5.0       # degrees: units spanning this much (a province) get the level's tolerance ...
MIN_TOLERANCE = 0.0001  # ... a smaller extent (a drill-down) a proportionally finer one, down to this
DECIMALS = 5

# --- geometry ------------------------------------------------------------------------------------
def tolerance_for(gdf: gpd.GeoDataFrame, level: str | None = None) -> float:
    """Simplification tolerance (degrees) for a set of units.

    The level's :data:`TOLERANCE` when the units span a province
    (:data:`FULL_EXTENT` degrees or more); proportionally finer for a smaller
    extent, e.g. the desa of one city after a drill-down, down to
    :data:`MIN_TOLERANCE`.
    """
    if level is None:
        level = str(gdf["level"].iloc[0]) if "level" in gdf.columns and len(gdf) else "kabkota"
    base = TOLERANCE.get(level, 0.001)
    if not len(gdf):
        return base
    minx, miny, maxx, maxy = gdf.total_bounds
    extent = max(float(maxx - minx), float(maxy - miny))
    return max(MIN_TOLERANCE, base * min(1.0, extent / FULL_EXTENT))


def _round(geoms: np.ndarray, decimals: int) -> np.ndarray:
    """Vertices on the ``decimals`` grid, geometries valid.

    A sliver or a tiny ring may collapse to a line or a point on the grid:
    repaired (dropped), and the repair's new crossing points put back on the grid.
    """
    snap = lambda xy: np.round(xy, decimals)  # noqa: E731
    out = shapely.transform(geoms, snap)
    for _ in range(3):
        bad = ~shapely.is_valid(out)
        if not bad.any():
            break
        out[bad] = shapely.transform(shapely.make_valid(out[bad], method="structure", keep_collapsed=False), snap)
    else:
        bad = ~shapely.is_valid(out)
        out[bad] = shapely.make_valid(out[bad], method="structure", keep_collapsed=False)
    return out


def topology(geoms) -> dict[str, object]:
    """Overlapping neighbour pairs, enclosed gaps and GEOS's coverage check of a set of units."""
    geoms = np.asarray(geoms, dtype=object)
    return {"overlapping_pairs": overlapping_pairs(geoms), "gaps": count_gaps(geoms),
            "coverage_valid": bool(shapely.coverage_is_valid(geoms)),
            "empty": int(shapely.is_empty(geoms).sum())}


def snap_coverage(units: gpd.GeoDataFrame, *, decimals: int = DECIMALS, gap_width: float = DEFAULT_GAP_WIDTH,
                  max_rounds: int = 3) -> tuple[gpd.GeoSeries, dict[str, object]]:
    """The coverage with every vertex on the ``decimals`` grid, still a clean coverage.

    Rounding a cleaned coverage collapses its tiniest slivers (rings of two
    distinct points, on which ``shapely.coverage_simplify`` raises "point array
    must contain 0 or >1 elements"), lets a few long thin edges cross their
    neighbour's and closes a few narrow channels to the sea into enclosed
    gaps. The rounded units are cleaned again with ``shapely.coverage_clean``
    (gaps narrower than ``gap_width`` merged, as at build time) and rounded
    again, until no pair overlaps and GEOS says the coverage is valid.

    Returns the snapped geometry (same index) and what changed.
    """
    geoms = units.geometry.to_numpy()
    before = gpd.GeoSeries(geoms, crs="EPSG:4326").to_crs(EQUAL_AREA_CRS).area.to_numpy()
    out, rounds = _round(geoms, decimals), 0
    for rounds in range(1, max_rounds + 1):
        out = _round(shapely.make_valid(shapely.coverage_clean(out, gap_width=gap_width)), decimals)
        if overlapping_pairs(out) == 0 and shapely.coverage_is_valid(out):
            break
    else:
        raise RuntimeError(msg("map_coverage_invalid", rounds=max_rounds, decimals=decimals))
    after = gpd.GeoSeries(out, crs="EPSG:4326").to_crs(EQUAL_AREA_CRS).area.to_numpy()
    change = (after - before) / 1e4
    info = {"decimals": decimals, "rounds": rounds, "gap_width_degrees": gap_width,
            "units_changed_over_0_01_ha": int((np.abs(change) > 0.01).sum()),
            "area_change_ha": round(float(change.sum()), 2),
            "largest_unit_change_ha": round(float(np.abs(change).max()), 2) if len(change) else 0.0}
    return gpd.GeoSeries(out, index=units.index, crs=units.crs), info


def simplify_units(gdf: gpd.GeoDataFrame, tolerance: float | None = None, *,
                   decimals: int = DECIMALS) -> gpd.GeoSeries:
    """Simplified geometry of a coverage of units, shared edges kept shared.

    Coordinates are snapped to ``decimals`` first (the same vertex of two
    neighbours snaps to the same point), then ``shapely.coverage_simplify``
    removes vertices (it never moves one), so the result is already rounded
    and neighbours still share their edges: no overlaps and no new gaps. A
    polygon left invalid by the snapping (seen once in 1,038 desa) is repaired.

    Parameters
    ----------
    gdf : GeoDataFrame
        Units in EPSG:4326 that form a coverage (no overlaps), as from ``load_units``.
    tolerance : float, optional
        In degrees; default :func:`tolerance_for` (the level's :data:`TOLERANCE`
        for a province-wide set, finer for a drill-down).
    decimals : int
        Coordinates are snapped to this many decimals (5: about 1 m).

    Returns
    -------
    GeoSeries
        Same index and CRS as ``gdf``.
    """
    if tolerance is None:
        tolerance = tolerance_for(gdf)
    geoms = _round(gdf.geometry.to_numpy(), decimals)
    if overlapping_pairs(geoms) or not shapely.coverage_is_valid(geoms) or shapely.is_empty(geoms).any():
        geoms = snap_coverage(gdf, decimals=decimals)[0].to_numpy()  # rounding broke the coverage: repair
    if tolerance > 0:
        geoms = shapely.coverage_simplify(geoms, tolerance)
    bad = ~shapely.is_valid(geoms)
    if bad.any():  # repaired on the grid again: a repair may add a crossing point between grid nodes
        geoms[bad] = _round(geoms[bad], decimals)
    return gpd.GeoSeries(geoms, index=gdf.index, crs=gdf.crs)


# Bump when :func:`simplify_units` changes, so the stored simplified geometry (:func:`level_geometry`) is made again.
SIMPLIFY_VERSION = "1"


def level_geometry(units: gpd.GeoDataFrame, province: str, level: str, *, cache=None,
                   simplify=None) -> gpd.GeoSeries:
    """:func:`simplify_units` of a whole level (``units`` as ``load_units(level, province)`` gives them),
    made once and kept beside the cleaned boundaries (``geo-planner data fetch`` makes it), not on the
    first view of the level. ``simplify``: the function that simplifies (default :func:`simplify_units`)."""
    from geo_planner.units.hierarchy import cached_geometry

    simplify = simplify or simplify_units
    name = f"map-t{tolerance_for(units):g}-d{DECIMALS}-v{SIMPLIFY_VERSION}"
    return cached_geometry(province, level, name, build=lambda: simplify(units), index=units.index,
                           crs=units.crs, cache=cache)


def count_gaps(geoms) -> int:
    """Holes in the union of the units: gaps enclosed by units (a sliver between neighbours is one)."""
    union = shapely.union_all(np.asarray(geoms))
    return int(shapely.get_num_interior_rings(shapely.get_parts(union)).sum())


# Google's encoded-polyline scheme (zigzag deltas in 5-bit chunks) with a URL-safe alphabet: no "{" (the
# script is parsed again as a Jinja template by branca), no "_" (streamlit-folium rewrites "_xyz" names),
# nothing JSON must escape.
POLYLINE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-."

# Its decoder in the browser, one text for the HTML export's map (mapping) and the app's map component
# (app_map): ``gpDecoder(alphabet)`` returns ``dec(s)``, the ring's ``[[lat, lng], ...]``.
POLYLINE_DECODER_JS = """
function gpDecoder(A) {
  var V = {};
  for (var a = 0; a < A.length; a++) { V[A.charAt(a)] = a; }
  return function (s) {
    var pts = [], i = 0, lat = 0, lng = 0, n = s.length, b, sh, r;
    while (i < n) {
      sh = 0; r = 0;
      do { b = V[s.charAt(i++)]; r |= (b & 31) << sh; sh += 5; } while (b >= 32);
      lat += (r & 1) ? ~(r >> 1) : (r >> 1);
      sh = 0; r = 0;
      do { b = V[s.charAt(i++)]; r |= (b & 31) << sh; sh += 5; } while (b >= 32);
      lng += (r & 1) ? ~(r >> 1) : (r >> 1);
      pts.push([lat / 1e5, lng / 1e5]);
    }
    return pts;
  };
}
"""


def _encode_ring(coords: np.ndarray) -> str:
    """A ring as an encoded polyline (lat, lng at 1e-5, deltas), closing point dropped."""
    q = np.rint(np.asarray(coords)[:-1, ::-1] * 1e5).astype(np.int64)
    d = np.diff(q, axis=0, prepend=np.zeros((1, 2), dtype=np.int64)).ravel()
    z = np.where(d < 0, ~(d << 1), d << 1)
    out: list[str] = []
    for v in z.tolist():
        while v >= 0x20:
            out.append(POLYLINE_ALPHABET[0x20 | (v & 0x1F)])
            v >>= 5
        out.append(POLYLINE_ALPHABET[v])
    return "".join(out)


def _encode(geom) -> list[list[str]]:
    polys = []
    for part in shapely.get_parts(geom):
        if part.geom_type != "Polygon" or part.is_empty:
            continue
        rings = [part.exterior, *part.interiors]
        polys.append([_encode_ring(shapely.get_coordinates(r)) for r in rings])
    return polys


def compact_json(value: object) -> str:
    """Compact JSON safe to put inside a <script> element."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


@dataclass(eq=False)
class UnitLayer:
    """What the browser draws for a set of units: codes, names and encoded geometry.

    ``data`` is compact JSON: ``c`` codes, ``n`` names, ``p`` index into ``pn``
    (parent names, e.g. "Kec. Sungai Kunjang · Kota Samarinda") or -1, ``g`` per
    unit a list of polygons, each a list of rings as encoded polylines.
    """

    codes: tuple[str, ...]
    data: str
    bounds: list[list[float]]
    many: bool = False  # many small units: thinner, lighter edges

    @property
    def nbytes(self) -> int:
        return len(self.data.encode("utf-8"))


def unit_layer(geometry: gpd.GeoSeries, names: Mapping[str, str] | pd.Series,
               parents: Mapping[str, str] | pd.Series | None = None) -> UnitLayer:
    """Encode simplified geometry (:func:`simplify_units`) with unit names for :func:`base_map`.

    ``parents`` maps a code to the names of the units it lies in (shown in the
    tooltip under the unit's name); optional.
    """
    codes, encoded, unit_names, parent_idx, parent_names = [], [], [], [], {}
    for code, geom in geometry.items():
        if geom is None or geom.is_empty:
            continue
        code = str(code)
        codes.append(code)
        encoded.append(_encode(geom))
        unit_names.append(str(names.get(code, code)) if hasattr(names, "get") else code)
        parent = parents.get(code) if parents is not None else None
        if parent is None or (isinstance(parent, float) and np.isnan(parent)) or not str(parent):
            parent_idx.append(-1)
        else:
            parent_idx.append(parent_names.setdefault(str(parent), len(parent_names)))
    payload = {"c": codes, "n": unit_names, "g": encoded}
    if parent_names:
        payload |= {"p": parent_idx, "pn": list(parent_names)}
    minx, miny, maxx, maxy = geometry.total_bounds
    return UnitLayer(tuple(codes), compact_json(payload), [[float(miny), float(minx)], [float(maxy), float(maxx)]],
                     many=len(codes) > 150)
