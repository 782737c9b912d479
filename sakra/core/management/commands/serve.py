import errno
import os
import signal
import socket
import subprocess  # nosec B404 - starts our own worker with a fixed argv
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


def port_is_free(host: str, port: int) -> bool:
    """Whether `port` on `host` can be bound now (gunicorn would fail five times otherwise)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                return False
            raise
    return True


def check_port(host: str, port: int) -> None:
    if not port_is_free(host, port):
        raise CommandError(
            _(
                "Port {port} on {host} is taken by another program. Choose another port: "
                "make demo PORT={other} (or sakra serve --port {other})."
            ).format(port=port, host=host, other=port + 1)
        )


class Command(BaseCommand):
    help = "Serve Sakra with gunicorn (static files through WhiteNoise)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=3)
        parser.add_argument(
            "--with-worker",
            action="store_true",
            help="also run the background worker (the demo: one command, one Ctrl+C)",
        )

    def handle(self, *args, host, port, workers, with_worker, **options):
        check_port(host, port)
        # WhiteNoise warns on every start when the collected-files folder does not exist yet.
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        self.stdout.write(f"Sakra is served on http://{host}:{port}/ (Ctrl+C stops it).")
        sys.stdout.flush()
        # --preload: the application (every app, model, URL and view) is imported once, in the
        # master, before the workers are forked. Loaded in each worker instead, a worker's first
        # request imported everything: over 30 s on a busy machine, when gunicorn killed the
        # worker and the person got an error (found by the bench, issue 19).
        argv = [
            sys.executable, "-m", "gunicorn", "sakra.config.wsgi:application",
            "--bind", f"{host}:{port}", "--workers", str(workers), "--preload",
            "--access-logfile", "-", "--graceful-timeout", "5",
        ]  # fmt: skip
        if not with_worker:
            # Replaces this process with gunicorn: our own interpreter, a fixed argv.
            os.execv(sys.executable, argv)  # noqa: S606 # nosec B606
        self.stdout.write(_("The background worker runs beside it: e-mails are printed here."))
        # Ctrl+C reaches all three processes; a service manager's SIGTERM reaches this one,
        # which then stops the other two.
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
        children = [
            subprocess.Popen([sys.executable, "-m", "sakra.cli", "worker"]),  # nosec B603
            subprocess.Popen(argv),  # noqa: S603 # nosec B603
        ]
        try:
            children[1].wait()
        except KeyboardInterrupt:
            pass
        finally:
            for child in children:
                child.terminate()
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
