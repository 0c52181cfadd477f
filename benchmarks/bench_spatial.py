"""Spatial layers: geo-planner's point counting and polygon apportioning against the naive GeoPandas way.

    python benchmarks/bench_spatial.py [--small] [--repeat 3]

Points: random points in the Kalimantan Timur bounding box counted per desa,
``gpd.sjoin(predicate="within")`` + groupby (naive) against
:func:`geo_planner.analysis.spatial.aggregate_points`; the counts must be equal.
Polygons: non-overlapping random polygons inside the province apportioned to
desa, ``gpd.overlay`` (naive) against :func:`geo_planner.analysis.spatial.apportion_polygons`;
the hectares per desa must agree within 1 m2.

Each measurement runs in a forked child process, so memory one method left
behind cannot hide the other's; peak memory is the child's peak resident set
size above what it started with (Linux ``VmHWM``, reset through
``/proc/self/clear_refs``), elsewhere the peak traced by ``tracemalloc``
(Python and NumPy allocations only). Time is the median of ``repeat`` runs.
The parent's objects are frozen (:func:`gc.freeze`) before forking, as the
Python docs advise, so that a garbage collection in a child does not copy
every inherited page: that cost belongs to the fork, not to either method.
Needs the boundary source (GEO_PLANNER_MIRROR or network). ``--small`` (50k
points, 500 polygons) is for CI; the full run takes 1M and 5M points, 5k and 50k polygons.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import platform
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence

import geopandas as gpd
import numpy as np
import shapely

from geo_planner.analysis.spatial import aggregate_points, apportion_polygons
from geo_planner.units.coverage import EQUAL_AREA_CRS
from geo_planner.units.hierarchy import load_units

Row = tuple[str, str, str, str]


def _proc_kb(field: str) -> int:
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith(field + ":"))


def _run_measured(fn: Callable[[], object]) -> tuple[float, float, object]:
    """(seconds, peak MB above the start, result) of one call in this process."""
    if sys.platform.startswith("linux"):
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")  # reset the peak resident set size to the current one
        start = _proc_kb("VmRSS")
        t0 = time.perf_counter()
        result = fn()
        seconds = time.perf_counter() - t0
        return seconds, (_proc_kb("VmHWM") - start) / 1024, result
    tracemalloc.start()
    t0 = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, peak, result


def _child(fn, conn) -> None:
    conn.send(_run_measured(fn))
    conn.close()


def _measure(fn: Callable[[], object], repeat: int) -> tuple[float, float, object]:
    """Median seconds, median peak MB and the result, each run in a fresh forked process."""
    runs = []
    gc.freeze()  # the parent's objects stay out of the children's collections (no copy-on-write of their pages)
    for _ in range(repeat):
        if "fork" in multiprocessing.get_all_start_methods():
            ctx = multiprocessing.get_context("fork")
            parent, child = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_child, args=(fn, child))
            proc.start()
            runs.append(parent.recv())
            proc.join()
        else:
            runs.append(_run_measured(fn))
    gc.unfreeze()
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs), runs[-1][2]


def _naive_counts(units: gpd.GeoDataFrame, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(x, y), crs=units.crs)
    joined = gpd.sjoin(pts, units[["geometry"]], predicate="within")
    return joined.groupby(units.index.name).size().reindex(units.index, fill_value=0).to_numpy()


def _fast_counts(units: gpd.GeoDataFrame, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return aggregate_points(units, x, y)[0]["count"].to_numpy()


def _polygons(units: gpd.GeoDataFrame, n: int, rng: np.random.Generator) -> gpd.GeoSeries:
    """``n`` star-shaped polygons inside the units, at most one per grid cell, so none overlap.

    Cells of 0.03 degree (polygons 0.2-1.5 km across) up to 5,000 polygons; for more the cells and
    the polygons shrink so that they fit (50,000: cells of 0.0125 degree, polygons 0.1-0.6 km).
    """
    x0, y0, x1, y1 = units.total_bounds
    inside_share = 0.4  # of the bounding box: measured for Kalimantan Timur
    step = min(0.03, float(np.sqrt((x1 - x0) * (y1 - y0) * inside_share / (1.6 * n))))
    gx, gy = np.meshgrid(np.arange(x0, x1, step) + step / 2, np.arange(y0, y1, step) + step / 2)
    gx, gy = gx.ravel(), gy.ravel()
    inside = aggregate_points(units, gx, gy)[1] >= 0
    if inside.sum() < n:
        raise ValueError(f"only {int(inside.sum())} cells for {n} polygons")
    pick = rng.choice(np.flatnonzero(inside), size=n, replace=False)
    r = rng.uniform(0.001, 0.007, len(pick)) * step / 0.03
    cx = gx[pick] + rng.uniform(-1, 1, len(pick)) * (step / 2 - r)
    cy = gy[pick] + rng.uniform(-1, 1, len(pick)) * (step / 2 - r)
    angles = np.sort(rng.uniform(0, 2 * np.pi, (len(pick), 12)), axis=1)
    radii = r[:, None] * rng.uniform(0.5, 1.0, (len(pick), 12))
    ring = np.stack([cx[:, None] + radii * np.cos(angles), cy[:, None] + radii * np.sin(angles)], axis=-1)
    ring = np.concatenate([ring, ring[:, :1]], axis=1)
    return gpd.GeoSeries(shapely.polygons(ring), crs="EPSG:4326")


def _naive_areas(units: gpd.GeoDataFrame, polys: gpd.GeoSeries) -> np.ndarray:
    left = units.to_crs(EQUAL_AREA_CRS).reset_index()[[units.index.name, "geometry"]]
    right = gpd.GeoDataFrame(geometry=polys.to_crs(EQUAL_AREA_CRS))
    over = gpd.overlay(left, right, how="intersection")
    area = (over.set_index(units.index.name).area / 1e4).groupby(level=0).sum()
    return area.reindex(units.index, fill_value=0).to_numpy()


def _fast_areas(units: gpd.GeoDataFrame, polys: gpd.GeoSeries) -> np.ndarray:
    return apportion_polygons(units, polys).to_numpy()


def _row(what: str, naive: tuple, fast: tuple) -> Row:
    return (what, f"{naive[0]:.2f} s, {naive[1]:,.0f} MB", f"{fast[0]:.2f} s, {fast[1]:,.0f} MB",
            f"{naive[0] / fast[0]:.1f}x faster, {naive[1] / max(fast[1], 1):.1f}x less memory")


def run(n_points: int | Sequence[int] = (1_000_000, 5_000_000), n_polygons: int | Sequence[int] = (5_000, 50_000),
        repeat: int = 3, seed: int = 2026) -> list[Row]:
    """Benchmark rows (what, naive, geo-planner, ratio); raises if the two ways disagree."""
    desa = load_units("desa", "64")
    rng = np.random.default_rng(seed)
    x0, y0, x1, y1 = desa.total_bounds
    rows = []
    for n in [n_points] if isinstance(n_points, int) else n_points:
        x, y = rng.uniform(x0, x1, n), rng.uniform(y0, y1, n)
        naive = _measure(lambda: _naive_counts(desa, x, y), repeat)
        fast = _measure(lambda: _fast_counts(desa, x, y), repeat)
        if not np.array_equal(naive[2], fast[2]):
            raise RuntimeError(f"{n} points: counts differ in {(naive[2] != fast[2]).sum()} desa")
        rows.append(_row(f"{n:,} random points counted per desa ({len(desa):,} units; "
                         f"{int(fast[2].sum()):,} inside)", naive, fast))
    for n in [n_polygons] if isinstance(n_polygons, int) else n_polygons:
        polys = _polygons(desa, n, rng)
        naive = _measure(lambda: _naive_areas(desa, polys), repeat)
        fast = _measure(lambda: _fast_areas(desa, polys), repeat)
        diff_m2 = float(np.abs(naive[2] - fast[2]).max() * 1e4)
        if diff_m2 >= 1:
            raise RuntimeError(f"polygon areas differ by up to {diff_m2:.3f} m2 in a desa")
        rows.append(_row(f"{len(polys):,} polygons ({naive[2].sum():,.0f} ha) apportioned to desa "
                         f"(max difference {diff_m2:.1e} m2 per desa)", naive, fast))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", action="store_true", help="50k points and 500 polygons (CI)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = dict(n_points=50_000, n_polygons=500) if args.small else {}
    rows = run(**sizes, repeat=args.repeat)
    memory = "peak RSS above start" if sys.platform.startswith("linux") else "tracemalloc peak"
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"median of {args.repeat}, each run in a fresh process; memory = {memory}")
    from common import (
        print_table,  # benchmarks/ is on sys.path when a script of it runs
    )

    print_table(["what", "naive", "geo-planner", "ratio"], rows)


if __name__ == "__main__":
    main()
