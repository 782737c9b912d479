from django.core.management.base import BaseCommand

from sakra.incidents.services import load_catalogue


class Command(BaseCommand):
    help = (
        "Load Sakra's catalogue of incident categories and reporting obligations for the security "
        "areas already loaded (run `sakra load-areas` first). Idempotent: categories that exist "
        "are left as administrators edited them."
    )

    def handle(self, *args, **options):
        created, skipped = load_catalogue()
        self.stdout.write(f"{created} categories created.")
        if skipped:
            self.stderr.write(
                "Skipped, their security area is not in the catalogue: " + ", ".join(skipped)
            )
