"""The bench's own databases: named by the operator, marked when the bench creates them, and
dropped only when they carry the mark (issue 19: a bench that drops any `sakra_bench_N` on a
shared server with FORCE drops other people's work).

PostgreSQL: the mark is the database's comment (`COMMENT ON DATABASE … IS 'sakra-bench'`), kept
in the server's catalogue, so it survives whatever the bench does inside. SQLite: the bench's
files live in bench/data/ and nowhere else.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DATA = Path(__file__).resolve().parent / "data"
MARK = "sakra-bench"
#: A name the bench writes into SQL as an identifier: letters, digits and underscores only.
NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


class NotOurs(RuntimeError):
    """The database exists and the bench did not create it: it is left alone."""


def checked(name: str) -> str:
    if not NAME.fullmatch(name):
        raise ValueError(f"bench database name {name!r}: lower-case letters, digits, _ only")
    return name


def url(db: str, name: str) -> str:
    if db == "sqlite":
        return f"sqlite:///{DATA / f'{checked(name)}.sqlite3'}"
    return f"{PG_SERVER}/{checked(name)}"


def _admin():
    import psycopg

    return psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True)


def exists(name: str) -> bool:
    with _admin() as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        return found is not None


def is_marked(name: str) -> bool:
    with _admin() as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
    return row is not None and row[0] == MARK


def create(name: str, template: str | None = None) -> None:
    """A new database carrying the mark; from `template` (a copy of it) when given."""
    name = checked(name)
    with _admin() as conn:
        if template:
            # FILE_COPY: a file copy of the template, seconds for a million incidents where
            # the default WAL_LOG writes every page through the log.
            conn.execute(
                f'CREATE DATABASE "{name}" TEMPLATE "{checked(template)}" STRATEGY FILE_COPY'
            )
        else:
            conn.execute(f'CREATE DATABASE "{name}"')
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{MARK}'")


def drop(name: str) -> None:
    """Drop `name` if the bench made it; a database without the mark raises `NotOurs`."""
    name = checked(name)
    if not exists(name):
        return
    if not is_marked(name):
        raise NotOurs(
            f"database {name!r} exists and was not created by the bench (no '{MARK}' comment): "
            "choose another name (BENCH_DB) or drop it yourself"
        )
    with _admin() as conn:
        conn.execute(f'DROP DATABASE "{name}"')


def replace(name: str, template: str | None = None) -> None:
    drop(name)
    create(name, template)


def sqlite_path(name: str) -> Path:
    return DATA / f"{checked(name)}.sqlite3"


def sqlite_drop(name: str) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{sqlite_path(name)}{suffix}").unlink(missing_ok=True)


def sqlite_copy(source: str, name: str) -> None:
    """A copy of the SQLite database `source` (checkpointed first, so one file holds it all)."""
    import sqlite3

    sqlite_drop(name)
    with sqlite3.connect(sqlite_path(source)) as src, sqlite3.connect(sqlite_path(name)) as dst:
        src.backup(dst)
