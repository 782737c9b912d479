"""Every form renders its fields through the one field template (sakra/templates/forms/)."""

import pytest
from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone, translation

from sakra.core.forms import EMPTY_FORMS, Form, empty_form
from sakra.organisation.models import Unit


class Example(Form):
    title = forms.CharField(label="Title", help_text="A short title.", max_length=10)
    kind = forms.ChoiceField(
        label="Kind", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )
    urgent = forms.BooleanField(label="Urgent", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


def test_a_field_with_errors_is_described_by_its_help_and_error_with_djangos_ids():
    html = str(Example(data={"title": "x" * 11, "version": "1"}))
    assert '<span class="help" id="id_title_helptext">A short title.</span>' in html
    assert 'id="id_title_error"' in html
    assert 'aria-describedby="id_title_helptext id_title_error"' in html
    assert 'aria-invalid="true"' in html
    assert '<label for="id_title">Title</label>' in html  # required: the input says so


def test_the_error_summary_comes_first_links_to_each_field_and_takes_the_focus():
    html = str(Example(data={"title": "x" * 11, "version": "1"}))
    summary = html[: html.index('<div class="field')]
    assert 'class="error-summary" role="alert" tabindex="-1" autofocus' in summary
    assert 'href="#id_title"' in summary and 'href="#id_kind"' in summary  # radios: their group


def test_a_choice_group_is_a_fieldset_with_a_legend_and_a_valid_form_has_no_summary():
    html = str(Example(data={"title": "ok", "kind": "a", "version": "1"}))
    assert "error-summary" not in html and "aria-invalid" not in html
    assert '<fieldset class="field"><legend>Kind' in html.replace("\n  ", "")
    assert '<input type="hidden" name="version" value="1" id="id_version">' in html
    checkbox = html.index('id="id_urgent"')
    assert checkbox < html.index('<label for="id_urgent">Urgent</label>')  # box, then its label


# --- empty forms kept per process (docs/adr/0004) ----------------------------------------------


class Counted(Example):
    renders = 0

    def render(self, *args, **kwargs):
        type(self).renders += 1
        return super().render(*args, **kwargs)


def test_an_empty_form_is_rendered_once_for_each_language_time_zone_and_initial_values(db):
    EMPTY_FORMS.clear()
    Counted.renders = 0
    first = empty_form(Counted, title="Brand", version=3)
    assert empty_form(Counted, version=3, title="Brand") == first  # the same values, any order
    assert Counted.renders == 1
    assert 'value="Brand"' in first and 'name="version" value="3"' in first
    assert 'value="Vatten"' in empty_form(Counted, title="Vatten", version=3)
    assert 'name="version" value="4"' in empty_form(Counted, title="Brand", version=4)
    with translation.override("en"):
        empty_form(Counted, title="Brand", version=3)
    with timezone.override("UTC"):
        empty_form(Counted, title="Brand", version=3)
    assert Counted.renders == 5


class RowsOffered(Form):
    unit = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.all()


def test_a_form_that_reads_rows_when_it_renders_is_not_kept(db):
    with pytest.raises(ImproperlyConfigured, match="RowsOffered reads rows"):
        empty_form(RowsOffered)
