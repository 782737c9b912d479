"""Critical supply's pages: the stocks in scope, a stock with its count and the action a stock
below target raises, and the forms that record and change a stock."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sakra.actions.services import may_create_actions
from sakra.core.access import CHANGE, VIEW, can
from sakra.core.views import render_form, submit

from .. import services
from ..forms import CountForm, ShortfallActionForm, StockEditForm, StockForm
from ..models import SupplyStock
from ..querysets import CREATE
from ..services.supply import FIELDS
from .common import PER_PAGE, scoped_object


def _stocks():
    return SupplyStock.objects.select_related("unit", "site")


@login_required
def supply(request):
    """The stocks in scope, those below target counted and marked; three queries."""
    rows = SupplyStock.objects.for_user(request.user, VIEW).select_related("unit", "site")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "below": rows.below_target().count(),
        "may_create": SupplyStock.objects.may(request.user, CREATE),
    }
    return render(request, "continuity/supply.html", context)


def _stock_page(request, stock, *, count_form=None, action_form=None):
    may_change = can(request.user, CHANGE, stock)
    context = {
        "stock": stock,
        "may_change": may_change,
        "count_form": count_form
        or (CountForm(initial={"version": stock.version, "days_held": stock.days_held,
                               "counted_on": timezone.localdate()})
            if may_change else None),
        "action_form": action_form
        or (ShortfallActionForm(initial={"owner": stock.responsible})
            if may_change and stock.below_target and may_create_actions(request.user)
            else None),
    }  # fmt: skip
    form = count_form or action_form
    return render_form(request, "continuity/stock.html", context, form=form)


@login_required
def stock(request, pk: int):
    return _stock_page(request, scoped_object(request, _stocks(), pk))


@login_required
def stock_create(request):
    if not SupplyStock.objects.may(request.user, CREATE):
        raise PermissionDenied
    initial = {"responsible": request.user, "counted_on": timezone.localdate()}
    form = StockForm(request.POST or None, user=request.user, initial=initial)
    created = submit(form, lambda data: services.create_stock(by=request.user, **data))
    if created:
        messages.success(request, _("The stock is saved."))
        return redirect(created)
    return render_form(request, "continuity/stock_form.html", {"form": form})


@login_required
def stock_edit(request, pk: int):
    stock = scoped_object(request, _stocks(), pk, CHANGE)
    initial = {name: getattr(stock, name) for name in FIELDS}
    initial["version"] = stock.version
    form = StockEditForm(request.POST or None, initial=initial)
    if submit(form, lambda data: services.update_stock(stock, by=request.user, **data)):
        messages.success(request, _("The stock is saved."))
        return redirect(stock)
    return render_form(request, "continuity/stock_form.html", {"form": form, "stock": stock})


@login_required
@require_POST
def stock_count(request, pk: int):
    stock = scoped_object(request, _stocks(), pk, CHANGE)
    form = CountForm(request.POST)
    if submit(form, lambda data: services.record_count(stock, by=request.user, **data)):
        messages.success(request, _("The count is recorded."))
        return redirect(stock)
    return _stock_page(request, stock, count_form=form)


@login_required
@require_POST
def stock_action(request, pk: int):
    """The action that brings a stock below its target back up, with the stock as source."""
    stock = scoped_object(request, _stocks(), pk, CHANGE)
    form = ShortfallActionForm(request.POST)
    action = submit(
        form, lambda data: services.raise_shortfall_action(stock, by=request.user, **data)
    )
    if action:
        messages.success(request, _("The action is created."))
        return redirect(stock)
    return _stock_page(request, stock, action_form=form)
