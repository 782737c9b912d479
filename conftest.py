"""Fixtures shared by every app's tests: a small region, and a user per role in scope."""

import pytest

from sakra.testing import Org, make_org, make_user


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Test users need a password, not a costly one: PBKDF2 dominated the suite's run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def org(db) -> Org:
    return make_org()


@pytest.fixture
def user_factory(db):
    return make_user
