"""Template filters of support's pages."""

from django import template

from sakra.core.access import CHANGE

register = template.Library()


@register.filter
def names_contacts(user) -> bool:
    """Whether `user` keeps named contacts somewhere (from the roles read for the request)."""
    from sakra.support.models import ContactOverride

    return ContactOverride.objects.may(user, CHANGE)
