"""Fixtures shared by every app's tests: a small region, and a user per role in scope.

The suite runs in random order on two workers (`make test`: pytest-randomly prints its seed,
pytest-xdist gives each worker its own test database); a test must leave nothing behind that
another test could read, so what is easy to leak is checked here."""

import json
from collections import Counter

import pytest
from auditlog.context import auditlog_value
from django.conf import settings
from django.utils import translation
from pytest_django.plugin import blocking_manager_key

from sakra.testing import Org, make_org, make_user


def _order_seed(config) -> int | None:
    """The seed of pytest-randomly's order, on the controller (not on an xdist worker)."""
    seed = getattr(config.option, "randomly_seed", None)
    if hasattr(config, "workerinput") or not config.pluginmanager.hasplugin("randomly"):
        return None
    return seed if isinstance(seed, int) else None


def _say_seed(config, reporter) -> None:
    if (seed := _order_seed(config)) is not None and reporter is not None:
        reporter.write_line(f"Random order, seed {seed} (again: make test SEED={seed})")


def pytest_sessionstart(session):
    # pytest-randomly's own header line is hidden by -q; a failure that depends on the order
    # is repeated with this seed.
    _say_seed(session.config, session.config.pluginmanager.get_plugin("terminalreporter"))


def pytest_terminal_summary(terminalreporter, config):
    _say_seed(config, terminalreporter)
    # -q hides skip reasons; a missing browser must not pass for a green run.
    reasons = {
        str(report.longrepr[-1])
        for report in terminalreporter.stats.get("skipped", [])
        if isinstance(report.longrepr, tuple) and "Chromium" in str(report.longrepr[-1])
    }
    for reason in sorted(reasons):
        terminalreporter.write_line(f"Browser journeys skipped: {reason}", yellow=True, bold=True)


_DJANGO_DB_ARGS = ("transaction", "reset_sequences", "databases", "serialized_rollback")


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and dict(
        zip(_DJANGO_DB_ARGS, marker.args, strict=False), **marker.kwargs
    ).get("transaction"):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(items):
    """A transactional test (live server, concurrency, backup) empties every table when it ends,
    the rows the migrations loaded too (reporting obligations, permissions …). pytest-django
    runs such tests last, but in random order on two workers a test can come after one. So the
    migrated rows are serialized once (serialized rollback: a transactional test starts from
    them) and put back after each transactional test (pytest_runtest_teardown below)."""
    for item in items:
        if not _transactional(item):
            continue
        marker = item.get_closest_marker("django_db")
        if marker is not None:
            kwargs = dict(zip(_DJANGO_DB_ARGS, marker.args, strict=False), **marker.kwargs)
            item.add_marker(pytest.mark.django_db(**{**kwargs, "serialized_rollback": True}))
        if "django_db_serialized_rollback" not in item.fixturenames:
            item.fixturenames.append("django_db_serialized_rollback")


#: Set on the item that follows a transactional test on the same worker.
_after_transactional = pytest.StashKey[bool]()


def _missing_migrated_rows(connection, contents: str) -> bool:
    """Whether the table of any model the migrations fill holds another number of rows than
    the migrations left (one COUNT per such model: content types, permissions, reporting
    obligations …)."""
    from django.apps import apps

    expected = _EXPECTED_ROWS.get(connection.alias)
    if expected is None:
        expected = Counter(row["model"] for row in json.loads(contents))
        _EXPECTED_ROWS[connection.alias] = expected
    return any(
        apps.get_model(label)._base_manager.using(connection.alias).count() != n
        for label, n in expected.items()
    )


_EXPECTED_ROWS: dict[str, Counter] = {}


#: The migrated rows as serialized when the test databases were made, per alias. Kept here,
#: not only on the connection: after a browser journey the test's thread can hold a new
#: connection object (Playwright's greenlets and the live server's shared in-memory database),
#: which lacks Django's `_test_serialized_contents`, so the rows were never put back.
_SERIALIZED: dict[str, str] = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    from django.db import connections

    for connection in connections.all():
        if contents := getattr(connection, "_test_serialized_contents", None):
            _SERIALIZED[connection.alias] = contents


def _restore_migrated_rows(config) -> None:
    """Put the migrated rows back where a transactional test's flush took them. Checked, not
    assumed: the tables are emptied and filled again when any count differs from what the
    migrations left. Before the test databases exist nothing is asked."""
    from django.core.management import call_command
    from django.db import connections

    with config.stash[blocking_manager_key].unblock():
        for connection in connections.all():
            contents = _SERIALIZED.get(connection.alias)
            if not contents:
                continue
            # The next transactional test's own serialized rollback reads it from here.
            connection._test_serialized_contents = contents
            if _missing_migrated_rows(connection, contents):
                call_command(
                    "flush", database=connection.alias, interactive=False, verbosity=0,
                    inhibit_post_migrate=True,
                )  # fmt: skip
                connection.creation.deserialize_db_from_string(contents)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    # After a worker's last test the test databases are already gone (the session's fixtures
    # end with it), and nothing follows that would need the rows.
    if nextitem is not None and _transactional(item):
        _restore_migrated_rows(item.config)
        nextitem.stash[_after_transactional] = True
    return result


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # Again before the next test starts: after a browser journey on two workers the rows were
    # found missing although restored at its teardown (the live server's thread shares the
    # in-memory database), so the test that needs them checks once more.
    if item.stash.get(_after_transactional, False):
        _restore_migrated_rows(item.config)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Test users need a password, not a costly one: PBKDF2 dominated the suite's run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _audit_context_left_as_found():
    """auditlog's request values (actor, address, path) left set make the next tests' entries
    name that person and read that page: the test that leaves them fails here, at the cause."""
    token = auditlog_value.set({})
    yield
    left = auditlog_value.get({})
    auditlog_value.reset(token)
    assert not left, f"the test left auditlog's request values set: {left!r}"


@pytest.fixture(autouse=True)
def _language_left_as_found():
    """A language left active makes the next tests read English (in random order, whichever
    follow): the test that leaves one fails here, at the cause, and the next starts clean."""
    yield
    left = translation.get_language()
    translation.deactivate()
    assert left == settings.LANGUAGE_CODE, f"the test left the language {left!r} active"


@pytest.fixture
def org(db) -> Org:
    return make_org()


@pytest.fixture
def user_factory(db):
    return make_user
