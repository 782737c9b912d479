from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from sakra.core import backup


class Command(BaseCommand):
    help = (
        "Replace the database with a backup made by `sakra backup`. Stop the web processes "
        "and workers first; everything written since the backup is lost."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, path, database=DEFAULT_DB_ALIAS, interactive=True, **options):
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"No backup file at {source}.")
        name = connections[database].settings_dict["NAME"]
        if interactive:
            answer = input(
                f"This replaces everything in the database {name} with {source}.\n"
                "Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        backup.restore(source, using=database)
        self.stdout.write(f"Restored {source} into {name}.")
