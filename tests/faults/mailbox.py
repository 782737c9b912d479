"""A mail system for the fault tests, written to files: every transmission is logged, and a
message is delivered once per Message-ID (a mail system that drops a message it already
holds). With SAKRA_TEST_DIE_AFTER_SEND the worker is killed (SIGKILL)
right after its first transmission, before it can record the send."""

import os
import signal
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class Mailbox(BaseEmailBackend):
    def send_messages(self, messages):
        folder = Path(os.environ["SAKRA_TEST_MAILBOX"])
        folder.mkdir(parents=True, exist_ok=True)
        for message in messages:
            key = message.extra_headers["Message-ID"]
            with open(folder / "transmitted", "a") as log:
                log.write(f"{key}\n")
            delivered = folder / "delivered"
            known = delivered.read_text().split() if delivered.exists() else []
            if key not in known:
                with open(delivered, "a") as box:
                    box.write(f"{key}\n")
        marker = folder / "died"
        if os.environ.get("SAKRA_TEST_DIE_AFTER_SEND") and not marker.exists():
            marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)
        return len(messages)
