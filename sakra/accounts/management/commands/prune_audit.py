from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from sakra.accounts.audit import expired_entries, retention_cutoff

BATCH = 5000


class Command(BaseCommand):
    help = (
        "Delete audit trail entries older than SAKRA_AUDIT_RETENTION_DAYS (and nothing newer). "
        "On PostgreSQL run it as the database role that may delete from auditlog_logentry."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be deleted; delete nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        cutoff = retention_cutoff(now)
        days = settings.SAKRA_AUDIT_RETENTION_DAYS
        entries = expired_entries(now)
        count = entries.count()
        when = cutoff.strftime("%Y-%m-%d %H:%M UTC")
        if dry_run:
            self.stdout.write(
                f"Dry run: {count} audit entries are older than {days} days (before {when}); "
                "nothing was deleted."
            )
            return
        deleted = 0
        # In batches, so a first prune of years of entries never holds one huge lock.
        while True:
            ids = list(expired_entries(now).order_by("pk").values_list("pk", flat=True)[:BATCH])
            if not ids:
                break
            with transaction.atomic():
                deleted += expired_entries(now).filter(pk__in=ids).delete()[0]
        self.stdout.write(
            f"Deleted {deleted} audit entries older than {days} days (before {when})."
        )
