"""`sakra backup` and `sakra restore`: a backup taken while reports are written holds every
report acknowledged before it started, and restores."""

import copy
import sqlite3
import threading
import time
import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from sakra.accounts.models import Notification
from sakra.core import backup as backup_module
from sakra.testing import make_user

NAMES: dict[str, str] = {}


def _connect(alias: str) -> str:
    """A connection for this thread only to a scratch database, unknown to the settings.

    Django's test case lets such dynamically created connections through; aliases from the
    settings would need declaring before the test starts, when the scratch files do not exist.
    """
    if alias == "default":
        return alias
    settings = copy.deepcopy(connections["default"].settings_dict)
    settings["NAME"] = NAMES[alias]
    connections[alias] = type(connections["default"])(settings, alias)
    return alias


def _disconnect(alias: str) -> None:
    if alias != "default":
        connections[alias].close()
        del connections[alias]


@pytest.fixture
def scratch(tmp_path, transactional_db):
    """A live database to write to and an empty one to restore into, on either engine."""
    aliases = []
    created = []
    if connection.vendor == "sqlite":
        live_file = tmp_path / "live.sqlite3"
        call_command("backup", str(live_file))  # a file copy of the test database's schema
        NAMES.update(backup_live=str(live_file), backup_restored=str(tmp_path / "r.sqlite3"))
        live, restored = _connect("backup_live"), _connect("backup_restored")
        aliases += [live, restored]
    else:
        live = "default"
        name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        created.append(name)
        NAMES.update(backup_restored=name)
        restored = _connect("backup_restored")
        aliases.append(restored)
    yield live, restored
    for alias in aliases:
        _disconnect(alias)
    for name in created:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def test_backup_while_writing_holds_every_acknowledged_report(scratch, tmp_path, capsys):
    live, restored = scratch
    recipient = make_user()
    committed: list[int] = []
    lock = threading.Lock()
    stop = threading.Event()
    errors: list[BaseException] = []

    def writer():
        _connect(live)
        try:
            n = 0
            while not stop.is_set():
                n += 1
                row = Notification.objects.using(live).create(
                    recipient_id=recipient.pk, subject=f"Rapport {n}"
                )
                # create() returned in autocommit mode: the row is committed (acknowledged).
                with lock:
                    committed.append(row.pk)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections[live].close()
            _disconnect(live)

    if live != "default":
        # The recipient must exist in the live copy too (it was created after the copy).
        recipient.save(using=live, force_insert=True)
    thread = threading.Thread(target=writer)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while len(committed) < 30 and time.monotonic() < deadline:
            time.sleep(0.01)
        with lock:
            acknowledged = set(committed)
        target = tmp_path / "during-writes.backup"
        call_command("backup", str(target), database=live)
        time.sleep(0.05)  # the writer keeps going after the backup
    finally:
        stop.set()
        thread.join(30)
    assert not errors, errors
    assert len(acknowledged) >= 30
    assert "Backup written to" in capsys.readouterr().out
    assert len(committed) > len(acknowledged)

    call_command("restore", str(target), database=restored, interactive=False)
    found = set(Notification.objects.using(restored).values_list("pk", flat=True))
    assert acknowledged <= found  # every acknowledged report is there
    assert found <= set(committed)  # and nothing that was never written


def test_sqlite_backup_is_one_self_contained_file(transactional_db, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    make_user(full_name="Backad Person")
    target = tmp_path / "b.sqlite3"
    call_command("backup", str(target))
    assert target.stat().st_mode & 0o777 == 0o600
    assert not (tmp_path / "b.sqlite3-wal").exists()
    db_file = sqlite3.connect(target)
    assert db_file.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    names = [row[0] for row in db_file.execute("SELECT full_name FROM accounts_user")]
    db_file.close()
    assert "Backad Person" in names


def test_default_backup_path_is_under_var(settings, tmp_path, transactional_db):
    settings.VAR_DIR = tmp_path
    call_command("backup")
    files = list((tmp_path / "backups").iterdir())
    assert len(files) == 1 and files[0].name.startswith("sakra-")
    assert not any(f.name.endswith(".part") for f in files)


def test_restore_refuses_what_is_not_a_backup(db, tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(CommandError):
        call_command("restore", str(junk), interactive=False)
    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore", str(tmp_path / "missing"), interactive=False)


def test_restore_asks_first_and_a_no_changes_nothing(transactional_db, tmp_path, monkeypatch):
    target = tmp_path / "b.backup"
    call_command("backup", str(target))
    user = make_user()
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", str(target))
    assert type(user).objects.filter(pk=user.pk).exists()


def test_missing_postgresql_tools_give_a_clear_message(monkeypatch):
    monkeypatch.setattr(backup_module.shutil, "which", lambda name: None)
    with pytest.raises(CommandError, match=r"pg_dump was not found.*postgresql-client"):
        backup_module._tool("pg_dump")


def test_backup_inside_a_transaction_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="inside a database transaction"):
        call_command("backup", str(tmp_path / "x"))
    assert not (tmp_path / "x").exists()
