"""Where the register lives: an embedded SQLite file or a shared PostgreSQL/PostGIS server.

Plain DB-API (the standard library's :mod:`sqlite3`, psycopg 3 for PostgreSQL)
behind a small :class:`Dialect` that holds what differs: placeholders, the
auto-increment key, the JSON type and row locks. Two tables and a handful of
statements do not need an ORM, and the SQL that runs is the SQL you read.

Schema changes are numbered :data:`MIGRATIONS`, applied in order in one
transaction when a register is opened, and recorded in ``schema_version``.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from geo_planner.errors import GeoPlannerError

__all__ = ["Connection", "Dialect", "Migration", "MIGRATIONS", "SCHEMA_VERSION", "StorageError", "data_dir", "default_url",
           "connect", "redact", "now_utc"]

_LOCK_KEY = 6_402_2026  # pg_advisory_xact_lock key: one migrator at a time


class StorageError(GeoPlannerError):
    """The register's database could not be opened, read or written."""


@dataclass(frozen=True)
class Dialect:
    """What differs between the SQL of the two back ends."""

    name: str  # "sqlite" or "postgresql"
    serial_key: str
    json_type: str
    json_param: str
    for_update: str

    def sql(self, text: str) -> str:
        """``?`` placeholders as the driver wants them."""
        return text.replace("?", "%s") if self.name == "postgresql" else text


SQLITE = Dialect("sqlite", "INTEGER PRIMARY KEY AUTOINCREMENT", "TEXT", "?", "")
POSTGRESQL = Dialect("postgresql", "BIGSERIAL PRIMARY KEY", "JSONB", "CAST(? AS jsonb)", " FOR UPDATE")


