import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import HttpRequest

from sakra.accounts.demo import DEMO_PASSWORD, PEOPLE
from sakra.accounts.models import RoleAssignment, User
from sakra.organisation.models import SecurityArea, Site, Unit


def _counts():
    return [m.objects.count() for m in (Unit, Site, SecurityArea, User, RoleAssignment)]


def test_demo_is_idempotent_and_every_printed_login_works(db, client, capsys):
    call_command("demo", "--no-serve")
    first = _counts()
    output = capsys.readouterr().out
    call_command("demo", "--no-serve")
    assert _counts() == first
    for local, *_rest in PEOPLE[:9]:
        email = f"{local}@demo.sakra.se"
        assert email in output
        assert client.login(request=HttpRequest(), username=email, password=DEMO_PASSWORD), email
    assert SecurityArea.objects.filter(owner__isnull=True).count() == 0
    assert Unit.objects.get_children(Unit.objects.get(code="hs")).count() == 3


def _sakra(*args, **env):
    return subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [sys.executable, "-m", "sakra.cli", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_malformed_database_url_stops_with_one_line():
    result = _sakra("check", DATABASE_URL="mysql//nope")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "DATABASE_URL" in result.stderr


def test_production_requires_a_secret_key():
    result = _sakra("check", SAKRA_ENV="production", SECRET_KEY="")
    assert result.returncode == 2 and "SECRET_KEY" in result.stderr


def test_the_escalation_time_is_read_from_the_environment():
    # The README promises SAKRA_ACUTE_ESCALATION_MINUTES; a value out of range stops start-up.
    result = _sakra("check", SAKRA_ACUTE_ESCALATION_MINUTES="0")
    assert result.returncode == 2 and "SAKRA_ACUTE_ESCALATION_MINUTES" in result.stderr


def test_dashes_in_command_names(tmp_path):
    result = _sakra("load-areas", "nowhere", DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite3")
    assert result.returncode == 1
    assert "fourteen, halland, skane" in result.stderr


@pytest.mark.parametrize("command", ["serve", "demo"])
def test_a_taken_port_is_named_with_the_way_out_before_anything_starts(command, monkeypatch):
    import socket

    from sakra.core.management.commands import demo

    migrated = []
    monkeypatch.setattr(demo, "call_command", lambda *args, **kwargs: migrated.append(args))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(CommandError, match=f"PORT={port + 1}"):
            call_command(command, port=port)
    assert migrated == []  # the demo did not load minutes of data first
