"""The search's indexes on PostgreSQL: a trigram index (pg_trgm) for the LIKE that finds a word
inside a compound ("pärm" in "brandskyddspärm"), and the Swedish full-text index. SQLite needs
none: its LIKE over the lower-case copies is the fallback, measured in docs/user/documents.md."""

from django.db import migrations

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS documents_text_trgm ON documents_document "
    "USING gin (search_text gin_trgm_ops)",
    # The expression Django's SearchVector("search_text", config="swedish") writes.
    "CREATE INDEX IF NOT EXISTS documents_text_fts ON documents_document "
    "USING gin (to_tsvector('swedish'::regconfig, COALESCE(search_text, ''::text)))",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS documents_text_fts",
    "DROP INDEX IF EXISTS documents_text_trgm",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(_run(POSTGRES), _run(POSTGRES_REVERSE))]
