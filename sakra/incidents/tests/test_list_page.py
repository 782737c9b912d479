"""The incident list as users see it: rows, filter choices and filter errors, unchanged by
the work that made the page cheaper (rows built in Python, reference rows read in one query,
the count carried by the page query)."""

from datetime import timedelta

import pytest
from django import forms
from django.template import engines
from django.urls import reverse
from django.utils import timezone, translation

from sakra.accounts.choices import Role
from sakra.incidents.filters import IncidentFilter
from sakra.incidents.models import Incident, IncidentCategory, IncidentObligation
from sakra.incidents.views.common import encode_cursor
from sakra.organisation.models import SecurityArea, Site, Unit

LIST = "incidents:list"

#: The rows as the list's template wrote them from model instances before they were worked
#: out in Python (`lists.list_rows`): what the models print is what the list must show.
MODEL_ROWS = """{% for incident in incidents %}
    <tr>
      <td><a href="{% url 'incidents:detail' incident.pk %}">{{ incident.reference }}</a> {% include "incidents/_badges.html" %}</td>
      <td>{{ incident.occurred_at|date:"Y-m-d H:i" }}</td>
      <td>{{ incident.category }}</td>
      <td>{{ incident.unit }}</td>
      <td>{{ incident.get_severity_display }}</td>
      <td>{{ incident.get_status_display }}</td>
      <td>{{ incident.handler|default:"–" }}</td>
    </tr>
  {% endfor %}"""  # noqa: E501


def _tbody(response) -> str:
    html = response.content.decode()
    return html[html.index("<tbody>") + len("<tbody>") : html.index("</tbody>")].strip()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_rows_show_what_the_models_print(client, org, report, fire, threat, language):
    fire.name_sv, fire.name_en = "Brand & rök <i soprum>", "Fire & smoke"
    fire.save()
    reporter = org.user()
    named = org.user(Role.SECURITY_COORDINATOR, full_name="Åsa Öberg")
    unnamed = org.user(Role.SECURITY_COORDINATOR, full_name="")
    plain = report(reporter)
    acute = report(reporter, category=threat, is_acute=True, unit=org.alfa_unit2)
    late = report(reporter, severity=4)
    Incident.objects.filter(pk=plain.pk).update(handler=named)
    Incident.objects.filter(pk=acute.pk).update(handler=unnamed)
    Incident.objects.filter(pk=late.pk).update(handler=None)
    IncidentObligation.objects.filter(incident=late).update(
        due_at=timezone.now() - timedelta(hours=1)
    )
    client.force_login(org.user(Role.SECURITY_CHIEF))
    client.cookies["django_language"] = language
    response = client.get(reverse(LIST))
    incidents = Incident.objects.with_overdue().order_by("-occurred_at", "-id")
    assert [i.pk for i in response.context["incidents"]] == [i.pk for i in incidents]
    with translation.override(language):
        expected = engines["django"].from_string(MODEL_ROWS).render({"incidents": incidents})
    assert _tbody(response) == expected.strip()
    assert ("Åsa Öberg" in expected) and (unnamed.email in expected) and ("–" in expected)
    assert "Brand &amp; rök &lt;i soprum&gt;" in expected or "Fire &amp; smoke" in expected


def _filters(response) -> str:
    html = response.content.decode()
    start = html.index('<form method="get" class="filters"')
    return html[start : html.index("</form>", start)]


def _options(response, name: str) -> str:
    html = response.content.decode()
    start = html.index(f'<select name="{name}"')
    return html[start : html.index("</select>", start)]


