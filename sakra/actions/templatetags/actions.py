"""Template helpers of the actions app: the actions of any object."""

from django import template
from django.contrib.contenttypes.models import ContentType
from django.db import models

from sakra.core.access import VIEW, with_allowed

from ..models import Action
from ..services import may_create_actions

register = template.Library()


@register.simple_tag
def source_token(obj) -> str:
    """`<content type id>-<id>`: names any row as the source of a new action."""
    return f"{ContentType.objects.get_for_model(obj).pk}-{obj.pk}"


@register.inclusion_tag("actions/_for_source.html", takes_context=True)
def actions_for_source(context, obj):
    """The actions caused by `obj`, in the viewer's scope, for another module's page.

    One query reads them all with whether the viewer may see each: the visible ones are
    listed, and the others only counted, so "no actions" is never said of a started one.
    """
    user = context["request"].user
    rows = list(with_allowed(Action.objects.for_source(obj).with_related(), user, [VIEW]))
    return {
        "actions": [row for row in rows if row.may_view],
        "started": len(rows),
        "source": obj,
        "request": context["request"],
    }


@register.simple_tag
def action_count(obj) -> int:
    """How many actions `obj` caused, whoever may see them (shown when the viewer sees none)."""
    if not isinstance(obj, models.Model):  # the include was given no object
        return 0
    return Action.objects.for_source(obj).count()


@register.simple_tag(takes_context=True)
def may_create(context) -> bool:
    """`{% may_create as flag %}`: whether the viewer may create actions somewhere."""
    request = context.get("request")
    return bool(request and may_create_actions(request.user))
