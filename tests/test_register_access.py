"""Who may change the shared register, the append-only audit log, and errors that fit the cause.

Runs on SQLite and on the real PostgreSQL server (``GEO_PLANNER_TEST_PG``), like tests/test_targets.py.
"""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
import sys

import pandas as pd
import pytest
from pg_support import pg_base, pg_schema
from test_targets import rec

from geo_planner.cli import commands as cli
from geo_planner.errors import InputError
from geo_planner.planning.targets import (
    AccessDenied,
    Actor,
    StorageError,
    open_register,
    redact,
)
from geo_planner.planning.targets.db import sqlite_error

EDITOR, VIEWER, ADMIN = "sari@pupr.go.id", "vina@bappeda.go.id", "admin@bappeda.go.id"


@pytest.fixture(params=["sqlite", "postgresql"])
def shared(request, tmp_path):
    """A register with a Dinas PUPR and a Dinas Sosial target, an admin, an editor of PUPR and a viewer."""
    with contextlib.ExitStack() as stack:
        where = f"sqlite:///{tmp_path / 'shared.sqlite'}" if request.param == "sqlite" else stack.enter_context(
            pg_schema())
        yield _seed(stack.enter_context(open_register(where)))


def _seed(reg):
    reg.add_user(ADMIN, "admin", by="setup")
    reg.add_user(EDITOR.upper(), "editor", agencies=["Dinas PUPR"], by=reg.actor(subject="a1", email=ADMIN))
    reg.add_user("sub-vina", "viewer", by="setup")
    pupr = reg.add(rec(agency="Dinas PUPR"), who="ani")
    sosial = reg.add(rec(agency="Dinas Sosial", unit_code="64.72"), who="ani")
    return reg, pupr, sosial


def test_an_editor_writes_its_agencys_targets_and_no_others(shared):
    reg, pupr, sosial = shared
    sari = reg.actor(subject="s-123", email="Sari@PUPR.go.id")
    assert sari == Actor(EDITOR, "editor", ("Dinas PUPR",))
    changed = reg.update(pupr.id, {"quantity": 130}, expected_version=1, who=sari)
    assert (changed.quantity, changed.updated_by) == (130.0, EDITOR)
    added = reg.add(rec(agency="dinas  pupr", unit_code="64.01"), who=sari)   # case and spaces do not matter
    with pytest.raises(AccessDenied, match=r"sari@pupr.go.id \(editor of Dinas PUPR\) may not change target "
                                           rf"{sosial.id}: it belongs to Dinas Sosial"):
        reg.update(sosial.id, {"quantity": 1}, expected_version=1, who=sari)
    with pytest.raises(AccessDenied, match=f"may not delete target {sosial.id}"):
        reg.delete(sosial.id, expected_version=1, who=sari)
    with pytest.raises(AccessDenied, match="may not add a target of Dinas Sosial"):
        reg.add(rec(agency="Dinas Sosial"), who=sari)
    with pytest.raises(AccessDenied, match=f"may not give target {pupr.id} to Dinas Sosial"):
        reg.update(pupr.id, {"agency": "Dinas Sosial"}, expected_version=2, who=sari)
    with pytest.raises(AccessDenied):  # one refused row: nothing of the save is written
        reg.apply_edits(who=sari, changed={pupr.id: (2, {"quantity": 5}), sosial.id: (1, {"quantity": 5})})
    assert reg.get(pupr.id).quantity == 130.0 and reg.get(sosial.id) == sosial
    reg.delete(added.id, expected_version=1, who=sari)
    log = reg.history()
    assert log.loc[log["who"] == EDITOR, "action"].tolist() == ["update", "create", "delete"]
    assert len(log) == 5  # 2 seeded + 3 of the editor's: the refused attempts wrote nothing


