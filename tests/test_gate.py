"""The export gate: every writer of the product is listed and goes through it; every format, table and CLI
``--out`` written from a hand-built desa fixture (tests/gate_support.py) shows no count 1-4, no way back to
a hidden count, no live formula, and its provenance. The app's downloads: tests/test_gate_app.py.
"""

from __future__ import annotations

import ast
import io
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from gate_support import (
    HOSTILE_NAMES,
    HYPERLINK,
    assert_formula_safe,
    assert_protected,
    assert_provenance,
    build_fixture,
    read_csv_bytes,
    read_file,
    read_xlsx_bytes,
)

from geo_planner.cli.commands import main
from geo_planner.outputs import formats
from geo_planner.outputs.gate import Download, Table, write
from geo_planner.sources.cells import quote, unquote

REPO = Path(__file__).resolve().parents[1]
SCANNED = [*sorted((REPO / "geo_planner").rglob("*.py")), REPO / "app.py", REPO / "app_views.py",
           *sorted((REPO / "app_pages").rglob("*.py"))]

# --------------------------------------------------------------------------- every writer, listed

WRITE_CALLS = {"to_csv", "to_excel", "save", "to_file", "write_bytes", "write_text", "download_button", "Workbook",
               "ExcelWriter", "writestr", "savefig", "PdfPages", "write_dataframe", "to_parquet", "to_json",
               "dump", "copyfile", "copy", "move", "connect", "ZipFile", "open", "to_feather", "to_sql"}
GATE = "geo_planner/outputs/gate.py"
# writers the gate calls: file -> the format of formats.WRITERS whose writer calls it (or "gate" itself)
BEHIND_GATE = {
    ("geo_planner/outputs/vector.py", "to_geojson"): "geojson",
    ("geo_planner/outputs/vector.py", "to_gpkg"): "gpkg",
    ("geo_planner/outputs/vector.py", "_data_columns"): "gpkg",  # labels in the GeoPackage to_gpkg writes
    ("geo_planner/outputs/vector.py", "to_shapefile_zip"): "shp",
    ("geo_planner/outputs/report.py", "to_pdf"): "pdf",
    ("geo_planner/outputs/tables.py", "to_xlsx"): "xlsx",  # builds the workbook the gate saves
    ("geo_planner/outputs/tables.py", "to_rpkd"): "rpkd",
    ("geo_planner/outputs/pockets.py", "pockets_book"): "pockets",
    ("geo_planner/outputs/sheets.py", "table_book"): "gate",  # the workbook of a gate.Table
    ("geo_planner/outputs/sheets.py", "csv_bytes"): "gate",  # the gate's CSV serialiser (bytes in memory)
}
ALLOWED = {  # not outputs of the product, with the reason ("*": any function of the file)
    ("geo_planner/units/hierarchy.py", "*"): "boundary cache: the cleaned units and their cleaning report",
    ("geo_planner/planning/targets/db.py", "*"): "the targets register database",
    ("geo_planner/analysis/engine_dask.py", "write_partitioned_points"): "a point layer as partitioned GeoParquet "
                                                                         "for the dask engine: input, not output",
    ("geo_planner/analysis/spatial.py", "_read_gis"): "an uploaded GIS file copied to a temporary folder to read",
    ("geo_planner/outputs/mapping.py", "__init__"): "GeoJSON text of the map held in memory, not a file",
    ("app_pages/1_Sektor_pemimpin.py", "sector_table"): "a temporary copy of the edited sector table, read back "
                                                        "at once to validate it",
    ("app_views.py", "offer"): "the app's one download button: its file is a gate.Download",
    ("app_views.py", "write"): "Steps.write: a developer's timing log (GEO_PLANNER_STEP_LOG, for "
                               "benchmarks/bench_browser.py); no figures, written only when that is set",
}


def _allowed(path: str, where: str) -> bool:
    return (path, where) in ALLOWED or (path, "*") in ALLOWED


def _write_calls(source: str, rel: str) -> list[tuple[str, str, str, int]]:
    """(file, enclosing function, call, line) of every call in ``source`` that can write a file."""
    tree = ast.parse(source)
    found = []

    def visit(node, where: str) -> None:
        for child in ast.iter_child_nodes(node):
            name = where
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = child.name
            if isinstance(child, ast.Call):
                func = child.func
                call = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if call in WRITE_CALLS and _writes(child, call):
                    found.append((rel, where, call, child.lineno))
            visit(child, name)

    visit(tree, "<module>")
    return found


