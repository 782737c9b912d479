"""The floor per request (issue 19): what a signed-in request that does nothing costs, beside a
bare Django view with no middleware and a `SELECT 1` over psycopg, measured interleaved in one
run; and reports per second through gunicorn with one and with eight clients.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_floor_bench .venv/bin/python -m bench.floor
    ... -m bench.floor --before /tmp/main        # a copy of another tree served beside this one

The database must exist; it is migrated and given the demo region when it has none. Every
server runs as `sakra serve` runs it (gunicorn, 3 sync workers, the access log on stdout, here
a file), on loopback, one connection per request (gunicorn's sync workers keep none alive). The
bare app is Django with no middleware, no apps and one view answering "ok": the reference.
`--before` serves a second tree (e.g. `git archive main | tar -x -C /tmp/main`) with this
tree's environment, so before and after are measured in the same run, request by request.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import statistics
import subprocess  # nosec B404 - our own interpreter and gunicorn
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

from django.http import HttpResponse
from django.urls import path

from .process import free_port, request, threads, wait_for

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
#: Both trees must read the sessions this process writes: one key for all.
SECRET = "bench-floor-" + "x" * 40


# ---------------------------------------------------------------- the bare reference


def _ok(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("", _ok)]


def bare():
    """gunicorn 'bench.floor:bare()': Django with no middleware, no apps, one trivial view."""
    import django
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application

    settings.configure(
        DEBUG=False, SECRET_KEY=SECRET, ALLOWED_HOSTS=["127.0.0.1"], ROOT_URLCONF=__name__,
        MIDDLEWARE=[], INSTALLED_APPS=[], DATABASES={}, USE_I18N=False,
    )  # fmt: skip
    django.setup()
    return get_wsgi_application()


# ---------------------------------------------------------------- servers


class Server:
    """gunicorn on a free loopback port, as `sakra serve` starts it."""

    def __init__(self, label: str, app: str, *, tree: Path = ROOT, access_log: bool = True):
        self.label, self.port = label, free_port()
        self.log = tempfile.NamedTemporaryFile(prefix="floor-", suffix=".log")  # noqa: SIM115
        env = {**os.environ, "DEBUG": "false", "SECRET_KEY": SECRET, "PYTHONPATH": str(tree)}
        argv = [sys.executable, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{self.port}",
                "--workers", "3", "--preload", "--graceful-timeout", "5",
                # A loaded machine can take minutes to import the application.
                "--timeout", "180"]  # fmt: skip
        if access_log:
            argv += ["--access-logfile", "-"]
        self.process = subprocess.Popen(  # noqa: S603 # nosec B603
            argv, cwd=tree, env=env, stdout=self.log, stderr=subprocess.STDOUT
        )

    def wait(self) -> None:
        try:
            wait_for(self.port, timeout=180)  # a loaded machine starts Sakra slowly
        except RuntimeError:
            self.log.seek(0)
            sys.stderr.write(self.log.read().decode(errors="replace")[-3000:])
            raise

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


# ---------------------------------------------------------------- the data


def prepare() -> dict:
    """An employee (of the demo, with its password) and their API token, and a category and
    unit to report in."""
    from django.core.management import call_command

    from sakra.accounts.choices import Role
    from sakra.accounts.demo import DEMO_PASSWORD
    from sakra.accounts.models import User
    from sakra.accounts.services import create_api_token
    from sakra.incidents.models import IncidentCategory

    call_command("migrate", interactive=False, verbosity=0)
    if not IncidentCategory.objects.exists():
        call_command("demo", no_serve=True, verbosity=0)
    employee = (
        User.objects.filter(is_active=True, role_assignments__role=Role.EMPLOYEE)
        .exclude(role_assignments__role__in=[r for r in Role.values if r != Role.EMPLOYEE])
        .order_by("pk")
        .first()
    )
    _token, secret = create_api_token(employee, f"floor {uuid.uuid4().hex[:8]}")
    category = IncidentCategory.objects.active().filter(allows_anonymous=False).first()
    return {
        "login": (employee.email, DEMO_PASSWORD),
        "token": secret,
        "payload": {
            "category_id": category.pk,
            "unit_id": employee.home_unit_id,
            "description": "Stöld av mobiltelefon från personalrummet.",
            "occurred_at": (datetime.now(UTC) - timedelta(hours=1)).isoformat(),
        },
    }


def sign_in(port: int, email: str, password: str) -> str:
    """The session cookie of a sign-in through the tree's own sign-in page (its own backends)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/login/")
    answer = conn.getresponse()
    page = answer.read().decode()
    csrf = answer.headers["Set-Cookie"].split("csrftoken=", 1)[1].split(";", 1)[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    conn.close()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    form = urlencode({"username": email, "password": password, "csrfmiddlewaretoken": token})
    conn.request("POST", "/login/", body=form, headers={
        "Cookie": f"csrftoken={csrf}", "Content-Type": "application/x-www-form-urlencoded",
    })  # fmt: skip
    answer = conn.getresponse()
    answer.read()
    cookies = "; ".join(answer.headers.get_all("Set-Cookie") or [])
    conn.close()
    assert answer.status == 302 and "sessionid=" in cookies, (answer.status, cookies)
    return "sessionid=" + cookies.split("sessionid=", 1)[1].split(";", 1)[0]


# ---------------------------------------------------------------- measuring


def _get(port: int, path_: str, headers: dict, expect: tuple[int, ...]) -> float:
    started = time.perf_counter()
    status, body = request(port, "GET", path_, headers)
    elapsed = time.perf_counter() - started
    assert status in expect, (port, path_, status, body[:200])
    return elapsed


def _answer(port: int, path_: str, headers: dict) -> tuple[int, bytes, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path_, headers=headers)
        answer = conn.getresponse()
        return answer.status, answer.read(), answer.headers.get("Location", "")
    finally:
        conn.close()


def latencies(servers: list[Server], data: dict, samples: int, dsn: str) -> dict:
    """Interleaved: each round asks the bare view, every tree's signed-in `/` and `SELECT 1`
    once, in a shuffled order."""
    import psycopg

    times: dict[str, list[float]] = {"select_1": []}
    probes = []
    for server in servers:
        times[server.label] = []
        if server.label == "bare":
            probes.append((server.label, server.port, "/", {}, (200,)))
        else:  # signed in, redirected to the start page: a page that does nothing
            cookie = {"Cookie": sign_in(server.port, *data["login"])}
            status, _body, location = _answer(server.port, "/", cookie)
            assert status == 302 and not location.startswith("/login/"), (server.label, location)
            probes.append((server.label, server.port, "/", cookie, (302,)))
    with psycopg.connect(dsn, autocommit=True) as connection:

        def select_1() -> float:
            started = time.perf_counter()
            connection.execute("SELECT 1").fetchone()
            return time.perf_counter() - started

        for _ in range(10):  # warm every worker's connection and caches
            select_1()
            for _label, port, path_, headers, expect in probes:
                _get(port, path_, headers, expect)
        shuffle = random.Random(19)
        for _ in range(samples):
            order = [*probes, None]
            shuffle.shuffle(order)
            for probe in order:
                if probe is None:
                    times["select_1"].append(select_1())
                else:
                    label, port, path_, headers, expect = probe
                    times[label].append(_get(port, path_, headers, expect))
    return {label: summary(values) for label, values in times.items()}


def reports_per_second(server: Server, data: dict, clients: int, seconds: float) -> dict:
    """Reports POSTed to /api/v1/incidents back to back by `clients` threads for `seconds`."""
    body = json.dumps(data["payload"]).encode()
    deadline = time.monotonic() + seconds

    def post(out):
        while time.monotonic() < deadline:
            headers = {
                "Authorization": f"Bearer {data['token']}", "Content-Type": "application/json",
                "Idempotency-Key": f"floor-{uuid.uuid4()}",
            }  # fmt: skip
            started = time.perf_counter()
            status, answer = request(server.port, "POST", "/api/v1/incidents", headers, body)
            assert status == 201, (status, answer[:300])
            out.append(time.perf_counter() - started)

    load = os.getloadavg()[0]
    started = time.monotonic()
    done = threads(clients, post)
    elapsed = time.monotonic() - started
    return {
        **summary(done), "clients": clients, "per_s": round(len(done) / elapsed, 1),
        "load": [round(load, 2), round(os.getloadavg()[0], 2)],
    }  # fmt: skip


def summary(values: list[float]) -> dict:
    ordered = sorted(values)
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 2),
    }


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.floor", description=__doc__)
    parser.add_argument("--samples", type=int, default=300, help="rounds of the latency probes")
    parser.add_argument("--seconds", type=float, default=8.0, help="per throughput measurement")
    parser.add_argument("--rounds", type=int, default=2, help="throughput rounds per tree")
    parser.add_argument("--before", type=Path, help="another tree served beside this one")
    parser.add_argument("--no-access-log", action="store_true", help="also this tree without it")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakra.config.settings")
    os.environ["SECRET_KEY"] = SECRET
    import django

    django.setup()
    from django.db import connection

    data = prepare()
    params = connection.get_connection_params()
    dsn = " ".join(f"{k}={v}" for k, v in params.items() if k in ("host", "port", "user", "dbname"))
    connection.close()
    servers = [Server("bare", "bench.floor:bare()"), Server("now", "sakra.config.wsgi:application")]
    if args.before:
        servers.append(Server("before", "sakra.config.wsgi:application", tree=args.before))
    if args.no_access_log:
        quiet = Server("now, no access log", "sakra.config.wsgi:application", access_log=False)
        servers.append(quiet)
    load_start = os.getloadavg()
    try:
        for server in servers:
            server.wait()
        result = {"latency": latencies(servers, data, args.samples, dsn)}
        result["latency_load"] = [round(x, 2) for x in (load_start[0], os.getloadavg()[0])]
        trees = [s for s in servers if s.label in ("now", "before")]
        result["reports"] = []
        for _round in range(args.rounds):
            for clients in (1, 8):
                for server in trees:
                    row = reports_per_second(server, data, clients, args.seconds)
                    result["reports"].append({"tree": server.label, **row})
                    print(f"reports {server.label} ×{clients}: {row}", flush=True)
    finally:
        for server in servers:
            server.stop()
    result["date"] = datetime.now(UTC).isoformat(timespec="seconds")
    result["cores"] = os.cpu_count()
    report(result)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"{result['date'][:10]}-floor.json"
    for n in range(2, 100):  # a day's runs side by side, none overwritten
        if not out.exists():
            break
        out = RESULTS / f"{result['date'][:10]}-floor-{n}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"Written: {out.relative_to(ROOT)}")


def report(result: dict) -> None:
    latency = result["latency"]
    bare, select_1 = latency["bare"], latency["select_1"]
    print(f"\nLatency, {bare['n']} interleaved rounds, load {result['latency_load']}:")
    for label, row in latency.items():
        print(
            f"  {label:22} p50 {row['p50_ms']:7.2f} ms  p95 {row['p95_ms']:7.2f} ms  "
            f"{row['p50_ms'] / bare['p50_ms']:5.2f}× bare  "
            f"{row['p50_ms'] / select_1['p50_ms']:5.1f}× SELECT 1 (p50)"
        )
    print("Reports per second (POST /api/v1/incidents, 3 workers):")
    for row in result["reports"]:
        print(
            f"  {row['tree']:8} {row['clients']} client(s): {row['per_s']:6.1f}/s  "
            f"p50 {row['p50_ms']} ms  p95 {row['p95_ms']} ms  load {row['load']}"
        )


if __name__ == "__main__":
    main()
