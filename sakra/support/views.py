"""Support's pages: "Var vänder jag mig?", the requests and their handling, absences and the
follow-up. Thin: rows from `for_user()`, every change through a service (`submit`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sakra.accounts.models import User
from sakra.actions.services import actions_for, may_create_actions
from sakra.core.access import CHANGE, VIEW, can, with_allowed
from sakra.core.hooks import inbox_sections
from sakra.core.views import form_status, render_form, submit

from . import reports, services
from .choices import OPEN_STATUSES, RequestStatus
from .contacts import contacts_for, teams_serving
from .forms import (
    AbsenceForm,
    ActionForm,
    AnswerForm,
    AskForm,
    AssignForm,
    CancelAbsenceForm,
    CloseForm,
    ContactChangeForm,
    ContactForm,
    RateForm,
    RemoveContactForm,
    TimeForm,
)
from .models import Absence, ContactOverride, SupportRequest
from .querysets import HANDLE

PER_PAGE = 50
SHOWN = 5


def search_url() -> str:
    """The routines' search ("/sok/?q=") once the documents module is installed, else ""."""
    try:
        return f"{reverse('search')}?q="
    except NoReverseMatch:
        return ""


@login_required
def index(request):
    """Var vänder jag mig?: the acute channel first, then whom the person's unit turns to for
    each area (the substitute while the primary is away), routines, and their open tasks."""
    user = request.user
    units = services.units_to_ask_for(user)
    unit = user.home_unit
    chosen = request.GET.get("enhet", "")
    if chosen.isascii() and chosen.isdigit() and len(chosen) < 12:
        unit = units.filter(pk=int(chosen)).first() or unit
    sections = inbox_sections(user)
    mine = (
        SupportRequest.objects.filter(asker=user, status__in=OPEN_STATUSES)
        .select_related("area")
        .order_by("-created_at")[:SHOWN]
    )
    context = {
        "unit": unit,
        "other_units": list(units.exclude(pk=getattr(unit, "pk", None))[:20]) if unit else [],
        "contacts": contacts_for(unit) if unit else [],
        "teams": list(teams_serving(unit)) if unit else [],
        "search_url": search_url(),
        "task_sections": sections,
        "task_total": sum(section.count for section in sections),
        "my_requests": mine,
    }
    return render(request, "support/index.html", context)


# --- requests --------------------------------------------------------------------------------


