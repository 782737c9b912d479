"""Support rows for tests: a team serving an administration and/or sites, and a request."""

from sakra.accounts.choices import Role
from sakra.support import services
from sakra.support.models import PartnerTeam, TeamMember


def make_team(name="Team", *, lead=None, administrations=(), sites=(), members=()):
    team = PartnerTeam.objects.create(name=name, lead=lead)
    team.administrations.set(administrations)
    team.sites.set(sites)
    for member in members:
        TeamMember.objects.create(team=team, user=member)
    return team


def make_request(org, *, asker=None, unit=None, site=None, area=None, question="Hur gör vi?"):
    """A question asked by a first-line manager of `unit` (Alfa enhet 1 by default)."""
    unit = unit or org.alfa_unit
    asker = asker or org.user(Role.MANAGER, unit=unit, home_unit=unit)
    return services.ask(by=asker, unit=unit, site=site, area=area or org.area, question=question)


class SupportSide:
    """A support request asked by `person` for their unit, an absence of theirs entered by the
    chief, and a named contact for the unit and area: one side of the scope line
    (tests/security)."""

    def __init__(self, org, unit, area, site, person, chief):
        from django.utils import timezone

        unit.sites.add(site)
        self.request = services.ask(by=person, unit=unit, site=site, area=area, question="Hur?")
        today = timezone.localdate()
        self.absence = services.record_absence(
            by=chief, person=person, starts_on=today, ends_on=today
        )
        self.contact = services.name_contact(by=chief, unit=unit, area=area, primary=chief)
