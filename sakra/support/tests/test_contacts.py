"""Contacts derived from roles, named contacts inherited down the tree, and absences at their
boundaries making the substitute show."""

import datetime

import pytest

from sakra.accounts.choices import Role
from sakra.organisation.models import SecurityArea
from sakra.support import services
from sakra.support.choices import ContactSource
from sakra.support.contacts import contacts_for
from sakra.support.models import Absence, ContactOverride
from sakra.testing import count_queries

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 17)


def _for(unit, area, today=TODAY):
    return next(entry for entry in contacts_for(unit, today=today) if entry.area.pk == area.pk)


def test_derived_contacts_are_partners_then_coordinators_above_the_unit(org):
    coordinator = org.user(Role.SECURITY_COORDINATOR)  # at Alfa
    partner = org.user(Role.SECURITY_PARTNER)  # at Alfa
    regional = org.user(Role.SECURITY_PARTNER, unit=org.region)
    beta_partner = org.user(Role.SECURITY_PARTNER, unit=org.beta)
    other_area = org.user(Role.SECURITY_PARTNER, area=org.other_area)
    owner = org.user(Role.AREA_OWNER)
    SecurityArea.objects.filter(pk=org.area.pk).update(owner=owner)
    entry = _for(org.alfa_unit, org.area)
    assert entry.contact.id == partner.pk  # the nearest partner first
    assert entry.contact.source == ContactSource.PARTNER
    assert [p.id for p in entry.others] == [regional.pk, coordinator.pk]
    assert entry.owner.id == owner.pk
    assert not entry.named
    ids = {p.id for p in [entry.contact, *entry.others]}
    assert beta_partner.pk not in ids and other_area.pk not in ids
    assert other_area.pk in {p.id for p in [_for(org.alfa_unit, org.other_area).contact]}


def test_a_named_contact_overrides_and_is_inherited_down_the_tree(org):
    org.user(Role.SECURITY_PARTNER)
    chief = org.user(Role.SECURITY_CHIEF)
    first, second, deep = org.user(), org.user(), org.user()
    services.name_contact(by=chief, unit=org.alfa, primary=first)  # every area, Alfa subtree
    services.name_contact(by=chief, unit=org.alfa_dept, area=org.area, primary=second)
    assert _for(org.alfa_unit, org.area).contact.id == second.pk  # nearer unit wins
    assert _for(org.alfa_unit, org.other_area).contact.id == first.pk  # inherited
    assert _for(org.beta_unit, org.area).contact is None  # not in Beta, nobody there
    services.name_contact(by=chief, unit=org.alfa_unit, primary=deep)
    assert _for(org.alfa_unit, org.area).contact.id == deep.pk
    assert _for(org.alfa_unit2, org.area).contact.id == second.pk
    # A region-wide one for an area holds where no unit names anyone.
    regional = org.user()
    services.name_contact(by=chief, area=org.other_area, primary=regional)
    assert _for(org.beta_unit, org.other_area).contact.id == regional.pk
    assert _for(org.alfa_unit2, org.other_area).contact.id == first.pk


def test_the_substitute_shows_while_the_primary_is_away_boundaries_included(org):
    chief = org.user(Role.SECURITY_CHIEF)
    primary, substitute = org.user(), org.user()
    services.name_contact(
        by=chief, unit=org.alfa, area=org.area, primary=primary, substitute=substitute
    )
    services.record_absence(
        by=primary, person=primary, starts_on=datetime.date(2026, 6, 18),
        ends_on=datetime.date(2026, 6, 22),
    )  # fmt: skip
    before = _for(org.alfa_unit, org.area, datetime.date(2026, 6, 17))
    assert before.contact.id == primary.pk and before.substitute.id == substitute.pk
    for day in (datetime.date(2026, 6, 18), datetime.date(2026, 6, 22)):
        entry = _for(org.alfa_unit, org.area, day)
        assert entry.contact.id == substitute.pk, day
        assert entry.stands_in_for.id == primary.pk
        assert entry.stands_in_for.away_until == datetime.date(2026, 6, 22)
    after = _for(org.alfa_unit, org.area, datetime.date(2026, 6, 23))
    assert after.contact.id == primary.pk


