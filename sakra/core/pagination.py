"""The API's page of rows: django-ninja's limit/offset with both ends bounded, because an
offset past a 64-bit integer reached the database and answered 500 (found by schemathesis)."""

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

#: Far past any table this system will hold, and well inside every database's integers.
MAX_OFFSET = 1_000_000_000


class BoundedLimitOffset(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(
            settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET)
