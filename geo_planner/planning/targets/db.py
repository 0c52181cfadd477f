"""Where the register lives: an embedded SQLite file or a shared PostgreSQL/PostGIS server.

Plain DB-API (the standard library's :mod:`sqlite3`, psycopg 3 for PostgreSQL)
behind a small :class:`Dialect` that holds what differs: placeholders, the
auto-increment key, the JSON type and row locks. Two tables and a handful of
statements do not need an ORM, and the SQL that runs is the SQL you read.

Every write runs through :meth:`Connection._atomic`: one transaction, retried a
few times when PostgreSQL reports a deadlock or a serialisation failure, and
run again once on a new connection when the old one was lost (a server
restart). Driver errors become a :class:`StorageError` whose advice fits the
cause (busy, read-only, disk full, damaged file, lost connection), and no
message ever carries the password of the database URL (:func:`redact`).
Schema changes are in :mod:`.migrations`.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

from geo_planner.errors import GeoPlannerError

__all__ = ["Connection", "Dialect", "StorageError", "data_dir", "default_url", "connect", "redact", "now_utc",
           "RETRIES"]

RETRIES = 6  # attempts of a transaction PostgreSQL aborted for a deadlock or a serialisation failure
_SQLITE_HEADER = b"SQLite format 3\x00"
_T = TypeVar("_T")


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


# --------------------------------------------------------------------------- URLs without secrets

def _password_span(url: str) -> tuple[int, int] | None:
    """Where the password of a ``scheme://user:password@host`` URL is (the last ``@`` ends it)."""
    match = re.match(r"^[a-z][a-z0-9+.-]*://([^/?#]*@|.*@)", url, re.I)
    if not match or ":" not in match.group(1):
        return None
    start = match.start(1) + match.group(1).index(":") + 1
    return start, match.end(1) - 1


def _password(url: str) -> str | None:
    span = _password_span(url)
    return None if span is None else url[span[0]:span[1]]


def redact(url: str) -> str:
    """The URL (or libpq ``key=value`` string) with its password replaced by ``***``.

    The password may hold spaces, ``@``, ``%`` or percent-encoded characters:
    everything between the user name's ``:`` and the last ``@`` before the host
    goes, and so does a ``password=`` parameter.

    Examples
    --------
    >>> redact("postgresql://planner:p@ss w%rd@db.example:5432/register")
    'postgresql://planner:***@db.example:5432/register'
    >>> redact("host=db user=planner password='s e c' dbname=register")
    'host=db user=planner password=*** dbname=register'
    """
    text = str(url)
    span = _password_span(text)
    if span is not None:
        text = text[: span[0]] + "***" + text[span[1]:]
    return re.sub(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^&\s]*)", r"\1***", text, flags=re.I)


def scrub(text: str, url: str) -> str:
    """``text`` (e.g. a driver's message) without the password of ``url``, raw or decoded."""
    out = redact(str(text))
    secret = _password(url)
    for form in {secret, unquote(secret) if secret else None} - {None, ""}:
        out = out.replace(form, "***")
    return out


_BAD_URL = ("GEO_PLANNER_DB (or --db) is not a valid database URL; write it as "
            "postgresql://user:password@host:5432/database (special characters of the password percent-encoded: "
            "@ as %40, a space as %20, % as %25, / as %2F) or sqlite:///path/to/targets.sqlite")


