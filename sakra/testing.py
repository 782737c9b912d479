"""Test helpers shared by every app: a small organisation and users holding roles in scopes.

The tree: Region → Alfa förvaltning (→ Alfa avdelning → Alfa enhet 1, Alfa enhet 2)
and Beta förvaltning (→ Beta enhet). "In scope" below means Alfa; Beta is the sibling.
"""

from __future__ import annotations

import itertools
from contextlib import contextmanager
from dataclasses import dataclass

from auditlog.context import auditlog_value, set_extra_data
from django.db import connection
from django.template import Context
from django.test.utils import CaptureQueriesContext

from sakra.accounts.choices import Role
from sakra.accounts.models import RoleAssignment, User
from sakra.organisation.choices import UnitKind
from sakra.organisation.models import SecurityArea, Site, Unit

_counter = itertools.count(1)


@dataclass
class Org:
    region: Unit
    alfa: Unit
    alfa_dept: Unit
    alfa_unit: Unit
    alfa_unit2: Unit
    beta: Unit
    beta_unit: Unit
    site: Site
    other_site: Site
    area: SecurityArea
    other_area: SecurityArea

    def user(self, role: str | None = None, **kwargs) -> User:
        """A user holding `role` in its usual scope in Alfa (or region-wide where that fits)."""
        home = kwargs.pop("home_unit", self.alfa_unit)
        unit = kwargs.pop("unit", None)
        area = kwargs.pop("area", None)
        if role is not None and unit is None and area is None:
            unit, area = self.default_scope(role)
        return make_user(role=role, home_unit=home, unit=unit, area=area, **kwargs)

    def default_scope(self, role: str) -> tuple[Unit | None, SecurityArea | None]:
        return {
            Role.EMPLOYEE: (self.alfa_unit, None),
            Role.MANAGER: (self.alfa_dept, None),
            Role.HEAD_OF_ADMINISTRATION: (self.alfa, None),
            Role.SECURITY_COORDINATOR: (self.alfa, None),
            Role.SECURITY_PARTNER: (self.alfa, None),
            Role.AREA_OWNER: (None, self.area),
            Role.SECURITY_CHIEF: (self.region, None),
            Role.BOARD_MEMBER: (self.region, None),
            Role.AUDITOR: (self.alfa, None),
        }[role]


def make_unit(parent: Unit | None, name: str, kind: str) -> Unit:
    code = f"{name.lower().replace(' ', '-')}-{next(_counter)}"
    if parent is None:
        return Unit.objects.add_root({"code": code, "name": name, "kind": kind})
    return Unit.objects.add_child(
        Unit.objects.get(pk=parent.pk), {"code": code, "name": name, "kind": kind}
    )


def make_org() -> Org:
    region = make_unit(None, "Region", UnitKind.REGION)
    alfa = make_unit(region, "Alfa förvaltning", UnitKind.ADMINISTRATION)
    beta = make_unit(region, "Beta förvaltning", UnitKind.ADMINISTRATION)
    alfa_dept = make_unit(alfa, "Alfa avdelning", UnitKind.DEPARTMENT)
    alfa_unit = make_unit(alfa_dept, "Alfa enhet 1", UnitKind.UNIT)
    alfa_unit2 = make_unit(alfa_dept, "Alfa enhet 2", UnitKind.UNIT)
    beta_unit = make_unit(beta, "Beta enhet", UnitKind.UNIT)
    n = next(_counter)
    site = Site.objects.create(code=f"site-{n}", name="Sjukhusområde Norr", city="Halmstad")
    other_site = Site.objects.create(code=f"site-{n}b", name="Sjukhusområde Syd", city="Varberg")
    area = SecurityArea.objects.create(code=f"hot-{n}", name_sv="Hot och våld", name_en="Threats")
    other_area = SecurityArea.objects.create(code=f"brand-{n}", name_sv="Brand", name_en="Fire")
    return Org(
        region=Unit.objects.get(pk=region.pk),
        alfa=Unit.objects.get(pk=alfa.pk),
        alfa_dept=Unit.objects.get(pk=alfa_dept.pk),
        alfa_unit=Unit.objects.get(pk=alfa_unit.pk),
        alfa_unit2=Unit.objects.get(pk=alfa_unit2.pk),
        beta=Unit.objects.get(pk=beta.pk),
        beta_unit=Unit.objects.get(pk=beta_unit.pk),
        site=site,
        other_site=other_site,
        area=area,
        other_area=other_area,
    )


def make_user(
    role: str | None = None, *, unit=None, area=None, home_unit=None, password="x", **kwargs
) -> User:
    n = next(_counter)
    user = User.objects.create_user(
        email=kwargs.pop("email", f"user{n}@example.se"),
        password=password,
        full_name=kwargs.pop("full_name", f"Person {n}"),
        home_unit=home_unit,
        **kwargs,
    )
    if role is not None:
        RoleAssignment.objects.create(user=user, role=role, unit=unit, area=area)
    return user


class Recording(Context):
    """A template context that notes every name the template looks up: a template whose output
    is kept by a memo may read only what is in the memo's key (docs/adr/0004)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.looked_up: set[str] = set()

    def __getitem__(self, key):
        self.looked_up.add(key)
        return super().__getitem__(key)


@contextmanager
def count_queries():
    """Collects the queries run inside the block: `with count_queries() as q: ...; len(q)`."""
    with CaptureQueriesContext(connection) as context:
        yield context


@contextmanager
def in_request(user=None, *, path: str = "/", remote_addr: str = "192.0.2.9"):
    """What the audit middleware keeps of a request while it runs: its actor, address and path.

    auditlog's own `set_actor` and `set_extra_data` leave their values set when they end, so the
    tests that follow would write entries in this request's name (conftest checks none is left).
    """
    from sakra.core.audit import PATH

    token = auditlog_value.set({})
    try:
        with set_extra_data({"actor": user, "remote_addr": remote_addr, PATH: path}):
            yield
    finally:
        auditlog_value.reset(token)


def done_print(kind: str, obj, *, content: bytes = b"%PDF-1.4\n%%EOF\n"):
    """A finished print of `obj` (core's PrintJob) with a small PDF as its file."""
    from django.core.files.base import ContentFile

    from sakra.core.choices import PrintStatus
    from sakra.core.models import PrintJob

    job = PrintJob.objects.create(
        kind=kind, object_id=obj.pk, status=PrintStatus.DONE, progress=100
    )
    job.file.save("utskrift.pdf", ContentFile(content))
    return job
