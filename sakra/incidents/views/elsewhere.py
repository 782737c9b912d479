"""Figures reported elsewhere: the area owner (or the chief) types them in or imports a file;
the statistics and the annual report show them beside Sakra's own counts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from sakra.core.access import CHANGE
from sakra.core.views import render_form, submit

from .. import elsewhere
from ..forms import ElsewhereFigureForm, ElsewhereImportForm
from ..models import FigureReportedElsewhere


@login_required
def figures(request):
    """The figures the person keeps, a form to type one in and a form to import a file."""
    if not FigureReportedElsewhere.objects.may(request.user, CHANGE):
        raise PermissionDenied
    areas = FigureReportedElsewhere.objects.areas_for(request.user, CHANGE)
    posted = request.method == "POST"
    importing = posted and "file" in request.FILES
    form = ElsewhereFigureForm(request.POST if posted and not importing else None, areas=areas)
    upload = ElsewhereImportForm(
        request.POST if importing else None, request.FILES if importing else None
    )
    errors = []
    if submit(form, lambda data: elsewhere.record_figure(by=request.user, **data)):
        messages.success(request, _("The figure was recorded."))
        return redirect("incidents:elsewhere")
    if importing and upload.is_valid():
        try:
            count = elsewhere.import_upload(upload.cleaned_data["file"], by=request.user)
        except elsewhere.ImportRefused as exc:
            errors = exc.errors
            upload.add_error("file", str(exc))
        else:
            messages.success(request, _("{count} figures were imported.").format(count=count))
            return redirect("incidents:elsewhere")
    rows = FigureReportedElsewhere.objects.for_user(request.user, CHANGE).select_related(
        "area", "category", "administration"
    )[:500]
    context = {"form": form, "upload": upload, "errors": errors, "figures": rows}
    return render_form(
        request, "incidents/elsewhere.html", context, form=upload if importing else form
    )
