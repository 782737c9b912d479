"""Django's `flush`, which empties every table, past the crisis log's append-only triggers.

PostgreSQL empties tables with TRUNCATE, which the row triggers do not see; SQLite deletes row
by row, which they refuse. Emptying the whole database (a test's teardown, a fresh trial) is
the one deletion the log allows, so on SQLite the triggers are lifted for it, in its
transaction, and put back.
"""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections, transaction

from sakra.continuity import append_only


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cursor:
                for statement in append_only.SQLITE_DROP:
                    cursor.execute(statement)
            try:
                return super().handle(**options)
            finally:
                with connection.cursor() as cursor:
                    for statement in append_only.SQLITE_CREATE:
                        cursor.execute(statement)
