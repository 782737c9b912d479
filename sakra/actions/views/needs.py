"""Pages of the improvement needs: the list, raising one, and one need."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from sakra.core.access import VIEW
from sakra.core.views import render_form, submit

from .. import services
from ..filters import NeedFilter
from ..forms import NeedForm
from ..models import ImprovementNeed


@login_required
def need_list(request):
    rows = ImprovementNeed.objects.for_user(request.user, VIEW).select_related(
        "raised_by", "unit", "area"
    )
    filterset = NeedFilter(request.GET or None, queryset=rows)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "actions/need_list.html",
        {"filter": filterset, "page_obj": page, "is_board": services.is_board(request.user)},
    )


@login_required
def need_create(request):
    if request.user.reads_only:
        raise PermissionDenied  # the auditor reads, raises nothing (services.needs)
    form = NeedForm(request.POST or None)
    need = submit(form, lambda data: services.raise_improvement_need(by=request.user, **data))
    if need:
        messages.success(request, _("Thank you. The security board will look at your need."))
        return redirect(need)
    return render_form(request, "actions/need_form.html", {"form": form})


@login_required
def need_detail(request, pk: int):
    need = get_object_or_404(
        ImprovementNeed.objects.for_user(request.user, VIEW).select_related(
            "raised_by", "unit", "site", "area"
        ),
        pk=pk,
    )
    return render(
        request,
        "actions/need_detail.html",
        {
            "need": need,
            "decisions": need.decisions.select_related("meeting"),
            "source_actions": services.actions_for(request.user, need),
            "is_board": services.is_board(request.user),
        },
    )
