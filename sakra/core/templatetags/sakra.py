"""Template helpers shared by every app's forms."""

from django import template

register = template.Library()


@register.inclusion_tag("core/field.html")
def field(bound_field):
    """A labelled field whose errors and help are announced with it (WCAG 3.3.1, 1.3.1)."""
    described = []
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}-error")
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}-help")
    attrs = {"aria-describedby": " ".join(described)} if described else {}
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    return {"field": bound_field, "widget": bound_field.as_widget(attrs=attrs)}
