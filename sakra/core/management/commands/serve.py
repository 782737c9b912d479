import os
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Sakra with gunicorn (static files through WhiteNoise)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=3)

    def handle(self, *args, host, port, workers, **options):
        self.stdout.write(f"Sakra is served on http://{host}:{port}/ (Ctrl+C stops it).")
        sys.stdout.flush()
        argv = [
            sys.executable, "-m", "gunicorn", "sakra.config.wsgi:application",
            "--bind", f"{host}:{port}", "--workers", str(workers),
            "--access-logfile", "-", "--graceful-timeout", "5",
        ]  # fmt: skip
        # Replaces this process with gunicorn: our own interpreter, a fixed argv.
        os.execv(sys.executable, argv)  # noqa: S606 # nosec B606
