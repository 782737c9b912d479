"""A binder with a checklist and a control point, for this app's tests and the security suite."""

from __future__ import annotations

import datetime

from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.testing import make_user

from .. import services
from ..choices import Frequency


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
