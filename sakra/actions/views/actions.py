"""Pages of the action register: the list and its export, a new action, an action's detail
and its steps through PGSA."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sakra.core.access import CHANGE, VIEW, can
from sakra.core.exports import export_response
from sakra.core.forms import VersionForm, parse_id
from sakra.core.views import form_status, render_form, submit

from .. import exports, services
from ..filters import ActionFilter
from ..forms import ActionForm, CancelForm, EffectForm, FollowUpForm
from ..models import Action
from ..querysets import VERIFY
from .common import errors_as_messages, estimate_page


def _filtered(request):
    rows = Action.objects.for_user(request.user, VIEW).with_related()
    return ActionFilter(request.GET or None, queryset=rows, person=request.user)


@login_required
def action_list(request):
    filterset = _filtered(request)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "actions/action_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "query": query.urlencode(),
            "may_create": services.may_create_actions(request.user),
        },
    )


@login_required
def action_export(request, fmt: str):
    rows = _filtered(request).qs.order_by("due_date", "pk").iterator(chunk_size=500)
    return export_response(
        fmt,
        name="atgarder",
        sheet=_("Actions"),
        headers=exports.headers(),
        rows=(exports.row(action) for action in rows),
    )


def _source_from(request, user):
    """The source named in `?source=<type>-<id>` when the person may see it."""
    token = request.GET.get("source") or request.POST.get("source") or ""
    type_text, _sep, object_text = token.partition("-")
    type_id, object_id = parse_id(type_text), parse_id(object_text)
    if type_id is None or object_id is None:
        return None, ""
    content_type = ContentType.objects.filter(pk=type_id).first()
    model = content_type.model_class() if content_type else None
    manager = getattr(model, "_default_manager", None)
    if manager is None or not hasattr(manager, "for_user"):
        raise Http404
    source = manager.for_user(user, VIEW).filter(pk=object_id).first()
    if source is None:
        raise Http404
    return source, token


@login_required
def action_create(request):
    if not services.may_create_actions(request.user):
        raise PermissionDenied
    source, token = _source_from(request, request.user)
    initial = {}
    if source is not None:
        initial = {"unit": getattr(source, "unit", None), "area": getattr(source, "area", None)}
    form = ActionForm(request.POST or None, user=request.user, initial=initial)

    def create(data):
        try:
            return services.create_action(source=source, by=request.user, **data)
        except PermissionDenied as exc:  # the unit and area chosen lie outside their scope
            raise ValidationError({"unit": [str(exc)]}) from exc

    if action := submit(form, create):
        messages.success(request, _("The action was created and its owner told."))
        return redirect(action)
    return render_form(
        request,
        "actions/action_form.html",
        {"form": form, "source": source, "source_token": token, "title": _("New action")},
    )


def _detail_context(request, pk: int) -> dict:
    action = get_object_or_404(
        Action.objects.for_user(request.user, VIEW)
        .with_related()
        .select_related("follows_up", "effect_checked_by", "created_by"),
        pk=pk,
    )
    source = services.visible_source(request.user, action)
    return {
        "action": action,
        "source": source,
        "source_outline": services.source_outline(action)
        if source is None and action.source_type_id
        else "",
        "follow_ups": Action.objects.for_user(request.user, VIEW).filter(follows_up=action),
        "can_change": can(request.user, CHANGE, action),
        "can_verify": can(request.user, VERIFY, action),
    }


@login_required
def action_detail(request, pk: int):
    return render(request, "actions/action_detail.html", _detail_context(request, pk))


_TRANSITIONS = {
    "start": (services.start_action, _("The action is started.")),
    "complete": (services.complete_action, _("The action is done. Now check its effect.")),
}


@login_required
@require_POST
def action_transition(request, pk: int, name: str):
    """A button on the action's page; refused, the page answers again with why."""
    action = get_object_or_404(Action.objects.for_user(request.user, CHANGE), pk=pk)
    service, done = _TRANSITIONS[name]
    form = VersionForm(request.POST)
    if submit(form, lambda data: service(action, by=request.user, version=data["version"])):
        messages.success(request, str(done))
        return redirect(action)
    errors_as_messages(request, form)
    return render(
        request,
        "actions/action_detail.html",
        _detail_context(request, pk),
        status=form_status(form),
    )


def _action_step(request, pk, action_name, form_class, call, done, title):
    """A page with one form that takes the action a step: `call(action, data)` runs the
    service."""
    action = get_object_or_404(Action.objects.for_user(request.user, action_name), pk=pk)
    form = form_class(request.POST or None, initial={"version": action.version})
    if result := submit(form, lambda data: call(action, data)):
        messages.success(request, done)
        return redirect(result)
    return render_form(
        request, "actions/action_step.html", {"form": form, "action": action, "title": title}
    )


@login_required
def action_effect(request, pk: int):
    return _action_step(
        request,
        pk,
        VERIFY,
        EffectForm,
        lambda action, data: services.record_effect(action, by=request.user, **data),
        _("The effect check is recorded."),
        _("Check the effect"),
    )


@login_required
def action_cancel(request, pk: int):
    return _action_step(
        request,
        pk,
        CHANGE,
        CancelForm,
        lambda action, data: services.cancel_action(action, by=request.user, **data),
        _("The action is cancelled."),
        _("Cancel the action"),
    )


@login_required
def action_follow_up(request, pk: int):
    return _action_step(
        request,
        pk,
        CHANGE,
        FollowUpForm,
        lambda action, data: services.create_follow_up(action, by=request.user, **data),
        _("The follow-up action was created."),
        _("New follow-up action"),
    )


@login_required
def action_estimate(request, pk: int):
    action = get_object_or_404(Action.objects.for_user(request.user, CHANGE), pk=pk)
    url = action.get_absolute_url()
    return estimate_page(request, action, back_url=url, done_url=url)
