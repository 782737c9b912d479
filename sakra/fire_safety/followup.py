"""The follow-up of SBA per site, administration and region: values prepared in Python for the
templates, each table in a constant number of queries whatever its number of rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q
from django.db.models.functions import Substr
from django.utils import timezone

from sakra.actions.choices import OPEN_STATUSES
from sakra.core.access import VIEW
from sakra.organisation.models import Unit

from .choices import Outcome, RemarkStatus, RoundStatus
from .models import Remark, Round, RoundResult

#: The materialised path of an administration: the region's step and its own.
ADMINISTRATION_PATH = 2 * Unit.steplen


@dataclass
class Line:
    """One row of the follow-up: a site, an administration or the region."""

    label: str
    url: str = ""
    rounds_due: int = 0
    rounds_on_time: int = 0
    deviations_found: int = 0
    deviations_closed: int = 0
    remarks_open: int = 0
    remarks_past_deadline: int = 0

    @property
    def on_time_share(self) -> Decimal | None:
        if not self.rounds_due:
            return None
        return (Decimal(100 * self.rounds_on_time) / self.rounds_due).quantize(Decimal("1"))

    def add(self, other: Line) -> None:
        for name in (
            "rounds_due", "rounds_on_time", "deviations_found", "deviations_closed",
            "remarks_open", "remarks_past_deadline",
        ):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _grouped(rows, key, **aggregates):
    return {
        row.pop("key"): row
        for row in rows.order_by().annotate(key=key).values("key").annotate(**aggregates)
    }


def lines(user, year: int, by: str) -> list[Line]:
    """The follow-up of `year` per site (`by="site"`) or administration, over the rows `user`
    may see; three queries and one for the names."""
    today = timezone.localdate()
    prefix = {
        "rounds": "document__",
        "results": "round__document__",
        "remarks": "inspection__document__",
    }
    if by == "site":
        keys = {name: F(f"{p}site__name") for name, p in prefix.items()}
    else:
        keys = {
            name: Substr(f"{p}unit__path", 1, ADMINISTRATION_PATH) for name, p in prefix.items()
        }
    rounds = _grouped(
        Round.objects.for_user(user, VIEW)
        .filter(
            due_date__year=year,
            due_date__lt=min(today, datetime.date(year, 12, 31) + datetime.timedelta(1)),
        )
        .exclude(status=RoundStatus.CANCELLED),
        keys["rounds"],
        due=Count("pk"),
        on_time=Count("pk", filter=Q(status=RoundStatus.FINISHED, performed_on__lte=F("due_date"))),
    )
    results = _grouped(
        RoundResult.objects.for_user(user, VIEW).filter(
            outcome=Outcome.DEVIATION, round__due_date__year=year
        ),
        keys["results"],
        found=Count("pk"),
        closed=Count("pk", filter=Q(action__isnull=False) & ~Q(action__status__in=OPEN_STATUSES)),
    )
    remarks = _grouped(
        Remark.objects.for_user(user, VIEW).filter(status=RemarkStatus.OPEN),
        keys["remarks"],
        open=Count("pk"),
        past=Count("pk", filter=Q(deadline__lt=today)),
    )
    names = {}
    if by != "site":
        names = {
            unit.path: unit for unit in Unit.objects.filter(path__in={*rounds, *results, *remarks})
        }
    out = []
    for key in sorted({*rounds, *results, *remarks}, key=lambda k: str(names.get(k, k))):
        unit = names.get(key)
        line = Line(label=str(unit or key))
        line.rounds_due = rounds.get(key, {}).get("due", 0)
        line.rounds_on_time = rounds.get(key, {}).get("on_time", 0)
        line.deviations_found = results.get(key, {}).get("found", 0)
        line.deviations_closed = results.get(key, {}).get("closed", 0)
        line.remarks_open = remarks.get(key, {}).get("open", 0)
        line.remarks_past_deadline = remarks.get(key, {}).get("past", 0)
        out.append(line)
    return out


def total(label: str, rows: list[Line]) -> Line:
    line = Line(label=label)
    for row in rows:
        line.add(row)
    return line
