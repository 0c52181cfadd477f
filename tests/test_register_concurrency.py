"""The register under load, killed writers and a restarted server, on SQLite and on real PostgreSQL.

- 8 processes x 200 mixed operations (adds, updates, saves touching two records in opposite orders,
  deletes and simultaneous imports of one file): no duplicate, no lost update, no deadlock or "busy"
  surfaced, one audit row per write.
- A writer killed in the middle of an import leaves nothing of it.
- A PostgreSQL server restarted under a running process: every later operation of that process works.
  The restart uses a throw-away cluster of its own (``initdb`` on a free port, as the ``postgres``
  user when run as root), never the shared server; the same cluster checks the app role's grants.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from browser_support import free_port
from pg_support import pg_schema

from geo_planner.planning.targets import StorageError, app_role_grants, open_register

WORKERS, OPERATIONS, SEEDS, FILE_ROWS = 8, 200, 12, 40
REPO = Path(__file__).resolve().parents[1]

WORKER = r"""
import json, random, sys
from geo_planner.errors import GeoPlannerError
from geo_planner.planning.targets import ConflictError, open_register
url, me, n, ids, csv = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), json.loads(sys.argv[4]), sys.argv[5]
rng = random.Random(me)
out = {"writes": 0, "bumps": {}, "imported": 0, "added": 0, "deleted": 0, "conflicts": 0, "errors": []}
def bump(register, pair):
    seen = {i: register.get(i) for i in pair}
    changed = {i: (seen[i].version, {"quantity": seen[i].quantity + 1}) for i in pair}  # in the order given
    register.apply_edits(who=f"w{me}", changed=changed)
    for i in pair:
        out["bumps"][str(i)] = out["bumps"].get(str(i), 0) + 1
    out["writes"] += len(pair)
with open_register(url) as register:
    mine = []
    for k in range(n):
        op = rng.random()
        try:
            if op < 0.25:
                t = register.add({"unit_code": "64.03", "agency": "Dinas Sosial", "intervention": "kube_group",
                                  "year": 2027, "quantity": k, "note": f"w{me}-{k}"}, who=f"w{me}")
                mine.append(t)
                out["writes"] += 1; out["added"] += 1
            elif op < 0.30 and mine:
                t = mine.pop()
                register.delete(t.id, expected_version=t.version, who=f"w{me}")
                out["writes"] += 1; out["deleted"] += 1
            elif op < 0.55:
                bump(register, [rng.choice(ids)])
            elif op < 0.90:
                a, b = rng.sample(ids[:4], 2)  # few records, opposite orders: where deadlocks were
                bump(register, [a, b] if me % 2 else [b, a])
            else:
                report = register.import_table(csv, who=f"w{me}")
                out["imported"] += report.imported
                out["writes"] += report.imported
        except ConflictError:
            out["conflicts"] += 1
        except GeoPlannerError as exc:
            out["errors"].append(str(exc))