def test_an_edit_to_a_reference_list_shows_on_the_next_page(client, org, report, fire):
    """Nothing of the filter's choices is kept between requests, however the edit is made."""
    report(org.user())
    client.force_login(org.user(Role.SECURITY_CHIEF))
    page = client.get(reverse(LIST))
    assert ">Brand</option>" in _options(page, "category")
    assert ">Alfa förvaltning</option>" in _options(page, "administration")
    assert ">Hot och våld</option>" in _options(page, "area")
    # Through save() (the admin), through QuerySet.update() (no signals), and new rows.
    fire.name_sv = "Brand eller rök"
    fire.save()
    Unit.objects.filter(pk=org.alfa.pk).update(name="Alfa-förvaltningen")
    SecurityArea.objects.filter(pk=org.area.pk).update(is_active=False)
    IncidentCategory.objects.create(
        code="t-ny", name_sv="Ny kategori", name_en="New", area=org.other_area
    )
    page = client.get(reverse(LIST))
    assert ">Brand eller rök</option>" in _options(page, "category")
    assert ">Ny kategori</option>" in _options(page, "category")
    assert ">Alfa-förvaltningen</option>" in _options(page, "administration")
    assert ">Hot och våld</option>" not in _options(page, "area")
    # The rows are read afresh too, and so are the chosen unit and site.
    assert "<td>Brand eller rök</td>" in page.content.decode()
    Unit.objects.filter(pk=org.alfa_dept.pk).update(name="Avdelning A")
    Site.objects.filter(pk=org.site.pk).update(name="Norra området")
    chosen = client.get(reverse(LIST), {"unit": org.alfa_dept.pk, "site": org.site.pk})
    html = chosen.content.decode()
    assert f'<option value="{org.alfa_dept.pk}" selected>Avdelning A</option>' in html
    assert f'<option value="{org.site.pk}" selected>Norra området</option>' in html
    # A deactivated area can no longer be chosen: the same error as before the edit would give.
    refused = client.get(reverse(LIST), {"area": org.area.pk})
    assert "area" in refused.context["filter"].form.errors
    # In English, the English names.
    client.cookies["django_language"] = "en"
    assert ">New</option>" in _options(client.get(reverse(LIST)), "category")


#: The filters whose choices come from `ReferenceRows`, and Django's own field for each: the
#: errors a user (or an API client) gets for a bad value must be the ones Django gives.
STOCK_FIELDS = {
    "area": lambda: forms.ModelChoiceField(queryset=SecurityArea.objects.active()),
    "administration": lambda: forms.ModelChoiceField(
        queryset=Unit.objects.administrations().filter(is_active=True)
    ),
    "unit": lambda: forms.ModelChoiceField(queryset=Unit.objects.filter(is_active=True)),
    "site": lambda: forms.ModelChoiceField(queryset=Site.objects.all()),
    "category": lambda: forms.ModelMultipleChoiceField(
        queryset=IncidentCategory.objects.all(), to_field_name="code"
    ),
}


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("area", ["abc"]),
        ("area", ["999999"]),
        ("area", ["1.5"]),
        ("area", ["x\x00"]),
        ("area", ["99999999999999999999999"]),
        ("administration", ["{unit}"]),  # a unit that is no administration
        ("administration", ["{administration}"]),
        ("administration", [" {administration} "]),
        ("unit", ["{unit}"]),
        ("unit", ["abc"]),
        ("unit", ["-1"]),
        ("site", ["{site}"]),
        ("site", ["0"]),
        ("category", ["t-brand"]),
        ("category", ["t-brand", "t-hot"]),
        ("category", ["t-brand", "nope"]),
        ("category", ["T-BRAND"]),
        ("category", ["x\x00"]),
    ],
)
def test_filter_choices_are_checked_as_django_checks_them(org, fire, threat, name, values):
    ids = {"unit": org.alfa_unit.pk, "administration": org.alfa.pk, "site": org.site.pk}
    values = [value.format(**ids) for value in values]
    data = {name: values if name == "category" else values[0]}
    stock = STOCK_FIELDS[name]()
    try:
        expected = stock.clean(data[name])
        errors = None
    except forms.ValidationError as exc:
        expected, errors = None, exc.messages
    filterset = IncidentFilter(data, queryset=Incident.objects.all())
    assert filterset.form.is_valid() is (errors is None)
    if errors is None:
        got = filterset.form.cleaned_data[name]
        assert [row.pk for row in (got if name == "category" else [got])] == (
            [row.pk for row in expected] if name == "category" else [expected.pk]
        )
    else:
        assert filterset.form.errors[name] == errors


def test_an_empty_page_past_the_last_counts_the_rows_before(client, org, report):
    reporter = org.user()
    made = [report(reporter) for _ in range(3)]
    oldest = min(made, key=lambda i: (i.occurred_at, i.pk))
    client.force_login(org.user(Role.SECURITY_CHIEF))
    past = client.get(reverse(LIST), {"after": encode_cursor(oldest.occurred_at, oldest.pk)})
    assert past.context["incidents"] == []
    assert (past.context["count"], past.context["count_capped"]) == (3, False)
    nothing = client.get(reverse(LIST), {"q": "ingenting-matchar-detta"})
    assert (nothing.context["count"], nothing.context["count_capped"]) == (0, False)
    # A search without a word matches nothing, on the first page or past it.
    for params in ({"q": "!!!"}, {"q": "!!!", "after": encode_cursor(oldest.occurred_at, 1)}):
        wordless = client.get(reverse(LIST), params)
        assert wordless.status_code == 200
        assert (wordless.context["count"], wordless.context["incidents"]) == (0, [])


