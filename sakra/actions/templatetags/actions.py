"""Template helpers of the actions app: accessible fields, and the actions of any object."""

from django import template
from django.contrib.contenttypes.models import ContentType

from sakra.core.templatetags.sakra import described

from ..services import actions_for, may_create_actions

register = template.Library()


# The one implementation lives in core; actions' templates know it by this library's name.
register.filter("described", described)


@register.filter
def is_choice_group(bound_field) -> bool:
    return getattr(bound_field.field.widget, "input_type", "") in ("radio", "checkbox") and (
        getattr(bound_field.field.widget, "allow_multiple_selected", False)
        or bound_field.field.widget.input_type == "radio"
    )


@register.simple_tag
def source_token(obj) -> str:
    """`<content type id>-<id>`: names any row as the source of a new action."""
    return f"{ContentType.objects.get_for_model(obj).pk}-{obj.pk}"


@register.inclusion_tag("actions/_for_source.html", takes_context=True)
def actions_for_source(context, obj):
    """The actions caused by `obj`, in the viewer's scope, for another module's page."""
    user = context["request"].user
    return {
        "actions": actions_for(user, obj),
        "source": obj,
        "request": context["request"],
    }


@register.simple_tag(takes_context=True)
def may_create(context) -> bool:
    """`{% may_create as flag %}`: whether the viewer may create actions somewhere."""
    request = context.get("request")
    return bool(request and may_create_actions(request.user))
