"""Full-text search on description and immediate measures.

PostgreSQL: a GIN index on the Swedish tsvector, the same expression `search.py` queries.
SQLite: an FTS5 table kept in step by triggers (no Swedish stemmer there: prefix matching).
"""

from django.db import migrations

PG_EXPRESSION = (
    "to_tsvector('swedish'::regconfig, COALESCE(\"description\", '') || ' ' || "
    "COALESCE(\"immediate_measures\", ''))"
)

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE incidents_incident_fts USING fts5(description, immediate_measures, "
    "content='incidents_incident', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER incidents_incident_fts_insert AFTER INSERT ON incidents_incident BEGIN "
    "INSERT INTO incidents_incident_fts(rowid, description, immediate_measures) "
    "VALUES (new.id, new.description, new.immediate_measures); END",
    "CREATE TRIGGER incidents_incident_fts_delete AFTER DELETE ON incidents_incident BEGIN "
    "INSERT INTO incidents_incident_fts(incidents_incident_fts, rowid, description, immediate_measures) "
    "VALUES ('delete', old.id, old.description, old.immediate_measures); END",
    "CREATE TRIGGER incidents_incident_fts_update AFTER UPDATE OF description, immediate_measures "
    "ON incidents_incident BEGIN "
    "INSERT INTO incidents_incident_fts(incidents_incident_fts, rowid, description, immediate_measures) "
    "VALUES ('delete', old.id, old.description, old.immediate_measures); "
    "INSERT INTO incidents_incident_fts(rowid, description, immediate_measures) "
    "VALUES (new.id, new.description, new.immediate_measures); END",
    "INSERT INTO incidents_incident_fts(incidents_incident_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS incidents_incident_fts_insert",
    "DROP TRIGGER IF EXISTS incidents_incident_fts_delete",
    "DROP TRIGGER IF EXISTS incidents_incident_fts_update",
    "DROP TABLE IF EXISTS incidents_incident_fts",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS incident_fulltext ON incidents_incident USING GIN ({PG_EXPRESSION})"
        )
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS incident_fulltext")
    elif vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("incidents", "0002_reporting_obligations")]
    operations = [migrations.RunPython(forward, backward)]
