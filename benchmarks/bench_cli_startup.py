"""Start-up of the command line against ``python -c "import geopandas"``, same run, same machine.

    python benchmarks/bench_cli_startup.py [--repeat 7]

Each command runs in a fresh process (``python -m geo_planner.cli ...``), after
one warm-up run, ``--repeat`` times round-robin with the others (a change of load
on the machine then hits every row alike); the table gives the median wall time
and its ratio to the median of ``import geopandas``. ``validate`` checks a small synthetic table
(``examples/rtlh_contoh_sintetis.csv``) against the cached kab/kota units: the
boundaries are fetched and cleaned once before timing (``geo-planner data
fetch``), as a planner's machine has them after set-up. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time

from common import REPO, print_table

EXAMPLE = REPO / "examples" / "rtlh_contoh_sintetis.csv"


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))


def _seconds(argv: list[str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, env=_env(), cwd=REPO)
    elapsed = time.perf_counter() - t0
    if proc.returncode not in (0, 1):  # 1: the missing file's one-sentence error is a measurement too
        raise SystemExit(f"{' '.join(argv)} failed: {proc.stderr[-500:]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    cli = [sys.executable, "-m", "geo_planner.cli"]
    subprocess.run([*cli, "data", "fetch", "--levels", "kabkota"], check=True, capture_output=True, env=_env(),
                   cwd=REPO)  # cached boundaries, as after set-up
    runs = [("`python -c \"import geopandas\"` (reference)", [sys.executable, "-c", "import geopandas"]),
            ("`geo-planner --help`", [*cli, "--help"]),
            ("`geo-planner validate --help`", [*cli, "validate", "--help"]),
            ("`geo-planner validate` a missing file", [*cli, "validate", "does-not-exist.csv"]),
            ("`geo-planner validate examples/rtlh_contoh_sintetis.csv`", [*cli, "validate", str(EXAMPLE)])]
    for _, argv in runs:  # one warm-up each: byte-code compiled, files in the page cache
        _seconds(argv)
    times: dict[str, list[float]] = {label: [] for label, _ in runs}
    for _ in range(args.repeat):  # round-robin, so a change of load on the machine hits every row alike
        for label, argv in runs:
            times[label].append(_seconds(argv))
    medians = {label: statistics.median(t) for label, t in times.items()}
    base = medians[runs[0][0]]
    rows = list(medians.items())
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"median of {args.repeat} runs, each a fresh process, round-robin\n")
    print_table(["command", "median", "ratio to import geopandas"],
                [(label, f"{t * 1000:,.0f} ms", f"{t / base:.2f}x") for label, t in rows], ["---", "---:", "---:"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
