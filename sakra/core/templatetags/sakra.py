"""Template helpers shared by every app's forms."""

from django import template

register = template.Library()


@register.filter
def described(bound_field):
    """The widget with its help and error texts tied to it (WCAG 3.3.1, 1.3.1)."""
    ids = []
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}-help")
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}-error")
    attrs = {"aria-describedby": " ".join(ids)} if ids else {}
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    return bound_field.as_widget(attrs=attrs)


@register.inclusion_tag("core/field.html")
def field(bound_field):
    """A labelled field with its help and errors, announced with it."""
    return {"field": bound_field, "widget": described(bound_field)}
