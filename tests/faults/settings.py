"""The fault tests' worker: the project's settings with the file mailbox."""

from sakra.config.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.faults.mailbox.Mailbox"
