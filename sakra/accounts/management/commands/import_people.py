from pathlib import Path

from django.core.management.base import BaseCommand

from sakra.accounts.people_import import COLUMNS, import_people
from sakra.organisation.management.commands.import_organisation import run_import


class Command(BaseCommand):
    help = (
        "Load or update the region's people from a file (CSV or XLSX). Columns: "
        + ", ".join(COLUMNS)
        + ". People gone from the file are disabled; --dry-run shows the differences only."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="show the differences only")

    def handle(self, *args, file, dry_run, **options):
        run_import(self, import_people, file, dry_run)
