import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from sakra.core.hooks import enqueue_periodic_tasks


def _enqueue_forever(interval: float) -> None:
    while True:
        try:
            enqueue_periodic_tasks()
        finally:
            close_old_connections()
        time.sleep(interval)


class Command(BaseCommand):
    help = "Run background tasks, and enqueue the periodic jobs once a minute."

    def add_arguments(self, parser):
        parser.add_argument("--periodic-interval", type=float, default=60.0)
        parser.add_argument("--no-periodic", action="store_true", help="only run queued tasks")

    def handle(self, *args, periodic_interval, no_periodic, **options):
        if not no_periodic:
            threading.Thread(
                target=_enqueue_forever, args=(periodic_interval,), daemon=True
            ).start()
        call_command("db_worker", verbosity=options["verbosity"])
