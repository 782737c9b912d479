"""The matrix setting in the admin: a new version each time, a malformed one refused."""

import pytest
from django.test import Client

from sakra.risks import matrix
from sakra.risks.models import MatrixVersion
from sakra.testing import make_user

pytestmark = pytest.mark.django_db


def _post(client, **changes):
    import json

    data = {name: json.dumps(getattr(matrix, f"DEFAULT_{key}")) for name, key in (
        ("likelihood_labels", "LIKELIHOOD"), ("consequence_labels", "CONSEQUENCE"),
        ("level_labels", "LEVEL_LABELS"), ("review_days", "REVIEW_DAYS"))}  # fmt: skip
    data.update(levels=json.dumps(matrix.default_levels()), acceptable_level="2", note="Ny")
    data.update({key: json.dumps(value) for key, value in changes.items()})
    return client.post("/admin/risks/matrixversion/add/", data)


def test_a_new_version_is_added_and_a_gap_is_refused(org):
    MatrixVersion.objects.current()
    admin = make_user(is_superuser=True, is_staff=True, home_unit=org.alfa_unit)
    client = Client()
    client.force_login(admin)
    levels = matrix.default_levels()
    levels[1] = levels[1][:3]
    refused = _post(client, levels=levels)
    assert refused.status_code == 200 and MatrixVersion.objects.count() == 1
    assert _post(client).status_code == 302
    assert MatrixVersion.objects.current().number == 2
