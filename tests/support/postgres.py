"""A fresh PostgreSQL database per test run, on the server at 127.0.0.1:5432."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg2

from tests.support.needs import require

PG_ADMIN_DSN = os.environ.get(
    "TEST_POSTGRES_DSN", "host=127.0.0.1 port=5432 dbname=test user=postgres connect_timeout=3"
)


def _admin() -> psycopg2.extensions.connection:
    conn = psycopg2.connect(PG_ADMIN_DSN)
    conn.autocommit = True
    return conn


@contextmanager
def fresh_database() -> Iterator[str]:
    """Yield a ``postgresql://`` URL of a new, empty database; drop it afterwards."""
    admin = None
    problem = ""
    try:
        admin = _admin()
    except psycopg2.OperationalError as exc:
        problem = f"no PostgreSQL answers at 127.0.0.1:5432 ({exc})"
    require(admin, problem)
    assert admin is not None
    name = f"ip_test_{secrets.token_hex(4)}"
    params = admin.get_dsn_parameters()
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql://{params['user']}@{params['host']}:{params['port']}/{name}"
    finally:
        with admin.cursor() as cur:
            cur.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                (name,),
            )
            cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


def query(url: str, sql: str, *args: object) -> list[tuple[object, ...]]:
    dsn = url.replace("postgresql+psycopg2://", "postgresql://")
    with psycopg2.connect(dsn) as conn, conn.cursor() as cur:
        cur.execute(sql, args)
        rows: list[tuple[object, ...]] = cur.fetchall()
    conn.close()
    return rows