def test_when_both_are_away_the_derived_contacts_stand_in(org):
    chief = org.user(Role.SECURITY_CHIEF)
    partner = org.user(Role.SECURITY_PARTNER)
    primary, substitute = org.user(), org.user()
    services.name_contact(
        by=chief, unit=org.alfa, area=org.area, primary=primary, substitute=substitute
    )
    for person in (primary, substitute):
        services.record_absence(by=person, person=person, starts_on=TODAY, ends_on=TODAY)
    entry = _for(org.alfa_unit, org.area)
    assert entry.contact.id == partner.pk and entry.stands_in_for.id == primary.pk


def test_an_away_derived_contact_gives_way_to_the_next(org):
    partner = org.user(Role.SECURITY_PARTNER)
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    services.record_absence(by=partner, person=partner, starts_on=TODAY, ends_on=TODAY)
    entry = _for(org.alfa_unit, org.area)
    assert entry.contact.id == coordinator.pk and entry.stands_in_for.id == partner.pk


def test_a_cancelled_absence_does_not_count(org):
    partner = org.user(Role.SECURITY_PARTNER)
    absence = services.record_absence(by=partner, person=partner, starts_on=TODAY, ends_on=TODAY)
    services.cancel_absence(absence, by=partner, version=absence.version)
    assert _for(org.alfa_unit, org.area).contact.id == partner.pk


def test_absences_refused(org):
    person = org.user(home_unit=org.alfa_unit)
    with pytest.raises(services.ValidationError) as refused:
        services.record_absence(
            by=person, person=person, starts_on=TODAY, ends_on=TODAY - datetime.timedelta(1)
        )
    assert "ends_on" in refused.value.message_dict
    # Someone else's absence: only a coordinator in scope (Alfa), not a colleague.
    colleague = org.user(home_unit=org.alfa_unit)
    with pytest.raises(services.PermissionDenied):
        services.record_absence(by=colleague, person=person, starts_on=TODAY, ends_on=TODAY)
    beta_coordinator = org.user(Role.SECURITY_COORDINATOR, unit=org.beta)
    with pytest.raises(services.PermissionDenied):
        services.record_absence(by=beta_coordinator, person=person, starts_on=TODAY, ends_on=TODAY)
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    services.record_absence(by=coordinator, person=person, starts_on=TODAY, ends_on=TODAY)
    assert Absence.objects.filter(person=person, created_by=coordinator).count() == 1


def test_naming_contacts_refused_out_of_scope(org):
    beta_coordinator = org.user(Role.SECURITY_COORDINATOR, unit=org.beta)
    person = org.user()
    with pytest.raises(services.PermissionDenied):
        services.name_contact(by=beta_coordinator, unit=org.alfa_unit, primary=person)
    with pytest.raises(services.ValidationError):
        services.name_contact(by=beta_coordinator, primary=person)
    with pytest.raises(services.ValidationError):
        services.name_contact(by=beta_coordinator, unit=org.beta, primary=person,
                              substitute=person)  # fmt: skip
    assert not ContactOverride.objects.exists()


def test_contacts_in_a_constant_number_of_queries(org):
    def queries():
        with count_queries() as captured:
            contacts_for(org.alfa_unit, today=TODAY)
        return len(captured)

    org.user(Role.SECURITY_PARTNER)
    one = queries()
    chief = org.user(Role.SECURITY_CHIEF)
    for n in range(20):
        area = SecurityArea.objects.create(code=f"a{n}", name_sv=f"O{n}", name_en=f"A{n}")
        person = org.user(Role.SECURITY_PARTNER, area=area)
        services.name_contact(by=chief, unit=org.alfa_dept, area=area, primary=person,
                              substitute=org.user())  # fmt: skip
        services.record_absence(by=person, person=person, starts_on=TODAY, ends_on=TODAY)
    assert queries() == one
