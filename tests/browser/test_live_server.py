"""The live server the journeys run against (conftest.py)."""

from socketserver import ThreadingMixIn


def test_requests_take_turns_when_the_server_shares_the_tests_sqlite_connection(
    transactional_db, live_server
):
    from django.db import connection

    shares_the_connection = bool(live_server.thread.connections_override)
    assert shares_the_connection == (connection.vendor == "sqlite")
    threaded = isinstance(live_server.thread.httpd, ThreadingMixIn)
    assert threaded != shares_the_connection