def test_a_viewer_and_a_stranger_cannot_write_an_admin_can(shared, tmp_path):
    reg, pupr, sosial = shared
    vina = reg.actor(subject="sub-vina", email=VIEWER)
    assert (vina.who, vina.role) == (VIEWER, "viewer")   # found by subject, recorded by e-mail
    with pytest.raises(AccessDenied, match="vina@bappeda.go.id \\(viewer\\) may read the register but not"):
        reg.update(pupr.id, {"quantity": 1}, expected_version=1, who=vina)
    csv = tmp_path / "t.csv"
    csv.write_text("kode,instansi,intervensi,tahun,jumlah\n64.01,Dinas PUPR,RTLH,2026,10\n", encoding="utf-8")
    with pytest.raises(AccessDenied, match="may read the register but not import targets"):
        reg.import_table(csv, who=vina)
    stranger = reg.actor(subject="x-9", email="someone@example.org")
    assert stranger.role == "none"
    with pytest.raises(AccessDenied, match="is not a user of this register"):
        reg.add(rec(), who=stranger)
    admin = reg.actor(subject="a1", email=ADMIN)
    assert reg.update(sosial.id, {"quantity": 9}, expected_version=1, who=admin).updated_by == ADMIN
    reg.delete(pupr.id, expected_version=1, who=admin)
    assert reg.history()["who"].tolist()[-2:] == [ADMIN, ADMIN]


def test_an_editors_import_rejects_the_rows_of_other_agencies(shared, tmp_path):
    reg, _, _ = shared
    sari = reg.actor(subject=None, email=EDITOR)
    csv = tmp_path / "campur.csv"
    csv.write_text("kode,instansi,intervensi,tahun,jumlah\n64.01,Dinas PUPR,RTLH,2026,10\n"
                   "64.03,Dinas Sosial,UEP,2026,4\n", encoding="utf-8")
    report = reg.import_table(csv, who=sari)
    assert report.imported == 1 and report.rejected_rows == [3]
    assert "may not add targets of Dinas Sosial" in report.rejected["reason"].iloc[0]
    assert report.rejected["column"].iloc[0] == "instansi"
    assert reg.history()["who"].iloc[-1] == EDITOR


def test_users_are_managed_by_admins_only_and_logged(shared):
    reg, _, _ = shared
    users = reg.users()
    assert users["identity"].tolist() == [ADMIN, EDITOR, "sub-vina"]
    assert users.set_index("identity").at[EDITOR, "agencies"] == "Dinas PUPR"
    sari, admin = reg.actor(subject=None, email=EDITOR), reg.actor(subject=None, email=ADMIN)
    with pytest.raises(AccessDenied, match="may not add or remove users"):
        reg.add_user("x@y.id", "admin", by=sari)
    with pytest.raises(InputError, match="an editor edits the targets of one or more agencies"):
        reg.add_user("x@y.id", "editor", by=admin)
    with pytest.raises(InputError, match="unknown role 'boss'"):
        reg.add_user("x@y.id", "boss", by=admin)
    with pytest.raises(AccessDenied, match="may not remove itself"):
        reg.remove_user(ADMIN, by=admin)
    reg.add_user(EDITOR, "editor", agencies=["Dinas PUPR", "Dinas Sosial"], by=admin)
    assert reg.actor(subject=None, email=EDITOR).agencies == ("Dinas PUPR", "Dinas Sosial")
    reg.remove_user(EDITOR, by=admin)
    assert reg.actor(subject=None, email=EDITOR).role == "none"
    log = reg._query("SELECT identity, action, who FROM users_log ORDER BY id")
    assert [(r["identity"], r["action"], r["who"]) for r in log] == [
        (ADMIN, "add", "setup"), (EDITOR, "add", ADMIN), ("sub-vina", "add", "setup"),
        (EDITOR, "change", ADMIN), (EDITOR, "remove", ADMIN)]


@pytest.mark.parametrize("table", ["audit_log", "users_log"])
def test_the_logs_are_append_only_in_the_database(shared, table):
    reg, pupr, _ = shared
    before = reg._query(f"SELECT * FROM {table} ORDER BY id")
    for sql in (f"UPDATE {table} SET who = 'Kepala Dinas PUPR'", f"DELETE FROM {table}"):
        with pytest.raises(StorageError, match=f"the {table} is append-only"), reg._transaction():
            reg._execute(sql)
    if reg.dialect == "postgresql":
        with pytest.raises(StorageError, match="append-only"), reg._transaction():
            reg._execute(f"TRUNCATE {table}")
    assert reg._query(f"SELECT * FROM {table} ORDER BY id") == before


