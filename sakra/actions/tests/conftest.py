import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The tests make many users; a real password hash for each would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
