"""The Swedish full-text vectors stored beside the text on PostgreSQL, computed by the database,
and a shorter opening (`search_head`) for the ranking, on both databases.

A common word matched every document, and checking each match read its whole text twice: the
trigram index's recheck of the LIKE, and `to_tsvector` of the title for the rank. Stored
(generated) columns are read instead; the text is read only for a word the stem does not find.
They are the database's own columns, unknown to the models (SQLite has no `tsvector`), read by
`sakra.documents.search`. The measurement is in docs/user/documents.md.
"""

from django.db import migrations, models

POSTGRES = [
    # Stripped of positions: it only matches (the title's vector ranks), and a stripped vector
    # is small enough to stay in the row instead of being fetched from TOAST for each hit.
    "ALTER TABLE documents_document ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (strip(to_tsvector('swedish'::regconfig, search_text))) STORED",
    "ALTER TABLE documents_document ADD COLUMN IF NOT EXISTS search_title_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('swedish'::regconfig, search_title)) STORED",
    "CREATE INDEX IF NOT EXISTS documents_vector ON documents_document USING gin (search_vector)",
    "DROP INDEX IF EXISTS documents_text_fts",
]
POSTGRES_REVERSE = [
    "CREATE INDEX IF NOT EXISTS documents_text_fts ON documents_document "
    "USING gin (to_tsvector('swedish'::regconfig, COALESCE(search_text, ''::text)))",
    "DROP INDEX IF EXISTS documents_vector",
    "ALTER TABLE documents_document DROP COLUMN IF EXISTS search_title_vector",
    "ALTER TABLE documents_document DROP COLUMN IF EXISTS search_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_search_indexes")]

    operations = [
        migrations.RunSQL(
            "UPDATE documents_document SET search_head = substr(search_text, 1, 400)",
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="document",
            name="search_head",
            field=models.CharField(blank=True, default="", editable=False, max_length=400),
        ),
        migrations.RunPython(_run(POSTGRES), _run(POSTGRES_REVERSE)),
    ]
