"""The yearly summary of incidents: what dashboards count instead of a million rows.

`IncidentYearlyCount` holds one count per administration × category × area × restricted ×
acute × year × near miss, of the reports that count: dismissed reports are not counted, and
near misses are kept apart from events by their own key (a reader that counts events asks for
`is_near_miss=False`). The services that create
incidents call `count_in()` inside their own transaction, and the status change calls
`count_out()` on a dismissal and `count_in()` when a dismissed report is taken up again, so the
summary and the incidents commit or roll back together. Of the fields that form the key,
only the category (with its area and restriction) and the near-miss mark change after a report
is made: `corrections.change_category` and `corrections.mark_near_miss` move the count out of
the old key and into the new one in their own transaction. Any service that ever changes
another key field must do the same.

`rebuild()` recomputes the whole table from the incidents (after a bulk load or a restore)
and `differences()` proves that the two agree.

A user's view of the incidents is translated to the summary's columns by `access()`. It
works when every role scope is the whole region or whole administrations; a scope deeper
down (a manager's unit) cannot be read off the summary, and the caller counts live rows
instead (a subtree is small).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db import connection, transaction
from django.db.models import Count, F, Q, Subquery, Sum

from sakra.core.access import EVERY_ROW, VIEW, Scope
from sakra.organisation.choices import UnitKind

from .choices import Status
from .models import Incident, IncidentYearlyCount

#: The summary's key, in the incident's own column names.
KEY = (
    "administration_id",
    "category_id",
    "area_id",
    "is_restricted",
    "is_acute",
    "occurred_year",
    "is_near_miss",
)


def key_of(incident: Incident) -> tuple:
    return (
        incident.administration_id, incident.category_id, incident.area_id,
        incident.is_restricted, incident.is_acute, incident.occurred_year, incident.is_near_miss,
    )  # fmt: skip


def count_in(incidents: Iterable[Incident]) -> None:
    """Add newly created incidents to the summary; call inside the creating transaction.
    Dismissed ones (an import may bring them) are not events and are left out."""
    _add(Counter(key_of(i) for i in incidents if i.status != Status.DISMISSED))


def count_out(incidents: Iterable[Incident]) -> None:
    """Take incidents out of the summary (they were dismissed); inside the same transaction."""
    _add(Counter({key: -n for key, n in Counter(map(key_of, incidents)).items()}))


def add(counts: Counter) -> None:
    """Add counts by key (`KEY`, in the incident's column names) of incidents created without
    a model instance (the import); inside the creating transaction, as `count_in`."""
    _add(counts)


def _add(counts: Counter) -> None:
    if not counts:
        return
    if len(counts) == 1 and _increment(*next(iter(counts.items()))):
        return
    administrations = {key[0] for key in counts}
    place = Q(administration_id__in=administrations - {None})
    if None in administrations:
        place |= Q(administration_id__isnull=True)
    # Locked, so that a concurrent writer adds to the count this one leaves.
    rows = (
        IncidentYearlyCount.objects.select_for_update()
        .filter(place, occurred_year__in={key[5] for key in counts})
        .filter(category_id__in={key[1] for key in counts})
        .order_by("pk")
    )
    existing: dict[tuple, list[IncidentYearlyCount]] = {}
    for row in rows:
        existing.setdefault(tuple(getattr(row, field) for field in KEY), []).append(row)
    new, changed = [], []
    for key, n in counts.items():
        found = existing.get(key)
        if not found:
            if n > 0:
                new.append(IncidentYearlyCount(**dict(zip(KEY, key, strict=True)), count=n))
            continue
        # Two rows may share a key (see the model); a decrease is taken where it fits.
        target = next((row for row in found if row.count + n >= 0), found[0])
        target.count += n
        changed.append(target)
    IncidentYearlyCount.objects.bulk_create(new)
    IncidentYearlyCount.objects.bulk_update(changed, ["count"])


def _increment(key: tuple, n: int) -> bool:
    """One report (the common case): its key's count raised in one statement, which takes the
    row's lock itself; False when there is nothing to raise (a decrease, or a key's first
    report), which `_add` handles."""
    if n <= 0:
        return False
    rows = IncidentYearlyCount.objects.filter(**dict(zip(KEY, key, strict=True)))
    # Two rows may share a key: one of them, as `_add` would.
    first = rows.order_by("pk").values("pk")[:1]
    return bool(IncidentYearlyCount.objects.filter(pk=Subquery(first)).update(count=F("count") + n))


def _live():
    return Incident.objects.counted().order_by().values(*KEY).annotate(n=Count("pk"))


def _stored():
    return IncidentYearlyCount.objects.order_by().values(*KEY).annotate(n=Sum("count"))


def _as_dict(rows) -> dict[tuple, int]:
    return {tuple(row[field] for field in KEY): row["n"] for row in rows if row["n"]}


@transaction.atomic
def rebuild(batch_size: int = 5000) -> int:
    """Recompute the summary from the incidents; returns the number of rows written."""
    table = IncidentYearlyCount._meta.db_table
    postgres = connection.vendor == "postgresql"
    if postgres:
        # TRUNCATE leaves no dead rows behind for the dashboards' scans to wade through.
        with connection.cursor() as cursor:
            cursor.execute(f'TRUNCATE "{table}"')
    else:
        IncidentYearlyCount.objects.all().delete()
    rows = [
        IncidentYearlyCount(**dict(zip(KEY, key, strict=True)), count=n)
        for key, n in _as_dict(_live()).items()
    ]
    IncidentYearlyCount.objects.bulk_create(rows, batch_size=batch_size)
    with connection.cursor() as cursor:
        cursor.execute(f'ANALYZE "{table}"')  # the planner's estimates, at once
    return len(rows)


@dataclass(frozen=True)
class Difference:
    key: dict
    live: int
    stored: int


def differences() -> list[Difference]:
    """Every key whose stored count differs from the live count of incidents."""
    live, stored = _as_dict(_live()), _as_dict(_stored())
    return [
        Difference(dict(zip(KEY, key, strict=True)), live.get(key, 0), stored.get(key, 0))
        for key in sorted(live.keys() | stored.keys(), key=str)
        if live.get(key, 0) != stored.get(key, 0)
    ]


@dataclass(frozen=True)
class Access:
    """A user's view of the incidents, in columns the summary shares with the incidents.

    `summary` selects the summary rows (and the same incidents); `personal` selects the
    incidents the user reaches only as reporter or handler, outside `summary`, which are
    counted live. None means nothing of that part.
    """

    summary: Q | None
    personal: Q | None


def access(user) -> Access | None:
    """`user`'s view of incidents for the summary, or None when it cannot be read off it."""
    incidents = Incident.objects.all()
    if user.is_superuser or incidents.reaches_every_row(user, VIEW):
        return Access(summary=EVERY_ROW, personal=None)
    if any(
        scope.unit_path is not None and scope.unit_kind != UnitKind.ADMINISTRATION
        for scope in incidents.role_scopes(user, VIEW)
    ):
        return None  # a role in part of an administration: only live rows can tell

    def place(scope: Scope) -> Q:
        condition = EVERY_ROW
        if scope.unit_path is not None:
            condition = Q(administration_id=scope.unit_id)
        if scope.area_id is not None:
            condition &= Q(area_id=scope.area_id)
        return condition

    roles = incidents.role_conditions(user, VIEW, place)
    personal = incidents.personal_conditions(user, VIEW)
    summary = reduce(or_, roles) if roles else None
    own = reduce(or_, personal) if personal else None
    if own is not None and summary is not None:
        own &= ~summary
    return Access(summary=summary, personal=own)
