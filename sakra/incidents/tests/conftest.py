"""Fixtures of the incident tests: a small catalogue on the test organisation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sakra.incidents.choices import Severity
from sakra.incidents.models import IncidentCategory, ReportingObligation
from sakra.incidents.services import report_incident


@pytest.fixture
def threat(org):
    """Restricted, anonymous allowed, with the work-environment obligation (org.area)."""
    category = IncidentCategory.objects.create(
        code="t-hot", name_sv="Hot", name_en="Threat", area=org.area,
        default_severity=Severity.HIGH, is_restricted=True, allows_anonymous=True,
    )  # fmt: skip
    category.obligations.set(ReportingObligation.objects.filter(code="av-serious-incident"))
    return category


@pytest.fixture
def fire(org):
    """Not restricted, not anonymous, with the GDPR clock (org.other_area)."""
    category = IncidentCategory.objects.create(
        code="t-brand", name_sv="Brand", name_en="Fire", area=org.other_area,
        default_severity=Severity.MODERATE,
    )  # fmt: skip
    category.obligations.set(ReportingObligation.objects.filter(code="gdpr-imy"))
    return category


@pytest.fixture
def report(org, fire):
    """Report an incident with sensible defaults: `report(user, **overrides)`."""

    occurred_at = timezone.now() - timedelta(hours=1)

    def make(user, **overrides):
        values = {
            "category": fire,
            "occurred_at": occurred_at,
            "unit": org.alfa_unit,
            "site": org.site,
            "description": "Rökutveckling i soprum",
        }
        values.update(overrides)
        incident, _created = report_incident(by=user, **values)
        return incident

    return make
