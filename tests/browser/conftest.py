"""Browser journeys: Playwright driving Debian's Chromium against a live server.

Adding a journey is a few lines: `demo` loads the demo region into the live server's
database, `login(page, "role")` signs a demo user in, `check_accessibility(page)` runs axe-core,
`screenshot(page, "name")` saves into docs/screenshots/ when SAKRA_SCREENSHOTS=1.
"""

import os
import threading
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import QuietWSGIRequestHandler

# Playwright's sync API keeps an event loop in this thread; Django's ORM, used by the fixtures
# in the same thread, would otherwise refuse to run.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("SAKRA_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
DEMO_DOMAIN = "demo.sakra.se"

# The demo login of each role (sakra/accounts/demo.py).
LOGINS = {
    "employee": "anna.andersson",
    "manager": "maria.lindqvist",
    "head_of_administration": "hakan.berg",
    "security_coordinator": "sara.nilsson",
    "security_partner": "peter.ek",
    "area_owner": "lena.holm",
    "security_chief": "karin.strom",
    "board_member": "olof.dahl",
    "auditor": "eva.granlund",
}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium is not at {CHROMIUM}: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


class _OneRequestAtATime(WSGIServer):
    """The live server for an in-memory SQLite database: requests are served one after another
    on the server's thread, each answered with `Connection: close` (Django keeps a connection
    open only on a threading server).

    All threads share the test's one SQLite connection there, and two of them on it at once can
    deadlock: one inside a query that calls a function Django defines in Python (date truncation,
    regexp) holds SQLite's lock and waits for the GIL, while the other holds the GIL and waits
    for SQLite's lock to read a row. The page and its task counter (loaded by htmx right after)
    did, and CI's browser journeys hung until the job's time ran out."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


@pytest.fixture(scope="session", autouse=True)
def _one_request_at_a_time_on_shared_sqlite(django_db_setup):
    """Before pytest-django's live server starts: the server it creates is `_OneRequestAtATime`
    when its threads would share the test's connection (in-memory SQLite), threaded otherwise
    (PostgreSQL, where each request thread has its own connection). The test databases come
    first: a live server started before them (the first journey on a worker asks for it before
    `demo` asks for the database) shares nothing and opens connections of its own."""
    from django.test.testcases import LiveServerThread

    threaded = LiveServerThread._create_server

    def create_server(self, connections_override=None):
        if not connections_override:
            return threaded(self, connections_override)
        return _OneRequestAtATime(
            (self.host, self.port), QuietWSGIRequestHandler, allow_reuse_address=False
        )

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(LiveServerThread, "_create_server", create_server)
        yield


#: The demo region's rows, per database alias, as the first journey on this worker loaded them.
_DEMO_ROWS: dict[str, dict[str, tuple[list[str], list[tuple]]]] = {}


def _copy_rows(connection) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every row of every model's table, read back as the database holds it: the models'
    columns only, since a column the database computes (the documents' search vectors on
    PostgreSQL) cannot be inserted and comes back by itself."""
    from django.apps import apps

    quote = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            if not meta.managed or meta.proxy or meta.swapped:
                continue
            columns = [field.column for field in meta.local_concrete_fields]
            names = ", ".join(quote(column) for column in columns)
            cursor.execute(f"SELECT {names} FROM {quote(meta.db_table)}")  # noqa: S608
            rows[meta.db_table] = (columns, cursor.fetchall())
    return rows


def _put_rows_back(connection, rows) -> None:
    """Empty the database (the project's `flush`, past the crisis log's triggers) and insert
    the copied rows in one transaction; foreign keys are checked at its commit (Django makes
    them deferrable on both databases), so the order of the tables does not matter."""
    from django.apps import apps
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import transaction

    call_command(
        "flush", database=connection.alias, interactive=False, verbosity=0,
        inhibit_post_migrate=True,
    )  # fmt: skip
    quote = connection.ops.quote_name
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for table, (columns, values) in rows.items():
            if values:
                names = ", ".join(quote(column) for column in columns)
                marks = ", ".join(["%s"] * len(columns))
                insert = f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"  # noqa: S608
                cursor.executemany(insert, values)
        # PostgreSQL's sequences start again after the copied ids (SQLite needs nothing), the
        # many-to-many tables' too: a through row given a copied id is dropped without a word
        # (Django adds them with ON CONFLICT DO NOTHING), as a board decision's actions were.
        models = apps.get_models(include_auto_created=True)
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


