import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from sakra.incidents import summary
from sakra.incidents.choices import Status
from sakra.incidents.models import Incident

HEADER = "external_id;category;unit;site;occurred_at;description;status;police_reported;severity"


@pytest.fixture
def csv_file(tmp_path, org, fire):
    def make(*rows):
        path = tmp_path / "old.csv"
        path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
        return path

    return make


def _row(org, fire, ext="gammal-1", **overrides):
    values = {
        "external_id": ext, "category": fire.code, "unit": org.alfa_unit.code,
        "site": org.site.code, "occurred_at": "2019-03-14 08:30",
        "description": "Brand i papperskorg", "status": "", "police_reported": "nej",
        "severity": "",
    }  # fmt: skip
    values.update(overrides)
    return ";".join(values.values())


def test_import_creates_history_and_rerun_adds_nothing(csv_file, org, fire, capsys):
    path = csv_file(_row(org, fire), _row(org, fire, "gammal-2", occurred_at="2019-12-31 23:30"))
    call_command("import_incidents", str(path))
    incidents = list(Incident.objects.order_by("occurred_at"))
    assert [i.occurred_year for i in incidents] == [2019, 2019]
    assert incidents[0].reference == "AVV-2019-000001"
    assert incidents[0].status == Status.CLOSED and incidents[0].reporter_id is None
    assert incidents[0].administration == org.alfa
    assert not incidents[0].obligations.exists()  # history: no clocks to run
    assert incidents[1].reference == "AVV-2019-000002"  # numbered in the order they happened
    # The bulk path writes the audit entries the model signals would have.
    entries = LogEntry.objects.get_for_objects(Incident.objects.all()).filter(
        action=LogEntry.Action.CREATE
    )
    assert entries.count() == 2
    entry = entries.get(object_id=incidents[0].pk)
    assert entry.additional_data == {"source": "import-incidents"}
    assert entry.changes["description"] == ["None", "Brand i papperskorg"]
    assert "idempotency_key" not in entry.changes  # the registration's exclusions hold
    call_command("import_incidents", str(path))
    assert Incident.objects.count() == 2
    assert "2 already present" in capsys.readouterr().out


def test_any_error_imports_nothing_with_row_report(csv_file, org, fire, capsys):
    path = csv_file(
        _row(org, fire),
        _row(org, fire, "gammal-2", category="okand"),
        _row(org, fire, "gammal-3", occurred_at="igår", description="HEMLIG sak"),
    )
    with pytest.raises(CommandError):
        call_command("import_incidents", str(path))
    err = capsys.readouterr().err
    assert "Row 3, column category" in err or "Rad 3, kolumn category" in err
    assert "occurred_at" in err
    assert Incident.objects.count() == 0


def test_dry_run_saves_nothing(csv_file, org, fire, capsys):
    call_command("import_incidents", str(csv_file(_row(org, fire))), dry_run=True)
    assert Incident.objects.count() == 0
    assert "1" in capsys.readouterr().out


def test_skip_invalid_imports_the_good_rows(csv_file, org, fire):
    path = csv_file(_row(org, fire), _row(org, fire, "gammal-2", unit="nowhere"))
    call_command("import_incidents", str(path), skip_invalid=True)
    assert Incident.objects.count() == 1


def test_marking_in_imported_text_refused(csv_file, org, fire):
    with pytest.raises(CommandError):
        call_command(
            "import_incidents", str(csv_file(_row(org, fire, description="Konfidentiell")))
        )
    assert Incident.objects.count() == 0


def test_xlsx(tmp_path, org, fire):
    from datetime import datetime

    book = Workbook()
    sheet = book.active
    sheet.append(["external_id", "category", "unit", "occurred_at", "description", "status"])
    sheet.append(
        ["x-1", fire.code, org.alfa_unit.code, datetime(2020, 5, 1, 10, 0), "Rök", "avskriven"]
    )
    sheet.append(
        ["x-2", fire.code, org.alfa_unit.code, datetime(2020, 5, 2, 10, 0), "Rök", "closed"]
    )
    path = tmp_path / "old.xlsx"
    book.save(path)
    with pytest.raises(CommandError):  # dismissed needs a reason
        call_command("import_incidents", str(path))
    sheet["G1"] = "dismissed_reason"
    sheet["G2"] = "Dubblett"
    book.save(path)
    call_command("import_incidents", str(path))
    assert Incident.objects.filter(status=Status.DISMISSED, occurred_year=2020).count() == 1


