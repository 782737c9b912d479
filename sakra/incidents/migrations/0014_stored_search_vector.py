"""The Swedish full-text vector of an incident stored beside its texts on PostgreSQL.

The GIN index of migration 0003 was on an expression: every match it found, and every row the
planner walked along the date index instead (a common word), computed `to_tsvector` of the
description again. On a region's real texts (about 36 words) that made counting the matches of
a common word the search's whole cost. A generated column is computed once, when the text is
written, and read instead; it is stripped of positions (search only matches, it does not rank
by them), which keeps it small enough to stay in the row. The column is the database's own,
unknown to the model (SQLite searches its FTS5 table), read by `sakra.incidents.search`.
"""

from django.db import migrations

FORWARD = [
    "ALTER TABLE incidents_incident ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (strip(to_tsvector('swedish'::regconfig, "
    "COALESCE(description, '') || ' ' || COALESCE(immediate_measures, '')))) STORED",
    "CREATE INDEX IF NOT EXISTS incident_search_vector ON incidents_incident "
    "USING gin (search_vector)",
    "DROP INDEX IF EXISTS incident_fulltext",
]
BACKWARD = [
    "CREATE INDEX IF NOT EXISTS incident_fulltext ON incidents_incident USING GIN "
    "(to_tsvector('swedish'::regconfig, COALESCE(\"description\", '') || ' ' || "
    "COALESCE(\"immediate_measures\", '')))",
    "DROP INDEX IF EXISTS incident_search_vector",
    "ALTER TABLE incidents_incident DROP COLUMN IF EXISTS search_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("incidents", "0013_near_misses_and_supply_disruptions")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