@pytest.fixture
def demo(transactional_db, settings):
    """The demo region in the live server's database.

    Loading it through the apps' services takes about 20 s; the first journey on a worker does,
    and the rows are copied so that later journeys start from the same region in a second."""
    from django.db import connection, transaction
    from django.utils import timezone

    from sakra.core.hooks import app_modules
    from sakra.core.models import WorkerBeat

    # The live server runs in this process: a fast hasher makes loading the demo users and
    # every sign-in cheap (PBKDF2 cost ~8 s per test on 2 cores and tests nothing here).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    if connection.alias in _DEMO_ROWS:
        _put_rows_back(connection, _DEMO_ROWS[connection.alias])
    else:
        # One transaction, as `sakra demo` loads it (select_for_update needs one on PostgreSQL).
        with transaction.atomic():
            for module in app_modules("demo"):
                module.load()
        _DEMO_ROWS[connection.alias] = _copy_rows(connection)
    # The demo runs with its worker (`sakra serve --with-worker`): without a heartbeat every
    # page would carry the "background work is not running" alert. The margin is widened so
    # that a slow journey on a busy machine keeps its heartbeat.
    settings.SAKRA_WORKER_MARGIN_SECONDS = 3600
    now = timezone.now()
    WorkerBeat.objects.create(
        worker_id="browser-journeys", seen_at=now, enqueued_at=now, finished_at=now
    )


def _context(browser, live_server, viewport, locale):
    # bypass_csp lets the test inject axe-core under the app's strict CSP.
    context = browser.new_context(
        base_url=live_server.url, viewport=viewport, locale=locale, bypass_csp=True
    )
    # A page of this app answers in well under a second: fail fast instead of after 30 s.
    context.set_default_timeout(10_000)
    return context


class _RequestsInFlight:
    """The live server's requests under way, counted from Django's request signals."""

    def __init__(self):
        self.count = 0
        self.idle = threading.Condition()

    def started(self, **kwargs):
        with self.idle:
            self.count += 1

    def finished(self, **kwargs):
        with self.idle:
            self.count -= 1
            self.idle.notify_all()


_IN_FLIGHT = _RequestsInFlight()


@pytest.fixture(scope="session", autouse=True)
def _count_requests_in_flight():
    from django.core.signals import request_finished, request_started

    request_started.connect(_IN_FLIGHT.started)
    request_finished.connect(_IN_FLIGHT.finished)
    yield
    request_started.disconnect(_IN_FLIGHT.started)
    request_finished.disconnect(_IN_FLIGHT.finished)


def _requests_finished(timeout: float = 15) -> None:
    """Wait for the live server's requests under way. On SQLite the test database is in memory
    and the server's threads share the test's connection: a request still running when the
    test's database is emptied and refilled (a transactional test's teardown) rolled the refill
    back on that shared connection, and every later test on the worker found the rows the
    migrations load (the reporting obligations) gone. A thread that only holds a browser's
    idle keep-alive connection is not waited for (that cost 15 s per journey)."""
    with _IN_FLIGHT.idle:
        _IN_FLIGHT.idle.wait_for(lambda: _IN_FLIGHT.count <= 0, timeout)


@pytest.fixture
def desktop(browser, live_server, demo):
    context = _context(browser, live_server, DESKTOP, "sv-SE")
    yield context.new_page()
    context.close()
    _requests_finished()


@pytest.fixture
def phone(browser, live_server, demo):
    context = _context(browser, live_server, PHONE, "sv-SE")
    yield context.new_page()
    context.close()
    _requests_finished()


@pytest.fixture
def open_as(browser, live_server, demo):
    """A signed-in page for another person in the same journey: `open_as("security_partner")`.

    Each person gets their own browser context (own cookies), closed when the test ends.
    """
    contexts = []

    def _open(role: str, viewport: dict = DESKTOP, locale: str = "sv-SE", path: str = "/"):
        context = _context(browser, live_server, viewport, locale)
        contexts.append(context)
        page = context.new_page()
        login(page, role, path)
        return page

    yield _open
    for context in contexts:
        context.close()
    _requests_finished()


def login(page, role: str, path: str = "/") -> None:
    """Sign in a demo user of `role` through the login form, as a person would."""
    from sakra.accounts.demo import DEMO_PASSWORD

    page.goto(f"/login/?next={path}")
    page.get_by_label("E-postadress").fill(f"{LOGINS[role]}@{DEMO_DOMAIN}")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()


def check_accessibility(page) -> None:
    """axe-core on the current page: no serious or critical WCAG 2.1 A/AA violation."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, f"{page.url}:\n" + "\n".join(serious)


def screenshot(page, name: str) -> None:
    if os.environ.get("SAKRA_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def tab_to(page, target, limit: int = 60) -> None:
    """Press Tab until `target` (a locator) has focus, as a keyboard user would; its focus
    must be visible (an outline drawn by :focus-visible)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            outline = target.evaluate("element => getComputedStyle(element).outlineStyle")
            assert outline != "none", f"no visible focus on {target}"
            return
    raise AssertionError(f"{target} was not reached with {limit} presses of Tab")
