"""Benchmarks: geo-planner's routes against the naive GeoPandas way, same run.

    python benchmarks/run.py [--repeat 5] [--small]

``--small`` is what CI runs (through tests/test_benchmarks.py) to keep the
scripts working: small inputs, no timing assertions.

Needs the boundary source (GEO_PLANNER_MIRROR or network). Prints a Markdown
table; copy it into the README with the machine it ran on.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

import geopandas as gpd


def _median_seconds(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_read_formats(repeat: int) -> list[tuple[str, str, str, str]]:
    """Reading the cleaned desa layer: GeoJSON (naive) vs the cached GeoPackage / FlatGeobuf."""
    from geo_planner.units.hierarchy import load_units

    desa = load_units("desa", "64")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        paths = {fmt: Path(tmp) / f"desa.{fmt}" for fmt in ("geojson", "gpkg", "fgb")}
        for fmt, p in paths.items():
            desa.reset_index().to_file(p, engine="pyogrio")
        base = _median_seconds(lambda: gpd.read_file(paths["geojson"], engine="pyogrio"), repeat)
        for fmt in ("gpkg", "fgb"):
            t = _median_seconds(lambda: gpd.read_file(paths[fmt], engine="pyogrio"), repeat)
            rows.append((f"read 1,038 desa ({fmt} vs GeoJSON)", f"{base * 1e3:.0f} ms", f"{t * 1e3:.0f} ms", f"{base / t:.1f}x"))
    return rows


def bench_build_analysis(repeat: int) -> list[tuple[str, str, str, str]]:
    """A weight change: re-scoring only (what the app does) vs rebuilding everything."""
    from geo_planner.pipeline import analyse, build_analysis, load_layers
    from geo_planner.units.hierarchy import load_units

    units = load_units("kabkota", "64")
    layers = load_layers(units)
    full = _median_seconds(lambda: build_analysis("kabkota", "64", weights={"poverty_rate": 2}), repeat)
    rescore = _median_seconds(lambda: analyse(units, layers, {"poverty_rate": 2}), repeat)
    return [("weight change at kab/kota (re-score only vs reload cached units + layers + score)", f"{full * 1e3:.0f} ms",
             f"{rescore * 1e3:.0f} ms", f"{full / rescore:.1f}x")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--small", action="store_true", help="small inputs, one repeat (CI)")
    args = parser.parse_args()
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench_spatial

    if args.small:
        args.repeat = 1
    spatial = (bench_spatial.run(n_points=50_000, n_polygons=500, repeat=1) if args.small
               else bench_spatial.run(repeat=3))
    rows = bench_read_formats(args.repeat) + bench_build_analysis(args.repeat) + spatial
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"median of {args.repeat}")
    from common import (
        print_table,  # benchmarks/ is on sys.path when a script of it runs
    )

    print_table(["what", "naive", "geo-planner", "ratio"], rows)


if __name__ == "__main__":
    main()
