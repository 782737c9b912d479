"""The on-call roster (beredskap): who answers the acute channel for which administration."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.core.access import CHANGE

from .. import services
from ..forms import ShiftForm
from ..models import OnCallShift
from .common import apply_errors


def administrations_kept_by(user):
    """The administrations whose roster this user may keep (as coordinator or chief)."""
    return OnCallShift.objects.units_for(user, CHANGE).administrations()


@login_required
def roster(request):
    administrations = administrations_kept_by(request.user)
    can_edit = administrations.exists()
    form = ShiftForm(request.POST or None, administrations=administrations) if can_edit else None
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.add_on_call_shift(request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The shift has been added to the roster."))
                return redirect("incidents:roster")
        status = 400
    shifts = (
        OnCallShift.objects.for_user(request.user)
        .filter(ends_at__gte=timezone.now())
        .select_related("person", "administration")
        .order_by("starts_at", "id")[:200]
    )
    context = {"shifts": shifts, "form": form, "now": timezone.now()}
    return render(request, "incidents/roster.html", context, status=status)
