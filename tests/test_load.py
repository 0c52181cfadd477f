"""Large files on the command line: a 2M-point CSV and a 2M-row table each ranked within 1 GB.

The files are generated in a temporary folder with NumPy (never committed); the
whole ``geo-planner rank`` process runs in a child, and its peak memory is the
child's ``ru_maxrss`` (``resource.getrusage(RUSAGE_CHILDREN)``, measured in a
fresh wrapper process so no other child counts).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[1]
LIMIT_MB = 1024
N = 2_000_000

MEASURE = textwrap.dedent("""
    import resource, subprocess, sys
    done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
    sys.stdout.write(f"{done.returncode} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}\\n")
    sys.stdout.write(done.stdout[-2000:])
    sys.stderr.write(done.stderr[-2000:])
""")

pytestmark = pytest.mark.slow


def _rank(layer: Path, out: Path) -> tuple[int, float, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "GEO_PLANNER_LANG": "en"}
    done = subprocess.run([sys.executable, "-c", MEASURE, sys.executable, "-m", "geo_planner.cli", "rank",
                           "--level", "desa", "--layer", str(layer), "--out", str(out)],
                          capture_output=True, text=True, env=env, timeout=1800)
    code, kb = done.stdout.split("\n", 1)[0].split()
    return int(code), int(kb) / 1024, done.stdout + done.stderr


@pytest.fixture(scope="module")
def desa_codes():
    from geo_planner.units.hierarchy import load_units

    units = load_units("desa", "64")
    return units


def test_two_million_points_within_one_gigabyte(tmp_path, desa_codes):
    # every point at the representative point of a desa: desa i gets the points numbered i, i + n, i + 2n, ...
    reps = desa_codes.geometry.representative_point()
    n = len(reps)
    i = np.arange(N) % n
    path = tmp_path / "titik.csv"
    pd.DataFrame({"id": np.arange(1, N + 1), "lintang": reps.y.to_numpy()[i].round(7),
                  "bujur": reps.x.to_numpy()[i].round(7)}).to_csv(path, index=False)
    out = tmp_path / "r.csv"
    code, peak, text = _rank(path, out)
    assert code == 0, text
    assert peak <= LIMIT_MB, f"peak {peak:.0f} MB"
    ranked = pd.read_csv(out, dtype={"code": str}, encoding="utf-8-sig").set_index("code")
    # N = q * n + r points: the first r desa get q + 1 points, the others q
    q, r = divmod(N, n)
    for code in ranked.index[:5].tolist() + ranked.index[-5:].tolist():
        position = desa_codes.index.get_loc(code)
        assert ranked.loc[code, "titik_count"] == q + (1 if position < r else 0)


def test_two_million_row_table_within_one_gigabyte(tmp_path, desa_codes):
    # row j names desa j % n with the figure (j % n) % 97 + 1: duplicates of a desa agree
    codes = desa_codes.index.to_numpy()
    n = len(codes)
    i = np.arange(N) % n
    path = tmp_path / "tabel.csv"
    pd.DataFrame({"kode": codes[i], "jumlah_rtlh": i % 97 + 1}).to_csv(path, index=False)
    out = tmp_path / "r.csv"
    code, peak, text = _rank(path, out)
    assert code == 0, text
    assert peak <= LIMIT_MB, f"peak {peak:.0f} MB"
    ranked = pd.read_csv(out, dtype={"code": str}, encoding="utf-8-sig").set_index("code")
    assert len(ranked) == n
    expected = pd.Series(np.arange(n) % 97 + 1, index=codes).reindex(ranked.index)
    shown = ranked["jumlah_rtlh"]
    # the export gate hides small counts (1 to 4) at desa level; every other desa shows its figure
    assert shown[expected < 5].isna().all()
    assert (shown[expected >= 5] == expected[expected >= 5]).all()


def test_the_command_line_benchmark_runs_small():
    """benchmarks/bench_cli_points.py --small: both runs succeed and their counts agree (no timing asserted)."""
    done = subprocess.run([sys.executable, str(REPO / "benchmarks" / "bench_cli_points.py"), "--small"],
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ") and "points" not in line]
    assert len(rows) == 2 and "50,000" in rows[0]
    assert "counts equal on the" in done.stdout


def test_a_latitude_written_with_an_exponent_is_counted(tmp_path, desa_codes):
    # pandas and NumPy write a latitude of 0.00008 as "8e-05" (a point on the equator): it is a number
    import shapely

    line = shapely.LineString([(100, 8e-05), (130, 8e-05)])
    hit = desa_codes[desa_codes.intersects(line)]
    assert len(hit), "no desa on the equator"
    code = hit.index[0]
    x = shapely.intersection(hit.geometry.iloc[0], line).representative_point().x
    path = tmp_path / "khatulistiwa.csv"
    path.write_text(f"id,lintang,bujur\n1,8e-05,{x:.6f}\n2,-1.2E-05,abc\n", encoding="utf-8")
    from geo_planner.analysis.spatial import read_spatial_layer

    layer = read_spatial_layer(path, desa_codes, level="desa")
    counts = layer.figures[layer.figures["indicator"] == "khatulistiwa_count"].set_index("code")["value"]
    assert counts[code] == 1 and counts.sum() == 1
    assert layer.unmatched["row"].tolist() == [3]  # the other row: its longitude is not a number
