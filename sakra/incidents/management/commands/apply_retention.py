from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sakra.incidents.retention import apply_retention, plan


class Command(BaseCommand):
    help = (
        "Remove the personal data of closed incidents whose category's retention period has "
        "run out (gallring). Without --apply it only lists what it would change."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--apply",
            action="store_true",
            help="Remove the personal data. Without it the command is a dry run.",
        )
        parser.add_argument(
            "--limit", type=int, default=None, help="Clear at most this many incidents."
        )
        parser.add_argument(
            "--quiet", action="store_true", help="Print only the summary line, not each incident."
        )

    def handle(self, *args, apply=False, limit=None, quiet=False, **options):
        if limit is not None and limit < 1:
            raise CommandError("--limit must be at least 1.")
        now = timezone.now()
        if not apply:
            self._dry_run(now, quiet)
            return
        result = apply_retention(now=now, limit=limit)
        self.stdout.write(
            f"Removed the personal data of {result.removed} incidents; "
            f"{result.held} due incidents are under a legal hold and were left alone."
        )

    def _dry_run(self, now, quiet: bool) -> None:
        due = held = 0
        for item in plan(now):
            if item.legal_hold:
                held += 1
                reason = "legal hold: left alone"
            else:
                due += 1
                reason = (
                    f"retention {item.retention_months} months ran out {item.due_since:%Y-%m-%d}"
                )
            if not quiet:
                self.stdout.write(
                    f"{item.reference}\t{item.category}\tclosed {item.closed_at:%Y-%m-%d} "
                    f"({item.age_months(now)} months ago)\t{reason}"
                )
        self.stdout.write(
            f"Dry run: {due} incidents would have their personal data removed; {held} due "
            "incidents are under a legal hold. Nothing was changed; run with --apply to act."
        )
