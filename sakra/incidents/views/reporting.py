"""Reporting: one short form, usable on a phone, and a receipt with the reference."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sakra.core.heartbeat import background_status
from sakra.core.views import render_form, submit

from .. import services
from ..forms import ReportForm
from ..models import Incident

RECEIPTS = "incident_receipts"


@login_required
def report(request):
    if request.user.reads_only:
        raise PermissionDenied  # the auditor reads, files nothing (services.report_incident)
    form = ReportForm(request.POST or None, user=request.user)

    def call(data):
        try:
            incident, _created = services.report_incident(
                by=request.user,
                category=data["category"],
                occurred_at=data["occurred_at"],
                aware_at=data["aware_at"],
                unit=data["unit"],
                site=data["site"],
                description=data["description"],
                immediate_measures=data["immediate_measures"],
                people_harmed=data["people_harmed"],
                police_reported=data["police_reported"],
                is_acute=data["is_acute"],
                anonymous=data["anonymous"],
                idempotency_key=data["idempotency_key"],
                is_near_miss=data["is_near_miss"],
                supply=data["supply"],
                disruption_started_at=data["disruption_started_at"],
                disruption_ended_at=data["disruption_ended_at"],
                disruption_hours=data["disruption_hours"],
            )
        except services.IdempotencyConflict:
            # The same form sent twice with different content: a fresh key lets it through.
            form.data = form.data.copy()
            form.data["idempotency_key"] = ReportForm(user=request.user).initial["idempotency_key"]
            raise ValidationError(
                _("This form was already sent. Check the content and send it again.")
            ) from None
        return incident

    if request.method == "POST" and (incident := submit(form, call)) is not None:
        if incident.reporter_id is None:
            # Anonymous: the receipt is this answer, and nothing in the session (kept for
            # hours, and in backups) ties the report to the person signed in. Sending the
            # form again shows the same receipt (the idempotency key finds the report).
            return _receipt(request, incident, in_session=True)
        receipts = [incident.pk, *request.session.get(RECEIPTS, [])][:20]
        request.session[RECEIPTS] = list(dict.fromkeys(receipts))
        return redirect("incidents:receipt", pk=incident.pk)
    # While the worker is down an acute report reaches nobody by e-mail and is not escalated:
    # the reporter is told to call.
    context = {"form": form, "background_stopped": not background_status().running}
    return render_form(request, "incidents/report.html", context)


def _receipt(request, incident: Incident, *, in_session: bool):
    if incident.is_acute and in_session and incident.acknowledged_at is None:
        messages.warning(request, _("The security partner on duty has been alerted."))
    return render(request, "incidents/receipt.html", {"incident": incident})


@login_required
def receipt(request, pk: int):
    """Shown to whoever sent the report in this session (also an anonymous one) or may see it."""
    incident = Incident.objects.select_related("category", "unit", "site").filter(pk=pk).first()
    in_session = pk in request.session.get(RECEIPTS, [])
    if incident is None or not (
        in_session or Incident.objects.for_user(request.user).filter(pk=pk).exists()
    ):
        raise Http404
    return _receipt(request, incident, in_session=in_session)
