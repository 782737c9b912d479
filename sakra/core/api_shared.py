"""What every app's API shares: the error body and its status codes, the text types of the
input schemas, and the page of rows.

Operations raise and the API answers (handlers in `sakra.config.api`), so no router maps
errors itself:

| raised                                   | status | body                                  |
| ---------------------------------------- | ------ | ------------------------------------- |
| input failing the schema                 | 422    | `ErrorOut`, errors keyed `body.title` |
| `django.core.exceptions.ValidationError` | 422    | `ErrorOut`, errors keyed by field     |
| `PermissionDenied`                       | 403    | `ErrorOut`                            |
| `Http404` (out of scope or missing)      | 404    | `ErrorOut`                            |
| `sakra.core.concurrency.StaleVersion`    | 409    | `ErrorOut`                            |

Declare them with `response={200: ThingOut, **ERRORS}`.
"""

from typing import Annotated

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from ninja import Field, Schema
from ninja.errors import ValidationError as InputError
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator, StringConstraints
from pydantic_core import PydanticCustomError

from .validation import MAX_INTEGER, check_stored_text, check_text

#: Far past any table this system will hold, and well inside every database's integers.
MAX_OFFSET = 1_000_000_000


class ErrorOut(Schema):
    """Every answer that is not a success: a sentence, and messages keyed by field."""

    detail: str
    errors: dict[str, list[str]] = {}


#: The refusals every changing operation may answer with.
ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def error_body(exc: ValidationError) -> dict:
    """A service's ValidationError as the 422 body: the first message as `detail`."""
    if hasattr(exc, "error_dict"):
        errors = {
            name: [str(message) for message in ValidationError(error).messages]
            for name, error in exc.error_dict.items()
        }
    else:
        errors = {"__all__": [str(message) for message in exc.messages]}
    first = next(
        (messages[0] for messages in errors.values() if messages), gettext("Invalid input.")
    )
    return {"detail": first, "errors": errors}


def invalid_input(exc: InputError) -> dict:
    """The body of a 422 for input that fails the schema, in the shape of `error_body`."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        field = ".".join(str(part) for part in error.get("loc", ())) or "__all__"
        errors.setdefault(field, []).append(str(error.get("msg", "")))
    return {"detail": gettext("Invalid input."), "errors": errors}


def _pydantic(check):
    def validate(value: str) -> str:
        try:
            return check(value)
        except ValidationError as exc:
            # A custom error keeps the message as it is ("Value error, …" otherwise).
            raise PydanticCustomError(exc.code or "invalid", " ".join(exc.messages)) from None

    return AfterValidator(validate)


#: Free text that is stored: safe characters, NFC, no classification marking.
Text = Annotated[str, _pydantic(check_stored_text)]
#: Text that is only looked up (a search, a filter): safe characters and NFC.
SearchText = Annotated[str, _pydantic(check_text)]
#: An integer any column holds.
Integer = Annotated[int, Field(ge=-MAX_INTEGER, le=MAX_INTEGER)]


def text(max_length: int) -> type[str]:
    """Stored free text of at most `max_length` characters."""
    return Annotated[str, StringConstraints(max_length=max_length), _pydantic(check_stored_text)]


class BoundedLimitOffset(LimitOffsetPagination):
    """django-ninja's limit/offset with both ends bounded: an offset past a 64-bit integer
    reached the database and answered 500 (found by schemathesis)."""

    class Input(Schema):
        limit: int = Field(
            settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET)
