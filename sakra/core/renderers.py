"""The site's form renderer: one field template and one form template for every form."""

from django.forms.renderers import TemplatesSetting


class SakraRenderer(TemplatesSetting):
    """Forms render through the site's template engine, so `sakra/templates/forms/` is found.

    `{{ form }}` writes the error summary, the hidden fields and every visible field;
    `{{ field.as_field_group }}` writes one field. Help and error texts carry Django's own ids
    (`<id>_helptext`, `<id>_error`), which Django itself names in the widget's
    `aria-describedby` and beside `aria-invalid`.
    """

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