print(json.dumps(out))
"""


def _file(folder: Path) -> Path:
    rows = "".join(f"64.02.{i % 20 + 1:02d},Dinas PUPR,RTLH,2026,{i + 1}\n" for i in range(FILE_ROWS))
    path = folder / "target_bersama.csv"
    path.write_text("kode,instansi,intervensi,tahun,jumlah\n" + rows, encoding="utf-8")
    return path


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_eight_writers_lose_nothing_double_nothing_and_never_deadlock(backend, tmp_path):
    with contextlib.ExitStack() as stack:
        url = f"sqlite:///{tmp_path / 'load.sqlite'}" if backend == "sqlite" else stack.enter_context(pg_schema())
        with open_register(url) as reg:
            ids = [reg.add({"unit_code": f"64.{i + 1:02d}", "agency": "Dinas PUPR", "intervention": "rtlh_rehab",
                            "year": 2026, "quantity": 1000}, who="seed").id for i in range(SEEDS)]
        csv = _file(tmp_path)
        env = dict(os.environ, PYTHONPATH=str(REPO))
        procs = [subprocess.Popen([sys.executable, "-c", WORKER, url, str(w), str(OPERATIONS), json.dumps(ids),
                                   str(csv)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
                 for w in range(WORKERS)]
        results = []
        for p in procs:
            out, err = p.communicate(timeout=300)
            assert p.returncode == 0, err
            results.append(json.loads(out))
        errors = [e for r in results for e in r["errors"]]
        assert errors == []                                                     # no deadlock, no "busy"
        with open_register(url) as reg:
            frame, log = reg.list(), reg.history()
        bumps = {i: sum(r["bumps"].get(str(i), 0) for r in results) for i in ids}
        seeded = frame.set_index("id").loc[ids]
        assert seeded["quantity"].tolist() == [1000.0 + bumps[i] for i in ids]    # no lost update
        assert seeded["version"].tolist() == [1 + bumps[i] for i in ids]
        imported = frame[frame["agency"] == "Dinas PUPR"].drop(index=frame.index[frame["id"].isin(ids)])
        assert len(imported) == FILE_ROWS and sum(r["imported"] for r in results) == FILE_ROWS  # never twice
        assert not imported.duplicated(["unit_code", "quantity"]).any()
        added = sum(r["added"] for r in results) - sum(r["deleted"] for r in results)
        assert len(frame) == SEEDS + FILE_ROWS + added
        assert len(log) == SEEDS + sum(r["writes"] for r in results)             # one audit row per write
        assert sum(bumps.values()) > OPERATIONS and sum(r["imported"] > 0 for r in results) >= 1


KILLED_IMPORT = r"""
import sys, time
from geo_planner.planning.targets import Register, open_register
url, csv, ready = sys.argv[1], sys.argv[2], sys.argv[3]
insert, count = Register._insert, [0]
def slow_insert(self, *args, **kwargs):
    count[0] += 1
    if count[0] == 50:
        open(ready, "w").write("half-way")  # 49 rows written in the open transaction
        time.sleep(120)
    return insert(self, *args, **kwargs)
Register._insert = slow_insert
with open_register(url) as register:
    register.import_table(csv, who="killed")
"""


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_writer_killed_mid_import_leaves_nothing_half_written(backend, tmp_path):
    with contextlib.ExitStack() as stack:
        url = f"sqlite:///{tmp_path / 'kill.sqlite'}" if backend == "sqlite" else stack.enter_context(pg_schema())
        with open_register(url) as reg:
            kept = reg.add({"unit_code": "64.72", "agency": "Dinas Sosial", "intervention": "uep_family",
                            "year": 2026, "quantity": 3}, who="before")
        rows = "".join(f"64.01,Dinas PUPR,RTLH,2026,{i + 1}\n" for i in range(120))
        csv = tmp_path / "besar.csv"
        csv.write_text("kode,instansi,intervensi,tahun,jumlah\n" + rows, encoding="utf-8")
        ready = tmp_path / "ready"
        proc = subprocess.Popen([sys.executable, "-c", KILLED_IMPORT, url, str(csv), str(ready)],
                                env=dict(os.environ, PYTHONPATH=str(REPO)))
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert proc.poll() is None and time.monotonic() < deadline, "the import never got half-way"
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        with open_register(url) as after:
            assert after.list()["id"].tolist() == [kept.id]
            assert after.history()["who"].tolist() == ["before"]
            report = after.import_table(csv, who="again")   # nothing left locked: the import runs whole
            assert report.imported == 120 and len(after.list()) == 121


# --------------------------------------------------------------------------- a PostgreSQL server of our own

def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) or ([shutil.which(name)] if shutil.which(name)
                                                                       else [])
    if not found:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing: .ci/run installs the postgresql package")
        pytest.skip(f"{name} is missing (install the postgresql package)")
    return found[-1]


def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@pytest.fixture(scope="module")
def own_server():
    """A throw-away PostgreSQL cluster on a free loopback port; yields (base URL, restart function)."""
    folder = Path(tempfile.mkdtemp(prefix="gp_pg_"))
    data, port = folder / "data", free_port()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    pg_ctl = _pg_bin("pg_ctl")
    run = {"check": True, "capture_output": True, "cwd": "/tmp"}
    subprocess.run(_as_postgres([_pg_bin("initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"]), **run)
    opts = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(_as_postgres([pg_ctl, "-D", str(data), "-o", opts, "-l", str(folder / "log"), "-w", "start"]),
                   **run)

    def restart() -> None:
        subprocess.run(_as_postgres([pg_ctl, "-D", str(data), "-l", str(folder / "log"), "-m", "fast", "-w",
                                     "restart"]), **run)  # -l: the server must not keep our pipe open

    try:
        yield f"postgresql://postgres@127.0.0.1:{port}", restart
    finally:
        subprocess.run(_as_postgres([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"]), check=False,
                       capture_output=True, cwd="/tmp")
        shutil.rmtree(folder, ignore_errors=True)


LONG_RUNNING = r"""
import sys
from geo_planner.planning.targets import open_register
register = open_register(sys.argv[1])
for line in sys.stdin:
    n = int(line)
    for k in range(n):
        register.add({"unit_code": "64.02", "agency": "Dinas PUPR", "intervention": "rtlh_rehab", "year": 2026,
                      "quantity": k}, who="cli")
    print(len(register.list()), register.reconnected, flush=True)