def _check_pg_url(url: str) -> None:
    """One sentence for a PostgreSQL URL that cannot be right, before libpq echoes pieces of it."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise StorageError(_BAD_URL) from None
    authority = url.split("://", 1)[1].split("/", 1)[0] if "://" in url else ""
    if authority.count("@") > 1 or any(ch.isspace() for ch in url) or (parts.hostname is None and port):
        raise StorageError(_BAD_URL)


# --------------------------------------------------------------------------- opening

def _sqlite_path(url: str) -> Path:
    if url.startswith("sqlite:///"):
        return Path(unquote(url[len("sqlite:///"):])).expanduser()
    if url.startswith("sqlite:"):
        raise StorageError(f"'{redact(url)}' is not a SQLite URL; write sqlite:///path/to/targets.sqlite")
    return Path(url).expanduser()


def _restore_advice(path: Path) -> str:
    return (f"restore {path.name} from your backup, or move it away and import your last export "
            "(geo-planner targets import FILE.xlsx) into a new register; geo-planner never replaces it")


def _check_sqlite_file(path: Path) -> None:
    """Refuse a file that exists but is not a register any more (never overwrite it with a new one)."""
    try:
        if not path.exists() or path.is_dir():
            return
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(len(_SQLITE_HEADER))
    except OSError as exc:
        raise StorageError(f"the register file {path} cannot be read ({exc.strerror}); check that you may read "
                           "it and its folder") from None
    if size == 0:
        raise StorageError(f"the register file {path} is empty (0 bytes): its targets are gone, perhaps cut off "
                           f"by a full disk or a failed copy; {_restore_advice(path)}")
    if head != _SQLITE_HEADER:
        raise StorageError(f"the register file {path} is damaged (it is not a SQLite database); "
                           f"{_restore_advice(path)}")


def _connect_sqlite(path: Path) -> sqlite3.Connection:
    _check_sqlite_file(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    except OSError as exc:
        raise StorageError(f"the folder of the register file {path} cannot be created ({exc.strerror}); choose "
                           "another with GEO_PLANNER_DATA") from None
    except sqlite3.Error as exc:
        raise sqlite_error(exc, path) from None
    try:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.Error as exc:
        conn.close()
        raise sqlite_error(exc, path) from None
    if check != "ok":
        conn.close()
        found = [line for line in str(check).splitlines() if line.strip() and not line.startswith("***")] or [check]
        more = f", and {len(found) - 1} more problem(s)" if len(found) > 1 else ""
        raise StorageError(f"the register file {path} is damaged ({found[0]}{more}); {_restore_advice(path)}")
    return conn


def connect(url: str) -> tuple[Any, Dialect]:
    """Open a connection for ``url``: ``postgresql://...``, ``sqlite:///path`` or a plain file path.

    As in SQLAlchemy, ``sqlite:///targets.sqlite`` is relative to the working
    folder and ``sqlite:////srv/data/targets.sqlite`` absolute. SQLite
    connections are in autocommit mode (transactions are explicit);
    PostgreSQL ones too, with rows as dicts.

    Raises
    ------
    StorageError
        If the database cannot be reached or opened, the URL is malformed, or
        the SQLite file is empty or damaged (it is never replaced).
    """
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        raise StorageError(_BAD_URL) from None
    if scheme in ("postgresql", "postgres"):
        return _connect_pg(url), POSTGRESQL
    if scheme not in ("", "sqlite") and not re.match(r"^[a-z]:[\\/]", url, re.I):
        raise StorageError(f"unsupported database URL '{redact(url)}'; use postgresql://user:password@host/db "
                           "or sqlite:///path/to/targets.sqlite")
    return _connect_sqlite(_sqlite_path(url)), SQLITE


def _connect_pg(url: str) -> Any:
    try:
        import psycopg
        from psycopg.rows import dict_row
    except ImportError:  # pragma: no cover - psycopg is a dependency
        raise StorageError("PostgreSQL needs the psycopg package; install it with pip install "
                           "'psycopg[binary]'") from None
    _check_pg_url(url)
    try:
        return psycopg.connect(url, autocommit=True, row_factory=dict_row, connect_timeout=15)
    except psycopg.Error as exc:
        reason = scrub(" ".join(str(exc).split()), url)
        raise StorageError(f"cannot connect to the PostgreSQL server at {redact(url)} ({reason}); check "
                           "GEO_PLANNER_DB, the password and that the server is running") from None


# --------------------------------------------------------------------------- errors that fit the cause

_SQLITE_CAUSES: tuple[tuple[str, str], ...] = (
    ("locked", "is busy: another program is saving to it; try again in a moment, and if it lasts close the other "
               "program (or the app in another window) that holds it"),
    ("busy", "is busy: another program is saving to it; try again in a moment"),
    ("readonly", "is read-only for you: ask for write permission on the file and its folder, or copy it to a "
                 "folder you can write to and set GEO_PLANNER_DATA there"),
    ("full", "could not be written because the disk is full: free some space on that disk, then save again "
             "(nothing of this change was saved)"),
    ("malformed", "is damaged"),
    ("not a database", "is damaged"),
    ("disk i/o", "could not be read or written by the disk (I/O error): check the disk or the network share, "
                 "then try again"),
    ("unable to open", "cannot be opened: check that its folder exists and you may write to it, or choose "
                       "another with GEO_PLANNER_DATA"),
)


def sqlite_error(exc: BaseException, path: Path | str) -> StorageError:
    """A :class:`StorageError` whose advice fits what SQLite reported."""
    reason = " ".join(str(exc).split())
    key = reason.casefold().replace(" ", "")
    for needle, advice in _SQLITE_CAUSES:
        if needle.replace(" ", "") in key:
            if advice == "is damaged":
                return StorageError(f"the register file {path} is damaged ({reason}); "
                                    f"{_restore_advice(Path(str(path)))}")
            return StorageError(f"the register file {path} {advice}")
    if "append-only" in reason:
        return StorageError(f"refused: {reason}")
    return StorageError(f"the register file {path} could not be read or written ({reason})")


_PG_CAUSES: dict[str, str] = {
    "40P01": "is busy: other people were saving the same targets at the same moment; save again",
    "40001": "is busy: other people were saving the same targets at the same moment; save again",
    "55P03": "is busy: the targets are locked by another save; save again in a moment",
    "57014": "took too long to answer (statement timeout); try again, and tell the administrator if it lasts",
    "53100": "could not save because the database server's disk is full; tell the administrator (nothing of "
             "this change was saved)",
    "53200": "is out of memory; tell the administrator (nothing of this change was saved)",
    "25006": "is read-only (a standby copy, or in maintenance); point GEO_PLANNER_DB at the primary server",
    "42501": "refused this: the database role of geo-planner lacks a privilege; the administrator grants it as "
             "the README's shared deployment describes",
    "XX001": "reports damaged data; tell the administrator to restore the database from its backup",
}


def pg_error(exc: BaseException, where: str, url: str) -> StorageError:
    """A :class:`StorageError` whose advice fits what PostgreSQL reported."""
    reason = scrub(" ".join(str(exc).split()), url)
    code = getattr(exc, "sqlstate", None) or ""
    if "append-only" in reason:
        return StorageError(f"refused: {reason.split(' CONTEXT:')[0]}")
    if code in _PG_CAUSES:
        return StorageError(f"the register at {where} {_PG_CAUSES[code]}")
    if _lost(exc):
        return StorageError(f"the connection to the register at {where} was lost ({reason}); the next "
                            "operation connects again: try again when the server is back")
    return StorageError(f"the register at {where} could not be read or written ({reason})")


def _lost(exc: BaseException) -> bool:
    """A PostgreSQL error that means the connection is gone (server restart, network)."""
    code = getattr(exc, "sqlstate", None) or ""
    return code.startswith("08") or code in ("57P01", "57P02", "57P03") or (
        type(exc).__name__ in ("OperationalError", "InterfaceError") and not code)


def _driver_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [sqlite3.Error]
    try:
        import psycopg

        errors.append(psycopg.Error)
    except ImportError:  # pragma: no cover
        pass
    return tuple(errors)


class _CommitLost(Exception):
    """The connection died while COMMIT was on its way: the change may or may not be stored."""


# --------------------------------------------------------------------------- the connection

class Connection:
    """An open database with explicit transactions; driver errors become :class:`StorageError`.

    One lock serialises its use across threads (the app shares one register).
    A PostgreSQL connection lost to a server restart is opened again by the next
    operation; a transaction aborted for a deadlock or a serialisation failure
    is run again, up to :data:`RETRIES` times.
    """

    def __init__(self, conn: Any, dialect: Dialect, url: str, *, dsn: str | None = None) -> None:
        self._conn = conn
        self._d = dialect
        self._lock = threading.RLock()
        self._errors = _driver_errors()
        self._dsn = dsn  # the URL with its password, kept only to connect again
        self.url = url
        self.dialect = dialect.name
        self.applied_migrations: list[int] = []
        self.now: Callable[[], str] = now_utc
        self.retried = 0  # transactions run again after a deadlock or serialisation failure (for tests)
        self.reconnected = 0

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
        if self._d.name == "postgresql":
            return pg_error(exc, self.url, self._dsn or self.url)
        return sqlite_error(exc, self.url.removeprefix("sqlite:///"))

    def _reconnect_if_broken(self) -> None:
        if self._d.name == "postgresql" and self._dsn and (self._conn.closed or self._conn.broken):
            self._reconnect()

    def _reconnect(self) -> None:
        with contextlib.suppress(*self._errors):
            self._conn.close()
        self._conn = _connect_pg(self._dsn)
        self.reconnected += 1

    def _can_reconnect(self, exc: BaseException) -> bool:
        return self._d.name == "postgresql" and bool(self._dsn) and _lost(exc)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """One transaction: all of it is committed, or none of it (also on KeyboardInterrupt)."""
        with self._lock:
            try:
                with self._raw_transaction():
                    yield
            except _CommitLost as lost:
                raise StorageError(f"the connection to the register at {self.url} was lost while saving, so this "
                                   "change may or may not be stored; reload and check it before saving again") \
                    from lost.__cause__
            except self._errors as exc:
                raise self._storage_error(exc) from exc

    @contextlib.contextmanager
    def _raw_transaction(self) -> Iterator[None]:
        begin = "BEGIN" if self._d.name == "postgresql" else "BEGIN IMMEDIATE"  # SQLite: the write lock first
        self._conn.execute(begin)
        try:
            yield
        except BaseException:
            with contextlib.suppress(*self._errors):
                if self._d.name == "postgresql" or self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
            raise
        try:
            self._conn.execute("COMMIT")
        except self._errors as exc:
            if self._d.name == "postgresql" and _lost(exc):
                raise _CommitLost() from exc
            raise

    def _atomic(self, body: Callable[[], _T]) -> _T:
        """Run ``body`` in one transaction; run it again after a deadlock or a lost connection.

        A deadlock or serialisation failure (PostgreSQL rolled the whole
        transaction back) is retried up to :data:`RETRIES` times with a short
        random pause; a connection found lost before the commit is opened again
        once. Nothing the body did survives a failed attempt.
        """
        attempt, reconnected = 0, False
        while True:
            with self._lock:
                try:
                    self._reconnect_if_broken()
                    with self._raw_transaction():
                        return body()
                except _CommitLost as lost:
                    raise StorageError(f"the connection to the register at {self.url} was lost while saving, so "
                                       "this change may or may not be stored; reload and check it before saving "
                                       "again") from lost.__cause__
                except self._errors as exc:
                    code = getattr(exc, "sqlstate", None)
                    if self._can_reconnect(exc) and not reconnected:
                        reconnected = True
                        self._reconnect_or_raise(exc)
                        continue
                    if code not in ("40P01", "40001") or attempt >= RETRIES - 1:
                        raise self._storage_error(exc) from exc
                    attempt += 1
                    self.retried += 1
            time.sleep(random.uniform(0.005, 0.05) * attempt)

    def _reconnect_or_raise(self, exc: BaseException) -> None:
        try:
            self._reconnect()
        except StorageError:
            raise self._storage_error(exc) from exc

    def _execute(self, sql: str, params: Iterable[Any] = ()) -> Any:
        return self._conn.execute(self._d.sql(sql), tuple(params))

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        with self._lock:
            for again in (True, False):
                try:
                    self._reconnect_if_broken()
                    return [dict(row) for row in self._execute(sql, params).fetchall()]
                except self._errors as exc:
                    if again and self._can_reconnect(exc):
                        self._reconnect_or_raise(exc)
                        continue
                    raise self._storage_error(exc) from exc
        raise AssertionError("unreachable")  # pragma: no cover