def _writes(call: ast.Call, name: str) -> bool:
    """``open`` and ``ZipFile`` write only in a writing mode; ``connect`` only when it is sqlite3's."""
    if name in ("open", "ZipFile"):
        modes = [a.value for a in [*call.args[1:2], *(k.value for k in call.keywords if k.arg == "mode")]
                 if isinstance(a, ast.Constant)]
        return any(isinstance(m, str) and set(m) & set("wax+") for m in modes)
    if name == "connect":
        return isinstance(call.func, ast.Attribute) and getattr(call.func.value, "id", "") == "sqlite3"
    if name == "save":  # book.save(...), fig.save(...); not a function of the product called save
        return isinstance(call.func, ast.Attribute)
    if name in ("copy", "move", "dump"):
        return isinstance(call.func, ast.Attribute) and getattr(call.func.value, "id", "") in ("shutil", "json")
    return True


def _all_write_calls() -> list[tuple[str, str, str, int]]:
    calls = []
    for path in SCANNED:
        rel = path.relative_to(REPO).as_posix()
        calls += _write_calls(path.read_text(encoding="utf-8"), rel)
    return calls


def test_every_writer_is_behind_the_gate_or_allowed_with_a_reason():
    calls = _all_write_calls()
    assert any(f == GATE for f, *_ in calls), "the scan found no write in the gate: it is broken"
    outside = [f"{f}:{line} {where}() calls {call}" for f, where, call, line in calls
               if f != GATE and (f, where) not in BEHIND_GATE and not _allowed(f, where)]
    assert outside == [], "files written outside the export gate:\n" + "\n".join(outside)
    seen = {(f, w) for f, w, *_ in calls} | {(f, "*") for f, *_ in calls}
    unused = sorted({*ALLOWED, *BEHIND_GATE} - seen)
    assert unused == [], unused  # the lists name real writers, not wishes


def test_the_scan_catches_a_new_writer():
    bad = 'def save_list(table, path):\n    table.to_csv(path)\n    open(path, "w").write("x")\n'
    found = _write_calls(bad, "geo_planner/outputs/new.py")
    assert [(w, c) for _, w, c, _ in found] == [("save_list", "to_csv"), ("save_list", "open")]
    assert _write_calls('open(path, "rb").read()\n', "x.py") == []


