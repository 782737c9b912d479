from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from sakra.core.hooks import app_modules

from .serve import check_port


class Command(BaseCommand):
    help = "Migrate, load the demo region (idempotently), print the demo logins and serve."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="load the data and stop")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, no_serve, port, **options):
        if not no_serve:
            check_port("127.0.0.1", port)  # before minutes of loading, not after
        call_command("migrate", interactive=False, verbosity=0)
        lines: list[str] = []
        with transaction.atomic():
            for module in app_modules("demo"):
                lines.extend(module.load() or [])
        self.stdout.write(self.style.SUCCESS("The demo region is loaded."))
        for line in lines:
            self.stdout.write(line)
        if not no_serve:
            call_command("serve", port=port, with_worker=True)
