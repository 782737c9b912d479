"""The follow-up seed 004 asks for: whether managers got the help they needed and how fast,
per administration, team and manager level, and the partners' hours per administration and
area each month (the evidence for future resource needs). Aggregated in SQL, one query a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, F, Q, Sum
from django.db.models.functions import ExtractMonth, TruncDate
from django.utils import timezone

from sakra.core.access import VIEW

from .choices import Helped, ManagerLevel
from .models import TimeEntry

FIRST_YEAR = 2000


def year_param(text: str) -> int:
    this_year = timezone.localdate().year
    if text.isascii() and text.isdigit() and FIRST_YEAR <= int(text) <= this_year:
        return int(text)
    return this_year


def _share(part: int, whole: int) -> Decimal | None:
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("1")) if whole else None


@dataclass(frozen=True)
class Line:
    """One row of a follow-up table."""

    label: str
    asked: int
    answered: int
    on_time: int
    rated: int
    helped: int
    time_acceptable: int
    average_days: Decimal | None

    @property
    def share_on_time(self) -> Decimal | None:
        return _share(self.on_time, self.answered)

    @property
    def share_helped(self) -> Decimal | None:
        return _share(self.helped, self.rated)

    @property
    def share_time_acceptable(self) -> Decimal | None:
        return _share(self.time_acceptable, self.rated)


ON_TIME = Q(answered_at__isnull=False) & Q(answered_date__lte=F("due_on"))


def summary(rows, year: int, key: str) -> list[Line]:
    """The requests asked in `year` among `rows`, grouped by `key`."""
    labels = dict(ManagerLevel.choices) if key == "manager_level" else {}
    grouped = (
        rows.filter(created_at__year=year)
        .annotate(answered_date=TruncDate("answered_at"))
        .order_by()
        .values(key)
        .annotate(
            asked=Count("pk"),
            answered=Count("pk", filter=Q(answered_at__isnull=False)),
            on_time=Count("pk", filter=ON_TIME),
            rated=Count("pk", filter=Q(rated_at__isnull=False)),
            helped=Count("pk", filter=Q(helped=Helped.YES)),
            time_ok=Count("pk", filter=Q(time_acceptable=True)),
            average_days=Avg("answer_working_days"),
        )
        .order_by(key)
    )
    return [
        Line(
            label=str(labels.get(row[key], row[key] or "–")),
            asked=row["asked"],
            answered=row["answered"],
            on_time=row["on_time"],
            rated=row["rated"],
            helped=row["helped"],
            time_acceptable=row["time_ok"],
            average_days=(
                Decimal(row["average_days"]).quantize(Decimal("0.1"))
                if row["average_days"] is not None
                else None
            ),
        )
        for row in grouped
    ]


def hours(user, year: int) -> list[dict]:
    """Hours recorded in `year` per administration, area and month, of the entries `user` sees."""
    return list(
        TimeEntry.objects.for_user(user, VIEW)
        .filter(spent_on__year=year)
        .annotate(month=ExtractMonth("spent_on"))
        .order_by()
        .values("request__administration__name", "request__area__name_sv", "month")
        .annotate(total=Sum("hours"))
        .order_by("request__administration__name", "request__area__name_sv", "month")
    )
