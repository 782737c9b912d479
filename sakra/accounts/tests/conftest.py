"""Fixtures of the accounts tests."""

import pytest

from sakra.incidents.choices import Severity
from sakra.incidents.models import IncidentCategory


@pytest.fixture
def threat(org):
    """A restricted category (reads of its reports are logged), named in both languages."""
    return IncidentCategory.objects.create(
        code="t-hot", name_sv="Hot", name_en="Threat", area=org.area,
        default_severity=Severity.HIGH, is_restricted=True,
    )  # fmt: skip
