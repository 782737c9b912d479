"""The demo region's governance: what the issue's "done when" names, and idempotent."""

from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.accounts.models import User
from sakra.actions.models import Action, PlannedActivity
from sakra.governance import demo
from sakra.governance.choices import OccurrenceStatus, RequirementStatus, SubmissionStatus
from sakra.governance.models import (
    Acknowledgement,
    ControlOccurrence,
    Decision,
    Forum,
    FundingSource,
    IndicatorSnapshot,
    Meeting,
    PlanSubmission,
    Requirement,
    RoleMandate,
    StateAssignment,
)
from sakra.governance.services import recipients_of


def test_the_demo_governance(db):
    call_command("demo", no_serve=True)
    counts = Forum.objects.count(), Decision.objects.count(), Action.objects.count()
    demo.load()
    assert counts == (Forum.objects.count(), Decision.objects.count(), Action.objects.count())
    forums = Forum.objects.exclude(mandate="").filter(name__in=[demo.LGV, demo.NETWORK, demo.BOARD])
    assert forums.count() == 3
    assert Meeting.objects.filter(forum__in=forums).values("forum").distinct().count() == 3
    decision = Decision.objects.get(forum__name=demo.LGV, paragraph="§ 4")
    heads = list(recipients_of(decision))
    assert heads and all(user.has_role(Role.HEAD_OF_ADMINISTRATION) for user in heads)
    assert Acknowledgement.objects.filter(decision=decision).count() == 1
    assert RoleMandate.objects.filter(role=Role.SECURITY_COORDINATOR).exists()
    current = Requirement.objects.current()
    assert current.values("area").distinct().count() == 2
    assert current.filter(status=RequirementStatus.NOT_MET).count() == 1
    performed = ControlOccurrence.objects.get(status=OccurrenceStatus.PERFORMED)
    assert Action.objects.for_source(performed).count() == 1
    grant = FundingSource.objects.get(name=demo.STATE_GRANT)
    assert (grant.start_year, grant.end_year) == (2023, 2025)
    assert grant.activities.count() == 4 and grant.decision.registry_number == "RS210993"
    # The planning dialogue, state assignments, estimates and last year's snapshot.
    submission = PlanSubmission.objects.get(plan__administration__code="hs")
    assert submission.status == SubmissionStatus.AGREED and submission.decision is not None
    assert StateAssignment.objects.count() == 2
    assert PlannedActivity.objects.filter(estimated_cost__gt=0).count() == 2
    assert IndicatorSnapshot.objects.filter(year=timezone.localdate().year - 1).exists()
    client = Client()
    client.force_login(User.objects.get(email="hakan.berg@demo.sakra.se"))
    for url in ["/styrning/", f"/styrning/beslut/{decision.pk}/", "/styrning/uppdrag/",
                "/styrning/krav/ej-uppfyllda/", "/styrning/resurser/sammanstallning/",
                "/styrning/planeringsdialog/", "/styrning/statliga-uppdrag/",
                f"/styrning/planeringsdialog/{submission.pk}/",
                "/styrning/indikatorer/"]:  # fmt: skip
        assert client.get(url).status_code == 200, url
