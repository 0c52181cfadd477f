"""The map of a national analysis: kab/kota or kecamatan of all Indonesia in one page.

The map of 7,285 kecamatan has to stay under 3 MB (:data:`PAGE_LIMIT`).
:func:`map_geometry` snaps the coverage to the 5-decimal grid the page uses
and repairs what the snapping breaks (:func:`snap_coverage`), then simplifies
it with ``shapely.coverage_simplify`` at :data:`NATIONAL_TOLERANCE`: no
overlapping neighbours and no new gaps. The units come from
:func:`geo_planner.analysis.national.load_national`.
"""

from __future__ import annotations

from collections.abc import Mapping

import folium
import geopandas as gpd
import pandas as pd
import shapely

from geo_planner.outputs.map_geometry import (
    DECIMALS,
    snap_coverage,
    tolerance_for,
    topology,
    unit_layer,
)
from geo_planner.outputs.mapping import build_map, payload_bytes
from geo_planner.sources.boundaries import province_name

__all__ = ["PAGE_LIMIT", "NATIONAL_TOLERANCE", "NATIONAL_EXTENT", "national_tolerance", "map_geometry",
           "parent_names", "national_map", "payload_bytes", "snap_coverage", "topology"]


# Simplification tolerance (degrees; 0.005 is about 550 m) of a country-wide view. Measured on the
# 7,285 kecamatan with "regency · province" tooltips (benchmarks/bench_national.py): 0.001 (the
# province-wide kecamatan tolerance) gives 2.68 MB for the priority map but 2.98 MB when an indicator is
# mapped (one more tooltip line per unit); 0.005 gives 2.57 / 2.88 MB. Most vertices are in small islands
# that no tolerance removes (349,826 -> 269,147 at 0.005).
NATIONAL_TOLERANCE = {"kabkota": 0.005, "kecamatan": 0.005}


NATIONAL_EXTENT = 20.0      # degrees: units spanning this much (more than any one province) are a national view


PAGE_LIMIT = 3_000_000      # bytes of the standalone page (Leaflet included)


# --- map geometry ----------------------------------------------------------------------------------
def national_tolerance(units: gpd.GeoDataFrame, level: str | None = None) -> float:
    """:data:`NATIONAL_TOLERANCE` for units spanning :data:`NATIONAL_EXTENT` degrees or more,
    else :func:`geo_planner.outputs.map_geometry.tolerance_for` (a province-wide set, a drill-down)."""
    if level is None:
        level = str(units["level"].iloc[0]) if "level" in units.columns and len(units) else "kecamatan"
    if len(units):
        minx, miny, maxx, maxy = units.total_bounds
        if max(maxx - minx, maxy - miny) >= NATIONAL_EXTENT:
            return NATIONAL_TOLERANCE.get(level, max(NATIONAL_TOLERANCE.values()))
    return tolerance_for(units, level)


def map_geometry(units: gpd.GeoDataFrame, tolerance: float | None = None, *, decimals: int = DECIMALS,
                 info: dict | None = None) -> gpd.GeoSeries:
    """Simplified geometry for the map: snapped (:func:`snap_coverage`), then ``coverage_simplify``.

    Works where :func:`geo_planner.outputs.map_geometry.simplify_units` raises (it rounds
    first and leaves the collapsed slivers in). ``coverage_simplify`` only removes
    vertices, so the result stays on the grid and a clean coverage: no overlaps,
    no new gaps. ``tolerance`` defaults to :func:`national_tolerance`. Pass a dict
    as ``info`` to get what snapping changed and the tolerance used.
    """
    if tolerance is None:
        tolerance = national_tolerance(units)
    snapped, snap_info = snap_coverage(units, decimals=decimals)
    geoms = snapped.to_numpy()
    if tolerance > 0:
        geoms = shapely.coverage_simplify(geoms, tolerance)
    bad = ~shapely.is_valid(geoms)
    if bad.any():
        geoms[bad] = shapely.make_valid(geoms[bad], method="structure", keep_collapsed=False)
    if info is not None:
        info.update(snap_info, tolerance=tolerance)
    return gpd.GeoSeries(geoms, index=units.index, crs=units.crs)


def parent_names(units: gpd.GeoDataFrame, regencies: Mapping[str, str] | pd.Series | None = None
                 ) -> dict[str, str]:
    """Code -> "Regency · Province" (kecamatan) or the province name (kab/kota), for tooltips.

    ``regencies`` maps kab/kota codes to names (e.g. ``load_national("kabkota")["name"]``);
    without it a kecamatan shows its province only.
    """
    out = {}
    for code in units.index:
        prov = province_name(code.split(".")[0])
        parts = code.split(".")
        regency = regencies.get(".".join(parts[:2])) if regencies is not None and len(parts) > 2 else None
        out[code] = f"{regency} · {prov}" if regency else prov
    return out


def national_map(analysis, *, geometry: gpd.GeoSeries | None = None, tolerance: float | None = None,
                 parents: Mapping[str, str] | None = None, column: str = "priority_score",
                 lang: str = "id") -> folium.Map:
    """The map of a national analysis, on :func:`map_geometry` (pass ``geometry`` to reuse one).

    Check its size with :func:`payload_bytes` against :data:`PAGE_LIMIT`.
    """
    units = analysis.units
    if geometry is None:
        geometry = map_geometry(units, tolerance)
    layer = unit_layer(geometry, units["name"], parents if parents is not None else parent_names(units))
    return build_map(analysis, column=column, lang=lang, layer=layer)
