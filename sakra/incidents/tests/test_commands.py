"""`sakra load-categories` on a new install: the catalogue for the loaded areas, once."""

import pytest
from django.core.management import call_command

from sakra.incidents.models import IncidentCategory


@pytest.mark.django_db
def test_load_categories_after_load_areas_is_idempotent(capsys):
    call_command("load_categories")
    assert "Skipped" in capsys.readouterr().err  # no areas yet: nothing invented
    assert not IncidentCategory.objects.exists()
    call_command("load_areas", "halland")
    call_command("load_categories")
    created = IncidentCategory.objects.count()
    assert created > 10
    assert IncidentCategory.objects.filter(obligations__isnull=False).exists()
    call_command("load_categories")
    assert IncidentCategory.objects.count() == created
    assert "0 categories created" in capsys.readouterr().out
