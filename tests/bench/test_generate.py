"""The bench's generated region looks like a region's: every incident has a history, the audit
trail points at rows that exist, the free text has a real vocabulary, and a seed is a seed."""

from datetime import date

from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction

from bench import generate
from sakra.actions.models import Action
from sakra.incidents.models import Incident, IncidentObligation, TimelineEntry

DAY = date(2026, 6, 1)


def _generated(incidents: int, seed: int) -> None:
    generate.generate(incidents, seed, DAY, users=1_700, actions=100)


def _rows() -> dict:
    """What the generator wrote, without the creation times of the actions (made now)."""
    history = ContentType.objects.get_for_models(Incident, IncidentObligation).values()
    return {
        "incidents": list(Incident.objects.order_by("pk").values_list(
            "reference", "status", "version", "updated_at", "description", "reporter_id")),
        "timeline": list(TimelineEntry.objects.order_by("pk").values_list(
            "incident_id", "kind", "author_id", "created_at", "text", "data")),
        "audit": list(LogEntry.objects.filter(content_type__in=history).order_by("pk").values_list(
            "object_id", "action", "changes", "actor_id", "timestamp")),
    }  # fmt: skip


def _generated_and_undone(incidents: int, seed: int, kept: bool = False) -> dict:
    """The rows of a generation, from ids counted from the start; then rolled back unless
    `kept`."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(sql)
    with transaction.atomic():
        _generated(incidents, seed)
        rows = _rows()
        transaction.set_rollback(not kept)
    return rows


def _every_incident_has_a_timeline_that_follows_its_status():
    incidents = Incident.objects.all()
    assert incidents.count() == 200
    kinds: dict[int, list[str]] = {}
    for incident_id, kind in TimelineEntry.objects.values_list("incident_id", "kind"):
        kinds.setdefault(incident_id, []).append(kind)
    for incident in incidents:
        timeline = kinds[incident.pk]
        assert "assignment" in timeline
        changes = timeline.count("status_change")
        assert changes == {"reported": 0, "under_investigation": 1, "actions_decided": 2,
                           "closed": 3, "dismissed": 1}[incident.status]  # fmt: skip
        assert incident.version > changes
        assert incident.updated_at >= incident.created_at
    assert TimelineEntry.objects.filter(kind="comment").exists()
    assert TimelineEntry.objects.filter(kind="obligation_reported").exists()


def _audit_entries_point_at_existing_rows():
    types = {
        ContentType.objects.get_for_model(model).pk: model
        for model in (Incident, IncidentObligation, Action)
    }
    entries = LogEntry.objects.filter(content_type__in=types)
    assert entries.count() > 3 * 200
    for type_id, model in types.items():
        pointed = set(entries.filter(content_type=type_id).values_list("object_id", flat=True))
        assert pointed, model
        assert pointed <= set(model.objects.values_list("pk", flat=True)), model
    # One CREATE per incident and per obligation, as the services write them.
    incident_type = ContentType.objects.get_for_model(Incident)
    created = entries.filter(content_type=incident_type, action=LogEntry.Action.CREATE)
    assert created.count() == 200
    assert created.exclude(actor=None).first().changes["status"] == ["None", "reported"]
    closed = entries.filter(
        content_type=incident_type, changes__status=["actions_decided", "closed"]
    )
    assert closed.count() == Incident.objects.filter(status="closed").count()


def _the_free_text_has_a_real_vocabulary():
    words = [
        word.strip(".,").lower()
        for description in Incident.objects.values_list("description", flat=True)
        for word in description.split()
    ]
    assert len(set(words)) > 1_500, len(set(words))
    # Zipf: the commonest words are frequent, most words are seen once.
    counts = sorted((words.count(w) for w in set(words)), reverse=True)
    assert counts[0] > 100 and sum(1 for c in counts if c == 1) > len(counts) / 2


def test_a_generated_region_has_histories_a_vocabulary_and_its_seed(db):
    # Two generations in one test: each makes a small region of 1 700 people first (seconds).
    first = _generated_and_undone(200, 7)
    again = _generated_and_undone(200, 7, kept=True)
    assert again == first
    _every_incident_has_a_timeline_that_follows_its_status()
    _audit_entries_point_at_existing_rows()
    _the_free_text_has_a_real_vocabulary()