def test_the_users_cli(tmp_path, capsys, monkeypatch):
    db = f"sqlite:///{tmp_path / 'r.sqlite'}"
    monkeypatch.setenv("GEO_PLANNER_USER", "bappeda-ops")

    def run(*argv):
        code = cli.main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    assert "has no users: it is a single-user register" in run("users", "list", "--db", db)[1]
    code, out, _ = run("users", "add", ADMIN.upper(), "--role", "admin", "--db", db)
    assert code == 0 and out.startswith(f"{ADMIN} is now admin in sqlite:///")
    code, out, _ = run("users", "add", EDITOR, "--role", "editor", "--agency", "Dinas PUPR", "--agency",
                       "Dinas PU", "--db", db)
    assert code == 0 and f"{EDITOR} is now editor of Dinas PUPR, Dinas PU" in out
    code, _, err = run("users", "add", "x@y.id", "--role", "editor", "--db", db)
    assert code == 1 and err.startswith("geo-planner: error: an editor edits the targets of one or more agencies")
    code, out, _ = run("users", "list", "--db", db)
    lines = out.splitlines()
    assert lines[0].split() == ["identity", "role", "agencies", "added_by", "added_at"]
    assert lines[1].split()[:3] == [ADMIN, "admin", "bappeda-ops"] and "2 user(s)" in out
    assert run("users", "remove", EDITOR, "--db", db)[0] == 0
    code, _, err = run("users", "remove", EDITOR, "--db", db)
    assert code == 1 and "there is no user sari@pupr.go.id" in err
    with open_register(db) as reg:
        assert reg._query("SELECT who FROM users_log")[0]["who"] == "bappeda-ops (shell)"


# --------------------------------------------------------------------------- files that are not registers

def test_a_zero_byte_register_file_is_refused_and_kept(tmp_path, capsys):
    path = tmp_path / "targets.sqlite"
    path.write_bytes(b"")
    with pytest.raises(StorageError) as info:
        open_register(f"sqlite:///{path}")
    message = str(info.value)
    assert message.startswith(f"the register file {path} is empty (0 bytes)")
    assert "restore targets.sqlite from your backup" in message and "geo-planner targets import" in message
    assert path.stat().st_size == 0  # never replaced by a new empty register
    code = cli.main(["targets", "list", "--db", str(path)])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "is empty (0 bytes)" in err and "Traceback" not in err
    assert path.read_bytes() == b""


def test_a_damaged_register_file_is_refused(tmp_path):
    other = tmp_path / "notes.sqlite"
    other.write_text("this is a spreadsheet, not a register\n", encoding="utf-8")
    with pytest.raises(StorageError, match="is damaged \\(it is not a SQLite database\\); restore notes.sqlite"):
        open_register(str(other))
    good = tmp_path / "targets.sqlite"
    with open_register(str(good)) as reg:
        for i in range(300):
            reg.add(rec(note="x" * 500, quantity=i), who="ani")
    data = bytearray(good.read_bytes())
    data[4096:len(data) - 4096] = b"\xff" * (len(data) - 8192)   # pages overwritten, header intact
    good.write_bytes(bytes(data))
    with pytest.raises(StorageError, match=f"the register file {good} is damaged .*restore targets.sqlite from"):
        open_register(str(good))


def test_locked_read_only_full_and_corrupt_each_get_their_own_advice(tmp_path):
    path = tmp_path / "targets.sqlite"
    with open_register(str(path)) as reg:
        reg.add(rec(), who="ani")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError) as locked:
        other.execute("BEGIN IMMEDIATE")
    holder.execute("ROLLBACK")
    read_only = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as ro:
        read_only.execute("DELETE FROM targets")
    advice = {kind: str(sqlite_error(exc.value, path)) for kind, exc in (("locked", locked), ("ro", ro))}
    assert advice["locked"] == (f"the register file {path} is busy: another program is saving to it; try again "
                                "in a moment, and if it lasts close the other program (or the app in another "
                                "window) that holds it")
    assert advice["ro"].startswith(f"the register file {path} is read-only for you: ask for write permission")
    corrupt = str(sqlite_error(sqlite3.DatabaseError("database disk image is malformed"), path))
    assert "is damaged (database disk image is malformed); restore targets.sqlite from your backup" in corrupt
    with open_register(str(path)) as reg:  # a real full disk: the file may not grow beyond its pages
        pages = reg._query("PRAGMA page_count")[0]["page_count"]
        reg._conn.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(StorageError) as full:
            reg.import_table(io_csv(tmp_path, 400), who="ani")
        assert str(full.value) == (f"the register file {path} could not be written because the disk is full: "
                                   "free some space on that disk, then save again (nothing of this change was "
                                   "saved)")
        assert len(reg.list()) == 1
    assert len({advice["locked"], advice["ro"], corrupt, str(full.value)}) == 4


