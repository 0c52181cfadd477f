"""The targets register, on SQLite and on a real PostgreSQL/PostGIS server.

Every test taking ``url``, ``reg`` or ``fresh`` runs once per back end. The
PostgreSQL runs need ``GEO_PLANNER_TEST_PG`` (``.ci/run`` starts a local server
and sets it); each test gets its own schema, dropped afterwards.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import threading
import uuid

import openpyxl
import pandas as pd
import pytest
from pg_support import pg_admin, pg_base, pg_schema

from geo_planner.cli.targets import add_cli
from geo_planner.errors import GeoPlannerError, InputError, ValidationError
from geo_planner.outputs.gate import write
from geo_planner.outputs.plan_tables import targets_table
from geo_planner.planning.targets import (
    COLUMNS,
    FIELDS,
    INTERVENTIONS,
    SCHEMA_VERSION,
    STATUSES,
    ConflictError,
    NotFoundError,
    Register,
    StorageError,
    UnitCheck,
    effective_quantity,
    mark_overlaps,
    open_register,
    overlaps,
    remaining,
    resolve_intervention,
    resolve_status,
    validate_record,
)
from geo_planner.planning.targets.registry import normalise_unit_code

# --------------------------------------------------------------------------- back ends

@pytest.fixture(params=["sqlite", "postgresql"])
def fresh(request, tmp_path):
    """A factory of URLs of empty registers on one back end (a new file or a new schema each call)."""
    with contextlib.ExitStack() as schemas:
        def make() -> str:
            if request.param == "sqlite":
                return f"sqlite:///{tmp_path / f'targets_{uuid.uuid4().hex[:8]}.sqlite'}"
            return schemas.enter_context(pg_schema())

        make.backend = request.param
        yield make


@pytest.fixture
def url(fresh) -> str:
    return fresh()


@pytest.fixture
def reg(url):
    with open_register(url) as register:
        yield register


def rec(**changes) -> dict:
    base = {"unit_code": "64.02", "agency": "Dinas PUPR", "intervention": "rtlh_rehab", "year": 2026,
            "quantity": 120, "budget_rp": 2_400_000_000, "status": "planned", "note": None}
    return {**base, **changes}


def fields(frame: pd.DataFrame) -> list[dict]:
    rows = frame[list(FIELDS)].astype(object).where(frame[list(FIELDS)].notna(), None)
    return sorted(rows.to_dict("records"), key=lambda r: (r["unit_code"], r["agency"], r["intervention"],
                                                          r["year"], r["quantity"]))


# --------------------------------------------------------------------------- schema and storage

def test_open_creates_the_schema_and_reopening_changes_nothing(url):
    with open_register(url) as first:
        assert first.applied_migrations == list(range(1, SCHEMA_VERSION + 1))
        assert first.schema_version == SCHEMA_VERSION
        versions = first._query("SELECT version FROM schema_version ORDER BY version")
        first.add(rec(), who="budi")
    with open_register(url) as again:
        assert again.applied_migrations == []
        assert again._query("SELECT version FROM schema_version ORDER BY version") == versions
        assert len(again.list()) == 1
    assert [v["version"] for v in versions] == list(range(1, SCHEMA_VERSION + 1))


def test_postgresql_has_postgis():
    with pg_schema() as url, open_register(url) as r:
        assert r.dialect == "postgresql" and r.schema_version == SCHEMA_VERSION
        assert r._query("SELECT extname FROM pg_extension WHERE extname = 'postgis'")
        assert r._query("SELECT ST_AsText(ST_Point(117.15, -0.5)) AS p")[0]["p"] == "POINT(117.15 -0.5)"


def test_a_newer_schema_is_refused(reg, url):
    with reg._transaction():
        reg._execute("INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
                     (99, "from the future", "2030-01-01T00:00:00+00:00"))
    with pytest.raises(StorageError, match="schema version 99.*upgrade geo-planner"):
        open_register(url)


def test_default_register_is_created_in_the_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("GEO_PLANNER_DB", raising=False)
    monkeypatch.setenv("GEO_PLANNER_DATA", str(tmp_path / "data"))
    with open_register() as register:
        assert register.dialect == "sqlite"
    assert (tmp_path / "data" / "targets.sqlite").is_file()


def test_geo_planner_db_selects_the_back_end(monkeypatch, fresh):
    monkeypatch.setenv("GEO_PLANNER_DB", fresh())
    with open_register() as register:
        assert register.dialect == fresh.backend


def test_unreachable_server_is_one_clear_sentence_without_the_password():
    with pytest.raises(StorageError) as info:
        open_register("postgresql://someone:secret@127.0.0.1:1/nowhere")
    assert "secret" not in str(info.value) and "cannot connect to the PostgreSQL server" in str(info.value)


def test_unsupported_url():
    with pytest.raises(StorageError, match="unsupported database URL"):
        open_register("mysql://x@y/z")


def test_postgresql_without_postgis_is_a_clear_error():
    base = pg_base()
    import psycopg

    with psycopg.connect(base, autocommit=True) as conn:
        if conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()[0]:
            pytest.skip("the test role is a superuser: it can create PostGIS anywhere")
        name = f"gp_nogis_{uuid.uuid4().hex[:8]}"
        conn.execute(f"CREATE DATABASE {name}")
    try:
        other = base.rsplit("/", 1)[0] + "/" + name
        with pytest.raises(StorageError, match="PostGIS is not available.*CREATE EXTENSION postgis"):
            open_register(other)
        with psycopg.connect(other, autocommit=True) as conn:  # the failed migration left nothing behind
            assert conn.execute("SELECT to_regclass('targets')").fetchone()[0] is None
    finally:
        pg_admin(base, f"DROP DATABASE IF EXISTS {name}")


# --------------------------------------------------------------------------- create, read, update, delete

def test_add_get_and_list_with_filters(reg):
    t = reg.add({"code": " 64.02. ", "agency": " Dinas  PUPR ", "intervention": "Bedah rumah", "year": "2026",
                 "quantity": "1.500", "budget_rp": "Rp 2.400.000.000", "status": "Didanai", "note": "tahap 1"},
                who="budi")
    assert (t.unit_code, t.unit_level, t.agency, t.intervention, t.year) == ("64.02", "kabkota", "Dinas PUPR",
                                                                           "rtlh_rehab", 2026)
    assert (t.quantity, t.budget_rp, t.status, t.version, t.created_by) == (1500.0, 2.4e9, "funded", 1, "budi")
    assert reg.get(t.id) == t
    reg.add(rec(unit_code="64.02.01.2001", agency="Dinas Sosial", intervention="uep_family", year=2027,
                quantity=40, budget_rp=None), who="sari")
    reg.add(rec(unit_code="64.72", status="selesai"), who="sari")
    frame = reg.list()
    assert list(frame.columns) == list(COLUMNS) and len(frame) == 3
    assert frame["unit_code"].tolist() == ["64.02", "64.02.01.2001", "64.72"]
    assert reg.list(unit="64.02")["unit_code"].tolist() == ["64.02", "64.02.01.2001"]
    assert reg.list(agency="sosial")["agency"].tolist() == ["Dinas Sosial"]
    assert reg.list(intervention="UEP")["year"].tolist() == [2027]
    assert len(reg.list(year=[2026, 2027])) == 3 and len(reg.list(year=2027)) == 1
    assert reg.list(status=["selesai", "funded"])["unit_code"].tolist() == ["64.02", "64.72"]
    assert reg.list(year=1999).empty and list(reg.list(year=1999).columns) == list(COLUMNS)
    with pytest.raises(InputError, match="unknown status"):
        reg.list(status="maybe")


def test_add_reports_every_problem_and_stores_nothing(reg):
    bad = {"unit_code": "6403", "agency": " ", "intervention": "bedah rumahh x", "year": 1999,
           "quantity": "-5", "budget_rp": "banyak", "status": "maybe", "colour": "red"}
    with pytest.raises(ValidationError) as info:
        reg.add(bad, who="budi")
    by_column = {p.column: p.message for p in info.value.problems}
    assert set(by_column) == {"unit_code", "agency", "intervention", "year", "quantity", "budget_rp", "status",
                              "colour"}
    assert "BPS code" in by_column["unit_code"] and "64.02" in by_column["unit_code"]
    assert "rtlh_rehab" in by_column["intervention"] and "kube_group" in by_column["intervention"]
    assert "2000 to 2100" in by_column["year"] and "negative" in by_column["quantity"]
    assert "direncanakan" in by_column["status"]
    assert reg.list().empty and reg.history().empty
    with pytest.raises(InputError, match="who"):
        reg.add(rec(), who=" ")


def test_quantities_are_whole_numbers():
    with pytest.raises(ValidationError, match="not a whole number of KPM"):
        validate_record(rec(intervention="uep_family", quantity="2,5"))


def test_known_units_are_checked_when_given(reg):
    units = pd.DataFrame({"name": ["Kutai Kartanegara", "Samarinda"], "parent": ["64", "64"]},
                         index=["64.02", "64.72"])
    with pytest.raises(ValidationError, match="64.05 is not a known unit"):
        reg.add(rec(unit_code="64.05"), who="budi", units=units)
    for code in ("64", "64.02", "64.02.01", "64.72.01.1001"):  # the province above, units below
        reg.add(rec(unit_code=code), who="budi", units=units)
    assert not UnitCheck(["64.02.01"]).knows("64.02.02")


def test_update_bumps_the_version_and_logs_before_and_after(reg):
    t = reg.add(rec(), who="budi")
    u = reg.update(t.id, {"quantity": "150", "status": "dalam pelaksanaan"}, expected_version=1, who="sari")
    assert (u.quantity, u.status, u.version, u.updated_by, u.created_by) == (150.0, "in_progress", 2, "sari",
                                                                            "budi")
    assert reg.get(t.id) == u
    log = reg.history(t.id)
    assert log["action"].tolist() == ["create", "update"] and log["who"].tolist() == ["budi", "sari"]
    assert log["before"][0] is None and log["after"][0]["quantity"] == 120.0
    assert log["before"][1]["quantity"] == 120.0 and log["after"][1]["quantity"] == 150.0
    assert log["after"][1]["version"] == 2 and log["at"][1].endswith("+00:00")
    same = reg.update(t.id, {"quantity": 150}, expected_version=2, who="sari")
    assert same.version == 2 and len(reg.history(t.id)) == 2  # nothing changed: nothing written
    with pytest.raises(ValidationError, match="'id' is not a field"):
        reg.update(t.id, {"id": 5}, expected_version=2, who="sari")


def test_a_concurrent_edit_is_a_conflict_not_a_lost_update(url):
    with open_register(url) as setup:
        target_id = setup.add(rec(), who="budi").id
    with open_register(url) as budi, open_register(url) as sari:
        seen_by_budi, seen_by_sari = budi.get(target_id), sari.get(target_id)
        assert seen_by_budi.version == seen_by_sari.version == 1
        budi.update(target_id, {"quantity": 200}, expected_version=seen_by_budi.version, who="budi")
        with pytest.raises(ConflictError) as info:
            sari.update(target_id, {"quantity": 90}, expected_version=seen_by_sari.version, who="sari")
        message = str(info.value)
        assert f"target {target_id} was changed by budi at" in message and "reload it" in message
        assert "version 2" in message
        kept = sari.get(target_id)
        assert (kept.quantity, kept.version, kept.updated_by) == (200.0, 2, "budi")
        assert sari.history(target_id)["action"].tolist() == ["create", "update"]
        retried = sari.update(target_id, {"status": "funded"}, expected_version=kept.version, who="sari")
        assert (retried.quantity, retried.status, retried.version) == (200.0, "funded", 3)


def test_simultaneous_saves_let_exactly_one_win(url):
    with open_register(url) as setup:
        target_id = setup.add(rec(), who="budi").id
    barrier, results = threading.Barrier(2), {}

    def save(name: str, quantity: int) -> None:
        with open_register(url) as register:
            barrier.wait()
            try:
                register.update(target_id, {"quantity": quantity}, expected_version=1, who=name)
                results[name] = "saved"
            except ConflictError:
                results[name] = "conflict"

    threads = [threading.Thread(target=save, args=(n, q)) for n, q in (("budi", 200), ("sari", 90))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(results.values()) == ["conflict", "saved"]
    winner = next(n for n, r in results.items() if r == "saved")
    with open_register(url) as check:
        final = check.get(target_id)
        assert (final.version, final.updated_by, final.quantity) == (2, winner, 200.0 if winner == "budi" else 90.0)


def test_delete_checks_the_version_and_keeps_the_record_in_the_log(reg):
    t = reg.add(rec(), who="budi")
    reg.update(t.id, {"quantity": 1}, expected_version=1, who="sari")
    with pytest.raises(ConflictError, match="changed by sari"):
        reg.delete(t.id, expected_version=1, who="budi")
    reg.delete(t.id, expected_version=2, who="budi")
    with pytest.raises(NotFoundError, match=f"no target {t.id}"):
        reg.get(t.id)
    with pytest.raises(ConflictError, match=f"target {t.id} was deleted by budi"):
        reg.update(t.id, {"quantity": 5}, expected_version=2, who="sari")
    with pytest.raises(NotFoundError):
        reg.delete(t.id + 100, expected_version=1, who="budi")
    log = reg.history(t.id)
    assert log["action"].tolist() == ["create", "update", "delete"]
    assert log["before"][2]["quantity"] == 1.0 and log["after"][2] is None
    assert reg.list().empty


def test_apply_edits_saves_all_or_nothing(reg):
    a, b = reg.add(rec(), who="budi"), reg.add(rec(unit_code="64.72"), who="budi")
    reg.update(b.id, {"note": "sudah diubah"}, expected_version=1, who="sari")
    with pytest.raises(ConflictError):
        reg.apply_edits(who="budi", added=[rec(unit_code="64.01")], changed={a.id: (1, {"quantity": 7})},
                        deleted={b.id: 1})
    assert len(reg.list()) == 2 and reg.get(a.id).quantity == 120.0
    with pytest.raises(ValidationError) as info:
        reg.apply_edits(who="budi", added=[rec(), rec(year=1900)])
    assert [(p.row, p.column) for p in info.value.problems] == [(2, "year")]
    out = reg.apply_edits(who="budi", added=[rec(unit_code="64.01")], changed={a.id: (1, {"quantity": 7})},
                          deleted={b.id: 2})
    assert [t.unit_code for t in out] == ["64.01", "64.02"] and out[1].quantity == 7.0
    assert sorted(reg.list()["unit_code"]) == ["64.01", "64.02"]


# --------------------------------------------------------------------------- a crash mid-save

def _crash(*args, **kwargs):
    raise RuntimeError("power cut between the target write and its audit row")


def test_a_crash_between_the_write_and_its_audit_row_commits_nothing(url, monkeypatch, tmp_path):
    with open_register(url) as register:
        kept = register.add(rec(), who="budi")
        monkeypatch.setattr(Register, "_write_audit", _crash)
        with pytest.raises(RuntimeError, match="power cut"):
            register.add(rec(unit_code="64.72"), who="budi")
        with pytest.raises(RuntimeError):
            register.update(kept.id, {"quantity": 999}, expected_version=1, who="sari")
        with pytest.raises(RuntimeError):
            register.delete(kept.id, expected_version=1, who="sari")
        csv = tmp_path / "more.csv"
        csv.write_text("kode,instansi,intervensi,tahun,jumlah\n64.01,Dinas Sosial,UEP,2026,10\n", encoding="utf-8")
        with pytest.raises(RuntimeError):
            register.import_table(csv, who="sari")
        monkeypatch.undo()
    with open_register(url) as after:  # a new connection sees only what was committed
        assert after.list()["id"].tolist() == [kept.id]
        assert after.get(kept.id) == kept
        assert after.history()["action"].tolist() == ["create"]


CRASHING_SAVE = """
import os, sys
from geo_planner.planning.targets import Register, open_register
register = open_register(sys.argv[1])
register.add({"unit_code": "64.01", "agency": "Dinas Sosial", "intervention": "kube_group", "year": 2026,
              "quantity": 5}, who="committed")
