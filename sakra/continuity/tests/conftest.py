import pytest

from sakra.accounts.choices import Role

from .factories import make_continuity


@pytest.fixture
def chief(org):
    return org.user(Role.SECURITY_CHIEF)


@pytest.fixture
def side(org, chief):
    return make_continuity(org.alfa_unit, chief)
