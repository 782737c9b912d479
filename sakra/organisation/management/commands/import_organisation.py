from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sakra.accounts.services import region_language
from sakra.organisation.importing import ImportRefused, UnreadableFile
from sakra.organisation.importing.units import COLUMNS, import_organisation


def report(command: BaseCommand, plan, *, dry_run: bool) -> None:
    """The differences, one a line, then the sum: in the region's language (Swedish)."""
    for change in plan.changes:
        command.stdout.write(str(change))
    if not plan.changes:
        command.stdout.write(_("No differences: Sakra already matches the file."))
    elif dry_run:
        command.stdout.write(
            _("Dry run: {count} differences found, nothing was changed.").format(
                count=len(plan.changes)
            )
        )
    else:
        command.stdout.write(_("{count} differences applied.").format(count=len(plan.changes)))


def run_import(command: BaseCommand, function, file: Path, dry_run: bool) -> None:
    with region_language():
        if not file.exists():
            raise CommandError(_("{file}: no such file").format(file=file))
        try:
            plan = function(file, dry_run=dry_run)
        except UnreadableFile as exc:
            raise CommandError(f"{file}: {exc}") from exc
        except ImportRefused as exc:
            for error in exc.errors:
                command.stderr.write(str(error))
            raise CommandError(str(exc)) from exc
        report(command, plan, dry_run=dry_run)


class Command(BaseCommand):
    help = (
        "Load or update the unit tree from the region's catalogue (CSV or XLSX). Columns: "
        + ", ".join(COLUMNS)
        + ". All or nothing; --dry-run shows the differences and changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="show the differences only")

    def handle(self, *args, file, dry_run, **options):
        run_import(self, import_organisation, file, dry_run)
