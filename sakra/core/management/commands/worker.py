from django.core.management.base import BaseCommand

from sakra.core import worker


class Command(BaseCommand):
    help = (
        "Run background tasks, and enqueue the periodic jobs once a minute (once in all, "
        "however many workers run). Outlives database outages; stops cleanly on SIGTERM."
    )

    def add_arguments(self, parser):
        parser.add_argument("--periodic-interval", type=float, default=60.0)
        parser.add_argument("--no-periodic", action="store_true", help="only run queued tasks")
        parser.add_argument("--poll", type=float, default=1.0, help="seconds between looks")
        parser.add_argument("--worker-id", default=None, help="default: host-pid-random")

    def handle(self, *args, periodic_interval, no_periodic, poll, worker_id, **options):
        if periodic_interval < 1:
            self.stderr.write("--periodic-interval must be at least 1 second.")
            raise SystemExit(2)
        worker.run(
            periodic_interval=None if no_periodic else periodic_interval,
            worker_id=worker_id,
            poll=poll,
        )
