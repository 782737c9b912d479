from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from sakra.core import backup


class Command(BaseCommand):
    help = (
        "Back up the database while Sakra runs: SQLite through its online backup API, "
        "PostgreSQL with pg_dump (custom format). Writes to var/backups/ unless given a path."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="File to write (default var/backups/…).")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, path=None, database=DEFAULT_DB_ALIAS, **options):
        target = (
            Path(path) if path else settings.VAR_DIR / "backups" / backup.default_name(database)
        )
        written = backup.backup(target, using=database)
        size = written.stat().st_size
        self.stdout.write(f"Backup written to {written} ({size:,} bytes).")
