"""The command line starts quickly: it imports heavy libraries only in the commands that need them.

Asserted on the modules each command imports (``python -X importtime``), not on timings, which
depend on the machine; ``benchmarks/bench_cli_startup.py`` measures the times.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

HELP_FORBIDDEN = {"pandas", "numpy", "geopandas", "shapely", "pyproj", "pyogrio", "streamlit", "folium",
                  "matplotlib", "scipy", "sklearn", "mapclassify", "esda", "libpysal", "dask", "openpyxl",
                  "psycopg", "sqlalchemy", "rapidfuzz", "pooch"}
VALIDATE_FORBIDDEN = {"streamlit", "folium", "matplotlib", "scipy", "sklearn", "mapclassify", "esda", "libpysal",
                      "dask", "distributed", "openpyxl", "psycopg", "sqlalchemy", "reportlab", "branca"}


def _imported(*argv: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "geo_planner.cli", *argv],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=300)
    top = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            name = line.rsplit("|", 1)[1].strip()
            top.add(name.split(".")[0])
    return proc, top


def test_help_imports_no_data_library():
    proc, top = _imported("--help")
    assert proc.returncode == 0 and "geo_planner" in top and "argparse" in top
    assert top & HELP_FORBIDDEN == set()


@pytest.mark.parametrize("argv", [["validate", "--help"], ["export", "--help"], ["targets", "import", "--help"],
                                  ["--lang", "en", "rank", "--help"]])
def test_subcommand_help_imports_no_data_library(argv):
    proc, top = _imported(*argv)
    assert proc.returncode == 0 and top & HELP_FORBIDDEN == set()


def test_a_missing_file_is_told_before_anything_is_loaded(tmp_path):
    proc, top = _imported("validate", str(tmp_path / "nope.csv"))
    assert proc.returncode == 1 and "nope.csv" in proc.stderr
    assert top & {"pandas", "geopandas", "shapely", "pyogrio"} == set()


def _cache_state(cache: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()}


def test_validate_a_small_table_loads_no_map_plot_or_statistics_library_and_cleans_nothing(kabkota, tmp_path):
    table = tmp_path / "rtlh.csv"
    table.write_text("nama,rtlh (unit)\nKukar,120\nSamarinda,300\nBerau,40\n", encoding="utf-8")
    cache = Path(os.environ["GEO_PLANNER_CACHE"])
    before = _cache_state(cache)  # the kabkota fixture cleaned and cached the units once
    proc, top = _imported("validate", str(table), "--lang", "en")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.splitlines()[-1] == ("OK: 0 error(s), 0 warning(s), 0 unmatched row(s), "
                                            "0 total row(s), 3 unit(s) joined")
    assert top & VALIDATE_FORBIDDEN == set()
    assert _cache_state(cache) == before  # read from the cache: no boundary was cleaned or written again


def test_the_parsers_choices_are_the_librarys():
    from geo_planner.cli import common
    from geo_planner.outputs.formats import FORMATS, SUFFIXES
    from geo_planner.outputs.privacy import DEFAULT_THRESHOLD, MODES
    from geo_planner.planning.allocate import METHODS
    from geo_planner.planning.targets.access import ROLES
    from geo_planner.planning.targets.registry import STATUSES
    from geo_planner.sources.boundaries import LEVELS

    assert common.LEVELS == LEVELS and common.FORMATS == FORMATS and common.SUFFIXES == SUFFIXES
    assert common.PRIVACY_MODES == MODES and common.PRIVACY_THRESHOLD == DEFAULT_THRESHOLD
    assert common.ROLES == ROLES and common.STATUSES == STATUSES
    assert common.ALLOCATION_METHODS == tuple(METHODS)
