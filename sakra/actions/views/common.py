"""What the pages of the actions app share."""

from __future__ import annotations

from django.contrib import messages


def errors_as_messages(request, form) -> None:
    """A button's form (no fields to show the errors beside) refused: its errors as messages
    on the page rendered in its place."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
