"""The pages of exercises (the year's exercise plan, an exercise and its evaluation) and of
training for the security roles (the records in scope and the coverage per role)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sakra.core.access import CHANGE, VIEW, can
from sakra.core.hooks import year_is_closed
from sakra.core.views import render_form, submit

from .. import services
from ..choices import ExerciseKind, ExerciseStatus, Outcome
from ..forms import EvaluationForm, ExerciseEditForm, ExerciseForm, TrainingForm
from ..models import Exercise, TrainingRecord
from ..querysets import CREATE
from ..services.exercises import EVALUATION_FIELDS, PLAN_FIELDS
from .common import PER_PAGE, scoped_object, year_asked


def _exercises():
    return Exercise.objects.select_related("unit", "area", "plan")


@dataclass(frozen=True)
class ExerciseRow:
    """One row of the exercise plan as the page shows it; the template writes it (escaped)."""

    url: str
    date: str
    title: str
    kind: str
    unit: str
    area: str
    plan: str
    status: str
    #: The recovery against the plan's tolerance of a held exercise ("" while planned).
    outcome: str


#: The columns a row is made of, read with the exercise (no related object a row).
ROW_NAMES = {
    "unit_name": F("unit__name"),
    "area_name_sv": F("area__name_sv"),
    "area_name_en": F("area__name_en"),
    "plan_title": F("plan__title"),
    "plan_hours": F("plan__tolerable_hours"),
}


def exercise_rows(exercises) -> list[ExerciseRow]:
    """The page's rows worked out once, so the template only writes values (as the incident
    list does: through the template, related objects and a reverse() a row cost most of a
    500-exercise year's page)."""
    marker = "2147483647"
    before, _sep, after = reverse("continuity:exercise", args=[marker]).partition(marker)
    english = (get_language() or "sv").startswith("en")
    kinds, statuses = dict(ExerciseKind.choices), dict(ExerciseStatus.choices)
    rows = []
    for row in exercises:
        outcome = ""
        if row.status == ExerciseStatus.HELD:
            outcome = Outcome.UNKNOWN
            if row.plan_hours is not None and row.recovery_hours is not None:
                met = row.recovery_hours <= row.plan_hours
                outcome = Outcome.MET if met else Outcome.NOT_MET
        rows.append(ExerciseRow(
            url=f"{before}{row.pk}{after}", date=row.date.isoformat(), title=row.title,
            kind=str(kinds.get(row.kind, row.kind)), unit=row.unit_name,
            area=row.area_name_en if english else row.area_name_sv,
            plan=row.plan_title or "\u2013", status=str(statuses.get(row.status, row.status)),
            outcome=outcome,
        ))  # fmt: skip
    return rows


@login_required
def exercises(request):
    """The exercise plan of a year: the year's exercises in scope, planned and held."""
    year = year_asked(request)
    rows = Exercise.objects.for_user(request.user, VIEW).in_year(year)
    columns = rows.only("pk", "date", "title", "kind", "status", "recovery_hours")
    page = Paginator(columns.annotate(**ROW_NAMES), PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = exercise_rows(page.object_list)
    counts = rows.order_by().aggregate(
        planned=Count("pk", filter=Q(status=ExerciseStatus.PLANNED)),
        held=Count("pk", filter=Q(status=ExerciseStatus.HELD)),
    )
    context = {
        "page_obj": page,
        "year": year,
        "years": (year - 1, year + 1),
        "query": f"ar={year}",
        "outcomes": {outcome.value: outcome.label for outcome in Outcome},
        "counts": counts,
        "closed": year_is_closed(year),
        "may_create": Exercise.objects.may(request.user, CREATE),
    }
    return render(request, "continuity/exercises.html", context)


def _exercise_page(request, exercise, *, evaluation_form=None):
    closed = year_is_closed(exercise.date.year)
    may_change = not closed and can(request.user, CHANGE, exercise)
    may_evaluate = may_change and exercise.date <= timezone.localdate()
    initial = {name: getattr(exercise, name) for name in EVALUATION_FIELDS}
    initial["version"] = exercise.version
    context = {
        "exercise": exercise,
        "closed": closed,
        "may_change": may_change,
        "evaluation_form": evaluation_form or (
            EvaluationForm(initial=initial) if may_evaluate else None),
    }  # fmt: skip
    return render_form(request, "continuity/exercise.html", context, form=evaluation_form)


@login_required
def exercise(request, pk: int):
    return _exercise_page(request, scoped_object(request, _exercises(), pk))


@login_required
def exercise_create(request):
    if not Exercise.objects.may(request.user, CREATE):
        raise PermissionDenied
    form = ExerciseForm(request.POST or None, user=request.user)
    created = submit(form, lambda data: services.plan_exercise(by=request.user, **data))
    if created:
        messages.success(request, _("The exercise is in the exercise plan."))
        return redirect(created)
    return render_form(request, "continuity/exercise_form.html", {"form": form})


@login_required
def exercise_edit(request, pk: int):
    exercise = scoped_object(request, _exercises(), pk, CHANGE)
    initial = {name: getattr(exercise, name) for name in PLAN_FIELDS}
    initial["version"] = exercise.version
    form = ExerciseEditForm(request.POST or None, user=request.user, initial=initial)
    if submit(form, lambda data: services.update_exercise(exercise, by=request.user, **data)):
        messages.success(request, _("The exercise is saved."))
        return redirect(exercise)
    context = {"form": form, "exercise": exercise}
    return render_form(request, "continuity/exercise_form.html", context)


@login_required
@require_POST
def exercise_evaluation(request, pk: int):
    exercise = scoped_object(request, _exercises(), pk, CHANGE)
    form = EvaluationForm(request.POST)
    if submit(form, lambda data: services.record_evaluation(exercise, by=request.user, **data)):
        messages.success(request, _("The evaluation is saved. Add its actions."))
        return redirect(exercise)
    return _exercise_page(request, exercise, evaluation_form=form)


# --- training ---------------------------------------------------------------------------------


@login_required
def training(request):
    """The training records in scope, and per security role how many of its holders have a
    valid training (a count over the region, whoever looks)."""
    rows = TrainingRecord.objects.for_user(request.user, VIEW).select_related("person")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "today": timezone.localdate(),
        "coverage": services.role_coverage(),
        "may_create": TrainingRecord.objects.may(request.user, CREATE),
    }
    return render(request, "continuity/training.html", context)


@login_required
def training_create(request):
    if not TrainingRecord.objects.may(request.user, CREATE):
        raise PermissionDenied
    form = TrainingForm(request.POST or None)
    if submit(form, lambda data: services.add_training(by=request.user, **data)):
        messages.success(request, _("The training is recorded."))
        return redirect("continuity:training")
    return render_form(request, "continuity/training_form.html", {"form": form})
