"""Consistent backups of a live database, and restoring them.

SQLite: the online backup API copies the database page by page in one step while it holds a
read transaction, so the copy is the database as it was at one instant, even while other
processes keep writing (WAL lets them). PostgreSQL: `pg_dump` in custom format, which also
reads one snapshot; `pg_restore` puts it back. Point-in-time recovery for PostgreSQL is the
server's job (WAL archiving), see docs/admin/backup.md. `subprocess` runs only pg_dump and
pg_restore, with fixed argument lists and no shell.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # nosec B404
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connections

PG_HINT = (
    "Install the PostgreSQL client tools of the server's major version "
    "(Debian/Ubuntu: apt install postgresql-client) or put them on PATH."
)


def vendor(using: str = "default") -> str:
    return connections[using].vendor


def default_name(using: str = "default", when=None) -> str:
    from django.utils import timezone

    stamp = (when or timezone.now()).strftime("%Y%m%d-%H%M%S")
    suffix = "sqlite3" if vendor(using) == "sqlite" else "dump"
    return f"sakra-{stamp}.{suffix}"


def backup(target: Path, using: str = "default") -> Path:
    """Write a backup of database `using` to `target`; a half-written one never bears its name."""
    if connections[using].in_atomic_block:
        # SQLite would wait forever for the caller's own write lock; pg_dump would not see
        # the caller's uncommitted rows. A backup is taken outside any transaction.
        raise CommandError("A backup cannot be taken inside a database transaction.")
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    try:
        if vendor(using) == "sqlite":
            _backup_sqlite(partial, using)
        elif vendor(using) == "postgresql":
            _backup_postgresql(partial, using)
        else:
            raise CommandError(f"Backups of {vendor(using)} databases are not supported.")
        partial.chmod(0o600)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def restore(source: Path, using: str = "default") -> None:
    """Replace the contents of database `using` with the backup in `source`."""
    source = Path(source)
    if not source.is_file():
        raise CommandError(f"No backup file at {source}.")
    if vendor(using) == "sqlite":
        _restore_sqlite(source, using)
    elif vendor(using) == "postgresql":
        _restore_postgresql(source, using)
    else:
        raise CommandError(f"Restoring {vendor(using)} databases is not supported.")


# SQLite ------------------------------------------------------------------------------------


def _backup_sqlite(target: Path, using: str) -> None:
    connection = connections[using]
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        # pages=-1: one step, under one read transaction, so the copy is one instant.
        connection.connection.backup(destination, pages=-1)
        # A single self-contained file: no -wal or -shm beside it.
        destination.execute("PRAGMA journal_mode=DELETE")
        _check_sqlite(destination, target)
    finally:
        destination.close()


def _check_sqlite(db: sqlite3.Connection, path: Path) -> None:
    try:
        (result,) = db.execute("PRAGMA quick_check").fetchone()
        has_migrations = db.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='django_migrations'"
        ).fetchone()
    except sqlite3.DatabaseError as exc:
        raise CommandError(f"{path} is not a Sakra SQLite backup: {exc}.") from exc
    if result != "ok":
        raise CommandError(f"{path} failed SQLite's integrity check: {result}.")
    if not has_migrations:
        raise CommandError(f"{path} is not a Sakra SQLite backup: it has no django_migrations.")


def _restore_sqlite(source: Path, using: str) -> None:
    backup_db = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        _check_sqlite(backup_db, source)
        connection = connections[using]
        connection.ensure_connection()
        backup_db.backup(connection.connection, pages=-1)
    finally:
        backup_db.close()
    # The next query reconnects and sees the restored database from the start.
    connections[using].close()


# PostgreSQL --------------------------------------------------------------------------------


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise CommandError(f"{name} was not found. {PG_HINT}")
    return path


def _pg_env(using: str) -> dict[str, str]:
    """Connection settings as libpq environment variables, so no password is on a command line."""
    settings = connections[using].settings_dict
    env = dict(os.environ)
    mapping = {
        "PGHOST": settings.get("HOST"),
        "PGPORT": settings.get("PORT"),
        "PGUSER": settings.get("USER"),
        "PGPASSWORD": settings.get("PASSWORD"),
        "PGDATABASE": settings.get("NAME"),
        "PGSSLMODE": (settings.get("OPTIONS") or {}).get("sslmode"),
    }
    env.update({key: str(value) for key, value in mapping.items() if value})
    return env


def _run(argv: list[str], using: str) -> None:
    # Fixed argv (tool found by shutil.which, our own options and paths), no shell.
    result = subprocess.run(  # noqa: S603 # nosec B603
        argv, env=_pg_env(using), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        tool = Path(argv[0]).name
        raise CommandError(f"{tool} failed ({result.returncode}): {result.stderr.strip()}")


def _backup_postgresql(target: Path, using: str) -> None:
    _run([_tool("pg_dump"), "--format=custom", "--no-password", f"--file={target}"], using)


def _restore_postgresql(source: Path, using: str) -> None:
    # Check that the file is a pg_dump archive before anything is dropped.
    _run([_tool("pg_restore"), "--list", str(source)], using)
    connections[using].close()
    _run(
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            f"--dbname={connections[using].settings_dict['NAME']}",
            str(source),
        ],
        using,
    )
