"""Analyses and risks: levels from the matrix, the acceptance rule, approval through governance."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.core.concurrency import StaleVersion
from sakra.governance.models import Decision, Forum
from sakra.risks import services
from sakra.risks.choices import AnalysisStatus, Treatment

from .factories import make_analysis, make_risk

pytestmark = pytest.mark.django_db


@pytest.fixture
def chief(org):
    return org.user(Role.SECURITY_CHIEF)


@pytest.fixture
def analysis(org, chief):
    return make_analysis(org.alfa_unit, org.area, by=chief)


@pytest.fixture
def forum():
    return Forum.objects.create(name="Regionstyrelsen", kind="political")


def _approve(analysis, chief, forum):
    return services.approve_analysis(
        analysis, by=chief, version=analysis.version, forum=forum,
        decided_on=timezone.localdate(), paragraph="§ 4",
    )  # fmt: skip


def test_levels_and_review_date_come_from_the_matrix(org, chief, analysis):
    risk = make_risk(analysis, org.area, chief, by=chief, likelihood=5, consequence=5)
    assert (risk.inherent_level, risk.current_level, risk.residual_level) == (4, 4, None)
    assert risk.review_date == timezone.localdate() + datetime.timedelta(days=90)
    assert analysis.matrix.number == 1


@pytest.mark.parametrize(
    "field", ["inherent_likelihood", "inherent_consequence", "current_likelihood",
              "residual_consequence"],
)  # fmt: skip
@pytest.mark.parametrize("value", [0, 6, -1, True, "3"])
def test_a_step_outside_the_matrix_is_refused(org, chief, analysis, field, value):
    extra = {field: value}
    if field.startswith("residual"):
        extra["residual_likelihood"] = 2
    with pytest.raises(ValidationError) as refused:
        make_risk(analysis, org.area, chief, by=chief, **extra)
    assert field in refused.value.message_dict


def test_accepting_above_the_acceptable_level_needs_a_justification_and_an_expiry(
    org, chief, analysis
):
    with pytest.raises(ValidationError) as refused:
        make_risk(analysis, org.area, chief, by=chief, likelihood=4, consequence=4,
                  treatment=Treatment.ACCEPT)  # fmt: skip
    assert "justification" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        make_risk(analysis, org.area, chief, by=chief, likelihood=4, consequence=4,
                  treatment=Treatment.ACCEPT, justification="Kostar för mycket")  # fmt: skip
    assert "acceptance_expires" in refused.value.message_dict
    risk = make_risk(
        analysis, org.area, chief, by=chief, likelihood=4, consequence=4,
        treatment=Treatment.ACCEPT, justification="Kostar för mycket",
        acceptance_expires=timezone.localdate() + datetime.timedelta(days=200),
    )  # fmt: skip
    assert risk.treatment == Treatment.ACCEPT
    # Below the acceptable level, accepting needs neither.
    assert make_risk(analysis, org.area, chief, by=chief, treatment=Treatment.ACCEPT)


def test_approval_is_refused_while_a_risk_above_the_level_is_untreated(org, chief, analysis, forum):
    risk = make_risk(analysis, org.area, chief, by=chief, likelihood=4, consequence=4)
    with pytest.raises(ValidationError) as refused:
        _approve(analysis, chief, forum)
    assert "risks" in refused.value.message_dict
    assert not Decision.objects.exists()
    services.update_risk(risk, by=chief, version=risk.version, treatment=Treatment.REDUCE,
                         justification="Larm")  # fmt: skip
    analysis.refresh_from_db()
    approved = _approve(analysis, chief, forum)
    assert approved.status == AnalysisStatus.APPROVED
    assert approved.decision.forum == forum and approved.approved_by == chief
    assert not services.approval_is_stale(approved)
    risk.refresh_from_db()
    services.update_risk(risk, by=chief, version=risk.version, title="Nytt namn")
    assert services.approval_is_stale(approved)


def test_a_stale_version_and_a_person_without_the_right_are_refused(org, chief, analysis, forum):
    with pytest.raises(StaleVersion):
        services.update_analysis(analysis, by=chief, version=analysis.version + 1, title="X")
    with pytest.raises(PermissionDenied):
        _approve(analysis, org.user(Role.MANAGER), forum)
    with pytest.raises(PermissionDenied):
        services.update_analysis(
            analysis, by=org.user(Role.MANAGER, unit=org.beta), version=analysis.version, title="X"
        )


def test_a_risk_from_a_scanning_note_links_back(org, chief, analysis):
    note = services.create_note(by=chief, noted_on=timezone.localdate(), source="MSB",
                                summary="Elbrist")  # fmt: skip
    risk = make_risk(analysis, org.area, chief, by=chief, note=note)
    assert list(note.risks.all()) == [risk]


def test_markings_are_refused_in_stored_text(org, chief, analysis):
    with pytest.raises(ValidationError) as refused:
        make_risk(analysis, org.area, chief, by=chief, scenario="HEMLIG plan")
    assert "scenario" in refused.value.message_dict


def test_status_moves_and_an_archived_analysis_is_not_changed(org, chief, analysis):
    analysis = services.change_status(analysis, by=chief, version=analysis.version,
                                      status=AnalysisStatus.ARCHIVED)  # fmt: skip
    with pytest.raises(ValidationError):
        services.change_status(analysis, by=chief, version=analysis.version,
                               status=AnalysisStatus.DRAFT)  # fmt: skip
    with pytest.raises(ValidationError):
        make_risk(analysis, org.area, chief, by=chief)
