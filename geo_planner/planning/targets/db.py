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
from geo_planner.i18n.messages import msg

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
        raise StorageError(msg("db_data_folder", path=path, reason=exc.strerror)) from None
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


_BAD_URL = "db_bad_url"  # the message's key: written when raised, in the reader's language


def _check_pg_url(url: str) -> None:
    """One sentence for a PostgreSQL URL that cannot be right, before libpq echoes pieces of it."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise StorageError(msg(_BAD_URL)) from None
    authority = url.split("://", 1)[1].split("/", 1)[0] if "://" in url else ""
    if authority.count("@") > 1 or any(ch.isspace() for ch in url) or (parts.hostname is None and port):
        raise StorageError(msg(_BAD_URL))


# --------------------------------------------------------------------------- opening

def _sqlite_path(url: str) -> Path:
    if url.startswith("sqlite:///"):
        return Path(unquote(url[len("sqlite:///"):])).expanduser()
    if url.startswith("sqlite:"):
        raise StorageError(msg("db_not_sqlite_url", url=redact(url)))
    return Path(url).expanduser()


def _restore_advice(path: Path) -> str:
    return msg("db_restore_advice", name=path.name)


def _check_sqlite_file(path: Path) -> None:
    """Refuse a file that exists but is not a register any more (never overwrite it with a new one)."""
    try:
        if not path.exists() or path.is_dir():
            return
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(len(_SQLITE_HEADER))
    except OSError as exc:
        raise StorageError(msg("db_file_unreadable", path=path, reason=exc.strerror)) from None
    if size == 0:
        raise StorageError(msg("db_file_empty", path=path, advice=_restore_advice(path)))
    if head != _SQLITE_HEADER:
        raise StorageError(msg("db_file_not_sqlite", path=path, advice=_restore_advice(path)))


def _connect_sqlite(path: Path) -> sqlite3.Connection:
    _check_sqlite_file(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    except OSError as exc:
        raise StorageError(msg("db_file_folder", path=path, reason=exc.strerror)) from None
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
        more = msg("db_more_problems", n=len(found) - 1) if len(found) > 1 else ""
        raise StorageError(msg("db_file_damaged", path=path, reason=f"{found[0]}{more}",
                               advice=_restore_advice(path)))
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
        raise StorageError(msg(_BAD_URL)) from None
    if scheme in ("postgresql", "postgres"):
        return _connect_pg(url), POSTGRESQL
    if scheme not in ("", "sqlite") and not re.match(r"^[a-z]:[\\/]", url, re.I):
        raise StorageError(msg("db_unsupported_url", url=redact(url)))
    return _connect_sqlite(_sqlite_path(url)), SQLITE


def _connect_pg(url: str) -> Any:
    try:
        import psycopg
        from psycopg.rows import dict_row
    except ImportError:  # pragma: no cover - psycopg is a dependency
        raise StorageError(msg("db_no_psycopg")) from None
    _check_pg_url(url)
    try:
        return psycopg.connect(url, autocommit=True, row_factory=dict_row, connect_timeout=15)
    except psycopg.Error as exc:
        reason = scrub(" ".join(str(exc).split()), url)
        raise StorageError(msg("db_cannot_connect", url=redact(url), reason=reason)) from None


# --------------------------------------------------------------------------- errors that fit the cause

# what SQLite reports (a word of its message) -> the key of the advice (see messages_planning.py)
_SQLITE_CAUSES: tuple[tuple[str, str], ...] = (
    ("locked", "db_sqlite_locked"),
    ("busy", "db_sqlite_busy"),
    ("readonly", "db_sqlite_readonly"),
    ("full", "db_sqlite_full"),
    ("malformed", "db_damaged"),
    ("not a database", "db_damaged"),
    ("disk i/o", "db_sqlite_io"),
    ("unable to open", "db_sqlite_cannot_open"),
)


def _append_only_refused(reason: str) -> StorageError:
    """The trigger of an append-only log refused a change (its text is the schema's, in English: said again here)."""
    known = re.fullmatch(r"the (\w+) is append-only: its rows are never changed or deleted", reason)
    return StorageError(msg("db_append_only", table=known.group(1)) if known else msg("db_refused", reason=reason))


def sqlite_error(exc: BaseException, path: Path | str) -> StorageError:
    """A :class:`StorageError` whose advice fits what SQLite reported."""
    reason = " ".join(str(exc).split())
    key = reason.casefold().replace(" ", "")
    for needle, advice in _SQLITE_CAUSES:
        if needle.replace(" ", "") in key:
            if advice == "db_damaged":
                return StorageError(msg("db_file_damaged", path=path, reason=reason,
                                        advice=_restore_advice(Path(str(path)))))
            return StorageError(msg("db_file_cause", path=path, advice=msg(advice)))
    if "append-only" in reason:
        return _append_only_refused(reason)
    return StorageError(msg("db_file_failed", path=path, reason=reason))


# PostgreSQL's SQLSTATE -> the key of the advice (see messages_planning.py)
_PG_CAUSES: dict[str, str] = {
    "40P01": "db_pg_busy",
    "40001": "db_pg_busy",
    "55P03": "db_pg_locked",
    "57014": "db_pg_timeout",
    "53100": "db_pg_disk_full",
    "53200": "db_pg_memory",
    "25006": "db_pg_read_only",
    "42501": "db_pg_privilege",
    "XX001": "db_pg_damaged",
}


def pg_error(exc: BaseException, where: str, url: str) -> StorageError:
    """A :class:`StorageError` whose advice fits what PostgreSQL reported."""
    reason = scrub(" ".join(str(exc).split()), url)
    code = getattr(exc, "sqlstate", None) or ""
    if "append-only" in reason:
        return _append_only_refused(reason.split(" CONTEXT:")[0])
    if code in _PG_CAUSES:
        return StorageError(msg("db_pg_cause", where=where, advice=msg(_PG_CAUSES[code])))
    if _lost(exc):
        return StorageError(msg("db_pg_lost", where=where, reason=reason))
    return StorageError(msg("db_pg_failed", where=where, reason=reason))


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
                raise StorageError(msg("db_lost_while_saving", where=self.url)) from lost.__cause__
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
                    raise StorageError(msg("db_lost_while_saving", where=self.url)) from lost.__cause__
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
