from django.core.management.base import BaseCommand, CommandError

from sakra.incidents import summary


class Command(BaseCommand):
    help = (
        "Recompute the yearly incident summary that dashboards count from (after a bulk load "
        "or a restore). With --check, only compare it with the incidents and fail on a difference."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="compare with the incidents, change nothing"
        )

    def handle(self, *args, check, **options):
        if check:
            differences = summary.differences()
            for difference in differences[:20]:
                self.stderr.write(
                    f"{difference.key}: {difference.live} incidents, {difference.stored} counted"
                )
            if differences:
                raise CommandError(
                    f"The summary differs from the incidents in {len(differences)} places; "
                    "run `sakra rebuild-incident-summary` to recompute it."
                )
            self.stdout.write("The summary equals the live counts of incidents.")
            return
        rows = summary.rebuild()
        self.stdout.write(f"Summary rebuilt: {rows} rows.")
