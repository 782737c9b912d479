from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sakra.incidents.importer import COLUMNS, ImportFailed, UnreadableFile, import_incidents


class Command(BaseCommand):
    help = (
        "Import incidents from the previous deviation system (CSV or XLSX). Columns: "
        + ", ".join(COLUMNS)
        + ". All or nothing; rows already imported (same external_id) are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check the file, save nothing")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the valid rows even when others have errors",
        )

    def handle(self, *args, file, dry_run, skip_invalid, **options):
        if not file.exists():
            raise CommandError(f"{file}: no such file")
        try:
            result = import_incidents(file, dry_run=dry_run, all_or_nothing=not skip_invalid)
        except UnreadableFile as exc:
            raise CommandError(f"{file}: {exc}") from exc
        except ImportFailed as exc:
            for error in exc.result.errors:
                self.stderr.write(str(error))
            raise CommandError(str(exc)) from exc
        for error in result.errors:
            self.stderr.write(str(error))
        verb = "would be imported" if dry_run else "imported"
        self.stdout.write(
            f"{result.created} {verb}, {result.skipped} already present, "
            f"{len(result.errors)} rows with errors."
        )