"""


def test_a_restarted_server_loses_no_later_operation(own_server):
    base, restart = own_server
    url = f"{base}/postgres"
    proc = subprocess.Popen([sys.executable, "-c", LONG_RUNNING, url], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, PYTHONPATH=str(REPO)))
    try:
        proc.stdin.write("20\n")
        proc.stdin.flush()
        assert proc.stdout.readline().split() == ["20", "0"]
        with open_register(url) as app_side:   # a register the app keeps open across the restart
            assert len(app_side.list()) == 20
            restart()
            proc.stdin.write("20\n")
            proc.stdin.flush()
            assert proc.stdout.readline().split() == ["40", "1"]   # connected again once, nothing lost
            assert len(app_side.list()) == 40 and app_side.reconnected == 1
            assert len(app_side.history()) == 40
    finally:
        _, err = proc.communicate(timeout=30)  # closes its input: the process ends
    assert proc.returncode == 0, err


def test_the_app_role_may_add_to_the_audit_log_but_never_change_it(own_server):
    import psycopg

    base, _ = own_server
    with psycopg.connect(f"{base}/postgres", autocommit=True) as su:
        su.execute("CREATE ROLE gp_owner LOGIN")
        su.execute("CREATE ROLE gp_app LOGIN")
        su.execute("CREATE DATABASE gp_grants OWNER gp_owner")
    with psycopg.connect(f"{base}/gp_grants", autocommit=True) as su:
        su.execute("CREATE EXTENSION postgis")  # as the server's administrator does once
    owner_url = base.replace("postgres@", "gp_owner@") + "/gp_grants"
    with open_register(owner_url) as owner:   # the owner runs the migrations, then grants the app its part
        with owner._transaction():
            for statement in app_role_grants("gp_app"):
                owner._execute(statement)
    with open_register(base.replace("postgres@", "gp_app@") + "/gp_grants") as app:
        t = app.add({"unit_code": "64.02", "agency": "Dinas PUPR", "intervention": "rtlh_rehab", "year": 2026,
                     "quantity": 5}, who="sari@pupr.go.id")
        app.update(t.id, {"quantity": 6}, expected_version=1, who="sari@pupr.go.id")
        app.add_user("admin@bappeda.go.id", "admin", by="setup")
        for sql in ("DELETE FROM audit_log", "UPDATE audit_log SET who = 'x'", "TRUNCATE audit_log",
                    "DROP TRIGGER audit_log_no_change ON audit_log", "DELETE FROM users_log"):
            with pytest.raises(StorageError, match="lacks a privilege"), app._transaction():
                app._execute(sql)
        assert app.history()["action"].tolist() == ["create", "update"]
