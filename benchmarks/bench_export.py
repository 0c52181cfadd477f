"""Benchmark of the exports: every format for all 1,038 desa with every synthetic layer and pockets.

    python benchmarks/bench_export.py [--repeat 3] [--small]

The analysis is ``build_analysis("desa")`` (the seeded synthetic village layer: 15 indicators) plus
``add_pockets``; each format is written through :func:`geo_planner.outputs.gate.export` (small counts
suppressed, the default) into a temporary folder. Prints a Markdown table: the median seconds of
``--repeat`` runs and the size of the file written (and of its provenance sidecar, when it has one).
``--small`` (what CI runs, through tests/test_export_formats.py) takes the desa of one regency and one
run, to keep the script working; no timing assertions.

Needs the boundary source (GEO_PLANNER_MIRROR, or ../shared beside the repository as the tests use, or
network).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import print_table  # noqa: E402 (also puts the repository on sys.path)

Row = tuple[str, str, str, str]

# (label, format, options)
CASES = [
    ("CSV (ranked list)", "csv", {}),
    ("XLSX (ranked list + sources)", "xlsx", {}),
    ("RPKD table, XLSX (all ranked rows)", "rpkd", {"top": None}),
    ("GeoJSON", "geojson", {}),
    ("GeoPackage (one layer)", "gpkg", {}),
    ("Shapefile, zipped", "shp", {}),
    ("KML (simplified polygons)", "kml", {}),
    ("PDF report (top 20)", "pdf", {"top": 20}),
    ("PDF report (every unit in the table)", "pdf", {"top": 100_000}),
]


def _size(n: int) -> str:
    return f"{n / 1e6:,.2f} MB" if n >= 1e6 else f"{n / 1e3:,.0f} kB"


def build(small: bool):
    from geo_planner.pipeline import add_pockets, build_analysis

    t0 = time.perf_counter()
    analysis = build_analysis("desa", "64", within="64.11" if small else None)
    t1 = time.perf_counter()
    analysis = add_pockets(analysis, permutations=99 if small else 999)
    t2 = time.perf_counter()
    return analysis, t1 - t0, t2 - t1


def run(repeat: int = 3, small: bool = False) -> tuple[list[Row], dict[str, object]]:
    """The table rows ``(format, seconds, file size, sidecar)`` and facts about the run."""
    from geo_planner.outputs.gate import export

    analysis, t_build, t_pockets = build(small)
    facts = {"units": len(analysis.units), "indicators": len(analysis.indicator_ids),
             "pockets": 0 if analysis.pockets is None else len(analysis.pockets),
             "build_s": t_build, "pockets_s": t_pockets}
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, (label, fmt, options) in enumerate(CASES):
            times, path = [], None
            for r in range(max(1, repeat)):
                target = Path(tmp) / f"case{i}_{r}"
                t0 = time.perf_counter()
                path = export(analysis, target, fmt, **options)
                times.append(time.perf_counter() - t0)
            side = path.with_name(path.name + ".provenance.json")
            rows.append((label, f"{statistics.median(times):.2f} s", _size(path.stat().st_size),
                         _size(side.stat().st_size) if side.is_file() else "in the file"))
    return rows, facts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per format; the median is shown")
    parser.add_argument("--small", action="store_true", help="one regency's desa, one run (CI)")
    args = parser.parse_args(argv)
    repeat = 1 if args.small else args.repeat
    rows, facts = run(repeat, args.small)
    print(f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"{platform.system()}")
    print(f"Analysis: {facts['units']:,} desa, {facts['indicators']} indicators, {facts['pockets']} pockets "
          f"(build {facts['build_s']:.2f} s, pockets {facts['pockets_s']:.2f} s); median of {repeat} run(s)\n")
    print_table(["format", "seconds", "file size", "provenance sidecar"], rows, ["---", "---:", "---:", "---"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
