"""The whole ``geo-planner rank --level desa`` on a large point CSV against a naive pandas + GeoPandas script.

    python benchmarks/bench_cli_points.py [--points 3000000] [--repeat 3] [--small]

Writes random points inside Kalimantan Timur (id, lintang, bujur, jumlah_kk;
seeded, synthetic) to a temporary CSV, then runs, each in its own process and in
the same run, interleaved (``--repeat`` times each, the median reported): the command line (read, check every cell, locate, count, rank and
write the CSV through the export gate) and a naive script (``read_csv``,
``points_from_xy``, ``sjoin``, ``groupby``, ``to_csv``). Time is wall-clock of
the whole process (imports included); memory is the process's peak resident set
(``ru_maxrss`` of the child). The counts per desa must be equal wherever the
gate shows them (small counts at desa level are suppressed). Prints a Markdown
table the README carries. Needs the boundary source and the IDM village files (GEO_PLANNER_MIRROR and
GEO_PLANNER_VILLAGES_MIRROR, set from ../shared beside the repository when there, or network).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import REPO, print_table  # noqa: E402

_VILLAGES = REPO.parent / "shared" / "data" / "villages" / "upstream"  # the IDM files rank by, offline as in tests
if not os.environ.get("GEO_PLANNER_VILLAGES_MIRROR") and _VILLAGES.is_dir():
    os.environ["GEO_PLANNER_VILLAGES_MIRROR"] = str(_VILLAGES)

NAIVE = textwrap.dedent("""
    import sys
    import geopandas as gpd
    import pandas as pd
    from geo_planner.units.hierarchy import load_units

    units = load_units("desa", "64")[["geometry"]].rename_axis("code").reset_index()
    df = pd.read_csv(sys.argv[1])
    points = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df["bujur"], df["lintang"]), crs="EPSG:4326")
    joined = gpd.sjoin(points, units, predicate="within")
    joined.groupby("code").agg(count=("id", "size"), jumlah_kk=("jumlah_kk", "sum")).to_csv(sys.argv[2])
""")

MEASURE = textwrap.dedent("""
    import resource, subprocess, sys, time
    t = time.perf_counter()
    run = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, run.returncode)
    if run.returncode:
        sys.stderr.write(run.stderr.decode("utf-8", "replace")[-2000:])
""")


def write_points(path: Path, n: int, seed: int = 2026) -> None:
    """``n`` random points inside the province (rejection sampling in its bounding box)."""
    import numpy as np
    import pandas as pd
    import shapely

    from geo_planner.units.hierarchy import load_units

    province = shapely.union_all(load_units("kabkota", "64").geometry.to_numpy())
    shapely.prepare(province)
    x0, y0, x1, y1 = province.bounds
    rng = np.random.default_rng(seed)
    xs, ys, have = [], [], 0
    while have < n:
        x, y = rng.uniform(x0, x1, 2 * n), rng.uniform(y0, y1, 2 * n)
        inside = shapely.contains_xy(province, x, y)
        xs.append(x[inside])
        ys.append(y[inside])
        have += int(inside.sum())
    x, y = np.concatenate(xs)[:n], np.concatenate(ys)[:n]
    pd.DataFrame({"id": np.arange(1, n + 1), "lintang": y.round(6), "bujur": x.round(6),
                  "jumlah_kk": rng.integers(1, 9, n)}).to_csv(path, index=False)


def measure(cmd: list[str]) -> tuple[float, float, int]:
    """(seconds, peak MB, exit code) of ``cmd`` run in a fresh process."""
    out = subprocess.run([sys.executable, "-c", MEASURE, *cmd], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(REPO)})
    seconds, kb, code = out.stdout.split()
    if int(code):
        print(f"{' '.join(cmd)} failed:\n{out.stderr}", file=sys.stderr)
    return float(seconds), int(kb) / 1024, int(code)


def _median(runs: list[tuple[float, float, int]]) -> tuple[float, float, int]:
    """Median seconds and median peak MB of the runs (each measured on its own)."""
    import statistics

    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs), 0


def compare(cli_csv: Path, naive_csv: Path, column: str) -> int:
    """Units where both show a count; raises if any differs."""
    import pandas as pd

    cli = pd.read_csv(cli_csv, dtype={"code": str}, encoding="utf-8-sig").set_index("code")[column]
    naive = pd.read_csv(naive_csv, dtype={"code": str}).set_index("code")["count"]
    shown = cli.dropna()
    expected = naive.reindex(shown.index).fillna(0)
    bad = shown[shown.to_numpy() != expected.to_numpy()]
    if len(bad):
        raise SystemExit(f"counts differ for {len(bad)} desa, e.g. {bad.index[0]}: {bad.iloc[0]} vs "
                         f"{expected[bad.index[0]]}")
    return len(shown)


def main(argv: list[str] | None = None) -> list[tuple[str, ...]]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=3_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, interleaved; the median is shown")
    parser.add_argument("--small", action="store_true", help="50,000 points (for CI)")
    args = parser.parse_args(argv)
    n = 50_000 if args.small else args.points
    if args.small:
        args.repeat = 1
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        points, naive_py = tmp / "titik.csv", tmp / "naive.py"
        write_points(points, n)
        naive_py.write_text(NAIVE, encoding="utf-8")
        cli_out, naive_out = tmp / "cli.csv", tmp / "naive.csv"
        cli_runs, naive_runs = [], []
        load = os.getloadavg()  # another job on the machine slows both sides; the ratio is of the same run
        for _ in range(max(1, args.repeat)):  # interleaved: a load on the shared machine hits both alike
            cli_runs.append(measure([sys.executable, "-m", "geo_planner.cli", "rank", "--level", "desa", "--layer",
                                     str(points), "--out", str(cli_out)]))
            naive_runs.append(measure([sys.executable, str(naive_py), str(points), str(naive_out)]))
            if cli_runs[-1][2] or naive_runs[-1][2]:
                raise SystemExit(f"a run failed (exit codes: geo-planner {cli_runs[-1][2]}, naive {naive_runs[-1][2]})")
        cli, naive = _median(cli_runs), _median(naive_runs)
        shown = compare(cli_out, naive_out, "titik_count")
        size = points.stat().st_size / 1e6
    rows = [("geo-planner rank --level desa (whole process)", f"{n:,}", f"{size:,.0f}", f"{cli[0]:.1f}",
             f"{cli[1]:,.0f}", f"{naive[0] / cli[0]:.2f}x"),
            ("naive pandas + GeoPandas script (read_csv, sjoin, groupby)", f"{n:,}", f"{size:,.0f}",
             f"{naive[0]:.1f}", f"{naive[1]:,.0f}", "1.00x")]
    print_table(["run", "points", "CSV MB", "seconds", "peak MB", "speed vs naive"], rows,
                ["---", "---:", "---:", "---:", "---:", "---:"])
    print(f"\nmedian of {len(cli_runs)} interleaved run(s) each; seconds geo-planner "
          f"{', '.join(f'{r[0]:.1f}' for r in cli_runs)}, naive {', '.join(f'{r[0]:.1f}' for r in naive_runs)}")
    print("speed of each pair (a geo-planner run and the naive run after it): "
          + ", ".join(f"{b[0] / a[0]:.2f}x" for a, b in zip(cli_runs, naive_runs)))
    print(f"load average (1 min) {load[0]:.1f} before the runs, {os.getloadavg()[0]:.1f} after "
          f"({os.cpu_count()} CPUs)")
    print(f"counts equal on the {shown:,} desa whose counts the gate shows")
    return rows


if __name__ == "__main__":
    main()
