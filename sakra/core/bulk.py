"""Many rows into one table at the database's own speed: COPY on PostgreSQL, `bulk_create`
elsewhere.

`bulk_create` builds a model instance per row, prepares every value through its field and, on
PostgreSQL, sends each column as an array that psycopg quotes in Python: about a millisecond
a row for a table as wide as the incidents', twelve times a COPY of the same rows
(docs/performance.md, issue 19). The bulk paths (an import, its audit entries) give their rows
as plain values by column (`attname`) instead, starting from `defaults(model)`::

    fresh = defaults(Incident)
    ids = insert(Incident, [{**fresh, "reference": ..., ...} for ...], returning_ids=True)

Values go to the database as they are (psycopg adapts str, numbers, dates, aware datetimes,
Decimal); only JSON fields pass through their field. No model's `save()` or signal runs: the
caller writes what they would have (the audit entry, the summary).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, models
from django.utils import timezone


def defaults(model) -> dict[str, object]:
    """Every column but the primary key, with what a new instance would hold before `save()`:
    the field's default, "" for optional text, None for an optional column, and the time now
    for the `auto_now` ones."""
    now = timezone.now()
    values = {}
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            values[field.attname] = now
        else:
            values[field.attname] = field.get_default()
    return values


def insert(model, rows: Sequence[dict], *, returning_ids: bool = False) -> list[int]:
    """Insert `rows` (each with the same keys, every column by `attname`) in one statement on
    PostgreSQL; returns their ids when asked (taken from the table's sequence beforehand)."""
    if not rows:
        return []
    if connection.vendor != "postgresql":
        created = model.objects.bulk_create([model(**row) for row in rows], batch_size=1000)
        return [obj.pk for obj in created] if returning_ids else []
    pk = model._meta.pk
    ids = _next_ids(model, len(rows)) if returning_ids else []
    names = list(rows[0])
    fields = [model._meta.get_field(name) for name in names]
    columns = ([pk.column] if ids else []) + [field.column for field in fields]
    json = [i for i, field in enumerate(fields) if isinstance(field, models.JSONField)]
    statement = 'COPY "{}" ({}) FROM STDIN'.format(
        model._meta.db_table, ", ".join(f'"{column}"' for column in columns)
    )
    with (
        connection.wrap_database_errors,
        connection.cursor() as cursor,
        cursor.copy(statement) as copy,
    ):
        for n, row in enumerate(rows):
            values = [row[name] for name in names]
            for i in json:
                values[i] = fields[i].get_db_prep_save(values[i], connection)
            copy.write_row([ids[n], *values] if ids else values)
    return ids


def _next_ids(model, count: int) -> list[int]:
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, column, count],
        )
        return [row[0] for row in cursor.fetchall()]
