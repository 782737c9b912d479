"""What the bulk audit entries carry of the request: the address of their actor and what a read
read; nothing of a request that has ended."""

from auditlog.context import auditlog_value
from auditlog.models import LogEntry

from sakra.core.audit import log_bulk_created, log_reads, reading_export
from sakra.testing import in_request


def _request(user, path="/avvikelser/export.csv"):
    return in_request(user, path=path)


def test_reads_carry_the_address_and_what_was_read(org):
    reader, person = org.user(), org.user()
    with _request(reader, "/api/v1/incidents"):
        log_reads([person], actor=reader, how="list")

        def rows():  # an app's rows log their reads as they are read, as the incidents' do
            log_reads([person], actor=reader, how="list")
            yield ["row"]

        assert list(reading_export(rows(), "xlsx")) == [["row"]]
    listed, exported = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).order_by("pk")[:2]
    assert listed.remote_addr == "192.0.2.9"
    assert listed.additional_data == {"read": {"how": "list", "path": "/api/v1/incidents"}}
    read = exported.additional_data["read"]
    assert (read["how"], read["format"], read["path"]) == ("export", "xlsx", "/api/v1/incidents")
    assert exported.changes == {"read": "list"}  # as before, for whoever reads it


def test_an_entry_without_an_actor_keeps_no_address(org):
    reporter = org.user()
    with _request(reporter):
        log_bulk_created([org.user()], actor=None, source="anonymous report")
    entry = LogEntry.objects.filter(additional_data__source="anonymous report").get()
    assert entry.actor is None and entry.remote_addr is None


def test_a_request_leaves_nothing_behind_for_the_next_code(client, org):
    client.force_login(org.user())
    token = auditlog_value.set({})
    try:
        client.get("/min-sida/")
        assert auditlog_value.get() == {}  # auditlog's own middleware left its values set
    finally:
        auditlog_value.reset(token)
