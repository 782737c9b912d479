"""A small region with data in every module the report reads, made once per module."""

import datetime

import pytest
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.governance.models import Forum
from sakra.incidents.choices import DismissalKind, Severity, Status
from sakra.incidents.models import IncidentCategory
from sakra.incidents.services import change_status, report_incident
from sakra.testing import make_org, make_user

YEAR = timezone.localdate().year - 1


def add_incidents(org, category, reporter, chief, *, n: int, year: int = YEAR, unit=None):
    """`n` events in `year`, plus one report dismissed as a duplicate (not an event)."""
    made = []
    for day in range(n + 1):
        incident, _created = report_incident(
            by=reporter,
            category=category,
            unit=unit or org.alfa_unit,
            site=org.site,
            occurred_at=timezone.make_aware(datetime.datetime(year, 3, 1 + day % 28, 10)),
            description="Hot i entrén",
        )
        made.append(incident)
    dismissed = made[-1]
    change_status(
        dismissed,
        by=chief,
        status=Status.DISMISSED,
        version=dismissed.version,
        reason="Samma händelse",
        dismissal_kind=DismissalKind.DUPLICATE,
        duplicate_of=made[0],
    )
    return made[:-1]


class World:
    """The organisation, the people and the catalogue of the report's tests."""

    def __init__(self):
        self.org = org = make_org()
        self.chief = make_user(Role.SECURITY_CHIEF, unit=org.region)
        self.owner = make_user(Role.AREA_OWNER, area=org.area)
        self.other_owner = make_user(Role.AREA_OWNER, area=org.other_area)
        self.coordinator = make_user(Role.SECURITY_COORDINATOR, unit=org.alfa)
        self.employee = make_user(Role.EMPLOYEE, unit=org.alfa_unit)
        self.threat = IncidentCategory.objects.create(
            code="r-hot",
            name_sv="Hot",
            name_en="Threat",
            area=org.area,
            default_severity=Severity.MODERATE,
        )
        self.forum = Forum.objects.create(name="Regionstyrelsen", kind="political")


@pytest.fixture
def world(db):
    return World()
