"""Min sida's page where a manager chooses how to hear of their unit's reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from sakra.core.views import render_form, submit

from . import services
from .forms import FollowSettingForm


@login_required
def follow_settings(request):
    """Each report, a daily digest, or none; and whether by e-mail. Managers only (403)."""
    if not services.may_follow(request.user):
        raise PermissionDenied
    current = services.setting_of(request.user)
    initial = {
        "version": current.version,
        "frequency": current.frequency,
        "by_email": current.by_email,
    }
    form = FollowSettingForm(request.POST or None, initial=initial)
    if submit(form, lambda data: services.set_follow_setting(by=request.user, **data)):
        messages.success(request, _("Your choice has been saved."))
        return redirect("accounts:me")
    return render_form(request, "incidents/follow_settings.html", {"form": form})
