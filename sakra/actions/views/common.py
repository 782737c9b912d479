"""What the pages of the actions app share."""

from __future__ import annotations

from django.contrib import messages


def errors_as_messages(request, form) -> None:
    """A button's form (no fields to show the errors beside) refused: its errors as messages
    on the page rendered in its place."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def estimate_page(request, row, *, back_url: str, done_url: str):
    """The page that sets a row's estimated cost and effort (an action, a planned activity):
    `row` is already read for CHANGE."""
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _

    from sakra.core.views import render_form, submit

    from .. import services
    from ..forms import EstimateForm

    initial = {
        "version": row.version,
        "estimated_cost": None if row.estimated_cost is None else int(row.estimated_cost),
        "effort_hours": row.effort_hours,
    }
    form = EstimateForm(request.POST or None, initial=initial)
    if submit(form, lambda data: services.estimate(row, by=request.user, **data)):
        messages.success(request, _("The estimate is saved."))
        return redirect(done_url)
    return render_form(
        request, "actions/estimate.html", {"form": form, "row": row, "back_url": back_url}
    )
