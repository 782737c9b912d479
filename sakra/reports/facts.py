"""The facts of an annual report: every figure of every chapter, gathered from the other
modules for the WHOLE region (or one administration's edition) under a system view, never
narrowed to whoever looks. The figures are counts and titles without personal data.

`gather()` returns plain JSON (numbers as numbers, decimals as strings), the same shape the
approved report freezes in `AnnualReport.facts`, so a draft and an approved report are shown
by the same templates. It reads each source once for all areas: a fixed number of queries
whatever the amount of data (tests/test_facts.py asserts it at two data sizes).
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Count, F, Q, Sum, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from sakra.actions.choices import OPEN_STATUSES, ActionStatus, ActivityStatus
from sakra.actions.models import Action, BoardDecision, PlannedActivity
from sakra.fire_safety.choices import RemarkStatus, RoundStatus
from sakra.fire_safety.models import Remark, Round
from sakra.goals.models import Goal
from sakra.goals.services import dashboard
from sakra.governance.choices import UNMET_STATUSES, OccurrenceStatus
from sakra.governance.models import ControlOccurrence, Requirement
from sakra.incidents.elsewhere import figures_for
from sakra.incidents.models import IncidentCategory, IncidentYearlyCount
from sakra.incidents.statistics import FIRST_YEAR
from sakra.organisation.models import SecurityArea, Unit
from sakra.risks.choices import AnalysisStatus
from sakra.risks.models import Risk, RiskAnalysis

#: How many of an area's highest risks the chapter lists.
HIGHEST_RISKS = 5
#: The version of the facts' shape, stored with them (a frozen report keeps its own shape).
SHAPE = 1


def _decimal(value: Decimal | None) -> str | None:
    return (
        None if value is None else str(value.normalize() if value == value.to_integral() else value)
    )


def _region_name() -> str:
    root = Unit.objects.get_first_root_node()
    return root.name if root else ""


class _Place:
    """Where the edition reaches: the whole region, or one administration's subtree."""

    def __init__(self, administration: Unit | None):
        self.unit = administration

    def units(self, lookup: str) -> Q:
        if self.unit is None:
            return Q()
        return Q(**{f"{lookup}__path__startswith": self.unit.path})

    def administration(self, lookup: str) -> Q:
        return Q() if self.unit is None else Q(**{lookup: self.unit})


def _goals(year: int, place: _Place, area_ids: list[int]) -> dict[int, list[dict]]:
    goals = Goal.objects.active().filter(
        area__in=area_ids, start_year__lte=year, end_year__gte=year
    )
    goals = goals.filter(place.administration("administration")) if place.unit else goals
    views = dashboard(None, goals.order_by("area", "title", "pk"), year=year, within=place.unit)
    found: dict[int, list[dict]] = defaultdict(list)
    for view in views:
        goal = view.goal
        indicators = []
        for item in view.indicators:
            indicator, assessment = item.indicator, item.assessment
            indicators.append(
                {
                    "title": indicator.title,
                    "baseline_year": indicator.baseline_year,
                    "baseline": _decimal(assessment.baseline),
                    "target_year": indicator.target_year,
                    "target": _decimal(assessment.target),
                    "value": _decimal(assessment.value),
                    "status": str(assessment.status),
                    "status_label": str(assessment.status_label),
                    "series": [[y, _decimal(v)] for y, v in item.series if y <= year],
                }
            )
        found[goal.area_id].append(
            {
                "title": goal.title,
                "statement": goal.statement,
                "period": f"{goal.start_year}–{goal.end_year}",
                "owner": str(goal.owner),
                "administration": str(goal.administration) if goal.administration_id else "",
                "indicators": indicators,
            }
        )
    return found


def _risks(year: int, place: _Place) -> tuple[dict, dict]:
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    analyses = (
        RiskAnalysis.objects.filter(place.units("unit"), area__isnull=False)
        .filter(period_start__lte=end, period_end__gte=start)
        .exclude(status=AnalysisStatus.ARCHIVED)
        .order_by()
        .values("area_id")
        .annotate(
            done=Count("pk"),
            approved=Count("pk", filter=Q(status=AnalysisStatus.APPROVED)),
        )
    )
    counts = {row["area_id"]: row for row in analyses}
    ranked = (
        Risk.objects.filter(place.units("analysis__unit"))
        .filter(analysis__period_start__lte=end, analysis__period_end__gte=start)
        .exclude(analysis__status=AnalysisStatus.ARCHIVED)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("area_id"),
                order_by=[F("current_level").desc(), F("pk").asc()],
            )
        )
        .filter(rank__lte=HIGHEST_RISKS)
        .select_related("analysis__matrix")
        .order_by("area_id", "rank")
    )
    highest: dict[int, list[dict]] = defaultdict(list)
    for risk in ranked:
        matrix = risk.analysis.matrix
        highest[risk.area_id].append(
            {
                "title": risk.title,
                "analysis": risk.analysis.title,
                "level": risk.current_level,
                "level_label": matrix.level_label(risk.current_level),
                "acceptable": matrix.is_acceptable(risk.current_level),
                "treatment": risk.get_treatment_display() or "",
            }
        )
    return counts, highest