def test_the_filter_fields_are_rendered_once_for_what_they_show(client, org, report, monkeypatch):
    from sakra.incidents.views import lists

    rendered = []
    render_fields = lists.render_fields
    monkeypatch.setattr(lists, "FILTER_FIELDS", lists.Memo(size=8))
    monkeypatch.setattr(lists, "render_fields", lambda fs: rendered.append(1) or render_fields(fs))
    first = report(org.user())
    chief = org.user(Role.SECURITY_CHIEF)
    client.force_login(chief)
    page = _filters(client.get(reverse(LIST), {"status": "reported"}))
    again = _filters(client.get(reverse(LIST), {"status": "reported"}))
    cursor = encode_cursor(first.occurred_at, first.pk + 1)
    deeper = client.get(reverse(LIST), {"status": "reported", "after": cursor})
    assert len(rendered) == 1
    assert again == page and 'name="category"' in page
    assert '<option value="reported" selected>' in deeper.content.decode()
    # Anything the fields show is in the key: the address, the language, the user, the rows.
    client.get(reverse(LIST), {"status": "closed"})
    client.cookies["django_language"] = "en"
    client.get(reverse(LIST), {"status": "reported"})
    client.force_login(org.user(Role.SECURITY_CHIEF))
    client.get(reverse(LIST), {"status": "reported"})
    assert len(rendered) == 4
    Unit.objects.filter(pk=org.beta.pk).update(name="Beta-förvaltningen")
    assert "Beta-förvaltningen" in _filters(client.get(reverse(LIST), {"status": "reported"}))
    # A search for units or sites offers rows beyond the reference rows: rendered each time.
    for _ in range(2):
        client.get(reverse(LIST), {"status": "reported", "unit_search": "alfa"})
    assert len(rendered) == 7


def test_the_reference_rows_are_read_afresh_with_their_sql_compiled_once(
    org, fire, threat, monkeypatch, django_assert_num_queries
):
    from sakra.incidents import filters

    monkeypatch.setattr(filters, "REFERENCE_SQL", filters.Memo(size=8))
    compiled = []
    union = filters.ReferenceRows.union
    monkeypatch.setattr(
        filters.ReferenceRows, "union", lambda self: compiled.append(1) or union(self)
    )
    data = {"unit": str(org.alfa_dept.pk), "site": str(org.site.pk)}
    first = IncidentFilter(data, queryset=Incident.objects.all()).reference
    with django_assert_num_queries(1):
        read = first.read
    assert read == tuple(first.union())  # the same rows as the ORM's own query gives
    assert [str(row) for row in first.rows("unit")] == ["Alfa avdelning"]
    assert [str(row) for row in first.rows("site")] == ["Sjukhusområde Norr"]
    assert {row.code for row in first.rows("category")} == {fire.code, threat.code}
    fire.name_sv = "Eldsvåda"
    fire.save()
    second = IncidentFilter(data, queryset=Incident.objects.all()).reference
    assert "Eldsvåda" in [row.name_sv for row in second.rows("category")]
    assert len(compiled) == 2  # the first read, and the comparison above; not the second read
    other = IncidentFilter({"unit": str(org.beta.pk)}, queryset=Incident.objects.all()).reference
    assert [str(row) for row in other.rows("unit")] == ["Beta förvaltning"]
    assert len(compiled) == 3  # another unit asked for: other SQL


def test_the_options_written_in_python_escape_their_labels(client, org, report, fire):
    # ADR 9: the filter's <option>s are f-strings; a name with markup must come out as text.
    report(org.user())
    fire.name_sv = '<script>alert("x")</script> & "Brand"'
    fire.save()
    client.force_login(org.user(Role.SECURITY_CHIEF))
    options = _options(client.get(reverse(LIST)), "category")
    assert "<script>" not in options
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Brand&quot;</option>"
        in options
    )