def die(*args, **kwargs):
    os._exit(3)  # the process dies between the target write and its audit row: no rollback, no close
Register._write_audit = die
register.add({"unit_code": "64.72", "agency": "Dinas Sosial", "intervention": "kube_group", "year": 2026,
              "quantity": 7}, who="lost")
"""


def test_a_process_killed_mid_save_loses_only_the_unfinished_save(url):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", CRASHING_SAVE, url], capture_output=True, text=True, timeout=120)
    assert done.returncode == 3, done.stderr
    with open_register(url) as after:
        frame = after.list()
        assert frame["unit_code"].tolist() == ["64.01"] and frame["created_by"].tolist() == ["committed"]
        assert after.history()["who"].tolist() == ["committed"]
        after.add(rec(unit_code="64.72"), who="budi")  # nothing left locked
        assert len(after.list()) == 2


# --------------------------------------------------------------------------- import and export

BAD_CSV = """Daftar target intervensi 2026
Kode wilayah;Instansi;Intervensi;Tahun;Jumlah;Anggaran (Rp);Status;Catatan;Warna
64.02;Dinas PUPR;Rehabilitasi RTLH;2026;1.500;Rp 2.400.000.000;direncanakan;tahap 1;merah
64.72;Dinas Sosial;UEP;2026;200;1.000.000.000;Didanai;;biru
64.03;Dinas PUPR;bedah rumah;1999;10;;berjalan;;
6403;Dinas PUPR;RTLH;2026;-4;;selesai;;
64.01;;jamban;2026;abc;;;;
64.09;Dinas Sosial;KUBE;2027;5;;mungkin;;
64.11;Dinas Sosial;bantuan lain;2027;5;50.000.000;;;
64.74;Dinas PUPR/PDAM;Sambungan air;2026;300;;dalam pelaksanaan;"catatan; dengan titik koma";
Sumber: Bappeda Kaltim
"""


def test_import_adds_good_rows_and_rejects_bad_ones_with_row_and_reason(reg, tmp_path):
    path = tmp_path / "target.csv"
    path.write_text(BAD_CSV, encoding="utf-8")
    report = reg.import_table(path, who="rina")
    assert report.imported == 3 and report.rejected_rows == [5, 6, 7, 8, 9]
    assert report.ignored_columns == ["Warna"]
    reasons = {(r.row, r.column): r.reason for r in report.rejected.itertuples()}
    assert "2000 to 2100" in reasons[(5, "Tahun")]
    assert "BPS code" in reasons[(6, "Kode wilayah")] and "negative" in reasons[(6, "Jumlah")]
    assert "agency is empty" in reasons[(7, "Instansi")] and "not a number" in reasons[(7, "Jumlah")]
    assert "unknown status 'mungkin'" in reasons[(8, "Status")]
    assert "unknown intervention 'bantuan lain'" in reasons[(9, "Intervensi")]
    assert set(report.rejected["file"]) == {"target.csv"} and "Warna" in report.rejected.columns
    frame = reg.list()
    assert frame["unit_code"].tolist() == ["64.02", "64.72", "64.74"]
    assert frame["quantity"].tolist() == [1500.0, 200.0, 300.0]
    assert frame["budget_rp"].tolist()[:2] == [2.4e9, 1e9]
    assert frame["status"].tolist() == ["planned", "funded", "in_progress"]
    assert frame["intervention"].tolist() == ["rtlh_rehab", "uep_family", "water_connection"]
    assert frame["note"].tolist()[2] == "catatan; dengan titik koma"
    assert set(reg.history()["action"]) == {"import"} and set(reg.history()["who"]) == {"rina"}
    again = reg.import_table(path, who="rina")  # the same file twice adds nothing
    assert again.imported == 0 and again.skipped["row"].tolist() == [3, 4, 10]
    assert again.skipped["reason"][0].startswith("same as target ")
    assert "skipped 3 row(s)" in again.summary()


def test_import_without_a_required_column_imports_nothing(reg, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("nama,dinas,tahun\nSamarinda,Dinas Sosial,2026\n", encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        reg.import_table(path, who="rina")
    text = str(info.value)
    assert "no intervention column" in text and "no quantity column" in text and "'Intervensi'" in text
    assert reg.list().empty


def test_import_matches_names_with_the_boundary_units(reg, tmp_path, kabkota):
    path = tmp_path / "nama.csv"
    path.write_text("Nama wilayah,Kode,Instansi,Intervensi,Tahun,Jumlah\n"
                    "Kab. Kutai Kartanegara,,Dinas PUPR,RTLH,2026,100\n"
                    "KOTA SAMARINDA,,Dinas PUPR,RTLH,2026,50\n"
                    "Kutai Kartanegara,64.03,Dinas PUPR,RTLH,2026,7\n"
                    "Kalimantan Timur,,Dinas Sosial,PKH,2026,1000\n"
                    "Kab. Xyz,,Dinas PUPR,RTLH,2026,1\n"
                    ",64.99,Dinas PUPR,RTLH,2026,1\n", encoding="utf-8")
    report = reg.import_table(path, who="rina", units=kabkota)
    assert sorted(reg.list()["unit_code"]) == ["64", "64.02", "64.72"]
    reasons = {r.row: r.reason for r in report.rejected.itertuples()}
    assert sorted(reasons) == [4, 6, 7]
    assert "64.03 is Kabupaten Berau" in reasons[4] and "64.02" in reasons[4]
    assert "Xyz" in reasons[6] and "64.99 is not a known unit" in reasons[7]
    without = reg.import_table(path, who="rina")  # no units: names alone cannot be placed
    assert "--level" in without.rejected.set_index("row").loc[2, "reason"]


def test_export_then_import_gives_the_same_records(reg, fresh, tmp_path, kabkota):
    reg.add(rec(note='kata "kutip", koma; titik koma'), who="budi")
    reg.add(rec(unit_code="64.02.01.2001", agency="Dinas Sosial", intervention="uep_family", quantity=40,
                budget_rp=200_000_000.5, status="in_progress"), who="sari")
    reg.add(rec(unit_code="64.72", intervention="sanitation_connection", budget_rp=None, status="done",
                note="Ünïcode ✓"), who="sari")
    reg.add(rec(agency="Dinas Sosial", year=2027, quantity=0, budget_rp=1.234), who="sari")
    for fmt, lang in (("csv", "id"), ("xlsx", "id"), ("csv", "en"), ("xlsx", "en")):
        path = write(targets_table(reg, lang=lang, units=kabkota), tmp_path / f"out_{lang}.{fmt}")
        with open_register(fresh()) as empty:
            report = empty.import_table(path, who="rina")
            assert report.imported == 4 and report.rejected.empty and report.ignored_columns == []
            assert fields(empty.list()) == fields(reg.list()), (fmt, lang)
    data = write(targets_table(reg, year=2027), None, fmt="csv").data
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == 2
    header = data.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("ID,Kode wilayah,Tingkat,Instansi,Intervensi,Satuan,Tahun,Jumlah,Anggaran (Rp),Status")
    book = openpyxl.load_workbook(io.BytesIO(write(targets_table(reg), None, fmt="xlsx").data))
    ws = book["Target"]
    assert ws["B2"].value == "64.02" and isinstance(ws["H2"].value, (int, float))
    with pytest.raises(InputError, match=".csv or .xlsx"):
        write(targets_table(reg), tmp_path / "out.json")


def test_an_edited_export_imported_back_updates_its_targets(reg, tmp_path, kabkota):
    """Export, edit in a spreadsheet, import: edits update the targets (no duplicates); a target someone
    changed or deleted since the export is not overwritten; rows without an ID are new targets."""
    a = reg.add(rec(), who="budi")
    b = reg.add(rec(unit_code="64.72", quantity=50, note="tahap 1"), who="budi")
    c = reg.add(rec(unit_code="64.01", quantity=10), who="budi")
    d = reg.add(rec(unit_code="64.03", quantity=7), who="budi")
    e = reg.add(rec(unit_code="64.09", quantity=9), who="budi")
    path = write(targets_table(reg, units=kabkota), tmp_path / "target.xlsx")
    book = openpyxl.load_workbook(path)
    ws = book["Target"]
    head = {cell.value: cell.column for cell in ws[1]}
    row_of = {ws.cell(row=r, column=head["ID"]).value: r for r in range(2, ws.max_row + 1)}
    ws.cell(row=row_of[a.id], column=head["Jumlah"], value=150)               # edited
    ws.cell(row=row_of[b.id], column=head["Catatan"], value="tahap 2")        # edited
    ws.cell(row=row_of[c.id], column=head["Jumlah"], value=11)                # edited, but changed since
    ws.cell(row=row_of[d.id], column=head["Jumlah"], value=8)                 # edited, but deleted since
    new_row = ws.max_row + 1
    for name, value in (("Kode wilayah", "64.08"), ("Instansi", "Dinas Sosial"), ("Intervensi", "UEP"),
                        ("Tahun", 2026), ("Jumlah", 30)):
        ws.cell(row=new_row, column=head[name], value=value)                  # a new target, no ID
    book.save(path)
    reg.update(c.id, {"quantity": 12}, expected_version=c.version, who="sari")
    reg.delete(d.id, expected_version=d.version, who="sari")

    report = reg.import_table(path, who="rina", units=kabkota)
    assert sorted(report.updated) == [a.id, b.id] and report.imported == 1
    assert reg.get(a.id).quantity == 150 and reg.get(a.id).version == a.version + 1
    assert reg.get(b.id).note == "tahap 2" and reg.get(b.id).quantity == 50
    assert reg.get(c.id).quantity == 12  # sari's change stands
    reasons = report.rejected.set_index("row")["reason"]
    assert "changed by sari" in reasons[row_of[c.id]] and "not applied" in reasons[row_of[c.id]]
    assert "deleted by sari" in reasons[row_of[d.id]]
    assert report.skipped["reason"].tolist() == [f"target {e.id} as it is in the register"]
    assert len(reg.list()) == 5  # a, b, c, e and the new one: nothing doubled
    history = reg.history()
    assert set(history.loc[history["who"] == "rina", "action"]) == {"update", "import"}
    assert "updated 2 target(s)" in report.summary()

    book = openpyxl.load_workbook(path)
    ws = book["Target"]
    ws.delete_cols(head["Versi"])
    book.save(path)
    no_version = reg.import_table(path, who="rina", units=kabkota)
    assert no_version.updated == [] and "needs the target's version" in no_version.rejected["reason"].iloc[0]


def test_import_reads_codes_excel_turned_into_numbers(reg, tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Kode", "Instansi", "Intervensi", "Tahun", "Jumlah", "Anggaran"])
    ws.append([64.72, "Dinas Sosial", "KUBE", 2026, 12, 150_000_000])
    ws.append([64.1, "Dinas Sosial", "KUBE", 2026, 3, None])
    book.save(tmp_path / "angka.xlsx")
    report = reg.import_table(tmp_path / "angka.xlsx", who="rina")
    assert reg.list()["unit_code"].tolist() == ["64.72"] and report.rejected_rows == [3]
    assert "format the column as text" in report.rejected["reason"][0]


# --------------------------------------------------------------------------- overlaps and what remains

def _frame(*rows) -> pd.DataFrame:
    cols = ["id", "unit_code", "agency", "intervention", "year", "quantity", "status"]
    return pd.DataFrame([dict(zip(cols, r, strict=True)) for r in rows])


def test_overlaps_are_flagged_by_unit_intervention_and_year():
    df = _frame((1, "64.02", "Dinas Sosial", "rtlh_rehab", 2026, 50.0, "planned"),
                (2, "64.02", "Dinas PUPR", "rtlh_rehab", 2026, 80.0, "funded"),
                (3, "64.02", "Dinas PUPR", "rtlh_rehab", 2027, 10.0, "planned"),
                (4, "64.72", "Dinas PUPR", "rtlh_rehab", 2026, 30.0, "planned"),
                (5, "64.72", "dinas pupr ", "rtlh_rehab", 2026, 30.0, "done"),
                (6, "64.72", "Dinas PUPR", "water_connection", 2026, 30.0, "planned"))
    found = overlaps(df)
    assert found["id"].tolist() == [1, 2, 4, 5]
    assert found["overlap_kind"].tolist() == ["agencies", "agencies", "duplicate", "duplicate"]
    assert found["overlap_with"].tolist() == ["2", "1", "5", "4"]
    assert found["counted_quantity"].tolist() == [80.0, 80.0, 30.0, 30.0]
    assert mark_overlaps(df)["overlap"].tolist() == [True, True, False, True, True, False]
    eff = effective_quantity(df)
    assert eff.loc[eff["unit_code"] == "64.02", "quantity"].tolist() == [80.0, 10.0]
    assert overlaps(df[df["id"].isin([3, 6])]).empty and effective_quantity(df.iloc[:0]).empty
    assert overlaps(df, statuses=("planned",))["id"].tolist() == []


def test_remaining_counts_overlaps_once_and_flags_them():
    values = pd.DataFrame({"name": ["Kukar", "Samarinda", "Berau"], "rtlh_units": [300.0, 20.0, None],
                           "sanitation_unimproved_households": [1000.0, 500.0, 100.0]},
                          index=pd.Index(["64.02", "64.72", "64.03"], name="code"))
    df = _frame((1, "64.02", "Dinas Sosial", "rtlh_rehab", 2026, 50.0, "planned"),
                (2, "64.02", "Dinas PUPR", "rtlh_rehab", 2026, 80.0, "funded"),   # overlaps 1: max, not 130
                (3, "64.02", "Dinas PUPR", "rtlh_rehab", 2027, 10.0, "planned"),  # another year adds up
                (4, "64.72.01.1001", "Dinas PUPR", "rtlh_rehab", 2026, 15.0, "planned"),  # villages add up
                (5, "64.72.02.1001", "Dinas PUPR", "rtlh_rehab", 2026, 15.0, "planned"),  # ... beyond the need
                (6, "64.72", "Dinas PUPR", "sanitation_connection", 2026, 100.0, "planned"),
                (7, "64.72.01.1001", "Dinas PUPR", "sanitation_connection", 2026, 60.0, "planned"),
                (8, "64", "Dinas Sosial", "rtlh_rehab", 2026, 999.0, "planned"),  # province-wide: not placed
                (9, "64.03", "Dinas Sosial", "uep_family", 2026, 40.0, "planned"))  # reduces no indicator
    out = remaining(values, df)
    assert out.loc["64.02", "planned_rtlh_units"] == 90.0 and out.loc["64.02", "remaining_rtlh_units"] == 210.0
    assert out.loc["64.72", "planned_rtlh_units"] == 30.0 and out.loc["64.72", "remaining_rtlh_units"] == 0.0
    assert pd.isna(out.loc["64.03", "remaining_rtlh_units"])
    assert out.loc["64.72", "planned_sanitation_unimproved_households"] == 100.0  # max(100, 60)
    assert out["overlap_rtlh_units"].tolist() == [True, False, False]
    assert out["overlap_sanitation_unimproved_households"].tolist() == [False, True, False]
    assert out["overlap"].tolist() == [True, True, False]
    only_2027 = remaining(values.reset_index(), df, year=2027).set_index(values.index)
    assert only_2027.loc["64.02", "remaining_rtlh_units"] == 290.0
    village = remaining(pd.DataFrame({"rtlh_units": [20.0]}, index=["64.72.01.1001"]), df)
    assert village["remaining_rtlh_units"].tolist() == [5.0] and not village["overlap"].any()
    with pytest.raises(InputError, match="rtlh_units"):
        remaining(values[["name"]], df)


def test_register_overlaps_on_both_back_ends(reg):
    reg.add(rec(agency="Dinas Sosial", quantity=50), who="budi")
    reg.add(rec(agency="Dinas PUPR", quantity=80), who="sari")
    reg.add(rec(unit_code="64.72", quantity=10), who="sari")
    found = overlaps(reg.list())
    assert sorted(found["agency"]) == ["Dinas PUPR", "Dinas Sosial"] and set(found["counted_quantity"]) == {80.0}
    out = remaining(pd.DataFrame({"rtlh_units": [300.0, 100.0]}, index=["64.02", "64.72"]), reg.list(), year=2026)
    assert out["remaining_rtlh_units"].tolist() == [220.0, 90.0] and out["overlap"].tolist() == [True, False]


# --------------------------------------------------------------------------- registries

@pytest.mark.parametrize("text, key", [("rtlh_rehab", "rtlh_rehab"), ("Rehabilitasi RTLH", "rtlh_rehab"),
                                       ("RTLH rehabilitation", "rtlh_rehab"), ("jamban", "sanitation_connection"),
                                       ("Kepesertaan BPNT/Sembako", "bpnt_enrolment"), ("KUBE", "kube_group"),
                                       ("usaha ekonomi produktif (UEP)", "uep_family")])
def test_interventions_by_id_label_or_short_name(text, key):
    assert resolve_intervention(text) == key


def test_registries_are_complete_and_unknowns_suggest():
    assert STATUSES == ("planned", "funded", "in_progress", "done")
    assert INTERVENTIONS["rtlh_rehab"] == ("Rehabilitasi RTLH", "RTLH rehabilitation", "unit", "rtlh_units",
                                           "Dinas PUPR / Perkim")
    assert {"water_connection", "uep_family", "kube_group", "wrse_grant", "pkh_enrolment"} <= set(INTERVENTIONS)
    with pytest.raises(ValueError, match="did you mean rtlh_rehab"):
        resolve_intervention("Rehabilitasi RTLHH")
    assert [resolve_status(w) for w in ("rencana", "Didanai", "berjalan", "Dalam Pelaksanaan", "SELESAI", "")] == \
        ["planned", "funded", "in_progress", "in_progress", "done", "planned"]


@pytest.mark.parametrize("text, expected", [("64", "64"), ("64.02", "64.02"), ("64,02", "64.02"),
                                            (" 64.02.01 ", "64.02.01"), ("64.02.01.2001", "64.02.01.2001")])
def test_unit_codes(text, expected):
    assert normalise_unit_code(text) == expected


@pytest.mark.parametrize("text", ["64.1", "6403", "Kukar", "64.02.1", "", None])
def test_bad_unit_codes(text):
    with pytest.raises(ValueError):
        normalise_unit_code(text)


# --------------------------------------------------------------------------- command line

@pytest.fixture
def run(monkeypatch, capsys):
    """``geo-planner`` with the targets subcommands (added here until cli.py wires add_cli)."""
    from geo_planner.cli import commands as cli

    original = cli.build_parser

    def build() -> argparse.ArgumentParser:
        parser = original()
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        if "targets" not in sub.choices:
            add_cli(sub)
        return parser

    monkeypatch.setattr(cli, "build_parser", build)

    def call(*argv: str) -> tuple[int, str, str]:
        code = cli.main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return call


def test_cli_import_list_export(run, url, tmp_path):
    path = tmp_path / "target.csv"
    path.write_text(BAD_CSV, encoding="utf-8")
    rejected = tmp_path / "ditolak.csv"
    code, out, err = run("targets", "import", str(path), "--who", "rina", "--db", url,
                         "--rejected-out", str(rejected))
    assert code == 1 and "imported 3 target(s) from target.csv; rejected 5 row(s)" in out
    assert "row 5, column 'Tahun': year 1999" in err and "ignored column(s): Warna" in out
    back = pd.read_csv(rejected, encoding="utf-8-sig")
    assert back["row"].tolist()[:2] == [5, 6] and "reason" in back.columns
    code, out, _ = run("targets", "import", str(path), "--who", "rina", "--db", url)
    assert code == 1 and "imported 0" in out and "skipped row 3: same as target" in out
    ok = tmp_path / "ok.csv"
    ok.write_text("kode,instansi,intervensi,tahun,jumlah\n64.02,Dinas Sosial,RTLH,2026,50\n", encoding="utf-8")
    assert run("targets", "import", str(ok), "--who", "sari", "--db", url)[0] == 0
    code, out, err = run("targets", "list", "--db", url)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["ID", "Kode", "wilayah", "Instansi"]
    assert "1 overlap(s)" in out and "! 64.02 Rehabilitasi RTLH 2026: targets 1 (Dinas PUPR), 4 (Dinas Sosial)" in out
    assert "1.500" in out and "2.400.000.000" in out  # Indonesian number format
    code, out, _ = run("targets", "list", "--db", url, "--agency", "sosial", "--year", "2026", "--lang", "en")
    assert code == 0 and "Productive business grant (UEP)" in out and "Dinas PUPR" not in out.split("\n\n")[0]
    assert run("targets", "list", "--db", url, "--year", "2030")[1].strip() == "no target matches these filters"
    code, out, _ = run("targets", "export", str(tmp_path / "out.xlsx"), "--db", url, "--unit", "64.02")
    assert code == 0 and "(2 target(s))" in out
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx")["Target"]
    assert [c.value for c in ws["B"]] == ["Kode wilayah", "64.02", "64.02"]  # codes stay text


def test_cli_errors_are_one_sentence(run, url, tmp_path):
    code, out, err = run("targets", "list", "--db", "mysql://x@y/z")
    assert code == 1 and err.startswith("geo-planner: error: unsupported database URL") and "Traceback" not in err
    code, _, err = run("targets", "import", str(tmp_path / "missing.csv"), "--who", "rina", "--db", url)
    assert code == 1 and "was not found" in err
    code, _, err = run("targets", "export", str(tmp_path / "x.pdf"), "--db", url)
    assert code == 1 and ".csv or .xlsx" in err
    code, out, _ = run("targets", "list", "--db", url)
    assert code == 0 and "holds no target" in out


def test_add_cli_on_a_parser_of_its_own(tmp_path, capsys, kabkota):
    parser = argparse.ArgumentParser(prog="geo-planner")
    add_cli(parser.add_subparsers(dest="command", required=True))
    db = f"sqlite:///{tmp_path / 't.sqlite'}"
    path = tmp_path / "t.csv"
    path.write_text("kode;instansi;intervensi;tahun;jumlah\n64.72;Dinas Sosial;WRSE;2026;20\n", encoding="utf-8")
    args = parser.parse_args(["targets", "import", str(path), "--db", db, "--who", "rina"])
    assert args.func(args) == 0
    args = parser.parse_args(["targets", "export", str(tmp_path / "o.csv"), "--db", db, "--lang", "en",
                              "--level", "kabkota"])
    assert args.func(args) == 0
    exported = pd.read_csv(tmp_path / "o.csv", encoding="utf-8-sig")
    assert exported["Intervention"].tolist() == ["WRSE grant (socially and economically vulnerable women)"]
    assert exported["Created by"].tolist() == ["rina"] and exported["Status"].tolist() == ["planned"]
    assert exported["Unit name"].tolist() == ["Kota Samarinda"]
    with pytest.raises(SystemExit):
        parser.parse_args(["targets", "frobnicate"])
    capsys.readouterr()


def test_import_geo_planner_targets_needs_no_streamlit():
    import subprocess
    import sys

    code = "import sys, geo_planner.planning.targets; assert 'streamlit' not in sys.modules"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_errors_are_geo_planner_errors():
    assert issubclass(ConflictError, GeoPlannerError) and issubclass(StorageError, GeoPlannerError)
    assert issubclass(NotFoundError, LookupError)
