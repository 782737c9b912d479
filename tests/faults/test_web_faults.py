"""A web worker killed mid-request, on PostgreSQL: `sakra serve` (gunicorn, three workers)
takes reports through the API from clients that retry as a client should (the same
Idempotency-Key after a dropped connection or a 5xx), while worker processes are killed with
SIGKILL. Every key ends with exactly one incident: none lost, none doubled.

Slow (it starts a server): `pytest -m "not slow"` leaves it out. A worker killed after its
commit but before its answer is the case that would double a report without the key; one
killed before its commit leaves nothing (PostgreSQL rolls back the dead connection's work).
"""

import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from datetime import UTC, datetime
from http.client import HTTPException
from pathlib import Path

import pytest
from django.db import connection

from sakra.accounts.choices import Role
from sakra.accounts.services import create_api_token
from sakra.incidents.models import Incident, IncidentCategory

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="gunicorn needs a server"),
    pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds gunicorn's workers in /proc"),
    pytest.mark.django_db(transaction=True),
]

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 90  # a loaded CI machine takes a while to start Django
CLIENTS = 6
AT_LEAST = 5  # reports per client; each goes on reporting until the last kill
KILLS = 6
GIVE_UP = 60  # seconds one report may take, retries included, before the client gives up


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (gunicorn's workers of its master)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # "pid (comm) state ppid …": comm may hold spaces, so split after its ")".
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _until(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def server(tmp_path):
    """`sakra serve` with three workers on the test database; stopped at the end."""
    db = connection.settings_dict
    port = _free_port()
    log = open(tmp_path / "serve.log", "w")  # noqa: SIM115
    process = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "sakra.cli", "serve", "--port", str(port), "--workers", "3"],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={
            **os.environ,
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "DJANGO_SETTINGS_MODULE": "tests.faults.settings",
            "SAKRA_TEST_MAILBOX": str(tmp_path / "mail"),
            "LOG_LEVEL": "WARNING",
        },
    )
    process.url = f"http://127.0.0.1:{port}"
    process.log = Path(log.name)

    def answers() -> bool:
        try:
            with urllib.request.urlopen(f"{process.url}/health", timeout=2) as reply:  # noqa: S310
                return reply.status == 200 and len(_children(process.pid)) == 3
        except (OSError, HTTPException):
            return False

    assert _until(answers, START_TIMEOUT), process.log.read_text()
    yield process
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=30)


class Client(threading.Thread):
    """Reports incidents one after another, each with its own key, as a phone app would:
    a dropped connection or a 5xx is sent again with the same key until it is answered."""

    def __init__(self, number: int, url: str, token: str, body: dict, stop: threading.Event):
        super().__init__(daemon=True)
        self.number, self.url, self.token, self.body = number, url, token, body
        self.stop = stop
        self.acknowledged: dict[str, int] = {}  # key → the incident id in the answer
        self.retries = 0
        self.failure: str | None = None

    def run(self) -> None:
        try:
            n = 0
            while n < AT_LEAST or not self.stop.is_set():
                key = f"fault-{self.number}-{n}"
                body = {**self.body, "description": f"Rapport {self.number}-{n}"}
                self.acknowledged[key] = self._report(key, body)
                n += 1
        except Exception as exc:  # the test names it; a thread would only print it
            self.failure = f"{type(exc).__name__}: {exc}"

    def _report(self, key: str, body: dict) -> int:
        request = urllib.request.Request(  # noqa: S310 - http on localhost
            f"{self.url}/api/v1/incidents",
            data=json.dumps(body).encode(),
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json",
                "Idempotency-Key": key,
            },
            method="POST",
        )
        deadline = time.monotonic() + GIVE_UP
        while True:
            try:
                with urllib.request.urlopen(request, timeout=30) as reply:  # noqa: S310
                    assert reply.status in (200, 201), reply.status
                    return json.load(reply)["id"]
            except urllib.error.HTTPError as exc:
                if exc.code < 500:
                    raise AssertionError(f"{key}: {exc.code} {exc.read()[:300]!r}") from None
            except (OSError, HTTPException):
                pass  # the worker died under us: the same report again, with its key
            self.retries += 1
            if time.monotonic() > deadline:
                raise AssertionError(f"{key}: no answer within {GIVE_UP} s")
            time.sleep(0.1)


def test_web_worker_killed_mid_request_loses_and_doubles_no_report(org, server):
    category = IncidentCategory.objects.create(
        code="f-brand", name_sv="Brand", name_en="Fire", area=org.area
    )
    reporter = org.user(Role.EMPLOYEE)
    _token, secret = create_api_token(reporter, "fault test")
    body = {
        "category_id": category.pk,
        "unit_id": org.alfa_unit.pk,
        "occurred_at": datetime.now(UTC).isoformat(),
    }
    stop = threading.Event()
    clients = [Client(n, server.url, secret, body, stop) for n in range(CLIENTS)]
    for client in clients:
        client.start()

    killed: list[int] = []
    rng = random.Random(18)  # which worker dies when: the same in every run
    while len(killed) < KILLS:
        time.sleep(rng.uniform(0.8, 1.6))
        # A killed worker stays a child (a zombie) until the master reaps it.
        workers = [pid for pid in _children(server.pid) if pid not in killed]
        if workers:
            victim = rng.choice(workers)
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)
    stop.set()
    for client in clients:
        client.join(timeout=GIVE_UP * AT_LEAST)

    log = server.log.read_text()
    assert len(killed) == KILLS, log
    assert server.poll() is None, log  # the master replaced its workers and serves on
    assert not any(client.is_alive() for client in clients), log
    assert [client.failure for client in clients] == [None] * CLIENTS, log
    acknowledged = {key: pk for client in clients for key, pk in client.acknowledged.items()}
    assert len(acknowledged) >= CLIENTS * AT_LEAST  # none given up

    stored = Counter(
        Incident.objects.filter(reporter=reporter).values_list("idempotency_key", flat=True)
    )
    assert {key for key, n in stored.items() if n > 1} == set()  # none doubled
    assert set(stored) == set(acknowledged)  # none lost, none unasked for
    by_key = dict(Incident.objects.filter(reporter=reporter).values_list("idempotency_key", "pk"))
    assert by_key == acknowledged  # each answer named the incident that was kept
    # The kills hit requests in flight (the point of the test), not only idle workers.
    assert sum(client.retries for client in clients) > 0, log
