"""Fixtures shared by every app's tests: a small region, and a user per role in scope."""

import pytest

from sakra.testing import Org, make_org, make_user


@pytest.fixture
def org(db) -> Org:
    return make_org()


@pytest.fixture
def user_factory(db):
    return make_user