def now_utc() -> str:
    """The current UTC time as ISO 8601 to the second (``2026-01-05T10:00:00+00:00``)."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def data_dir() -> Path:
    """The folder of the embedded register, created on first use.

    ``GEO_PLANNER_DATA`` if set, else ``~/.local/share/geo-planner``.

    Raises
    ------
    StorageError
        If the folder cannot be created.
    """
    env = os.environ.get("GEO_PLANNER_DATA")
    path = Path(env).expanduser() if env else Path.home() / ".local" / "share" / "geo-planner"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"the data folder {path} cannot be created ({exc.strerror}); set GEO_PLANNER_DATA "
                           "to a folder you can write to") from None
    return path


def default_url() -> str:
    """``GEO_PLANNER_DB`` if set, else the SQLite file ``targets.sqlite`` in :func:`data_dir`."""
    return os.environ.get("GEO_PLANNER_DB") or f"sqlite:///{data_dir() / 'targets.sqlite'}"


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    url = re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)
    return re.sub(r"(password=)[^&\s]*", r"\1***", url, flags=re.I)


def _sqlite_path(url: str) -> Path:
    if url.startswith("sqlite:///"):
        return Path(unquote(url[len("sqlite:///"):])).expanduser()
    if url.startswith("sqlite:"):
        raise StorageError(f"'{url}' is not a SQLite URL; write sqlite:///path/to/targets.sqlite")
    return Path(url).expanduser()


def connect(url: str) -> tuple[Any, Dialect]:
    """Open a connection for ``url``: ``postgresql://...``, ``sqlite:///path`` or a plain file path.

    As in SQLAlchemy, ``sqlite:///targets.sqlite`` is relative to the working
    folder and ``sqlite:////srv/data/targets.sqlite`` absolute.

    SQLite connections are in autocommit mode (transactions are explicit);
    PostgreSQL ones too, with rows as dicts.

    Raises
    ------
    StorageError
        If the database cannot be reached or opened.
    """
    scheme = urlsplit(url).scheme.lower()
    if scheme in ("postgresql", "postgres"):
        return _connect_pg(url), POSTGRESQL
    if scheme not in ("", "sqlite") and not re.match(r"^[a-z]:[\\/]", url, re.I):
        raise StorageError(f"unsupported database URL '{redact(url)}'; use postgresql://user:password@host/db "
                           "or sqlite:///path/to/targets.sqlite")
    path = _sqlite_path(url)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
    except (OSError, sqlite3.Error) as exc:
        raise StorageError(f"the register file {path} cannot be opened ({exc}); check the folder exists and "
                           "you may write to it, or choose another with GEO_PLANNER_DATA") from None
    return conn, SQLITE


def _connect_pg(url: str) -> Any:
    try:
        import psycopg
        from psycopg.rows import dict_row
    except ImportError:  # pragma: no cover - psycopg is a dependency
        raise StorageError("PostgreSQL needs the psycopg package; install it with pip install "
                           "'psycopg[binary]'") from None
    try:
        return psycopg.connect(url, autocommit=True, row_factory=dict_row, connect_timeout=15)
    except psycopg.Error as exc:
        reason = " ".join(str(exc).split())
        raise StorageError(f"cannot connect to the PostgreSQL server at {redact(url)} ({reason}); check "
                           "GEO_PLANNER_DB, the password and that the server is running") from None


def _driver_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [sqlite3.Error]
    try:
        import psycopg

        errors.append(psycopg.Error)
    except ImportError:  # pragma: no cover
        pass
    return tuple(errors)


class Connection:
    """An open database with explicit transactions; driver errors become :class:`StorageError`.

    One lock serialises its use across threads (the app shares one register).
    """

    def __init__(self, conn: Any, dialect: Dialect, url: str) -> None:
        self._conn = conn
        self._d = dialect
        self._lock = threading.RLock()
        self._errors = _driver_errors()
        self.url = url
        self.dialect = dialect.name
        self.applied_migrations: list[int] = []
        self.now: Callable[[], str] = now_utc

    def close(self) -> None:
        """Close the connection (further calls fail)."""
        with contextlib.suppress(*self._errors):
            self._conn.close()

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.url}>"

    def _storage_error(self, exc: BaseException) -> StorageError:
        reason = " ".join(str(exc).split())
        if "locked" in reason or "busy" in reason:
            return StorageError(f"the register at {self.url} is busy (another program is saving); "
                                "try again in a moment")
        return StorageError(f"the register at {self.url} could not be read or written ({reason}); try "
                            "again, and if it keeps failing check the database")

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """One transaction: all of it is committed, or none of it (also on KeyboardInterrupt)."""
        with self._lock:
            try:
                if self._d.name == "postgresql":
                    with self._conn.transaction():
                        yield
                else:
                    self._conn.execute("BEGIN IMMEDIATE")  # take the write lock before reading
                    try:
                        yield
                        self._conn.execute("COMMIT")
                    except BaseException:
                        if self._conn.in_transaction:
                            self._conn.execute("ROLLBACK")
                        raise
            except self._errors as exc:
                raise self._storage_error(exc) from exc

    def _execute(self, sql: str, params: Iterable[Any] = ()) -> Any:
        return self._conn.execute(self._d.sql(sql), tuple(params))

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        with self._lock:
            try:
                return [dict(row) for row in self._execute(sql, params).fetchall()]
            except self._errors as exc:
                raise self._storage_error(exc) from exc

    @property
    def schema_version(self) -> int:
        """The schema version of the database."""
        with self._lock:
            return current_version(self._conn, self._d)


# --------------------------------------------------------------------------- migrations

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
        raise StorageError(f"PostGIS is not available in this database ({reason}); install PostGIS on the server "
                           "(Debian: postgresql-15-postgis-3) and run CREATE EXTENSION postgis as a superuser "
                           "in this database, then try again") from None


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "targets register and audit log", _m1_tables),
    Migration(2, "PostGIS extension (PostgreSQL only)", _m2_postgis),
)
SCHEMA_VERSION = MIGRATIONS[-1].version


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
        raise StorageError(f"the register at {where} has schema version {version} but this geo-planner knows "
                           f"only up to {SCHEMA_VERSION}; upgrade geo-planner")
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
