"""Small helpers the incident views share."""

import base64
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from sakra.core.validation import MAX_INTEGER, check_date


def encode_cursor(occurred_at: datetime, pk: int) -> str:
    raw = f"{occurred_at.isoformat()}|{pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int] | None:
    """The position a cursor names, or None for one this list never wrote: within the dates
    and ids every path accepts (a year-1 cursor overflowed on SQLite)."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        moment, pk = base64.urlsafe_b64decode(padded.encode()).decode().split("|")
        moment, pk = datetime.fromisoformat(moment), int(pk)
        check_date(moment)
    except (ValueError, UnicodeDecodeError, ValidationError):
        return None
    if not 0 < pk <= MAX_INTEGER:
        return None
    return (timezone.make_aware(moment) if timezone.is_naive(moment) else moment), pk


def keyset_page(queryset, cursor: str | None, *, newest_first: bool, size: int):
    """One page ordered by (occurred_at, id), starting after `cursor`; returns (rows, next)."""
    order = ("-occurred_at", "-id") if newest_first else ("occurred_at", "id")
    queryset = queryset.order_by(*order)
    position = decode_cursor(cursor) if cursor else None
    if position is not None:
        moment, pk = position
        # The redundant bound (<= moment) is what the keyset index can seek to; the OR alone
        # makes PostgreSQL walk the index from the top and filter: 500 000 rows at depth.
        if newest_first:
            queryset = queryset.filter(
                Q(occurred_at__lt=moment) | Q(occurred_at=moment, id__lt=pk),
                occurred_at__lte=moment,
            )
        else:
            queryset = queryset.filter(
                Q(occurred_at__gt=moment) | Q(occurred_at=moment, id__gt=pk),
                occurred_at__gte=moment,
            )
    rows = list(queryset[: size + 1])
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        next_cursor = encode_cursor(rows[-1].occurred_at, rows[-1].pk)
    return rows, next_cursor
