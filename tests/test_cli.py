"""The geo-planner command line: in-process calls and one real console-script run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import geo_planner
from geo_planner.cli.commands import main


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    """These tests read the CLI's English messages (its default is Bahasa Indonesia: tests/test_cli_lang.py)."""
    monkeypatch.setenv("GEO_PLANNER_LANG", "en")

NAMES = ["Paser", "Kutai Kartanegara", "Berau", "Kutai Barat", "Kutai Timur", "Penajam Paser Utara",
         "Mahakam Ulu", "Balikpapan", "Samarinda", "Bontang"]
ERR = "geo-planner: error: "


def _write(tmp_path: Path, text: str, name: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def upload(tmp_path) -> Path:
    return _write(tmp_path, "nama,rtlh (unit)\nKukar,120\nKab. Xyz,5\nSamarinda,300\nKalimantan Timur,9999\n",
                  "rtlh.csv")


@pytest.fixture
def bad_table(tmp_path) -> Path:
    """Text in a number column (row 3), a rate of 120 (row 4), Berau twice with different counts (rows 3, 5)."""
    return _write(tmp_path, "nama,persentase miskin (%),jumlah rtlh\nKukar,7.28,100\nBerau,abc,50\n"
                            "Samarinda,120,30\nBerau,5.08,60\nKab. Xyz,3,1\nKalimantan Timur,5.78,1000\n", "bad.csv")


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------- rank

def test_rank_prints_an_aligned_table(capsys):
    code, out, err = _run(capsys, "rank", "--level", "kabkota", "--province", "64")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["Peringkat", "Kode", "Nama"]
    assert lines[1].split()[:4] == ["1", "64.02", "Kabupaten", "Kutai"]
    assert all(any(n in line for line in lines[1:11]) for n in NAMES)
    assert len({len(line) for line in lines[:11]}) == 1  # aligned columns
    assert "poverty_rate=1, poor_population=1" in out


def test_rank_in_english_with_weights(capsys):
    code, out, _ = _run(capsys, "rank", "--weights", "poverty_rate=1", "--lang", "en")
    assert code == 0
    assert out.splitlines()[0].split()[0] == "Rank"
    assert out.splitlines()[1].split()[:2] == ["1", "64.11"]  # Mahakam Ulu, 10.75 %


def test_rank_out_csv_has_the_machine_columns(capsys, tmp_path):
    out_file = tmp_path / "ranked.csv"
    code, out, _ = _run(capsys, "rank", "--level", "kabkota", "--out", str(out_file))
    assert code == 0 and str(out_file) in out
    df = pd.read_csv(out_file, encoding="utf-8-sig", dtype={"code": str})
    assert {"code", "name", "level", "rank", "priority_score", "poverty_rate", "poor_population"} <= set(df.columns)
    assert df["code"].iloc[0] == "64.02" and len(df) == 10
    assert json.loads((tmp_path / "ranked.csv.provenance.json").read_text())["tool"] == "geo-planner"


def test_rank_out_xlsx(capsys, tmp_path):
    out_file = tmp_path / "prioritas.xlsx"
    assert _run(capsys, "rank", "--out", str(out_file))[0] == 0
    assert openpyxl.load_workbook(out_file).sheetnames == ["Prioritas", "Sumber"]


def test_rank_warns_about_unmatched_rows_and_exports_them(capsys, tmp_path, upload):
    code, _, err = _run(capsys, "rank", "--layer", str(upload), "--direction", "rtlh=need",
                        "--weights", "poverty_rate=1,rtlh=1")
    assert code == 0
    assert "geo-planner: warning: 1 row(s) of rtlh.csv matched no unit: row 3 'Kab. Xyz': no unit named like" in err
    assert "--unmatched-out" in err
    target = tmp_path / "unmatched.csv"
    code, _, err = _run(capsys, "rank", "--layer", str(upload), "--unmatched-out", str(target))
    assert code == 0 and str(target) in err
    rows = pd.read_csv(target, encoding="utf-8-sig")
    assert rows[["file", "row", "nama"]].values.tolist() == [["rtlh.csv", 3, "Kab. Xyz"]]
    assert rows["reason"].str.contains("no unit named like").all()


@pytest.mark.parametrize(("argv", "message"), [
    (["rank", "--weights", "nope=1"], "no indicator 'nope' at this level; available:"),
    (["rank", "--weights", "poverty_rate=-1"], "weights must be 0 or more"),
    (["rank", "--weights", "poverty_rate"], "not of the form id=number"),
    (["rank", "--direction", "rtlh"], "not of the form id=need|coverage|context"),
    (["rank", "--layer", "does-not-exist.csv"], "the file was not found"),
    (["rank", "--out", "ranked.pdf"], "cannot write '.pdf' files; name the output with one of .csv, .xlsx"),
    (["rank", "--no-builtin"], "no figure is joined to any kabkota unit"),
    (["data", "fetch", "--levels", "planet"], "unknown level 'planet'"),
])
def test_user_errors_are_one_line_and_exit_1(capsys, argv, message):
    code, out, err = _run(capsys, *argv)
    assert code == 1 and out == ""
    assert err.startswith(ERR) and message in err
    assert "Traceback" not in err


def test_bad_table_in_rank_lists_all_problems(capsys, bad_table):
    code, _, err = _run(capsys, "rank", "--layer", str(bad_table))
    assert code == 1 and err.startswith(ERR + "file bad.csv: 3 problem(s) found")
    assert "row 3" in err and "row 4" in err and "rows 3, 5" in err


def test_unwritable_output_is_a_clear_error(capsys, tmp_path):
    code, _, err = _run(capsys, "rank", "--out", str(tmp_path / "no-such-folder" / "x.csv"))
    assert code == 1 and err.startswith(ERR) and "no-such-folder" in err and "Traceback" not in err


def test_argparse_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["rank", "--level", "planet"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main([])
    assert exc.value.code == 2


# --------------------------------------------------------------------------- validate

def test_validate_lists_every_problem_with_rows(capsys, bad_table):
    code, out, err = _run(capsys, "validate", str(bad_table), "--level", "kabkota")
    assert code == 1 and err == ""
    lines = out.splitlines()
    text_problem = next(line for line in lines if "'abc' is not a number" in line)
    assert "row 3" in text_problem and "column 'persentase miskin (%)'" in text_problem
    rate_problem = next(line for line in lines if "rate 120 is outside 0-100" in line)
    assert "row 4" in rate_problem
    dup = next(line for line in lines if "conflicting values" in line)
    assert "64.03" in dup and "rows 3, 5" in dup and "(50 vs 60)" in dup
    assert "row 6 'Kab. Xyz': no unit named like 'Kab. Xyz'" in out  # unmatched, listed even with errors
    assert "total rows (the province or a parent unit), recognised and not joined: row 7" in out
    assert lines[-1].startswith("FAILED: 3 error(s), 0 warning(s), 1 unmatched row(s), 1 total row(s)")


def test_validate_a_good_file_exits_0(capsys, upload):
    code, out, _ = _run(capsys, "validate", str(upload))
    assert code == 0
    assert "indicators: rtlh" in out
    assert "row 3 'Kab. Xyz'" in out and "row 5" in out
    assert out.splitlines()[-1] == ("OK: 0 error(s), 0 warning(s), 1 unmatched row(s), 1 total row(s), "
                                    "2 unit(s) joined")


def test_a_bps_kecamatan_table_as_published_reads_its_regency_total_as_a_total(capsys, tmp_path):
    """A kecamatan table as BPS publishes it (a title, semicolons, dots as thousands, the regency's total and a
    source line at the end): the counts land on their kecamatan, the regency row is a total, not a unit."""
    path = tmp_path / "kukar_kecamatan.csv"
    path.write_text("Tabel 3.1 Jumlah Penduduk Miskin menurut Kecamatan di Kabupaten Kutai Kartanegara, 2024\n;\n"
                    "Kecamatan;Jumlah Penduduk Miskin (jiwa);Persentase (%)\n"
                    "Muara Muntai;1.234;7,5\nLoa Kulu;2.345;6,1\nLoa Janan;3.456;5,9\nAnggana;1.002;8,25\n"
                    "Kutai Kartanegara;8.037;6,9\nSumber: BPS Kabupaten Kutai Kartanegara\n", encoding="utf-8")
    code, out, _ = _run(capsys, "validate", str(path), "--level", "kecamatan")
    assert code == 0
    assert "total rows (the province or a parent unit), recognised and not joined: row 8" in out
    assert out.splitlines()[-1] == ("OK: 0 error(s), 0 warning(s), 0 unmatched row(s), 1 total row(s), "
                                    "4 unit(s) joined")
    ranked = tmp_path / "ranked.csv"
    assert _run(capsys, "rank", "--level", "kecamatan", "--layer", str(path), "--out", str(ranked))[0] == 0
    got = pd.read_csv(ranked, dtype={"code": str}).set_index("code")
    assert got.loc[["64.02.01", "64.02.02", "64.02.03", "64.02.04"], "poor_population"].tolist() == [
        1234, 2345, 3456, 1002]
    assert got["poor_population"].notna().sum() == 4  # the regency's 8.037 is on no unit


def test_a_file_that_joins_no_unit_fails_validate_and_rank_with_each_rows_reason(capsys, tmp_path):
    """Desa codes read at regency level, another province's codes: each row says why and what to do; nothing
    joined is not OK (validate exits 1) and rank refuses rather than rank on the other layers alone."""
    desa = tmp_path / "kpm_desa.csv"
    desa.write_text("kode,jumlah_kpm\n64.02.03.2001,40\n64.72.05.1002,25\n", encoding="utf-8")
    code, out, _ = _run(capsys, "validate", str(desa), "--level", "kabkota")
    assert code == 1
    assert ("row 2 '64.02.03.2001': Kemendagri code 64.02.03.2001 is a village code, not a regency/city one; "
            "choose the village level (--level desa) or check the code column") in out
    assert "no row joined any kabkota unit: check the reasons above, the level (--level) and the province" in out
    assert out.splitlines()[-1].startswith("FAILED: 0 error(s), 0 warning(s), 2 unmatched row(s)")
    kalsel = tmp_path / "kalsel.csv"
    kalsel.write_text("kode,nama,penduduk_miskin\n63.01,Tanah Laut,18000\n63.71,Banjarmasin,30000\n",
                      encoding="utf-8")
    code, out, err = _run(capsys, "rank", "--level", "kabkota", "--layer", str(kalsel))
    assert code == 1 and out == ""
    assert ("row 2: Kemendagri code 63.01 lies in province 63, not 64; check the file or choose province 63 "
            "(--province 63)") in err
    assert "none of the 2 rows joined a kabkota unit, so its figures are not used" in err


def test_rank_says_how_many_small_counts_it_left_empty_in_the_file(capsys, tmp_path):
    """Points at desa level: counts of 1-4 are hidden by the gate; the planner is told beside the file written."""
    points = tmp_path / "titik_rtlh.csv"
    # three points close together in Samarinda and one 3.5 km away: two desa, with 3 and 1 points
    points.write_text("id,lintang,bujur\n1,-0.4525,117.1585\n2,-0.4530,117.1590\n3,-0.4520,117.1580\n"
                      "4,-0.4290,117.1890\n", encoding="utf-8")
    out = tmp_path / "ranked.csv"
    code, stdout, err = _run(capsys, "rank", "--level", "desa", "--layer", str(points), "--no-builtin",
                             "--direction", "titik_rtlh_count=need", "--out", str(out))
    assert code == 0 and stdout == f"wrote {out} (1038 ranked units)\n"
    hidden = next(line for line in err.splitlines() if "left empty" in line)
    assert hidden.startswith("geo-planner: warning: 2 cell(s) in 2 unit(s) are left empty in ")
    assert "counts of 1 to 4 and the figures beside them" in hidden and "--privacy round|none" in hidden
    got = pd.read_csv(out, dtype={"code": str}).set_index("code")["titik_rtlh_count"]
    assert got.isna().sum() == 2 and (got.dropna() == 0).all()  # the 3 and the 1 are not in the file


def test_a_direction_for_an_indicator_not_loaded_is_refused_naming_those_there_are(capsys, tmp_path):
    path = tmp_path / "kpm.csv"
    path.write_text("kabupaten,jumlah kpm\nPaser,1200\nBerau,900\n", encoding="utf-8")
    code, out, err = _run(capsys, "rank", "--layer", str(path), "--no-builtin", "--direction", "jumlah_kk=need")
    assert code == 1 and out == ""
    assert err == ("geo-planner: error: --direction names jumlah_kk, which is not loaded; the indicators are: "
                   "jumlah_kpm\n")


def test_validate_unreadable_file(capsys, tmp_path):
    path = tmp_path / "table.xlsx"
    path.write_bytes(b"\x00\x01binary")
    code, _, err = _run(capsys, "validate", str(path))
    assert code == 1 and err.startswith(ERR + "file table.xlsx:") and "Traceback" not in err


# --------------------------------------------------------------------------- data, map, serve

def test_data_fetch_prints_paths_and_cleaning(capsys):
    code, out, _ = _run(capsys, "data", "fetch", "--province", "64", "--levels", "province,kabkota")
    assert code == 0
    assert out.startswith("province: ") and "province.gpkg" in out
    assert "kabkota.gpkg" in out and "10 units; overlapping neighbour pairs 14 -> 0" in out
    assert "enclosed gaps" in out and " ha -> " in out


def test_data_fetch_stores_the_apps_simplified_map_geometry(capsys, monkeypatch, tmp_path):
    """The map's simplified outlines are made at ``data fetch``, so the app's first view of a level reads them."""
    import shutil

    from geo_planner.units.hierarchy import built_path

    cleaned = built_path("64", "kabkota", None)
    _run(capsys, "data", "fetch", "--province", "64", "--levels", "kabkota")  # the shared cache holds it now
    cache = tmp_path / "cache"
    target = built_path("64", "kabkota", cache)
    target.parent.mkdir(parents=True)
    shutil.copy(cleaned, target)  # a cache with the cleaned boundaries only
    shutil.copy(cleaned.with_suffix(".cleaning.json"), target.with_suffix(".cleaning.json"))
    monkeypatch.setenv("GEO_PLANNER_CACHE", str(cache))
    code, out, _ = _run(capsys, "data", "fetch", "--province", "64", "--levels", "kabkota")
    assert code == 0 and "kabkota.gpkg" in out
    assert sorted(p.name for p in target.parent.glob("*.parquet")) == ["kabkota.map-t0.002-d5-v1.parquet"]


def test_map_writes_html_with_the_ten_units(capsys, tmp_path):
    out_file = tmp_path / "map.html"
    code, _, err = _run(capsys, "map", "--level", "kabkota", "--out", str(out_file), "--column", "poverty_rate")
    assert code == 0, err
    html = out_file.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html")
    for code_ in ("64.01", "64.02", "64.03", "64.07", "64.08", "64.09", "64.11", "64.71", "64.72", "64.74"):
        assert f'"{code_}"' in html
    assert all(n in html for n in NAMES)


def test_map_unknown_column(capsys, tmp_path):
    code, _, err = _run(capsys, "map", "--out", str(tmp_path / "m.html"), "--column", "nope")
    assert code == 1 and "no column 'nope' to map; choose one of priority_score, poverty_rate" in err


def test_serve_runs_streamlit_on_the_app(capsys, monkeypatch, tmp_path):
    (tmp_path / "geo_planner").mkdir()
    (tmp_path / "app.py").write_text("")
    monkeypatch.setattr(geo_planner, "__file__", str(tmp_path / "geo_planner" / "__init__.py"))
    calls = []
    from geo_planner.cli import serve

    monkeypatch.setattr(serve.subprocess, "call", lambda cmd, env: calls.append(cmd) or 0)
    assert _run(capsys, "serve", "--port", "8600")[0] == 0
    assert calls == [[sys.executable, "-m", "streamlit", "run", str(tmp_path / "app.py"), "--server.port", "8600",
                      "--server.address", "127.0.0.1", "--runner.postScriptGC", "false"]]  # this computer only


def test_serve_without_app_is_a_clear_error(capsys, monkeypatch, tmp_path):
    (tmp_path / "geo_planner").mkdir()
    monkeypatch.setattr(geo_planner, "__file__", str(tmp_path / "geo_planner" / "__init__.py"))
    code, _, err = _run(capsys, "serve")
    assert code == 1 and err.startswith(ERR + f"the app file {tmp_path / 'app.py'} is not there")


# --------------------------------------------------------------------------- the installed console script

def _console_script() -> list[str]:
    script = Path(sys.executable).with_name("geo-planner")
    found = str(script) if script.is_file() else shutil.which("geo-planner")
    return [found] if found else [sys.executable, "-m", "geo_planner.cli.commands"]


@pytest.mark.parametrize(("argv", "code", "message"), [
    (["rank", "--layer", "missing.csv"], 1, "the file was not found"),
    (["rank", "--weights", "unknown_indicator=2"], 1, "no indicator 'unknown_indicator'"),
    (["validate", "BAD"], 1, "FAILED: 3 error(s)"),
    (["rank", "--layer", "BINARY"], 1, "file photo.xlsx: "),
    (["rank", "--level", "planet"], 2, "invalid choice: 'planet'"),
])
def test_console_script_exit_codes_and_no_traceback(tmp_path, bad_table, argv, code, message):
    (tmp_path / "photo.xlsx").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    argv = [{"BAD": str(bad_table), "BINARY": "photo.xlsx"}.get(a, a) for a in argv]
    run = subprocess.run(_console_script() + argv, capture_output=True, text=True, cwd=tmp_path,
                         env=os.environ.copy(), timeout=300)
    assert run.returncode == code, run.stderr
    assert message in run.stderr or message in run.stdout
    assert "Traceback" not in run.stderr


def test_console_script_rank_out(tmp_path):
    run = subprocess.run(_console_script() + ["rank", "--out", "x.csv"], capture_output=True, text=True,
                         cwd=tmp_path, env=os.environ.copy(), timeout=300)
    assert run.returncode == 0, run.stderr
    assert pd.read_csv(tmp_path / "x.csv", encoding="utf-8-sig", dtype={"code": str})["code"].iloc[0] == "64.02"
