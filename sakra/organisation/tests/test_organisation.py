import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sakra.organisation.models import SecurityArea, Unit
from sakra.organisation.presets import AREA_PRESETS


def test_subtree_is_one_query(org, django_assert_num_queries):
    with django_assert_num_queries(1):
        names = [unit.name for unit in Unit.objects.subtree_of(org.alfa)]
    assert names == ["Alfa förvaltning", "Alfa avdelning", "Alfa enhet 1", "Alfa enhet 2"]


def test_administration_of_a_unit(org):
    assert org.alfa_unit.administration == org.alfa
    assert org.alfa.administration == org.alfa
    assert org.region.administration is None


@pytest.mark.parametrize("preset", sorted(AREA_PRESETS))
def test_load_areas_is_idempotent(db, preset, capsys):
    call_command("load_areas", preset)
    codes = set(SecurityArea.objects.values_list("code", flat=True))
    assert codes == {code for code, _sv, _en in AREA_PRESETS[preset]}
    call_command("load_areas", preset)
    assert SecurityArea.objects.count() == len(codes)
    assert "0 created, 0 updated" in capsys.readouterr().out


def test_fourteen_preset_has_fourteen_areas():
    assert len(AREA_PRESETS["fourteen"]) == 14


def test_unknown_preset_names_the_valid_ones_and_changes_nothing(db):
    with pytest.raises(CommandError, match="fourteen, halland, skane"):
        call_command("load_areas", "gotland")
    assert not SecurityArea.objects.exists()


def test_area_name_follows_the_language(org):
    from django.utils import translation

    with translation.override("en"):
        assert str(org.area) == "Threats"
    with translation.override("sv"):
        assert str(org.area) == "Hot och våld"
