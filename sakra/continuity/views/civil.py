"""Civil defence's pages: the plans for heightened alert in scope with the counts per
administration, a plan with the posts of its wartime organisation, and their forms."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sakra.core.access import CHANGE, VIEW, can
from sakra.core.views import render_form, submit

from .. import services
from ..forms import PostEditForm, PostForm, WartimePlanEditForm, WartimePlanForm
from ..models import WartimePlan, WartimePost
from ..querysets import CREATE
from ..services.civil import PLAN_FIELDS, POST_FIELDS, post_conditions
from .common import PER_PAGE, scoped_object


def _plans():
    return WartimePlan.objects.select_related("unit", "responsible")


@login_required
def civil(request):
    """The plans in scope, each with its posts counted, and the counts per administration."""
    plans = WartimePlan.objects.for_user(request.user, VIEW)
    counted = plans.select_related("unit").annotate(
        **{f"{key}_count": Count("posts", filter=condition)
           for key, condition in post_conditions("posts__").items()}
    ).order_by("unit__name", "pk")  # fmt: skip
    page = Paginator(counted, PER_PAGE).get_page(request.GET.get("page"))
    posts = WartimePost.objects.for_user(request.user, VIEW)
    context = {
        "page_obj": page,
        "administrations": services.administration_counts(plans, posts),
        "may_create": WartimePlan.objects.may(request.user, CREATE),
    }
    return render(request, "continuity/civil.html", context)


def _plan_page(request, plan, *, post_form=None):
    may_change = can(request.user, CHANGE, plan)
    context = {
        "plan": plan,
        "posts": plan.posts.select_related("person"),
        "may_change": may_change,
        "post_form": post_form or (PostForm() if may_change else None),
    }
    return render_form(request, "continuity/wartime_plan.html", context, form=post_form)


@login_required
def wartime_plan(request, pk: int):
    return _plan_page(request, scoped_object(request, _plans(), pk))


@login_required
def wartime_plan_create(request):
    if not WartimePlan.objects.may(request.user, CREATE):
        raise PermissionDenied
    form = WartimePlanForm(request.POST or None, user=request.user,
                           initial={"responsible": request.user})  # fmt: skip
    created = submit(form, lambda data: services.create_wartime_plan(by=request.user, **data))
    if created:
        messages.success(request, _("The plan for heightened alert is saved."))
        return redirect(created)
    return render_form(request, "continuity/wartime_plan_form.html", {"form": form})


@login_required
def wartime_plan_edit(request, pk: int):
    plan = scoped_object(request, _plans(), pk, CHANGE)
    initial = {name: getattr(plan, name) for name in PLAN_FIELDS}
    initial["version"] = plan.version
    form = WartimePlanEditForm(request.POST or None, initial=initial)
    if submit(form, lambda data: services.update_wartime_plan(plan, by=request.user, **data)):
        messages.success(request, _("The plan for heightened alert is saved."))
        return redirect(plan)
    context = {"form": form, "plan": plan}
    return render_form(request, "continuity/wartime_plan_form.html", context)


@login_required
@require_POST
def wartime_post_add(request, pk: int):
    plan = scoped_object(request, _plans(), pk, CHANGE)
    form = PostForm(request.POST)
    if submit(form, lambda data: services.add_post(plan, by=request.user, **data)):
        messages.success(request, _("The post is added."))
        return redirect(plan)
    return _plan_page(request, plan, post_form=form)


@login_required
def wartime_post(request, pk: int):
    """A post of the wartime organisation: who is placed in it and whether they were told."""
    post = scoped_object(request, WartimePost.objects.select_related("plan__unit"), pk, CHANGE)
    initial = {name: getattr(post, name) for name in POST_FIELDS}
    initial["version"] = post.version
    form = PostEditForm(request.POST or None, initial=initial)
    if submit(form, lambda data: services.update_post(post, by=request.user, **data)):
        messages.success(request, _("The post is saved."))
        return redirect(post.plan)
    return render_form(request, "continuity/wartime_post_form.html", {"form": form, "post": post})
