"""Beyond one machine: the dask engine against the local path, on points in partitioned GeoParquet.

    python benchmarks/bench_dask.py [--small] [--points 5000000] [--partitions 20] [--workers 2] [--repeat 3]

Random points in the Kalimantan Timur bounding box (with an integer weight,
``households``) are written as a folder of GeoParquet partitions (WKB), then
counted per desa four ways, each in a fresh Python process:

* local: the whole folder read into memory (pyarrow, point WKB decoded to
  arrays), then one :func:`geo_planner.analysis.spatial.aggregate_points` call;
* dask, processes: :func:`geo_planner.analysis.engine_dask.aggregate_points_dask` on a
  ``LocalCluster`` of single-threaded worker processes (the default);
* dask, threads: the same with the workers as threads of the client process;
* dask-geopandas (when installed): ``dask_geopandas.read_parquet`` and
  ``map_partitions`` of ``aggregate_points`` on each partition's points, on the
  same cluster: what the engine would cost if it read through dask-geopandas.

Every way must give the local counts and sums exactly (else it raises). Time
is wall time of the whole call, cluster start-up and shut-down included (in
brackets: the computation alone, once the cluster is up). Memory is the peak
resident set size above the start, of the client process (Linux ``VmHWM``
reset through ``/proc/self/clear_refs``) and, for worker processes, the
largest worker's (same measure, reset on the workers before the call, once
they have imported the modules).

When dask pays off
------------------
Not for a few million points that fit in memory on one small machine: on 2
cores the local path counted 5M points (read from 20 partitions) in 0.78 s
(669 MB), the engine in 1.54 s with worker processes (0.66 s once the cluster
was up) and 0.65 s with worker threads. What the engine buys is bounded
memory: the client holds no points and each worker one batch of
``batch_rows`` points (about 180-220 MB), where the local path needs ~120
bytes per point (2.3 GB for 20M points, whose time was then on par: local
3.1 s, engine 3.0 s with processes, 2.1 s with threads; dask-geopandas 12.5 s).
So use it for (a) point sets larger than memory and (b) a real cluster
(``scheduler="tcp://host:8786"``), where the partitions are read and counted
on many machines at once. ``--small`` (200k points, 4 partitions,
one run) is for CI.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

Row = tuple[str, str, str, str]
METHODS = ("local", "dask-processes", "dask-threads", "dask-geopandas")


def _proc_kb(field: str, pid: str = "self") -> int:
    with open(f"/proc/{pid}/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith(field + ":"))


def _reset_peak() -> int:
    """Reset this process's peak RSS to its current RSS (Linux); returns the current RSS in kB (0 elsewhere)."""
    if not sys.platform.startswith("linux"):
        return 0
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")
    return _proc_kb("VmRSS")


def _peak_kb() -> int:
    if not sys.platform.startswith("linux"):
        import resource

        return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return _proc_kb("VmHWM")


def _read_all(source: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The local path's input: every partition in memory as coordinate and weight arrays."""
    import pyarrow.parquet as pq

    from geo_planner.analysis.engine_dask import _floats, _wkb_xy

    table = pq.read_table(source, columns=["geometry", "households"])
    x, y = _wkb_xy(table.column("geometry").combine_chunks(), str(source))
    return x, y, _floats(table.column("households"))


def _dask_geopandas_totals(units, source: Path, client):
    """Totals per desa read through dask-geopandas (a shapely Point per row; the units travel in each task)."""
    import warnings

    import dask_geopandas
    import pandas as pd
    import shapely

    from geo_planner.analysis.spatial import aggregate_points

    def part(df):
        xy = shapely.get_coordinates(df.geometry.values)
        totals, _ = aggregate_points(units, xy[:, 0], xy[:, 1], weights={"households": df["households"].to_numpy()})
        return totals

    with warnings.catch_warnings():  # dask's parquet reader under pandas 3.1: "The inplace keyword ... deprecated"
        warnings.simplefilter("ignore")
        ddf = dask_geopandas.read_parquet(source, columns=["geometry", "households"])
        meta = pd.DataFrame({"count": pd.Series(dtype="int64"), "households": pd.Series(dtype="float64")})
        parts = ddf.map_partitions(part, meta=meta)
        partials = client.gather(client.compute(parts.to_delayed()))
    return functools.reduce(lambda a, b: a.add(b), partials)


def _measure(method: str, source: Path, out: Path, workers: int, batch_rows: int) -> dict:
    """One method, in this process: seconds, compute seconds, client and worker peak MB; totals saved to `out`."""
    from geo_planner.analysis.engine_dask import aggregate_points_dask
    from geo_planner.analysis.spatial import aggregate_points
    from geo_planner.units.hierarchy import load_units

    units = load_units("desa", "64")
    if method != "local":
        from distributed import Client, LocalCluster
    worker_mb = None
    start = _reset_peak()
    t0 = time.perf_counter()
    if method == "local":
        x, y, w = _read_all(source)
        totals = aggregate_points(units, x, y, weights={"households": w})[0]
        compute = time.perf_counter() - t0
    else:
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=method != "dask-threads",
                          dashboard_address="127.0.0.1:0") as cluster, Client(cluster) as client:
            if method != "dask-threads":  # imports first, so the workers' peak is the work's, not the modules'
                for module in ("geo_planner.analysis.engine_dask", "dask_geopandas" if method == "dask-geopandas" else "json"):
                    client.run(importlib.import_module, module)
                base = client.run(_reset_peak)
            t1 = time.perf_counter()
            if method == "dask-geopandas":
                totals = _dask_geopandas_totals(units, source, client)
            else:
                totals = aggregate_points_dask(units, source, weight_columns=["households"], scheduler=client,
                                               batch_rows=batch_rows)
            compute = time.perf_counter() - t1
            if method != "dask-threads":
                peaks = client.run(_peak_kb)
                worker_mb = max((peaks[k] - base[k]) / 1024 for k in peaks)
    seconds = time.perf_counter() - t0
    client_mb = (_peak_kb() - start) / 1024
    np.save(out, np.stack([totals["count"].to_numpy(dtype="float64"), totals["households"].to_numpy()]))
    return {"seconds": seconds, "compute": compute, "client_mb": client_mb, "worker_mb": worker_mb}


