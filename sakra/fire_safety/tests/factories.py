"""A binder with a checklist and a control point, for this app's tests and the security suite."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from sakra.accounts.choices import Role
from sakra.testing import make_user

from .. import services
from ..choices import AssignmentRole, Frequency, Outcome


def make_checklist(area, texts=("Utrymningsvägar fria", "Nödutgångsskyltar tända")):
    chief = make_user(Role.SECURITY_CHIEF, unit=None, area=area)
    return services.create_checklist(by=chief, name="Egenkontroll", area=area, items=texts)


def make_binder(site, unit, area, responsible, *, frequency=Frequency.MONTHLY, starts_on=None):
    """A binder for `site` kept by `unit`, with one control point and its rounds generated."""
    chief = make_user(Role.SECURITY_CHIEF, unit=None, area=area)
    document = services.create_document(
        by=chief,
        site=site,
        unit=unit,
        area=area,
        responsible=responsible,
        next_review=timezone.localdate() + datetime.timedelta(days=200),
        building_description="Tre våningar, betongstomme.",
    )
    checklist = make_checklist(area)
    today = timezone.localdate()
    point = services.add_control_point(
        document,
        by=chief,
        title="Utrymningsvägar och skyltar",
        checklist=checklist,
        frequency=frequency,
        starts_on=starts_on or today.replace(day=1),
        performer=responsible,
    )
    services.generate_rounds(until=today, points=[point])
    return document, point


@dataclass
class Sba:
    """One of every SBA row, for the permission matrix: a binder, its round with a result
    (a deviation with a photo), its checklist, a tillsyn with its report and a remark."""

    document: object
    round: object
    result: object
    checklist: object
    inspection: object
    remark: object
    assignment: object = None


def make_sba(site, unit, area, chief) -> Sba:
    document, point = make_binder(site, unit, area, chief)
    round_ = point.rounds.get()
    image = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(image, format="PNG")
    item = point.checklist.items.first()
    photo = SimpleUploadedFile("foto.png", image.getvalue(), content_type="image/png")
    round_ = services.record_round(
        round_,
        by=chief,
        version=round_.version,
        results=[services.ItemResult(item, Outcome.DEVIATION, "Pall", photo)],
    )
    pdf = SimpleUploadedFile("rapport.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    inspection = services.record_inspection(
        document,
        by=chief,
        date=timezone.localdate(),
        rescue_service="Räddningstjänsten",
        report=pdf,
        remarks=[services.RemarkIn("Skylt saknas", timezone.localdate())],
    )
    # The chief as the site's coordinator: a row to reach that gives no one else access.
    assignment = services.assign_person(
        document, by=chief, user=chief, role=AssignmentRole.COORDINATOR,
        valid_from=timezone.localdate(),
    )  # fmt: skip
    return Sba(
        document, round_, round_.results.get(), point.checklist, inspection,
        inspection.remarks.get(), assignment,
    )  # fmt: skip
