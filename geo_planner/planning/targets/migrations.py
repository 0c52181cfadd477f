"""The register's schema, as numbered migrations applied in order when a register is opened.

:data:`MIGRATIONS` run in one transaction and are recorded in ``schema_version``;
a database newer than this geo-planner is refused. Version 3 adds what a shared
register needs: the users and their roles, an import key the database keeps
unique (two imports of one file cannot both add a row), and triggers that make
the audit logs append-only. On PostgreSQL the application's own role should
also lack UPDATE and DELETE on the logs (:func:`app_role_grants`): the owner of
a table can drop its triggers, a role with only INSERT and SELECT cannot.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from geo_planner.i18n.messages import msg
from geo_planner.planning.targets.db import Dialect, StorageError, now_utc

__all__ = ["Migration", "MIGRATIONS", "SCHEMA_VERSION", "migrate", "current_version", "app_role_grants",
           "APPEND_ONLY"]

_LOCK_KEY = 6_402_2026  # pg_advisory_xact_lock key: one migrator at a time
#: Tables rows are only ever added to.
APPEND_ONLY = ("audit_log", "users_log")


@dataclass(frozen=True)
class Migration:
    """One numbered schema change; ``apply(execute, dialect)`` runs its statements."""

    version: int
    description: str
    apply: Callable[[Callable[..., Any], Dialect], None]


def _m1_tables(execute: Callable[..., Any], d: Dialect) -> None:
    execute(f"""CREATE TABLE targets (
        id {d.serial_key},
        unit_code TEXT NOT NULL,
        unit_level TEXT NOT NULL,
        agency TEXT NOT NULL,
        intervention TEXT NOT NULL,
        year INTEGER NOT NULL,
        quantity DOUBLE PRECISION NOT NULL CHECK (quantity >= 0),
        budget_rp DOUBLE PRECISION CHECK (budget_rp >= 0),
        status TEXT NOT NULL,
        note TEXT,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1))""")
    execute("CREATE INDEX targets_unit ON targets (unit_code)")
    execute("CREATE INDEX targets_intervention_year ON targets (intervention, year)")
    # No foreign key to targets: the log outlives the records it describes.
    execute(f"""CREATE TABLE audit_log (
        id {d.serial_key},
        target_id BIGINT NOT NULL,
        action TEXT NOT NULL,
        who TEXT NOT NULL,
        at TEXT NOT NULL,
        before {d.json_type},
        after {d.json_type})""")
    execute("CREATE INDEX audit_log_target ON audit_log (target_id)")


def _m2_postgis(execute: Callable[..., Any], d: Dialect) -> None:
    if d.name != "postgresql":
        return  # the embedded file needs no spatial extension
    import psycopg

    try:
        execute("CREATE EXTENSION IF NOT EXISTS postgis")
    except psycopg.Error as exc:
        reason = " ".join(str(exc).split())
        raise StorageError(msg("migrations_no_postgis", reason=reason)) from None


def _append_only(execute: Callable[..., Any], d: Dialect, table: str) -> None:
    message = f"the {table} is append-only: its rows are never changed or deleted"
    if d.name == "sqlite":
        for event in ("UPDATE", "DELETE"):
            execute(f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{message}'); END")
        return
    execute(f"""CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '{message}' USING ERRCODE = 'insufficient_privilege'; END $$""")
    execute(f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()")
    execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()")


def _m3_shared(execute: Callable[..., Any], d: Dialect) -> None:
    execute("""CREATE TABLE users (
        identity TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
        agencies TEXT NOT NULL DEFAULT '[]',
        name TEXT,
        added_by TEXT NOT NULL,
        added_at TEXT NOT NULL)""")
    execute(f"""CREATE TABLE users_log (
        id {d.serial_key},
        identity TEXT NOT NULL,
        action TEXT NOT NULL,
        who TEXT NOT NULL,
        at TEXT NOT NULL,
        before {d.json_type},
        after {d.json_type})""")
    # A row imported from a file carries the key of its content: a second import of the same file (even
    # at the same moment, from another process) finds it taken and adds nothing. Records typed in the
    # app have none (NULL keys never clash).
    execute("ALTER TABLE targets ADD COLUMN import_key TEXT")
    execute("CREATE UNIQUE INDEX targets_import_key ON targets (import_key)")
    for table in APPEND_ONLY:
        _append_only(execute, d, table)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "targets register and audit log", _m1_tables),
    Migration(2, "PostGIS extension (PostgreSQL only)", _m2_postgis),
    Migration(3, "users and roles, unique import key, append-only audit logs", _m3_shared),
)
SCHEMA_VERSION = MIGRATIONS[-1].version


def app_role_grants(role: str, *, schema: str = "public") -> list[str]:
    """The GRANT statements for the shared app's PostgreSQL role (run them as the tables' owner).

    The role may read and write targets and users, and only add to and read
    the audit logs: no UPDATE, DELETE or TRUNCATE there, and it owns nothing,
    so it cannot drop the triggers either.

    Examples
    --------
    >>> app_role_grants("geo_planner_app")[0]
    'GRANT USAGE ON SCHEMA public TO geo_planner_app'
    """
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", role) or not re.fullmatch(r"[a-z_][a-z0-9_]*", schema):
        raise StorageError(msg("migrations_bad_role", role=role))
    logs = ", ".join(f"{schema}.{t}" for t in APPEND_ONLY)
    return [
        f"GRANT USAGE ON SCHEMA {schema} TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON {schema}.targets, {schema}.users TO {role}",
        f"GRANT SELECT ON {schema}.schema_version TO {role}",
        f"GRANT SELECT, INSERT ON {logs} TO {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {logs} FROM {role}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
    ]


def _has_version_table(conn: Any, d: Dialect) -> bool:
    if d.name == "postgresql":
        return conn.execute("SELECT to_regclass('schema_version') IS NOT NULL AS present").fetchone()["present"]
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").fetchone()
    return row is not None


def current_version(conn: Any, d: Dialect) -> int:
    """The schema version of an open database (0 for a new one)."""
    if not _has_version_table(conn, d):
        return 0
    row = conn.execute("SELECT MAX(version) AS v FROM schema_version").fetchone()
    return int(row["v"] or 0)


def migrate(conn: Any, d: Dialect, transaction: Callable[[], Any], where: str) -> list[int]:
    """Apply the migrations a database lacks, all in one transaction; return their versions.

    An up-to-date database is only read. Concurrent openers wait for each
    other (an advisory lock on PostgreSQL, the write lock on SQLite).
    """
    version = current_version(conn, d)
    if version > SCHEMA_VERSION:
        raise StorageError(msg("migrations_too_new", where=where, version=version, known=SCHEMA_VERSION))
    if version == SCHEMA_VERSION:
        return []
    applied = []

    def execute(sql: str, params: tuple[Any, ...] = ()) -> Any:
        return conn.execute(d.sql(sql), params)

    with transaction():
        if d.name == "postgresql":
            execute("SELECT pg_advisory_xact_lock(?)", (_LOCK_KEY,))
        execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                "description TEXT NOT NULL, applied_at TEXT NOT NULL)")
        version = int(execute("SELECT MAX(version) AS v FROM schema_version").fetchone()["v"] or 0)
        for m in MIGRATIONS:
            if m.version > version:
                m.apply(execute, d)
                execute("INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
                        (m.version, m.description, now_utc()))
                applied.append(m.version)
    return applied
