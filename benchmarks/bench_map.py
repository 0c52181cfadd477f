"""Benchmark of the desa map: page size, topology after simplification, app rerun times.

    python benchmarks/bench_map.py [--repeat 7]

Needs the boundary source (GEO_PLANNER_MIRROR, or ../shared beside the repository as the tests use, or
network). Prints a Markdown table; ``run()`` returns its rows. Sizes and counts are exact; times depend
on the machine (the first line says which).

- payload: the standalone page of the 1,038 desa (what ``map_html`` writes; the app's map component
  carries the same geometry, style and Leaflet), with the unsimplified GeoJSON, with simplified and
  rounded GeoJSON, and as geo-planner sends it (simplified, rounded, encoded polylines);
- topology: overlapping neighbour pairs and enclosed gaps (holes in the union) of the units before
  simplification, after ``shapely.coverage_simplify`` (what geo-planner does) and after simplifying
  each polygon on its own (``shapely.simplify``, the naive way);
- times: the app driven headless by Streamlit's AppTest: a rerun after a weight change at desa level
  (median), and the first screen at desa level with warm caches (a new session) and cold caches.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time

from common import REPO, print_table  # noqa: E402 (also puts the repository on sys.path)

Row = tuple[str, str, str]


def _kb(n: int) -> str:
    return f"{n:,} B ({n / 1e3:,.0f} kB)"


def _geojson_page(data, geometry, leaflet: int) -> int:
    """Bytes of a page carrying the units as compact GeoJSON instead of encoded polylines."""
    import shapely

    features = [{"type": "Feature", "id": code, "properties": {"code": code},
                 "geometry": shapely.geometry.mapping(geom)} for code, geom in geometry.items()]
    text = json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))
    return leaflet + len(text.encode()) + len(data.to_json().encode())


def bench_payload_and_topology(desa) -> list[Row]:
    import numpy as np
    import shapely

    from geo_planner.outputs import mapping
    from geo_planner.units.coverage import overlapping_pairs

    raw = desa.units.geometry
    tol = mapping.tolerance_for(desa.units)
    simple = mapping.simplify_units(desa.units)
    layer = mapping.unit_layer(simple, desa.units["name"])
    leaflet = sum(len(u) for u in mapping.leaflet_assets())
    sizes = {col: mapping.payload_bytes(mapping.render_map(mapping.map_data(desa, column=col), layer))
             for col in ("priority_score", "bivariate", "hotspots")}
    data = mapping.map_data(desa, column="bivariate")
    rounded = shapely.transform(raw.to_numpy(), lambda xy: np.round(xy, mapping.DECIMALS))
    naive = shapely.simplify(rounded, tol)
    rows = [
        ("desa page, unsimplified GeoJSON", _kb(_geojson_page(data, raw, leaflet)), "206,344 vertices"),
        ("desa page, simplified + rounded GeoJSON",
         _kb(_geojson_page(data, simple, leaflet)),
         f"coverage_simplify {tol:g}°, 5 decimals; {len(simple.get_coordinates()):,} vertices"),
        ("desa page as geo-planner sends it (encoded polylines)",
         " / ".join(f"{k}: {v / 1e3:,.0f} kB" for k, v in sizes.items()),
         f"limit 1 MB; Leaflet inline {leaflet / 1e3:,.0f} kB, units layer {layer.nbytes / 1e3:,.0f} kB, "
         f"style + tooltips (bivariate) {len(data.to_json().encode()) / 1e3:,.0f} kB"),
        ("overlapping neighbour pairs: before / geo-planner / per-polygon simplify",
         f"{overlapping_pairs(raw.to_numpy())} / {overlapping_pairs(simple.to_numpy())} / "
         f"{overlapping_pairs(naive)}", "shapely.simplify moves shared edges apart"),
        ("enclosed gaps: before / geo-planner / per-polygon simplify",
         f"{mapping.count_gaps(raw.to_numpy())} / {mapping.count_gaps(simple.to_numpy())} / "
         f"{mapping.count_gaps(shapely.make_valid(naive))}", "holes in the union of the units"),
    ]
    return rows


def _app(query: dict[str, str] | None = None):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=300)
    for k, val in (query or {}).items():
        at.query_params[k] = val
    return at


def _timed_run(at) -> float:
    t0 = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - t0
    if at.exception:
        raise RuntimeError(f"the app failed: {at.exception}")
    return elapsed


def bench_app(repeat: int) -> list[Row]:
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()
    cold = _timed_run(at := _app({"level": "desa"}))
    warm = statistics.median(_timed_run(_app({"level": "desa"})) for _ in range(max(3, repeat // 2)))
    times = []
    for i in range(repeat):
        at.number_input(key="w_poverty_rate").set_value(1.5 + 0.5 * i)
        times.append(_timed_run(at))
    again = statistics.median(_timed_run(at) for _ in range(3))
    return [
        ("app rerun after a weight change at desa level (server side, AppTest)",
         f"{statistics.median(times) * 1e3:,.0f} ms",
         f"median of {repeat}; min {min(times) * 1e3:,.0f} ms; re-score + pockets (999 permutations) + restyle"),
        ("app rerun with nothing changed at desa level", f"{again * 1e3:,.0f} ms", "median of 3"),
        ("first screen at desa level, warm cache (new session)", f"{warm * 1e3:,.0f} ms", "AppTest, median"),
        ("first screen at desa level, cold cache", f"{cold * 1e3:,.0f} ms",
         "boundaries already on disk; synthetic demo, geometry, contiguity built"),
    ]


def run(repeat: int = 7, *, app: bool = True) -> list[Row]:
    """The rows of the table: (measure, value, note)."""
    from geo_planner.pipeline import add_pockets, build_analysis

    desa = add_pockets(build_analysis("desa", "64"))
    rows = bench_payload_and_topology(desa)
    if app:
        rows += bench_app(repeat)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--no-app", action="store_true", help="sizes and topology only")
    args = parser.parse_args()
    import logging
    import warnings

    warnings.filterwarnings("ignore")
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    rows = run(args.repeat, app=not args.no_app)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print_table(["measure", "value", "note"], rows)


if __name__ == "__main__":
    main()