def _child(method: str, source: Path, out: Path, workers: int, batch_rows: int) -> dict:
    cmd = [sys.executable, __file__, "--measure", method, "--source", str(source), "--out", str(out),
           "--workers", str(workers), "--batch-rows", str(batch_rows)]
    done = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ), timeout=1800)
    if done.returncode != 0:
        raise RuntimeError(f"{method} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(n_points: int = 5_000_000, partitions: int = 20, *, n_workers: int = 2, batch_rows: int | None = None,
        repeat: int = 3, seed: int = 2026, methods: tuple[str, ...] = METHODS) -> list[Row]:
    """Benchmark rows (way, time, peak memory, points); medians of `repeat` runs, each in a fresh process.

    Raises if a way's totals differ from the local path's.
    """
    from geo_planner.analysis.engine_dask import (
        DEFAULT_BATCH_ROWS,
        write_partitioned_points,
    )
    from geo_planner.units.hierarchy import load_units

    batch_rows = batch_rows or DEFAULT_BATCH_ROWS
    if importlib.util.find_spec("dask_geopandas") is None:  # optional: the engine does not use it
        methods = tuple(m for m in methods if m != "dask-geopandas")
    desa = load_units("desa", "64")
    rng = np.random.default_rng(seed)
    x0, y0, x1, y1 = desa.total_bounds
    x, y = rng.uniform(x0, x1, n_points), rng.uniform(y0, y1, n_points)
    households = rng.integers(0, 30, n_points)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "points"
        write_partitioned_points(x, y, source, partitions=partitions, extra={"households": households})
        del x, y, households
        size = sum(f.stat().st_size for f in source.iterdir()) / 2**20
        reference = None
        for method in methods:
            runs = []
            for _ in range(repeat):
                runs.append(_child(method, source, Path(tmp) / f"{method}.npy", n_workers, batch_rows))
                totals = np.load(Path(tmp) / f"{method}.npy")
                if reference is None:
                    reference = totals
                elif not np.array_equal(totals, reference):
                    raise RuntimeError(f"{method}: totals differ from the local path in "
                                       f"{int((totals != reference).any(axis=0).sum())} desa")
            res = {k: None if runs[0][k] is None else statistics.median(r[k] for r in runs) for k in runs[0]}
            memory = f"client {res['client_mb']:,.0f} MB"
            if res["worker_mb"] is not None:
                memory += f"; largest worker {res['worker_mb']:,.0f} MB"
            what = {"local": "local: read all, one aggregate_points",
                    "dask-processes": f"dask engine, {n_workers} worker processes",
                    "dask-threads": f"dask engine, {n_workers} worker threads",
                    "dask-geopandas": f"dask-geopandas read_parquet + map_partitions, {n_workers} processes"}[method]
            timing = f"{res['seconds']:.2f} s" + ("" if method == "local" else f" ({res['compute']:.2f} s computing)")
            rows.append((what, timing, memory,
                         f"{int(reference[0].sum()):,} of {n_points:,} points in {len(desa):,} desa; "
                         f"{partitions} partitions, {size:,.0f} MB"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", action="store_true", help="200k points in 4 partitions (CI)")
    parser.add_argument("--points", type=int, default=5_000_000)
    parser.add_argument("--partitions", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3, help="runs per way (median; --small: 1)")
    parser.add_argument("--batch-rows", type=int, default=0, help="points per aggregate_points call (0: default)")
    parser.add_argument("--measure", choices=METHODS, help=argparse.SUPPRESS)
    parser.add_argument("--source", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:  # a child process measuring one method
        print(json.dumps(_measure(args.measure, args.source, args.out, args.workers, args.batch_rows)))
        return
    n, parts = (200_000, 4) if args.small else (args.points, args.partitions)
    repeat = 1 if args.small else args.repeat
    rows = run(n, parts, n_workers=args.workers, batch_rows=args.batch_rows or None, repeat=repeat)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; median of "
          f"{repeat}, each run in a fresh process; memory = peak RSS above the start")
    from common import (
        print_table,  # benchmarks/ is on sys.path when a script of it runs
    )

    print_table(["way", "time", "peak memory", "points"], rows)


if __name__ == "__main__":
    main()