def test_the_file_is_read_a_batch_at_a_time(csv_file, org, fire, monkeypatch):
    from sakra.incidents import importer

    monkeypatch.setattr(importer, "BATCH_SIZE", 2)
    rows = [
        _row(org, fire, f"gammal-{n}", occurred_at=f"2019-03-{n + 1:02d} 08:30") for n in range(5)
    ]
    path = csv_file(*reversed(rows))  # newest first in the file; numbered oldest first
    assert importer.import_incidents(path).created == 5
    references = dict(Incident.objects.values_list("external_id", "reference"))
    assert references["gammal-0"] == "AVV-2019-000001"
    assert references["gammal-4"] == "AVV-2019-000005"
    assert summary.differences() == []


def test_a_file_changed_during_the_import_imports_nothing(csv_file, org, fire, monkeypatch):
    from sakra.incidents import importer

    path = csv_file(_row(org, fire, "gammal-1"), _row(org, fire, "gammal-2"))
    reads = []
    original = importer.read_rows

    def read_then_change(source):
        reads.append(source)
        if len(reads) == 2:  # between the check and the insert, a row disappears
            source.write_text("\n".join([HEADER, _row(org, fire, "gammal-1")]) + "\n")
        return original(source)

    monkeypatch.setattr(importer, "read_rows", read_then_change)
    with pytest.raises(importer.UnreadableFile, match="ändrades medan den importerades"):
        importer.import_incidents(path)
    assert not Incident.objects.exists()


def test_a_bad_row_in_a_later_chunk_imports_nothing(csv_file, org, fire, monkeypatch):
    from sakra.incidents import importer
    from sakra.incidents.models import IncidentSequence

    monkeypatch.setattr(importer, "BATCH_SIZE", 2)
    rows = [
        _row(org, fire, f"gammal-{n}", occurred_at=f"2019-03-{n + 1:02d} 08:30") for n in range(6)
    ]
    rows[4] = _row(org, fire, "gammal-4", unit="nowhere")  # the file's line 6, the third chunk
    with pytest.raises(importer.ImportFailed) as failed:
        importer.import_incidents(csv_file(*rows))
    assert [(e.row, e.column) for e in failed.value.result.errors] == [(6, "unit")]
    assert "Rad 6, kolumn unit" in str(failed.value.result.errors[0])
    assert not Incident.objects.exists()
    assert not IncidentSequence.objects.exists()  # no number handed out either
    assert not LogEntry.objects.get_for_model(Incident).exists()


def test_references_follow_the_history_without_gaps_across_chunks_and_years(
    csv_file, org, fire, monkeypatch
):
    from sakra.incidents import importer
    from sakra.incidents.models import IncidentSequence

    monkeypatch.setattr(importer, "BATCH_SIZE", 3)
    IncidentSequence.objects.create(year=2020, last_number=1)  # the year's number 1 is taken
    moments = ["2020-02-01 10:00", "2019-12-31 23:00", "2020-01-01 00:30", "2019-05-01 08:00",
               "2020-03-01 12:00", "2019-01-02 09:00", "2020-01-15 07:00"]  # fmt: skip
    path = csv_file(*(_row(org, fire, f"g-{n}", occurred_at=m) for n, m in enumerate(moments)))
    assert importer.import_incidents(path).created == 7
    imported = Incident.objects.filter(external_id__startswith="g-").order_by("aware_at", "pk")
    assert [i.reference for i in imported] == [
        "AVV-2019-000001", "AVV-2019-000002", "AVV-2019-000003",
        "AVV-2020-000002", "AVV-2020-000003", "AVV-2020-000004", "AVV-2020-000005",
    ]  # fmt: skip
    assert summary.differences() == []
    # Audited like a report: one entry per incident, with its values.
    entries = LogEntry.objects.get_for_objects(imported).filter(action=LogEntry.Action.CREATE)
    assert entries.count() == 7
    assert {e.object_repr for e in entries} == {i.reference for i in imported}


