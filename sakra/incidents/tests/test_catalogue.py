"""The catalogue covers every area of each preset (issue 15), and `load-categories` stays
idempotent and leaves a region's own categories alone."""

import pytest
from django.core.management import call_command

from sakra.incidents.catalogue import CATEGORIES, OBLIGATIONS, SUPPLY
from sakra.incidents.choices import SUPPLIES
from sakra.incidents.models import IncidentCategory, ReportingObligation
from sakra.organisation.models import SecurityArea
from sakra.organisation.presets import AREA_PRESETS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("preset", sorted(AREA_PRESETS))
def test_every_area_of_each_preset_has_a_category(preset):
    call_command("load_areas", preset)
    call_command("load_categories")
    bare = SecurityArea.objects.filter(incident_categories__isnull=True).values_list(
        "code", flat=True
    )
    assert list(bare) == []
    assert SecurityArea.objects.count() == len(AREA_PRESETS[preset])


def test_every_category_has_both_names_and_known_duties():
    known = set(ReportingObligation.objects.values_list("code", flat=True)) | {
        code for code, *_rest in OBLIGATIONS
    }
    for code, name_sv, name_en, areas, _severity, _restricted, _anonymous, duties in CATEGORIES:
        assert name_sv and name_en, code
        assert areas, code
        assert set(duties) <= known, code
    assert set(SUPPLY.values()) == SUPPLIES  # one disruption category for every supply
    assert set(SUPPLY) <= {row[0] for row in CATEGORIES}


def test_load_categories_leaves_a_regions_own_categories_and_edits_alone():
    call_command("load_areas", "fourteen")
    call_command("load_categories")
    area = SecurityArea.objects.get(code="patientsakerhet")
    own = IncidentCategory.objects.create(
        code="fallolycka", name_sv="Fallolycka", name_en="Fall", area=area
    )
    edited = IncidentCategory.objects.get(code="vardskada")
    edited.name_sv = "Vårdskada (regionens namn)"
    edited.save()
    count = IncidentCategory.objects.count()
    call_command("load_categories")
    assert IncidentCategory.objects.count() == count
    own.refresh_from_db()
    edited.refresh_from_db()
    assert own.name_sv == "Fallolycka" and edited.name_sv == "Vårdskada (regionens namn)"
    assert IncidentCategory.objects.get(code="storning-lakemedel").supply == "medicines"
    assert not IncidentCategory.objects.filter(code="sakerhetsskyddsincident").exists()
    call_command("load_areas", "halland")
    call_command("load_categories")
    protective = IncidentCategory.objects.get(code="sakerhetsskyddsincident")
    assert list(protective.obligations.values_list("code", flat=True)) == [
        "sapo-protective-security"
    ]
