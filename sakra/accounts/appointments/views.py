from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from sakra.core.views import render_form, submit

from . import services
from .coverage import coverage
from .forms import AppointForm, EndForm
from .models import RoleAppointment

#: Appointments a page: a region appoints hundreds over the years, newest first.
PER_PAGE = 50


def _keeper(request):
    if not RoleAppointment.objects.may(request.user, services.APPOINT):
        raise PermissionDenied


@login_required
def roles(request):
    """Who holds what where, where nobody does, and the appointments made."""
    _keeper(request)
    administrations, areas = coverage()
    appointments = RoleAppointment.objects.for_user(request.user).select_related(
        "user", "unit", "area"
    )
    page = Paginator(appointments, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/roles.html",
        {"administrations": administrations, "areas": areas, "page_obj": page},
    )


@login_required
def appoint(request):
    _keeper(request)
    form = AppointForm(request.POST or None)
    if submit(form, lambda data: services.appoint_role(by=request.user, **data)):
        messages.success(request, _("The role was appointed and the person notified."))
        return redirect("accounts:roles")
    return render_form(request, "accounts/appoint.html", {"form": form})


@login_required
def end(request, pk: int):
    _keeper(request)
    appointment = get_object_or_404(
        RoleAppointment.objects.for_user(request.user, services.APPOINT), pk=pk
    )
    form = EndForm(request.POST or None, initial={"version": appointment.version})
    if submit(form, lambda data: services.end_role(appointment, by=request.user, **data)):
        messages.success(request, _("The role was ended and the person notified."))
        return redirect("accounts:roles")
    return render_form(
        request, "accounts/end_role.html", {"form": form, "appointment": appointment}
    )