def test_an_import_runs_the_same_statements_per_chunk_however_many_rows(
    csv_file, org, fire, monkeypatch, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sakra.incidents import importer

    monkeypatch.setattr(importer, "BATCH_SIZE", 50)

    def statements(rows: int, first: int) -> int:
        path = csv_file(*(
            _row(org, fire, f"n{first + n}", unit=[org.alfa_unit, org.beta_unit][n % 2].code,
                 occurred_at=f"{2010 + n % 9}-03-01 08:{n % 60:02d}")
            for n in range(rows)
        ))  # fmt: skip
        with CaptureQueriesContext(connection) as ctx:
            assert importer.import_incidents(path).created == rows
        return len(ctx.captured_queries)

    one_chunk = statements(50, 0)
    four_chunks = statements(200, 1000)
    # Nine years numbered either way; what grows is three statements for each added chunk
    # (the known ids, the rows, their audit entries), never one a row.
    assert four_chunks - one_chunk <= 3 * 3 + 2


def test_near_misses_and_supply_disruptions_come_with_their_history(tmp_path, org, fire):
    """A near miss and a disruption of critical supply keep what they were (the goals count
    near misses apart; continuity compares a disruption with its plan's tolerance)."""
    header = "external_id;category;unit;occurred_at;description;near_miss;supply;" \
        "disruption_started_at;disruption_ended_at;disruption_hours"  # fmt: skip
    base = f"{fire.code};{org.alfa_unit.code};2024-05-02 10:00"
    path = tmp_path / "old.csv"
    path.write_text("\n".join([
        header,
        f"nm-1;{base};Nästan brand;ja;;;;",
        f"el-1;{base};Strömavbrott;nej;Elförsörjning;2024-05-02 10:00;2024-05-02 16:30;",
        f"it-1;{base};Nätet nere;;it_telecom;;;5,5",
    ]) + "\n", encoding="utf-8")  # fmt: skip
    call_command("import_incidents", str(path))
    near_miss, power, network = (Incident.objects.get(external_id=e) for e in ("nm-1", "el-1",
                                                                             "it-1"))  # fmt: skip
    assert near_miss.is_near_miss and not near_miss.supply and not power.is_near_miss
    assert power.supply == "electricity" and str(power.disruption_hours) == "6.5"
    assert network.supply == "it_telecom" and str(network.disruption_hours) == "5.5"
    assert network.disruption_started_at == network.occurred_at  # the start defaults to it
    assert summary.differences() == []  # the yearly counts hold the near miss apart


@pytest.mark.parametrize(("cells", "column"), [
    ("kanske;;;;", "near_miss"),
    ("nej;vatten och avlopp;;;", "supply"),
    ("nej;water;2024-05-02 12:00;2024-05-02 11:00;", "disruption_ended_at"),
    ("nej;water;;;tre", "disruption_hours"),
    ("nej;;;2024-05-02 11:00;", "supply"),
])  # fmt: skip
def test_a_bad_near_miss_or_disruption_is_refused_by_row_and_column(
    tmp_path, org, fire, capsys, cells, column
):
    header = "external_id;category;unit;occurred_at;description;near_miss;supply;" \
        "disruption_started_at;disruption_ended_at;disruption_hours"  # fmt: skip
    path = tmp_path / "old.csv"
    row = f"x-1;{fire.code};{org.alfa_unit.code};2024-05-02 10:00;Något;{cells}"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_incidents", str(path))
    err = capsys.readouterr().err
    assert f"Rad 2, kolumn {column}" in err or f"Row 2, column {column}" in err
    assert not Incident.objects.exists()