def _incidents(year: int, baseline: int, place: _Place, areas) -> dict[int, dict]:
    """Events (not reports) per category against the year before and the baseline year, per
    administration, and per year for the trend: from the yearly summary, as the statistics."""
    years = list(range(min(FIRST_YEAR, baseline), year + 1))
    # Events: the summary keeps near misses apart under their own key (issue 15).
    summary = IncidentYearlyCount.objects.filter(
        place.administration("administration"), is_near_miss=False
    )
    per_category: Counter = Counter()
    per_area_year: Counter = Counter()
    rows = (
        summary.filter(occurred_year__in=years)
        .order_by()
        .values_list("area_id", "category_id", "occurred_year")
        .annotate(n=Sum("count"))
    )
    for area_id, category_id, occurred, n in rows:
        per_category[category_id, occurred] += n or 0
        per_area_year[area_id, occurred] += n or 0
    per_administration: Counter = Counter()
    rows = (
        summary.filter(occurred_year=year)
        .order_by()
        .values_list("area_id", "administration_id")
        .annotate(n=Sum("count"))
    )
    for area_id, administration_id, n in rows:
        per_administration[area_id, administration_id] += n or 0
    names = dict(
        Unit.objects.filter(pk__in={key[1] for key in per_administration if key[1]}).values_list(
            "pk", "name"
        )
    )
    categories = defaultdict(list)
    for category in IncidentCategory.objects.order_by("position", "name_sv", "pk"):
        categories[category.area_id].append(category)
    elsewhere = defaultdict(list)
    for figure in figures_for(
        year, years=sorted({baseline, year - 1, year}), administration=place.unit
    ):
        elsewhere[figure.area_id].append(
            {
                "year": figure.year,
                "count": figure.count,
                "source": figure.source_system,
                "category": str(figure.category) if figure.category_id else "",
                "administration": str(figure.administration) if figure.administration_id else "",
            }
        )
    found = {}
    for area in areas:
        lines = []
        for category in categories.get(area.pk, []):
            counts = {
                key: per_category[category.pk, y]
                for key, y in (("baseline", baseline), ("previous", year - 1), ("year", year))
            }
            if category.is_active or any(counts.values()):
                lines.append({"category": str(category), **counts})
        trend = [[y, per_area_year[area.pk, y]] for y in years]
        by_unit = sorted(
            (
                {"administration": names.get(unit_id, ""), "count": n}
                for (area_id, unit_id), n in per_administration.items()
                if area_id == area.pk and n
            ),
            key=lambda row: (-row["count"], row["administration"]),
        )
        found[area.pk] = {
            "has_data": any(n for _y, n in trend),
            "lines": lines,
            "totals": {
                key: sum(line[key] for line in lines) for key in ("baseline", "previous", "year")
            },
            "per_administration": by_unit,
            "trend": trend,
            "elsewhere": elsewhere.get(area.pk, []),
        }
    return found


