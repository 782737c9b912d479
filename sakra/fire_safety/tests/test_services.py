"""SBA's services: rounds generated once per period, a round done and finished, a deviation
becoming an action, a tillsyn with remarks recorded late."""

import datetime
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sakra.accounts.choices import Role
from sakra.actions.choices import ActionStatus
from sakra.actions.models import Action
from sakra.core.concurrency import StaleVersion
from sakra.fire_safety import services
from sakra.fire_safety.choices import Frequency, Outcome, RemarkStatus, RoundStatus
from sakra.fire_safety.models import FireDocumentVersion, Round

from .factories import make_binder

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def binder(org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    responsible = org.user(Role.MANAGER)
    with time_machine.travel(D(2024, 1, 10), tick=False):
        document, point = make_binder(
            org.site, org.alfa_unit, org.area, responsible, starts_on=D(2024, 1, 1)
        )
    return document, point, responsible


def _rounds(point):
    return list(
        Round.objects.filter(control_point=point)
        .exclude(status=RoundStatus.CANCELLED)
        .values_list("period_start", "due_date")
    )


def test_rounds_are_generated_once_per_period_across_month_ends_and_a_leap_year(binder):
    _doc, point, _r = binder
    services.generate_rounds(until=D(2024, 3, 15))
    services.generate_rounds(until=D(2024, 3, 15))  # again: nothing new
    assert services.generate_rounds(until=D(2024, 3, 31)) == 0
    assert _rounds(point) == [
        (D(2024, 1, 1), D(2024, 1, 31)),
        (D(2024, 2, 1), D(2024, 2, 29)),
        (D(2024, 3, 1), D(2024, 3, 31)),
    ]


def test_a_plan_changed_mid_period_keeps_the_round_under_way(binder):
    _doc, point, _responsible = binder
    services.generate_rounds(until=D(2024, 3, 31))
    point.refresh_from_db()
    chief = binder[0].versions.first().changed_by
    services.change_control_point(
        point, by=chief, version=point.version, frequency=Frequency.WEEKLY, today=D(2024, 2, 14)
    )
    services.generate_rounds(until=D(2024, 3, 10))
    rounds = _rounds(point)
    # February's monthly round stays; March's is cancelled and weekly rounds follow.
    assert rounds[:2] == [(D(2024, 1, 1), D(2024, 1, 31)), (D(2024, 2, 1), D(2024, 2, 29))]
    assert rounds[2:] == [(D(2024, 3, 1), D(2024, 3, 3)), (D(2024, 3, 4), D(2024, 3, 10))]
    assert Round.objects.filter(status=RoundStatus.CANCELLED).count() == 1
    assert services.generate_rounds(until=D(2024, 3, 10)) == 0


def _png(name="foto.jpg"):
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


@time_machine.travel(D(2024, 1, 20), tick=False)
def test_a_round_paused_and_finished_a_deviation_becomes_an_action_by_the_system(binder):
    document, point, _responsible = binder
    round_ = Round.objects.get(control_point=point)
    items = list(point.checklist.items.all())
    doer = binder[2]
    round_ = services.record_round(
        round_, by=doer, version=round_.version,
        results=[services.ItemResult(items[0], Outcome.DEVIATION, "Pall i korridoren", _png())],
    )  # fmt: skip
    assert round_.status == RoundStatus.PAUSED
    result = round_.results.get()
    action = result.action
    assert action.owner == document.responsible and action.created_by is None
    assert action.source == result and action.status == ActionStatus.PLANNED
    assert result.photo_type == "image/png"
    # Recorded again as a deviation: still one action.
    round_ = services.record_round(
        round_, by=doer, version=round_.version,
        results=[services.ItemResult(items[0], Outcome.DEVIATION, "Kvar")],
    )  # fmt: skip
    assert Action.objects.count() == 1
    with pytest.raises(ValidationError):  # not every item answered
        services.record_round(
            round_, by=doer, version=round_.version, results=[], performed_on=D(2024, 1, 20),
            finish=True,
        )  # fmt: skip
    round_.refresh_from_db()
    with pytest.raises(ValidationError):  # a day to come
        services.record_round(
            round_, by=doer, version=round_.version, performed_on=D(2024, 1, 21), finish=True,
            results=[services.ItemResult(items[1], Outcome.OK)],
        )  # fmt: skip
    round_ = services.record_round(
        round_, by=doer, version=round_.version, performed_on=D(2024, 1, 20), finish=True,
        results=[services.ItemResult(items[1], Outcome.OK)],
    )  # fmt: skip
    assert round_.status == RoundStatus.FINISHED
    with pytest.raises(ValidationError):  # finished: only comments
        services.record_round(
            round_, by=doer, version=round_.version,
            results=[services.ItemResult(items[1], Outcome.DEVIATION)],
        )  # fmt: skip
    assert services.comment_round(round_, by=doer, text="Pallen flyttad").pk


@time_machine.travel(D(2024, 1, 20), tick=False)
def test_a_photo_that_is_not_an_image_is_refused(binder):
    _doc, point, doer = binder
    round_ = Round.objects.get(control_point=point)
    item = point.checklist.items.first()
    pdf = SimpleUploadedFile("foto.jpg", b"%PDF-1.4\n%%EOF\n", content_type="image/jpeg")
    with pytest.raises(ValidationError):
        services.record_round(
            round_, by=doer, version=round_.version,
            results=[services.ItemResult(item, Outcome.OK, "", pdf)],
        )  # fmt: skip


@time_machine.travel(D(2024, 1, 20), tick=False)
def test_a_stale_round_and_a_stranger_are_refused(binder, org):
    _doc, point, doer = binder
    round_ = Round.objects.get(control_point=point)
    with pytest.raises(StaleVersion):
        services.record_round(round_, by=doer, version=round_.version + 1, results=[])
    stranger = org.user(Role.MANAGER, unit=org.beta_unit)
    with pytest.raises(PermissionDenied):
        services.record_round(round_, by=stranger, version=round_.version, results=[])


def test_a_round_whose_period_has_not_begun_is_refused(binder):
    _doc, point, doer = binder
    services.generate_rounds(until=D(2024, 2, 5))
    february = Round.objects.get(control_point=point, period_start=D(2024, 2, 1))
    with time_machine.travel(D(2024, 1, 25), tick=False), pytest.raises(ValidationError):
        services.record_round(february, by=doer, version=february.version, results=[])


def test_the_binder_keeps_each_change_as_a_version(binder, org):
    document, _p, _r = binder
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    services.update_document(
        document, by=coordinator, version=document.version, training_plan="Övning i mars"
    )
    versions = list(FireDocumentVersion.objects.filter(document=document))
    assert [v.number for v in versions] == [2, 1]
    assert versions[0].changed_by == coordinator
    assert versions[0].sections["training_plan"] == "Övning i mars"
    with pytest.raises(ValidationError):
        services.update_document(document, by=coordinator, version=2, training_plan="HEMLIG: plan")


@time_machine.travel(D(2024, 6, 1), tick=False)
def test_a_remark_recorded_late_keeps_its_real_deadline(binder, org):
    document, _p, _r = binder
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    inspection = services.record_inspection(
        document, by=coordinator, date=D(2024, 3, 1), rescue_service="Räddningstjänsten Syd",
        reference="2024-123", remarks=[services.RemarkIn("Brandcellsgräns bruten", D(2024, 5, 1))],
    )  # fmt: skip
    remark = inspection.remarks.get()
    assert remark.deadline == D(2024, 5, 1) and remark.past_deadline
    with pytest.raises(ValidationError):  # a remark without a deadline
        services.add_remark(inspection, by=coordinator, entry=services.RemarkIn("Skylt", None))
    with pytest.raises(ValidationError):  # disputed needs a reason
        services.set_remark_status(
            remark, by=coordinator, version=remark.version, status=RemarkStatus.DISPUTED
        )
    remark = services.set_remark_status(
        remark, by=coordinator, version=remark.version, status=RemarkStatus.DONE
    )
    assert not remark.past_deadline
    with pytest.raises(ValidationError):  # the report must be a PDF
        services.record_inspection(
            document, by=coordinator, date=D(2024, 3, 1), rescue_service="R", report=_png()
        )