def test_writers_behind_the_gate_are_its_registered_writers():
    import inspect

    from geo_planner.outputs import gate

    for (path, func), fmt in BEHIND_GATE.items():
        caller = gate if fmt == "gate" else formats.WRITERS[fmt]
        assert getattr(caller, "__name__", "") == func or re.search(rf"\b_?{func}\(", inspect.getsource(caller)), (
            path, func, fmt)
    # nothing outside geo_planner/outputs imports a writer: shells reach them only through the gate
    writers = {fn.__name__ for fn in formats.WRITERS.values()} | {f for _, f in BEHIND_GATE} | {
        "csv_bytes", "seal", "protect_analysis", "ranked_frame"}
    offenders = []
    for path in SCANNED:
        rel = path.relative_to(REPO).as_posix()
        if rel.startswith("geo_planner/outputs/"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("geo_planner.outputs"):
                offenders += [f"{rel}:{node.lineno} {a.name}" for a in node.names
                              if a.name in writers and node.module != "geo_planner.outputs.gate"]
    assert offenders == []


def test_offer_refuses_a_file_not_made_by_the_gate(monkeypatch):
    import sys

    sys.path.insert(0, str(REPO))
    import app_views

    buttons = []

    class Container:
        def download_button(self, label, data, **kw):
            buttons.append((kw["key"], data))

    monkeypatch.setattr(app_views.st, "session_state", {})
    app_views.offer(Container(), "x", lambda: b"raw bytes", file_name="x.csv", key="k", lang="id")
    assert [k for k, _ in buttons] == ["k", "k_prov"]
    with pytest.raises(TypeError, match="not made by geo_planner.outputs.gate.write"):
        buttons[0][1]()


# --------------------------------------------------------------------------- formula safety

@pytest.mark.parametrize("text", [HYPERLINK, "+1", "-2 KK", "@SUM(A1)", "\tTab", "\rCR", "'=x", "''+1"])
def test_formula_text_round_trips(text):
    assert quote(text).startswith("'") and unquote(quote(text)) == text


@pytest.mark.parametrize("text", ["Samarinda", "-3", "-1.234,5", "12", "'apostrophe", "", "Mu'ut"])
def test_plain_text_and_numbers_are_left_alone(text):
    assert quote(text) == text and unquote(text) == text


# --------------------------------------------------------------------------- every format

@pytest.fixture(scope="module")
def fx(mirror, tmp_path_factory):
    return build_fixture(tmp_path_factory.mktemp("gate"))


EXPECT = {  # texts each format must carry exactly as typed (their formula safety is checked where it applies)
    "csv": [*HOSTILE_NAMES], "xlsx": ["+1", "-2 KK", "@SUM(A1)", "\tTab desa", HYPERLINK], "rpkd": ["-2 KK"],
    "pockets": ["P1"], "geojson": HOSTILE_NAMES, "gpkg": HOSTILE_NAMES, "kml": [], "shp": [], "pdf": [],
    "html": [],
}


@pytest.mark.parametrize("fmt", sorted(formats.WRITERS))
def test_every_format_is_protected_formula_safe_and_sourced(fx, fmt, tmp_path):
    path = write(fx.analysis, tmp_path / "out", fmt=fmt, column="poor_population" if fmt == "html" else None)
    seen = read_file(path)
    assert seen.units or fmt == "pockets", fmt
    if fmt == "pockets":
        p1 = next(r for r in seen.rows if r.get("pocket") == "P1")
        assert float(p1["poor"]) == 52 and float(p1["population"]) == 440  # the shown members only, not 55
    elif fmt == "pdf":
        for code, line in seen.units.items():
            assert code not in (fx.hidden, fx.secondary), line  # unranked: not in the top table
        assert "16,67" in " ".join(t for t, _ in seen.texts)
    elif fmt == "html":
        assert "tidak ada data" in seen.units[fx.hidden]["tip"] and ">3 jiwa<" not in seen.units[fx.hidden]["tip"]
        assert ">12 jiwa<" in seen.units[fx.codes[1]]["tip"]
    else:
        assert_protected(seen, fx, fmt)
    assert_formula_safe(seen, fmt, expect=EXPECT[fmt])
    if fmt in ("xlsx", "csv"):
        assert any(str(unquote(t)).startswith("=HYPERLINK") for t, _ in seen.texts), "the user's header"
    assert_provenance(seen, fmt)
    assert "privacy" in seen.provenance.lower() or "privasi" in seen.provenance.lower()


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pockets", "kml"])
def test_a_download_is_the_same_file_with_its_provenance(fx, fmt):
    download = write(fx.analysis, None, fmt=fmt)
    assert isinstance(download, Download) and download.sidecar == (fmt in ("csv", "pockets", "kml"))
    assert '"privacy"' in download.provenance and '"cells": 6' in download.provenance
    if fmt in ("csv", "pockets"):
        assert_formula_safe(read_csv_bytes(download.data), fmt)
    elif fmt == "xlsx":
        seen = read_xlsx_bytes(download.data)
        assert_protected(seen, fx, fmt)
        assert_formula_safe(seen, fmt, expect=["+1", HYPERLINK])


def test_a_download_writes_no_file(fx, tmp_path, monkeypatch):
    """A download is bytes: nothing is left in the working folder (the app's, shared by every user)."""
    monkeypatch.chdir(tmp_path)
    for fmt in formats.WRITERS:
        assert write(fx.analysis, None, fmt=fmt).data, fmt
    assert list(tmp_path.iterdir()) == []


def test_the_callers_analysis_is_never_changed(fx, tmp_path):
    before = fx.analysis.units.copy()
    write(fx.analysis, tmp_path / "a.gpkg")
    pd.testing.assert_frame_equal(fx.analysis.units, before)
    assert "privacy" not in fx.analysis.provenance


# --------------------------------------------------------------------------- tables

def test_a_table_at_desa_level_is_protected_by_its_kinds(tmp_path):
    from geo_planner.layers.model import Indicator

    frame = pd.DataFrame({"Kode": ["64.07.16.2001", "64.07.16.2002", "64.07.16.2003", "Jumlah"],
                          "Catatan": ["=SUM(A1)", "-3 KK", "ok", ""],
                          "Penduduk miskin": [3.0, 12.0, 30.0, 45.0], "Persen": [2.5, 10.0, 5.0, None],
                          "Paket": [3.0, 6.0, 10.0, 19.0], "Luas (ha)": [5.0, 6.0, 7.0, 18.0]})
    kinds = {"Penduduk miskin": Indicator("p", "p", "p", "jiwa"), "Persen": Indicator("r", "r", "r", "%"),
             "Paket": Indicator("q", "q", "q", "paket"), "Luas (ha)": Indicator("a", "a", "a", "ha")}
    table = Table(frame, "Uji", kinds=kinds, level="desa", code="Kode", provenance={"source": "hand"})
    seen = read_csv_bytes(write(table, tmp_path / "t.csv").read_bytes())
    rows = {r["Kode"]: r for r in pd.read_csv(tmp_path / "t.csv", encoding="utf-8-sig", dtype=str,
                                              keep_default_na=False).to_dict("records")}
    # 3 hidden; 12 hidden with it (smallest other of 64.07.16); their rates and packages too; areas stay
    assert [rows[c]["Penduduk miskin"] for c in ("64.07.16.2001", "64.07.16.2002", "64.07.16.2003")] == [
        "", "", "30.0"]
    assert rows["64.07.16.2001"]["Persen"] == "" and rows["64.07.16.2001"]["Paket"] == ""
    assert rows["64.07.16.2001"]["Luas (ha)"] == "5.0" and rows["Jumlah"]["Penduduk miskin"] == "45.0"
    assert_formula_safe(seen, "table", expect=["=SUM(A1)", "-3 KK"])
    side = (tmp_path / "t.csv.provenance.json").read_text(encoding="utf-8")
    assert '"cells": 6' in side and '"source": "hand"' in side  # 3 and 12, their rates and their packages
    book = read_xlsx_bytes(write(table, tmp_path / "t.xlsx").read_bytes())
    assert book.formulas == 0 and "Privasi" not in book.provenance and "Angka < 5" in book.provenance


def test_lead_and_allocation_tables_show_no_hidden_count(fx, tmp_path):
    from geo_planner.outputs.plan_tables import allocation_file, lead_table
    from geo_planner.planning.allocate import compare
    from geo_planner.planning.sectors import lead_sectors

    lead = write(lead_table(fx.analysis, lambda a: lead_sectors(a).reset_index(), title="Lead", name="lead",
                            code="code"), tmp_path / "lead.csv")
    rows = pd.read_csv(lead, dtype={"code": str}).set_index("code")
    assert fx.hidden not in rows.index or pd.isna(rows.loc[fx.hidden, "score"])
    assert rows.loc[fx.codes[3], "score"] == 100  # computed from the shown figures (D leads both)
    result = compare(fx.analysis.units.drop(columns="geometry").loc[fx.codes], budget=100e6, unit_cost=5e6,
                     reach_column="poor_population", need_column="poor_population")
    table = allocation_file(result, fx.analysis, reach="poor_population", need="poor_population")
    seen = read_xlsx_bytes(write(table, tmp_path / "alokasi.xlsx").read_bytes())
    _assert_allocation_row_hidden(seen.units[fx.hidden])  # reach 3: its packages and costs would tell it
    assert seen.formulas == 0 and "Angka < 5" in seen.provenance
    b = seen.units[fx.codes[1]]
    assert any(v == 12 for v in b.values())  # B's reach is shown


def _assert_allocation_row_hidden(row: dict) -> None:
    """Every figure of the row empty; only people reached may show 0 (a count of 0 points at no one)."""
    for key, value in row.items():
        if key in ("code", "name"):
            continue
        reached = "terjangkau" in key or "reached" in key
        assert value is None or reached and value == 0, (key, value, row)


# --------------------------------------------------------------------------- every CLI --out

def _args(fx) -> list[str]:
    return ["--level", "desa", "--within", "64.07.16", "--layer", str(fx.layer), "--direction",
            "poor_population=need,poverty_rate=need", "--weights", "poor_population=1,poverty_rate=1"]


@pytest.mark.parametrize("command, out", [
    (["rank"], "r.csv"), (["rank"], "r.xlsx"), (["export", "--format", "rpkd"], "l.xlsx"),
    (["export"], "e.gpkg"), (["lead"], "lead.csv"),
    (["allocate", "--budget", "100000000", "--unit-cost", "5000000", "--need", "poor_population"], "a.xlsx"),
    (["map", "--column", "poor_population"], "m.html"),
])
def test_every_cli_out_goes_through_the_gate(fx, tmp_path, capsys, command, out):
    path = tmp_path / out
    assert main([*command, *_args(fx), "--out", str(path)]) == 0, capsys.readouterr().err
    seen = read_file(path)
    if command[0] == "lead":
        rows = pd.read_csv(path, dtype={"code": str}).set_index("code")
        assert fx.hidden not in rows.index or pd.isna(rows.loc[fx.hidden, "score"])
    elif command[0] == "allocate":
        _assert_allocation_row_hidden(seen.units[fx.hidden])
    elif command[0] == "map":
        assert "tidak ada data" in seen.units[fx.hidden]["tip"]
    else:
        assert_protected(seen, fx, out)
    assert_formula_safe(seen, out)
    if out.endswith((".csv", ".xlsx")) and command[0] in ("rank", "export"):
        assert any(str(unquote(t)).startswith("=HYPERLINK") or t == "hyperlink" for t, _ in seen.texts)
    if not out.endswith(".gpkg"):
        assert "geo-planner" in seen.provenance
    assert "privacy" in seen.provenance.lower() or "privasi" in seen.provenance.lower()


def test_pockets_and_unmatched_out(fx, tmp_path, capsys):
    unmatched = tmp_path / "u.csv"
    assert main(["rank", *_args(fx), "--unmatched-out", str(unmatched)]) == 0
    seen = read_file(unmatched)
    assert_formula_safe(seen, "unmatched", expect=[HYPERLINK, "@SUM(A1)"])
    assert '"source": "rows that matched no unit"' in seen.provenance
    out = tmp_path / "k.xlsx"
    code = main(["pockets", *_args(fx), "--flag", "underserved", "--permutations", "99", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 0, err
    book = read_xlsx_bytes(out.read_bytes())
    assert book.formulas == 0 and "geo-planner" in book.provenance


def test_goal_out_is_formula_safe_with_provenance(tmp_path, capsys):
    out = tmp_path / "goal.xlsx"
    assert main(["goal", "--target", "4", "--out", str(out)]) == 0
    seen = read_xlsx_bytes(out.read_bytes())
    assert seen.formulas == 0 and "proportional_to_poor" in seen.provenance and "geo-planner" in seen.provenance
    csv_out = tmp_path / "goal.csv"
    assert main(["goal", "--target", "4", "--out", str(csv_out)]) == 0
    assert_formula_safe(read_file(csv_out), "goal")
    side = (tmp_path / "goal.csv.provenance.json").read_text(encoding="utf-8")
    assert '"level": "kabkota"' in side and '"rule": "proportional_to_poor"' in side


# --------------------------------------------------------------------------- targets register

def test_targets_export_is_formula_safe_and_imports_back_unchanged(tmp_path, capsys):
    from geo_planner.outputs.plan_tables import targets_table
    from geo_planner.planning.targets import open_register

    notes = ["=SUM(A1)", "-3 KK", "@x", "'=kept", "biasa"]
    with open_register(f"sqlite:///{tmp_path / 'a.sqlite'}") as reg:
        for i, note in enumerate(notes):
            reg.add({"unit_code": "64.02", "agency": "Dinas PUPR", "intervention": "rtlh_rehab", "year": 2026 + i,
                     "quantity": 10 + i, "budget_rp": 1_000_000.5, "status": "planned", "note": note}, who="budi")
        table = targets_table(reg)
    for suffix in ("csv", "xlsx"):
        path = write(table, tmp_path / f"t.{suffix}")
        seen = read_file(path)
        assert_formula_safe(seen, suffix, expect=notes)
        if suffix == "csv":
            assert "'=SUM(A1)" in path.read_text(encoding="utf-8-sig") and "'-3 KK" in path.read_text(
                encoding="utf-8-sig")
        else:
            cells = [c for ws in openpyxl.load_workbook(path).worksheets for r in ws.iter_rows() for c in r]
            assert {c.data_type for c in cells if c.value in notes} == {"s"}
        with open_register(f"sqlite:///{tmp_path / f'b_{suffix}.sqlite'}") as empty:
            report = empty.import_table(path, who="rina")
            assert report.imported == len(notes) and report.rejected.empty, report.rejected
            assert sorted(empty.list()["note"]) == sorted(notes), suffix
    cli = tmp_path / "cli.csv"
    assert main(["targets", "export", str(cli), "--db", f"sqlite:///{tmp_path / 'a.sqlite'}"]) == 0
    assert "wrote" in capsys.readouterr().out and (tmp_path / "cli.csv.provenance.json").is_file()
    assert re.search(r"'=SUM\(A1\)", cli.read_text(encoding="utf-8-sig"))
    assert io.BytesIO(cli.read_bytes()).read(3) == b"\xef\xbb\xbf"


def test_rejected_rows_out_is_formula_safe(tmp_path, capsys):
    bad = tmp_path / "target.csv"
    bad.write_text("Kode wilayah,Instansi,Intervensi,Tahun,Jumlah,Catatan\n"
                   '64.99,"=HYPERLINK(""http://x"",""y"")",UEP,dua,10,-3 KK\n', encoding="utf-8")
    out = tmp_path / "ditolak.csv"
    code = main(["targets", "import", str(bad), "--who", "rina", "--db", f"sqlite:///{tmp_path / 'r.sqlite'}",
                 "--rejected-out", str(out)])
    assert code == 1 and "rejected" in capsys.readouterr().err
    seen = read_file(out)
    assert_formula_safe(seen, "rejected", expect=[HYPERLINK, "-3 KK"])
    assert '"source": "target.csv"' in seen.provenance
