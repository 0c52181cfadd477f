"""Benchmark of the national kecamatan map: one coverage of all provinces, ranked and mapped under 3 MB.

    python benchmarks/bench_national.py [--small] [--level kecamatan]

``--small`` (what CI runs) takes three neighbouring provinces (62, 63, 64: Kalimantan Tengah, Selatan
and Timur) instead of all 38. Needs the boundary source (GEO_PLANNER_MIRROR, or ../shared beside the
repository as the tests use, or network). Everything is built in a fresh temporary cache, so the build
measured is the first one. Prints a Markdown table; ``run()`` returns its rows. Counts and bytes are
exact; times and memory depend on the machine (the first line says which).

- build: the first build of the national coverage (parse every province file, clean them together with
  ``clean_coverage``, write the GeoPackage), in a fresh Python process: wall time and peak resident memory;
- cleaning: overlapping neighbour pairs (all of them, and those across a province border), enclosed gaps
  and area, before and after; what cleaning province by province (``load_units``) leaves across borders;
- topology after simplification: geo-planner's national map geometry (snapped to 5 decimals, re-cleaned,
  ``coverage_simplify``), ``map_geometry.simplify_units`` as it is, and per-polygon ``shapely.simplify``;
- page: the standalone map page (Leaflet inline) of the units ranked on the SYNTHETIC points layer, with
  the raw cleaned geometry as GeoJSON (the naive way) and as geo-planner sends it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
from common import REPO, print_table  # noqa: E402 (also puts the repository on sys.path)

Row = tuple[str, str, str]
SMALL_PROVINCES = ("62", "63", "64")

_CHILD = """
import json, resource, sys, time
args = json.loads(sys.argv[1])
from geo_planner.analysis import national
from geo_planner.outputs import national_map
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
units = national.load_national(args["level"], cache=args["cache"], provinces=args["provinces"])
seconds = time.perf_counter() - t0
print(json.dumps({"seconds": seconds, "units": len(units), "base_kb": base,
                  "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _mb(n: float) -> str:
    return f"{n / 1e6:,.2f} MB"


def cold_build(level: str, cache: Path, provinces) -> dict:
    """Build in a fresh process (so its peak memory is the build's): seconds, units, peak RSS."""
    args = json.dumps({"level": level, "cache": str(cache), "provinces": provinces})
    out = subprocess.run([sys.executable, "-c", _CHILD, args], capture_output=True, text=True, check=False,
                         env=dict(os.environ, PYTHONPATH=str(REPO)), cwd=str(REPO))
    if out.returncode != 0:
        raise RuntimeError(f"the national build failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _per_province_cross_pairs(level: str, provinces, cache: Path) -> tuple[int, float]:
    """Cross-province overlapping pairs left when each province is cleaned on its own (load_units)."""
    import numpy as np
    import pandas as pd

    from geo_planner.analysis.national import _cross_pairs
    from geo_planner.units import hierarchy

    t0 = time.perf_counter()
    units = pd.concat([hierarchy.load_units(level, p, cache=cache) for p in provinces])
    seconds = time.perf_counter() - t0
    prov = np.array([c.split(".")[0] for c in units.index])
    return _cross_pairs(units.geometry.to_numpy(), prov), seconds


def _topology_cell(topo: dict) -> str:
    return f"{topo['overlapping_pairs']:,} / {topo['gaps']:,}"


def run(small: bool = False, *, level: str = "kecamatan", provinces=None, per_province: bool = True) -> list[Row]:
    """The rows of the table: (measure, value, note)."""
    import numpy as np
    import shapely
    from bench_map import _geojson_page

    from geo_planner.analysis import national
    from geo_planner.outputs import map_geometry, mapping, national_map

    if provinces is None:
        provinces = list(SMALL_PROVINCES) if small else None
    scope = "all 38 provinces" if provinces is None else "provinces " + ", ".join(provinces)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="gp-national-") as tmp:
        cache = Path(tmp)
        build = cold_build(level, cache, provinces)
        t0 = time.perf_counter()
        units = national.load_national(level, cache=cache, provinces=provinces)
        warm = time.perf_counter() - t0
        rep = national.national_cleaning_report(level, cache=cache, provinces=provinces)
        gaps = rep["gaps_left"]
        rows += [
            (f"{level} units ({scope})", f"{len(units):,}", f"{len(set(u.split('.')[0] for u in units.index))} "
             "provinces, one coverage; pinned cahyadsn/wilayah_boundaries"),
            ("first build: parse + clean as one coverage + write GeoPackage", f"{build['seconds']:,.1f} s",
             f"fresh process; parse {rep['parse_seconds']:,.1f} s; later loads read the GeoPackage in "
             f"{warm:,.2f} s"),
            ("peak memory of the first build", f"{build['peak_kb'] / 1024:,.0f} MB",
             f"peak RSS of the process (Python + libraries after imports: {build['base_kb'] / 1024:,.0f} MB)"),
            ("overlapping neighbour pairs: before -> after cleaning",
             f"{rep['overlapping_pairs_before']:,} -> {rep['overlapping_pairs_after']:,}",
             "shapely.coverage_clean, gap width 0.01°"),
            ("... of them across a province border: before -> after",
             f"{rep['cross_province_overlapping_pairs_before']:,} -> {rep['cross_province_overlapping_pairs_after']:,}",
             "cleaned together, so units of two provinces no longer overlap"),
            ("enclosed gaps: before -> after cleaning", f"{rep['gaps_before']:,} -> {rep['gaps_after']:,}",
             ("left: wider than 0.01°, largest " + ", ".join(
                 f"{g['area_ha']:,.0f} ha at {g['lon']:.2f}, {g['lat']:.2f} (prov. {'/'.join(g['provinces'])})"
                 for g in gaps[:3])) if gaps else "none left"),
            ("area: before -> after cleaning", f"{rep['area_before_ha']:,.0f} -> {rep['area_after_ha']:,.0f} ha",
             f"{len(rep['changed_units']):,} units changed by more than 0.01 ha"),
        ]
        if per_province:
            cross, secs = _per_province_cross_pairs(level, provinces or list(national.PROVINCES), cache)
            rows.append(("cross-province overlapping pairs left by cleaning each province on its own",
                         f"{cross:,}", f"load_units per province ({secs:,.1f} s to build them); national: "
                         f"{rep['cross_province_overlapping_pairs_after']}"))

        # geometry for the map
        info: dict = {}
        t0 = time.perf_counter()
        geometry = national_map.map_geometry(units, info=info)
        geo_seconds = time.perf_counter() - t0
        tol = info["tolerance"]
        raw = units.geometry.to_numpy()
        try:
            plain = national_map.topology(map_geometry.simplify_units(units, tol).to_numpy())
            plain_cell, plain_note = _topology_cell(plain), "rounds, then coverage_simplify"
        except shapely.errors.GEOSException as exc:
            message = " ".join(str(exc).split())[:80]
            plain_cell, plain_note = "fails", f"GEOSException: {message} (slivers collapsed by rounding)"
        rounded = shapely.transform(raw, lambda xy: np.round(xy, map_geometry.DECIMALS))
        naive = national_map.topology(shapely.make_valid(shapely.simplify(rounded, tol)))
        ours = national_map.topology(geometry.to_numpy())
        vertices = (shapely.get_num_coordinates(raw).sum(), shapely.get_num_coordinates(geometry.to_numpy()).sum())
        rows += [
            ("map geometry: tolerance, time", f"{tol:g}° in {geo_seconds:,.1f} s",
             f"snap to 5 decimals + re-clean ({info['rounds']} round, {info['area_change_ha']:+,.1f} ha, largest "
             f"unit {info['largest_unit_change_ha']:,.1f} ha), then coverage_simplify; vertices "
             f"{vertices[0]:,} -> {vertices[1]:,}"),
            ("overlapping pairs / gaps: cleaned units", _topology_cell(national_map.topology(raw)),
             "before simplification"),
            ("overlapping pairs / gaps: geo-planner national map geometry", _topology_cell(ours),
             f"coverage valid: {ours['coverage_valid']}; empty units: {ours['empty']}"),
            ("overlapping pairs / gaps: map_geometry.simplify_units as it is", plain_cell, plain_note),
            ("overlapping pairs / gaps: per-polygon shapely.simplify", _topology_cell(naive),
             "moves shared edges apart"),
        ]

        # synthetic analysis and the page
        regencies = None
        if level == "kecamatan":
            t0 = time.perf_counter()
            regencies = national.load_national("kabkota", cache=cache, provinces=provinces)
            kab_seconds = time.perf_counter() - t0
        t0 = time.perf_counter()
        analysis = national.national_analysis(units, level=level)
        ana_seconds = time.perf_counter() - t0
        parents = national_map.parent_names(units, None if regencies is None else regencies["name"])
        layer = mapping.unit_layer(geometry, units["name"], parents)
        leaflet = sum(len(u) for u in mapping.leaflet_assets())
        pages = {}
        for column in ("priority_score", national.SYNTHETIC_INDICATOR):
            t0 = time.perf_counter()
            size = national_map.payload_bytes(mapping.build_map(analysis, column=column, layer=layer))
            pages[column] = (size, time.perf_counter() - t0)
        data = mapping.map_data(analysis)
        naive_page = _geojson_page(data, units.geometry, leaflet)
        worst = max(b for b, _ in pages.values())
        rows += [
            ("ranking on the SYNTHETIC points layer (aggregate_points + analyse)", f"{ana_seconds:,.2f} s",
             f"{analysis.units['rank'].notna().sum():,} units ranked; flagged synthetic: {analysis.synthetic}"
             + (f"; kab/kota coverage for tooltips built in {kab_seconds:,.1f} s" if regencies is not None else "")),
            ("page, raw cleaned geometry as GeoJSON (naive)", _mb(naive_page), "full precision, no simplification"),
            ("page as geo-planner sends it: priority map / indicator map",
             " / ".join(_mb(b) for b, _ in pages.values()),
             f"limit {_mb(national_map.PAGE_LIMIT)}: {'under' if worst < national_map.PAGE_LIMIT else 'OVER'}; units layer "
             f"{_mb(layer.nbytes)}, style + tooltips {_mb(len(data.to_json().encode()))}, Leaflet {_mb(leaflet)}; "
             f"built and rendered in {pages['priority_score'][1]:,.2f} s"),
        ]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", action="store_true", help=f"provinces {', '.join(SMALL_PROVINCES)} only (CI)")
    parser.add_argument("--level", default="kecamatan", choices=("kecamatan", "kabkota"))
    parser.add_argument("--no-per-province", action="store_true",
                        help="skip cleaning each province on its own for comparison")
    args = parser.parse_args()
    import warnings

    warnings.filterwarnings("ignore")
    rows = run(args.small, level=args.level, per_province=not args.no_per_province)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print_table(["measure", "value", "note"], rows)


if __name__ == "__main__":
    main()