def io_csv(tmp_path, n: int):
    path = tmp_path / "many.csv"
    rows = "".join(f"64.01,Dinas PUPR,RTLH,2026,{i},{'catatan panjang ' * 40}\n" for i in range(n))
    path.write_text("kode,instansi,intervensi,tahun,jumlah,catatan\n" + rows, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- secrets stay secret

PASSWORDS = ["Zq9 kx7 Lm2", "Zq9@kx7@Lm2", "Zq9%kx7", "Zq9%40kx7%20Lm2", "Zq9:kx7/Lm2", "Zq9!'\"kx7"]


@pytest.mark.parametrize("password", PASSWORDS)
def test_passwords_never_appear_in_messages(password, capsys):
    url = f"postgresql://planner:{password}@127.0.0.1:1/register"
    assert "***" in redact(url) and password not in redact(url)
    with pytest.raises(StorageError) as info:
        open_register(url)
    message = str(info.value)
    pieces = ["Zq9", "kx7", "Lm2"]
    assert password not in message and not [p for p in pieces if p in message], message
    code = cli.main(["targets", "list", "--db", url])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and password not in err and "Traceback" not in err


@pytest.mark.parametrize("bad", ["postgresql://[::1/db", "postgresql://u:p@host:port/db", "postgresql://u:p w@h/db",
                                 "postgresql://u:a@b@c/db"])
def test_a_malformed_url_is_one_sentence(bad, capsys, monkeypatch):
    monkeypatch.setenv("GEO_PLANNER_DB", bad)
    code = cli.main(["targets", "list"])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("geo-planner: error: GEO_PLANNER_DB (or --db) is not a valid")
    assert err.count("\n") == 1 and "Traceback" not in err and "percent-encoded: @ as %40" in err


def test_a_wrong_password_is_redacted_by_the_real_server(capsys):
    base = pg_base()
    wrong = base.replace("://geo_planner:geo_planner@", "://geo_planner:n0t%20the%40pw@")
    assert wrong != base
    with pytest.raises(StorageError) as info:
        open_register(wrong)
    assert "password authentication failed" in str(info.value)
    assert "n0t" not in str(info.value) and "n0t%20the%40pw" not in str(info.value)


def test_a_lost_connection_is_opened_again_by_the_next_operation():
    import psycopg

    with pg_schema() as url, open_register(url) as reg:
        first = reg.add(rec(), who="ani")
        pid = reg._query("SELECT pg_backend_pid() AS pid")[0]["pid"]
        with psycopg.connect(pg_base(), autocommit=True) as admin:
            assert admin.execute("SELECT pg_terminate_backend(%s)", (pid,)).fetchone()[0]
        second = reg.add(rec(unit_code="64.72"), who="ani")         # the write after the loss goes through
        assert reg.reconnected == 1 and second.id > first.id
        pid = reg._query("SELECT pg_backend_pid() AS pid")[0]["pid"]
        with psycopg.connect(pg_base(), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        assert len(reg.list()) == 2 and reg.reconnected == 2            # and so does a read
        assert reg.history()["action"].tolist() == ["create", "create"]


def test_no_streamlit_in_the_library_and_errors_are_permission_errors():
    assert issubclass(AccessDenied, PermissionError)
    code = "import sys, geo_planner.planning.targets.access; assert 'streamlit' not in sys.modules"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
    assert pd.Series(["Dinas PUPR"]).map(Actor("x", "editor", ("dinas pupr",)).may_write).tolist() == [True]
