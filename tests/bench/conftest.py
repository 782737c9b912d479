"""The incident tests' catalogue and report helper, as fixtures of the bench's tests too."""

from sakra.incidents.tests.conftest import fire, report, threat  # noqa: F401
