"""What every app's API shares: its page of rows, and its answer to input that fails the schema."""

from django.conf import settings
from django.utils.translation import gettext
from ninja import Field, Schema
from ninja.errors import ValidationError as InputError
from ninja.pagination import LimitOffsetPagination

#: Far past any table this system will hold, and well inside every database's integers.
MAX_OFFSET = 1_000_000_000


class BoundedLimitOffset(LimitOffsetPagination):
    """django-ninja's limit/offset with both ends bounded: an offset past a 64-bit integer
    reached the database and answered 500 (found by schemathesis)."""

    class Input(Schema):
        limit: int = Field(
            settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


def invalid_input(exc: InputError) -> dict:
    """The body of a 422 for input that fails the schema: the shape of the apps' own 422s,
    `{"detail": ..., "errors": {"body.title": [...]}}`, rather than django-ninja's list."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        field = ".".join(str(part) for part in error.get("loc", ())) or "__all__"
        errors.setdefault(field, []).append(str(error.get("msg", "")))
    return {"detail": gettext("Invalid input."), "errors": errors}