@login_required
def request_list(request):
    """The requests in the person's scope: their own, their team's queue, the subtree's."""
    rows = SupportRequest.objects.for_user(request.user, VIEW).with_related()
    show = request.GET.get("visa", "")
    if show == "mina":
        rows = rows.filter(asker=request.user)
    elif show == "tilldelade":
        rows = rows.filter(assignee=request.user, status__in=OPEN_STATUSES)
    elif show == "kon":
        rows = rows.filter(status__in=OPEN_STATUSES)
    page = Paginator(rows.order_by("-created_at", "-pk"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {"page_obj": page, "show": show, "today": timezone.localdate()}
    return render(request, "support/requests.html", context)


@login_required
def ask(request):
    """Ask the security partners for support; the acute channel is pointed to above the form."""
    units = services.units_to_ask_for(request.user)
    form = AskForm(request.POST or None, units=units, user=request.user)
    created = submit(form, lambda data: services.ask(by=request.user, **data))
    if created is not None:
        messages.success(request, _("Your question has been sent to the security partners."))
        return redirect(created)
    return render_form(request, "support/ask.html", {"form": form, "has_units": units.exists()})


def _request(request, pk, action=VIEW):
    return get_object_or_404(
        SupportRequest.objects.for_user(request.user, action).with_related(), pk=pk
    )


def _handlers(support_request, by):
    """Whom a request can be given to, or an action owned by: its team, the asker and oneself."""
    ids = {by.pk, support_request.asker_id}
    if support_request.assignee_id:
        ids.add(support_request.assignee_id)
    condition = Q(pk__in=ids)
    if support_request.team_id:
        condition |= Q(support_teams__team=support_request.team_id)
    return User.objects.filter(condition, is_active=True).distinct().order_by("full_name")


def _forms(support_request, user, data=None, bound=""):
    """The detail page's forms, the one named `bound` bound to `data`."""
    version = {"version": support_request.version}
    people = _handlers(support_request, user)

    def make(name, cls, **kwargs):
        return cls(
            data if bound == name else None,
            initial=kwargs.pop("initial", version),
            prefix=name,
            **kwargs,
        )

    forms = {}
    if can(user, HANDLE, support_request):
        forms["assign"] = make("assign", AssignForm, people=people)
        forms["answer"] = make(
            "answer",
            AnswerForm,
            initial={
                **version,
                "answer": support_request.answer,
                "routine_reference": support_request.routine_reference,
            },
        )
        forms["close"] = make("close", CloseForm)
        forms["time"] = make("time", TimeForm, initial={})
        if may_create_actions(user):  # the actions module's own rule for its rows
            forms["action"] = make("action", ActionForm, people=people, initial={})
    if support_request.asker_id == user.pk:
        forms["rate"] = make("rate", RateForm)
    return forms


def _detail(request, support_request, forms, status=200):
    entries = support_request.time_entries.select_related("person")

    context = {
        "req": support_request,
        "forms": forms,
        "may_handle": "answer" in forms,
        "time_entries": entries,
        "hours": sum(entry.hours for entry in entries),
        "source_actions": actions_for(request.user, support_request),
        "today": timezone.localdate(),
    }
    return render(request, "support/request.html", context, status=status)


@login_required
def request_detail(request, pk: int):
    support_request = _request(request, pk)
    return _detail(request, support_request, _forms(support_request, request.user))


def _post(name, call, success):
    """A POST of one of the detail page's forms: the service, or the page with its errors."""

    @login_required
    @require_POST
    def view(request, pk: int):
        # Seen but not theirs to do answers 403 (the form is missing), out of scope 404.
        support_request = _request(request, pk)
        forms = _forms(support_request, request.user, request.POST, name)
        form = forms.get(name)
        if form is None:
            return _detail(request, support_request, forms, status=403)
        if submit(form, lambda data: call(support_request, request.user, data)) is not None:
            messages.success(request, success())
            return redirect(support_request)
        return _detail(request, support_request, forms, status=form_status(form))

    return view


assign = _post(
    "assign",
    lambda r, by, data: services.assign(r, by=by, **data),
    lambda: _("The request has been assigned."),
)
answer = _post(
    "answer",
    lambda r, by, data: services.answer(r, by=by, **data),
    lambda: _("The answer has been sent to the one who asked."),
)
close = _post(
    "close",
    lambda r, by, data: services.close(r, by=by, **data),
    lambda: _("The request is closed."),
)
rate = _post(
    "rate",
    lambda r, by, data: services.rate(r, by=by, **data),
    lambda: _("Thank you: the request is closed with your rating."),
)
record_time = _post(
    "time",
    lambda r, by, data: services.record_time(r, by=by, **data),
    lambda: _("The time has been recorded."),
)
create_action = _post(
    "action",
    lambda r, by, data: services.create_action(r, by=by, **data),
    lambda: _("The action has been created."),
)


# --- absences --------------------------------------------------------------------------------


@login_required
def absences(request):
    """The absences the person may see: their own, and for a coordinator or the chief those of
    the people in their scope, whose absences they may also enter."""
    form = AbsenceForm(request.POST or None, user=request.user)

    def record(data):
        person = data.pop("person", None) or request.user
        return services.record_absence(by=request.user, person=person, **data)

    if submit(form, record):
        messages.success(request, _("The absence has been saved."))
        return redirect("support:absences")
    rows = with_allowed(
        Absence.objects.for_user(request.user, VIEW)
        .filter(is_cancelled=False, ends_on__gte=timezone.localdate())
        .select_related("person", "created_by")
        .order_by("starts_on", "pk"),
        request.user,
        [CHANGE],
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {"form": form, "page_obj": page, "for_others": form.for_others}
    return render_form(request, "support/absences.html", context)


@login_required
def absence_cancel(request, pk: int):
    """Asks before cancelling: the person shows as a contact again from then on."""
    absence = get_object_or_404(
        Absence.objects.for_user(request.user, CHANGE).select_related("person"),
        pk=pk,
        is_cancelled=False,
    )
    form = CancelAbsenceForm(request.POST or None, initial={"version": absence.version})
    if submit(form, lambda data: services.cancel_absence(absence, by=request.user, **data)):
        messages.success(request, _("The absence has been cancelled."))
        return redirect("support:absences")
    return render_form(request, "support/absence_cancel.html", {"form": form, "absence": absence})


# --- named contacts ----------------------------------------------------------------------------


def _may_name_contacts(request) -> None:
    # The page is for those who keep contacts (coordinators, area owners, the chief); the
    # directory itself is on "Var vänder jag mig?" for everyone.
    if not ContactOverride.objects.may(request.user, CHANGE):
        raise PermissionDenied(_("You may not name contacts."))


@login_required
def contacts(request):
    """The named contacts the person keeps, in their scope: who, for what, and the substitute."""
    _may_name_contacts(request)
    rows = (
        ContactOverride.objects.for_user(request.user, CHANGE)
        .select_related("unit", "area", "primary", "substitute")
        .order_by("unit__path", "area__position", "pk")
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "support/contacts.html", {"page_obj": page})


@login_required
def contact_create(request):
    _may_name_contacts(request)
    form = ContactForm(request.POST or None)
    if submit(form, lambda data: services.name_contact(by=request.user, **data)):
        messages.success(request, _("The contact has been named."))
        return redirect("support:contacts")
    return render_form(request, "support/contact_form.html", {"form": form, "contact": None})


def _contact(request, pk: int) -> ContactOverride:
    return get_object_or_404(
        ContactOverride.objects.for_user(request.user, CHANGE).select_related(
            "unit", "area", "primary", "substitute"
        ),
        pk=pk,
    )


@login_required
def contact_edit(request, pk: int):
    contact = _contact(request, pk)
    initial = {
        "version": contact.version,
        "primary": contact.primary.email,
        "substitute": contact.substitute.email if contact.substitute_id else "",
        "note": contact.note,
    }
    form = ContactChangeForm(request.POST or None, initial=initial)
    if submit(form, lambda data: services.change_contact(contact, by=request.user, **data)):
        messages.success(request, _("The contact has been saved."))
        return redirect("support:contacts")
    return render_form(request, "support/contact_form.html", {"form": form, "contact": contact})


@login_required
def contact_remove(request, pk: int):
    """Asks before removing: the unit and area fall back to the contacts above them."""
    contact = _contact(request, pk)
    form = RemoveContactForm(request.POST or None, initial={"version": contact.version})
    if submit(form, lambda data: services.remove_contact(contact, by=request.user, **data)):
        messages.success(request, _("The named contact has been removed."))
        return redirect("support:contacts")
    return render_form(request, "support/contact_remove.html", {"form": form, "contact": contact})


# --- follow-up ---------------------------------------------------------------------------------


@login_required
def follow_up(request):
    """Help rate and response times per administration, team and manager level, and the hours
    spent per administration and area each month: over the requests the person may see."""
    year = reports.year_param(request.GET.get("ar", ""))
    rows = SupportRequest.objects.for_user(request.user, VIEW)
    context = {
        "year": year,
        "by_administration": reports.summary(rows, year, "administration__name"),
        "by_team": reports.summary(rows, year, "team__name"),
        "by_level": reports.summary(rows, year, "manager_level"),
        "hours": reports.hours(request.user, year),
        "status_open": RequestStatus.OPEN,
    }
    return render(request, "support/follow_up.html", context)
