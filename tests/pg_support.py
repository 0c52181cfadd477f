"""PostgreSQL for the register tests: the server .ci/run starts, one throw-away schema per use."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator

import pytest

PG_ENV = "GEO_PLANNER_TEST_PG"


def pg_base() -> str:
    """The test server's URL; skips the test without one (fails in CI, where .ci/run must provide it)."""
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"{PG_ENV} is not set in CI: .ci/run must start PostgreSQL and export it")
        pytest.skip(f"PostgreSQL back end not tested: set {PG_ENV}=postgresql://user:pass@127.0.0.1:5432/db "
                    "(a database with PostGIS; .ci/run sets one up)")
    return url


def pg_admin(base: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(sql)


@contextlib.contextmanager
def pg_schema(prefix: str = "test") -> Iterator[str]:
    """A register URL whose tables go to a new schema, dropped afterwards."""
    base = pg_base()
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    pg_admin(base, f"CREATE SCHEMA {schema}")
    try:
        yield f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}%2Cpublic"
    finally:
        pg_admin(base, f"DROP SCHEMA IF EXISTS {schema} CASCADE")