def _follow_up(year: int, place: _Place) -> dict[int, dict]:
    end = datetime.date(year, 12, 31)
    found: dict[int, dict] = defaultdict(dict)
    rounds = (
        Round.objects.filter(place.units("document__unit"), due_date__year=year)
        .exclude(status=RoundStatus.CANCELLED)
        .order_by()
        .values("document__area_id")
        .annotate(
            due=Count("pk"),
            on_time=Count(
                "pk", filter=Q(status=RoundStatus.FINISHED, performed_on__lte=F("due_date"))
            ),
        )
    )
    for row in rounds:
        found[row["document__area_id"]].update(rounds_due=row["due"], rounds_on_time=row["on_time"])
    remarks = (
        Remark.objects.filter(place.units("inspection__document__unit"), deadline__year=year)
        .order_by()
        .values("inspection__document__area_id")
        .annotate(total=Count("pk"), closed=Count("pk", filter=Q(status=RemarkStatus.DONE)))
    )
    for row in remarks:
        found[row["inspection__document__area_id"]].update(
            remarks=row["total"], remarks_closed=row["closed"]
        )
    controls = (
        ControlOccurrence.objects.filter(
            place.administration("control__plan__administration"), due_on__year=year
        )
        .order_by()
        .values("control__area_id")
        .annotate(
            due=Count("pk"), performed=Count("pk", filter=Q(status=OccurrenceStatus.PERFORMED))
        )
    )
    for row in controls:
        found[row["control__area_id"]].update(
            controls_due=row["due"], controls_performed=row["performed"]
        )
    unmet = (
        Requirement.objects.filter(is_current=True, status__in=UNMET_STATUSES)
        .order_by()
        .values("area_id")
        .annotate(n=Count("pk"))
    )
    for row in unmet:
        found[row["area_id"]]["requirements_not_met"] = row["n"]
    actions = (
        Action.objects.filter(place.units("unit"), area__isnull=False)
        .order_by()
        .values("area_id")
        .annotate(
            done=Count("pk", filter=Q(completed_at__year=year)),
            overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_date__lte=end)),
            verified=Count(
                "pk", filter=Q(status=ActionStatus.VERIFIED_EFFECTIVE, effect_checked_at__year=year)
            ),
        )
    )
    for row in actions:
        found[row["area_id"]].update(
            actions_done=row["done"],
            actions_overdue=row["overdue"],
            actions_verified=row["verified"],
        )
    return found


def _needs(year: int, place: _Place) -> dict[int, list[dict]]:
    decisions = (
        BoardDecision.objects.filter(place.units("need__unit"), meeting__date__year=year)
        .select_related("need", "meeting")
        .order_by("meeting__date", "pk")
    )
    found: dict[int, list[dict]] = defaultdict(list)
    for decision in decisions:
        found[decision.need.area_id].append(
            {
                "title": decision.need.title,
                "decision": decision.get_kind_display(),
                "date": decision.meeting.date.isoformat(),
            }
        )
    return found


def _postponed(year: int, place: _Place) -> dict[int | None, list[dict]]:
    activities = (
        PlannedActivity.objects.filter(
            place.administration("plan__administration"),
            plan__year=year,
            status__in=[ActivityStatus.POSTPONED, ActivityStatus.CANCELLED],
        )
        .order_by("area_id", "title", "pk")
        .values_list("area_id", "title", "status", "status_note")
    )
    labels = dict(ActivityStatus.choices)
    found: dict[int | None, list[dict]] = defaultdict(list)
    for area_id, title, status, note in activities:
        found[area_id].append({"title": title, "status": str(labels[status]), "reason": note})
    return found


def gather(year: int, administration: Unit | None = None) -> dict:
    """Every figure of the report of `year` (the region's, or `administration`'s edition)."""
    place = _Place(administration)
    baseline = FIRST_YEAR
    areas = list(SecurityArea.objects.filter(is_active=True).select_related("owner"))
    area_ids = [area.pk for area in areas]
    goals = _goals(year, place, area_ids)
    analyses, highest = _risks(year, place)
    incidents = _incidents(year, baseline, place, areas)
    follow_up = _follow_up(year, place)
    needs = _needs(year, place)
    postponed = _postponed(year, place)
    chapters = []
    for area in areas:
        counts = analyses.get(area.pk, {})
        done = follow_up.get(area.pk, {})
        chapters.append(
            {
                "area_id": area.pk,
                "code": area.code,
                "name": area.name_sv,
                "name_en": area.name_en,
                "owner": str(area.owner) if area.owner_id else "",
                "goals": goals.get(area.pk, []),
                "risks": {
                    "analyses": counts.get("done", 0),
                    "approved": counts.get("approved", 0),
                    "highest": highest.get(area.pk, []),
                },
                "incidents": incidents[area.pk],
                "follow_up": {
                    key: done.get(key, 0)
                    for key in (
                        "rounds_due",
                        "rounds_on_time",
                        "remarks",
                        "remarks_closed",
                        "controls_due",
                        "controls_performed",
                        "requirements_not_met",
                        "actions_done",
                        "actions_overdue",
                    )
                },
                "improvements": {
                    "actions_verified": done.get("actions_verified", 0),
                    "needs": needs.get(area.pk, []),
                },
                "postponed": postponed.get(area.pk, []),
            }
        )
    return {
        "shape": SHAPE,
        "year": year,
        "previous_year": year - 1,
        "baseline_year": baseline,
        "region": _region_name(),
        "administration": administration.name if administration else "",
        "gathered_at": timezone.now().isoformat(),
        "chapters": chapters,
        "postponed_general": postponed.get(None, []),
    }
