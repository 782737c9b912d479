"""The corpus of bad inputs (bad_inputs.py) against every form, every page that takes input, and
the import: each bad value is refused with a message and nothing is stored, or (free text) it is
stored and shown escaped; never a 500.

Three levels: every Form class of the project, field by field (cheap, found by walking the
apps); every page that takes a POST, from a valid submission with one field replaced (a
meta-test finds the pages by their <form> elements and the routes table); the import command,
cell by cell and with hostile files. Each page submission runs in a transaction that is rolled
back, so one world serves all of a page's submissions.
"""

from __future__ import annotations

import importlib
import inspect
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.http import QueryDict
from django.test import Client
from django.urls import resolve
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from sakra.accounts.appointments import forms as appointment_forms
from sakra.accounts.choices import Role
from sakra.actions import forms as action_forms
from sakra.actions import services as action_services
from sakra.actions.models import ImprovementNeed
from sakra.continuity import forms as cont_forms
from sakra.documents import forms as doc_forms
from sakra.fire_safety import forms as fire_forms
from sakra.goals import forms as goal_forms
from sakra.governance import forms as gov_forms
from sakra.incidents import forms as incident_forms
from sakra.incidents.following.forms import FollowSettingForm
from sakra.incidents.forms import ElsewhereFigureForm
from sakra.incidents.models import Attachment
from sakra.incidents.notices import forms as notice_forms
from sakra.incidents.notices import services as notice_services
from sakra.incidents.notices.models import AuthorityNotice
from sakra.reports import forms as report_forms
from sakra.reports.models import AnnualReport, Chapter
from sakra.reports.tests.factories import approved
from sakra.risks import forms as risk_forms
from sakra.support import forms as support_forms

from . import bad_inputs
from .bad_inputs import HUGE, HUGE_TEXT, NFD, PAYLOAD, REFUSE, TEXT, UNESCAPED, Bad
from .figures import record
from .routes import PAGES, fill
from .world import build_world

pytestmark = pytest.mark.django_db

# --- level 1: every Form class, field by field --------------------------------------------------

FORM_MODULES = ["sakra.incidents.forms", "sakra.actions.forms", "sakra.goals.forms",
                "sakra.accounts.forms", "sakra.fire_safety.forms",
                "sakra.governance.forms", "sakra.risks.forms",
                "sakra.documents.forms", "sakra.support.forms",
                "sakra.continuity.forms", "sakra.reports.forms",
                "sakra.accounts.appointments.forms",
                "sakra.incidents.following.forms",
                "sakra.incidents.notices.forms"]  # fmt: skip


def _form_classes():
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for _n, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == name and cls.base_fields:
                yield cls


def _kind(field_obj) -> str:
    if isinstance(field_obj, forms.BooleanField):
        return "boolean"  # a checkbox: any value sent means "ticked"
    if isinstance(field_obj, forms.FileField):
        return "file"
    if isinstance(field_obj, forms.CharField):
        return "text"
    return "typed"


def must_refuse(kind: str, bad: Bad) -> bool:
    # A file field reads request.FILES: text sent in its name is no file (test_hostile_uploads).
    if kind in ("boolean", "ignored", "file"):
        return False
    if bad.kind in (REFUSE, HUGE):
        return True
    return kind != "text"


def _instantiate(cls, data, org_user):
    kwargs = {}
    parameters = inspect.signature(cls.__init__).parameters
    if "user" in parameters:
        kwargs["user"] = org_user
    if "needs" in parameters:
        kwargs["needs"] = ImprovementNeed.objects.all()
    return cls(data, **kwargs)


def test_every_form_is_safe_input_and_bounds_its_text():
    """New forms inherit sakra.core.forms.Form, and no text field is unbounded."""
    from sakra.core.forms import SafeInputMixin

    problems = []
    for cls in _form_classes():
        if not issubclass(cls, SafeInputMixin):
            problems.append(f"{cls.__name__} does not inherit sakra.core.forms.Form")
        for name, field_obj in cls.base_fields.items():
            if _kind(field_obj) == "text" and not field_obj.max_length:
                problems.append(f"{cls.__name__}.{name} has no max_length")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("cls", list(_form_classes()), ids=lambda c: c.__name__)
def test_each_field_of_each_form(cls, org):
    user = org.user(Role.SECURITY_CHIEF)
    problems = []
    for name, field_obj in cls.base_fields.items():
        kind = _kind(field_obj)
        for bad in TEXT:
            data = QueryDict(mutable=True)
            data[name] = bad.value
            form = _instantiate(cls, data, user)
            form.is_valid()
            refused = name in form.errors
            if must_refuse(kind, bad) and not refused and not _bounded_int(field_obj, bad):
                problems.append(f"{name} accepted {bad.name}")
            if bad.kind == NFD and not refused and name in form.cleaned_data:
                stored = form.cleaned_data[name]
                if isinstance(stored, str) and not unicodedata.is_normalized("NFC", stored):
                    problems.append(f"{name} kept {bad.name} in NFD")
    assert not problems, f"{cls.__name__}: " + "; ".join(problems)


#: Forms whose input is looked up or checked, never stored: they need not refuse a marking.
NOT_STORED = {"CodeForm": "a one-time code, compared and forgotten"}
#: Classification markings as people type them: prefixed, in brackets, lower case, spaced.
MARKED = ["KONFIDENTIELL: byt lås", "Se bilagan (hemlig)", "kvalificerat  hemlig", "TOP SECRET",
          "NATO Confidential", "Begränsat hemlig enligt beslut"]  # fmt: skip


def _free_text_fields(cls) -> list[str]:
    return [
        name
        for name, field_obj in cls.base_fields.items()
        if _kind(field_obj) == "text"
        and not isinstance(field_obj.widget, forms.PasswordInput)
        # JSON criteria hold codes for the computation, checked by the indicator kind.
        and not isinstance(field_obj, forms.JSONField)
    ]


def test_each_free_text_field_of_each_form_refuses_a_marking(org):
    """The classification guard per field: every free-text field of every form whose input is
    stored refuses each marking, with the message that names it (counted in the figures)."""
    from sakra.core.forms import Form
    from sakra.core.validation import classification_marking

    user = org.user(Role.SECURITY_CHIEF)
    problems, count = [], 0
    for cls in _form_classes():
        if cls.__name__ in NOT_STORED:
            continue
        if not issubclass(cls, Form):
            problems.append(f"{cls.__name__} stores input but does not inherit core's Form")
            continue
        for name in _free_text_fields(cls):
            for marking in MARKED:
                count += 1
                data = QueryDict(mutable=True)
                data[name] = f"Se bilaga, {marking}: om larmet"
                form = _instantiate(cls, data, user)
                form.is_valid()
                messages = " ".join(str(m) for m in form.errors.get(name, []))
                if classification_marking(marking) not in messages:
                    problems.append(f"{cls.__name__}.{name} accepted {marking!r}")
    tried["count"] += count
    record("marking_fields", "form fields refusing classification markings", count)
    assert count and not problems, "\n".join(problems)


def test_the_actions_forms_have_free_text_to_guard():
    """The test above is not vacuous: the forms it walks have the text fields of the records."""
    names = {
        f"{cls.__name__}.{name}"
        for cls in _form_classes()
        if cls.__module__ == "sakra.actions.forms"
        for name, field_obj in cls.base_fields.items()
        if _kind(field_obj) == "text"
    }
    assert {"ActionForm.title", "ActionForm.description", "CancelForm.reason", "EffectForm.note",
            "NeedForm.title", "NeedForm.description", "MeetingForm.notes", "DecisionForm.reason",
            "PlannedActionForm.title", "PlanForm.title", "ActivityForm.goal",
            "ActivityStatusForm.note"} <= names  # fmt: skip


def _bounded_int(field_obj, bad: Bad) -> bool:
    # "-1" is an integer; a field with no lower bound (a version number) may take it, and the
    # service then refuses it (checked at the page level).
    return (
        bad.name == "minus-one"
        and isinstance(field_obj, forms.IntegerField)
        and (field_obj.min_value is None)
    )


# --- level 2: every page that takes input -------------------------------------------------------

EXCLUDED_APPS = {"sessions", "axes", "contenttypes"}


def _count_sql() -> str:
    tables = sorted(
        m._meta.db_table
        for m in apps.get_models()
        if m._meta.managed and not m._meta.proxy and m._meta.app_label not in EXCLUDED_APPS
    )
    quote = connection.ops.quote_name
    # Table names from the models, not from input.
    return "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)  # noqa: S608


def row_counts() -> tuple:
    """The number of rows of every table (the audit trail included) in one query."""
    with connection.cursor() as cursor:
        cursor.execute(_count_sql())
        return tuple(cursor.fetchone())


@dataclass
class Page:
    """A page that takes input: who submits it, and a valid submission to spoil field by field."""

    route: str
    role: str | None
    valid: Callable  # (org, side, user) -> dict
    form: type | None = None
    kinds: dict = field(default_factory=dict)  # kinds of fields the form class does not name
    prepare: Callable | None = None  # (org, side, user) -> None, before the valid submission
    path: Callable | None = None  # (side) -> path, when not the routes table's
    huge_field: str | None = None
    #: Whether a submission went through; most pages store something, signing in does not.
    accepted: Callable = lambda outcome: outcome.stored


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _today(days=0) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def _other_category(incident) -> int:
    from sakra.incidents.models import IncidentCategory

    return IncidentCategory.objects.exclude(pk=incident.category_id).values_list("pk", flat=True)[0]


def _complete(org, side, user):
    action_services.complete_action(side.action, by=user, version=side.action.version)


def _found_lacking(org, side, user):
    action = action_services.complete_action(side.action, by=user, version=side.action.version)
    action_services.record_effect(
        action, by=user, version=action.version, was_effective=False, note="Nej"
    )


def _totp_device(org, side, user):
    from sakra.accounts import mfa

    mfa.pending_device(user)


def _valid_code(org, side, user):
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=user, confirmed=False)
    return {"code": f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"}


class Matching(dict):
    """Kinds of fields whose names carry a row's id (`outcome_12`, `r5-status`): by pattern."""

    def __getitem__(self, name):
        for pattern, kind in self.items():
            if re.fullmatch(pattern, name):
                return kind
        raise KeyError(name)


def _round_data(org, s, u):
    item = s.sba.result.item_id
    return {
        "version": s.sba.round.version, f"outcome_{item}": "deviation",
        f"comment_{item}": "Pall i korridoren", "performed_on": _today(), "note": "Klar",
        "pause": "1",
    }  # fmt: skip


def _remark_status(org, s, u):
    p = f"r{s.sba.remark.pk}"
    return {f"{p}-version": s.sba.remark.version, f"{p}-status": "disputed",
            f"{p}-status_note": "Bestrids"}  # fmt: skip


def _doc_version(side) -> int:
    from sakra.documents.models import Document

    return Document.objects.get(pk=side.docs.document.pk).version


def _doc_forum() -> int:
    from sakra.documents.tests.factories import forum

    return forum().pk


def _doc_adopt_then_draft(org, side, user):
    from sakra.documents import services as document_services
    from sakra.documents.models import Document
    from sakra.documents.tests.factories import forum

    document = Document.objects.get(pk=side.docs.document.pk)
    document_services.adopt(
        document, by=user, version=document.version, forum=forum(), decided_on=timezone.localdate()
    )
    document.refresh_from_db()
    document_services.edit_draft(document, by=user, version=document.version, body="Nästa")


def _partner(org):
    return org.user(Role.SECURITY_PARTNER)


#: The risk forms' assessment fields, made from the matrix when the form is built.
RISK_STEPS = {f"{step}_{axis}": "typed" for step in ("inherent", "current", "residual")
              for axis in ("likelihood", "consequence")}  # fmt: skip


def _newer_matrix():
    """A second version of the region's matrix, for moving an analysis to it."""
    from sakra.risks.matrix import FIELDS
    from sakra.risks.models import MatrixVersion

    current = MatrixVersion.objects.current()
    if current.number > 1:
        return current
    fields = {name: getattr(current, name) for name in FIELDS}
    return MatrixVersion.objects.create(number=2, **{**fields, "acceptable_level": 3})


def _forum():
    from sakra.governance.models import Forum

    return Forum.objects.get_or_create(name="Regionstyrelsen", defaults={"kind": "political"})[0]


def _unsubmitted(org, side, user):
    """The plan is the administration's to submit: the factory's submission is taken away."""
    from sakra.governance.models import PlanSubmission

    PlanSubmission.objects.filter(plan=side.gov.annual_plan).delete()


def _site_without_binder():
    from sakra.organisation.models import Site

    return Site.objects.get_or_create(code="bad-inputs-site", defaults={"name": "Vårdcentral"})[0]


def _support_version(side) -> int:
    from sakra.support.models import SupportRequest

    return SupportRequest.objects.get(pk=side.support.request.pk).version


def _support_answered_for(org, side, user):
    """Only the asker rates, once answered: `user` asked, and the chief has answered."""
    from sakra.support import services as support_services
    from sakra.support.models import SupportRequest

    SupportRequest.objects.filter(pk=side.support.request.pk).update(asker=user)
    request = SupportRequest.objects.get(pk=side.support.request.pk)
    support_services.answer(request, by=org.user(Role.SECURITY_CHIEF), answer="Svar",
                            version=request.version)  # fmt: skip


CONTINUITY_PLAN = {"title": "Kontinuitetsplan", "what_continues": "Akutmottagningen",
                   "minimum_level": "Livshotande tillstånd", "tolerable_hours": "4",
                   "impact_1h": "1", "impact_4h": "2", "impact_1d": "3", "impact_3d": "4",
                   "impact_1w": "5", "alternatives": "Papper", "resources": "Reservkraft",
                   "contacts": "TiB"}  # fmt: skip

CONTINUITY_STOCK = {"good": "medical_gases", "name": "Syrgas", "days_held": "5",
                    "target_days": "7", "counted_on": _today(), "supplier": "Gasbolaget",
                    "agreement": "Leverans inom ett dygn",
                    "agreement_ends_on": _today(365)}  # fmt: skip
CONTINUITY_EXERCISE = {"title": "Övning strömavbrott", "kind": "tabletop", "date": _today(),
                       "scenario": "Elen går", "participant_roles": "Stabschef"}  # fmt: skip

IMY_NOTICE = {"nature": "Journal skickad till fel mottagare", "breach_kind": "confidentiality",
              "occurred": "2026-01-02 10:00", "people_count": "ca 40",
              "record_categories": "Journaluppgifter", "consequences": "Begränsade",
              "measures_taken": "Mottagaren raderade", "measures_proposed": "Utbildning",
              "contact": "Dataskyddsombudet"}  # fmt: skip

PAGE_SPECS = [
    Page("incidents:report", Role.EMPLOYEE, lambda org, s, u: {
        "category": s.incident.category_id,
        "occurred_at": _local(timezone.now() - timedelta(hours=1)),
        "site": org.site.pk, "unit": org.alfa_unit.pk, "description": "Hot i väntrummet",
        "immediate_measures": "Larmade vakten", "people_harmed": "0", "police_reported": "",
        "is_acute": "", "anonymous": "", "idempotency_key": "a" * 32, "is_near_miss": "on",
        "supply": "water", "disruption_started_at": _local(timezone.now() - timedelta(hours=1)),
        "disruption_ended_at": "", "disruption_hours": "",
    }, form=incident_forms.ReportForm, huge_field="description"),
    Page("incidents:status", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.incident.version, "status": "under_investigation", "reason": "Utreds",
    }, form=incident_forms.StatusForm),
    Page("incidents:assign", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.incident.version, "handler": u.pk,
    }, form=incident_forms.AssignForm),
    Page("incidents:severity", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.incident.version, "severity": "4",
    }, form=incident_forms.SeverityForm),
    Page("incidents:category", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.incident.version,
        "category": _other_category(s.incident),
    }, form=incident_forms.CategoryForm),
    Page("incidents:awareness", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.incident.version, "aware_at": _local(timezone.now() - timedelta(hours=1)),
    }, form=incident_forms.AwarenessForm),
    Page("incidents:near-miss", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.incident.version, "is_near_miss": "1",
    }, form=incident_forms.NearMissForm),
    Page("incidents:disruption", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.incident.version, "supply": "electricity",
        "disruption_started_at": _local(timezone.now() - timedelta(hours=3)),
        "disruption_ended_at": _local(timezone.now() - timedelta(hours=1)),
        "disruption_hours": "",
    }, form=incident_forms.DisruptionForm),
    Page("incidents:comment", Role.SECURITY_CHIEF, lambda org, s, u: {"text": "Följs upp"},
         form=incident_forms.CommentForm, huge_field="text"),
    Page("incidents:obligation", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.incident.version, "reported_at": _local(timezone.now()),
        "authority_reference": "IMY-2026-1",
    }, form=incident_forms.ObligationForm),
    Page("incidents:legal-hold", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.incident.version, "hold": "1", "reason": "Polisanmälan K1",
        "confirm": "on",
    }, form=incident_forms.LegalHoldForm),
    Page("incidents:notice-new", Role.SECURITY_CHIEF, lambda org, s, u: IMY_NOTICE,
         form=notice_forms.ImyNoticeForm, huge_field="nature",
         prepare=lambda org, s, u: AuthorityNotice.objects.filter(pk=s.notice.pk).delete()),
    Page("incidents:notice", Role.SECURITY_CHIEF, lambda org, s, u: {
        **IMY_NOTICE, "version": AuthorityNotice.objects.get(pk=s.notice.pk).version,
    }, form=notice_forms.ImyNoticeForm, huge_field="consequences"),
    Page("incidents:notice-sent", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": AuthorityNotice.objects.get(pk=s.notice.pk).version,
        "sent_at": _local(timezone.now()), "authority_reference": "IMY-2026-7",
    }, form=notice_forms.SentForm),
    Page("incidents:notice-follow-up", Role.SECURITY_CHIEF, lambda org, s, u: IMY_NOTICE,
         form=notice_forms.ImyNoticeForm, huge_field="measures_proposed",
         prepare=lambda org, s, u: notice_services.record_sent(
             s.notice, by=u, version=s.notice.version, authority_reference="IMY-1")),
    Page("incidents:follow-settings", Role.MANAGER, lambda org, s, u: {
        "version": "1", "frequency": "digest", "by_email": "on",
    }, form=FollowSettingForm),
    Page("incidents:roster", Role.SECURITY_CHIEF, lambda org, s, u: {
        "person": _partner(org).pk, "administration": org.alfa.pk,
        "starts_at": _local(timezone.now() + timedelta(hours=1)),
        "ends_at": _local(timezone.now() + timedelta(hours=9)),
    }, form=incident_forms.ShiftForm),
    Page("actions:create", Role.SECURITY_CHIEF, lambda org, s, u: {
        "title": "Byt lås", "description": "Låset är trasigt", "owner": u.email,
        "unit": org.alfa_unit.pk, "area": org.area.pk, "due_date": _today(30),
        "priority": "medium",
    }, form=action_forms.ActionForm, huge_field="description"),
    Page("actions:start", Role.SECURITY_CHIEF, lambda org, s, u: {"version": s.action.version},
         kinds={"version": "typed"}),
    Page("actions:complete", Role.SECURITY_CHIEF, lambda org, s, u: {"version": s.action.version},
         kinds={"version": "typed"}),
    Page("actions:effect", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.action.version, "was_effective": "no", "checked_on": _today(),
        "note": "Låset håller",
    }, form=action_forms.EffectForm, prepare=_complete),
    Page("actions:cancel", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.action.version, "reason": "Behövs inte",
    }, form=action_forms.CancelForm),
    Page("actions:follow-up", Role.SECURITY_CHIEF, lambda org, s, u: {
        "title": "Följ upp", "description": "Igen", "owner": u.email, "due_date": _today(10),
        "priority": "high",
    }, form=action_forms.FollowUpForm, prepare=_found_lacking),
    Page("actions:need-create", Role.EMPLOYEE, lambda org, s, u: {
        "title": "Bättre ljus", "description": "Mörkt", "unit": org.alfa_unit.pk,
        "site": org.site.pk, "area": org.area.pk,
    }, form=action_forms.NeedForm),
    Page("actions:board-queue", Role.SECURITY_CHIEF, lambda org, s, u: {
        f"rank-{s.need.pk}": "1", f"version-{s.need.pk}": s.need.version,
    }, kinds={"rank": "typed", "version": "typed"},
         path=lambda s: "/atgarder/sakerhetsledningen/"),
    Page("actions:meeting-create", Role.SECURITY_CHIEF, lambda org, s, u: {
        "date": _today(), "title": "Möte", "attendees": [u.pk], "notes": "Anteckningar",
    }, form=action_forms.MeetingForm),
    Page("actions:meeting-detail", Role.SECURITY_CHIEF, lambda org, s, u: {
        "need": s.need.pk, f"version-{s.need.pk}": s.need.version, "kind": "accept",
        "reason": "Bra",
        "actions-TOTAL_FORMS": "1", "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "0", "actions-MAX_NUM_FORMS": "10",
        "actions-0-title": "Sätt upp lampor", "actions-0-owner": u.email,
        "actions-0-due_date": _today(20),
    }, form=action_forms.DecisionForm, kinds={
        # A formset of new rows only: the initial count has no meaning here.
        "version": "typed", "actions-TOTAL_FORMS": "typed", "actions-INITIAL_FORMS": "ignored",
        "actions-MIN_NUM_FORMS": "ignored", "actions-MAX_NUM_FORMS": "ignored",
        "actions-0-title": "text", "actions-0-owner": "typed", "actions-0-due_date": "typed",
    }),
    Page("actions:plan-create", Role.SECURITY_CHIEF, lambda org, s, u: {
        "year": "2027", "administration": org.alfa.pk, "title": "Säkerhetsplan",
    }, form=action_forms.PlanForm, path=lambda s: "/atgarder/verksamhetsplaner/ny/"),
    Page("actions:plan-detail", Role.SECURITY_CHIEF, lambda org, s, u: {
        "title": "Övning", "area": org.area.pk, "goal": "Färre bränder", "owner": u.email,
        "description": "Utrymning", "estimated_cost": "20000", "effort_hours": "16",
    }, form=action_forms.ActivityForm),
    Page("actions:estimate", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.action.version, "estimated_cost": "5000", "effort_hours": "10",
    }, form=action_forms.EstimateForm),
    Page("actions:activity-estimate", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.activity.version, "estimated_cost": "5000", "effort_hours": "10",
    }, form=action_forms.EstimateForm),
    Page("actions:activity-status", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.activity.version, "status": "ongoing", "note": "Påbörjad",
    }, form=action_forms.ActivityStatusForm),
    Page("fire_safety:document-edit", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.sba.document.version, "next_review": _today(100),
        "training_plan": "Övning i mars",
    }, form=fire_forms.DocumentForm, kinds={"training_plan": "text"}, huge_field="training_plan"),
    Page("fire_safety:control-point-add", Role.SECURITY_CHIEF, lambda org, s, u: {
        "title": "Brandlarm", "checklist": s.sba.checklist.pk, "frequency": "monthly",
        "starts_on": _today(),
    }, form=fire_forms.ControlPointForm),
    Page("fire_safety:document-create", Role.SECURITY_CHIEF, lambda org, s, u: {
        "site": _site_without_binder().pk, "unit": org.alfa_unit.pk, "area": org.area.pk,
        "responsible": u.email, "next_review": _today(300),
    }, form=fire_forms.DocumentCreateForm, path=lambda s: "/brandskydd/ny/"),
    Page("fire_safety:assignments", Role.SECURITY_CHIEF, lambda org, s, u: {
        "user": u.email, "role": "deputy", "valid_from": _today(), "valid_to": _today(365),
    }, form=fire_forms.AssignmentForm),
    Page("fire_safety:assignment-end", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.sba.assignment.version, "valid_to": _today(10),
    }, form=fire_forms.EndAssignmentForm),
    Page("fire_safety:inspection-add", Role.SECURITY_CHIEF, lambda org, s, u: {
        "date": _today(), "rescue_service": "Räddningstjänsten Syd", "reference": "2026-1",
    }, form=fire_forms.InspectionForm),
    Page("fire_safety:round", Role.SECURITY_CHIEF, _round_data, form=fire_forms.RoundForm,
         kinds=Matching({r"outcome_\d+": "typed", r"comment_\d+": "text", "pause": "ignored"})),
    Page("fire_safety:round-comment", Role.SECURITY_CHIEF, lambda org, s, u: {"text": "Flyttad"},
         form=fire_forms.CommentForm, huge_field="text"),
    Page("fire_safety:inspection", Role.SECURITY_CHIEF, lambda org, s, u: {
        "kind": "injunction", "text": "Brandcellsgräns bruten", "deadline": _today(-10),
    }, form=fire_forms.RemarkForm),
    Page("fire_safety:remark-status", Role.SECURITY_CHIEF, _remark_status,
         kinds=Matching({r"r\d+-version": "typed", r"r\d+-status": "typed",
                         r"r\d+-status_note": "text"})),
    Page("fire_safety:checklist", Role.AREA_OWNER, lambda org, s, u: {
        "version": s.sba.checklist.version, "name": "Egenkontroll", "items": "Ett\nTvå",
    }, form=fire_forms.ChecklistForm),
    Page("support:ask", Role.MANAGER, lambda org, s, u: {
        "area": org.area.pk, "unit": org.alfa_unit.pk, "site": "", "question": "Hur gör vi?",
        "urgency": "normal",
    }, form=support_forms.AskForm, huge_field="question"),
    Page("support:assign", Role.SECURITY_CHIEF, lambda org, s, u: {
        "assign-version": _support_version(s), "assign-assignee": u.pk,
    }, kinds={"assign-version": "typed", "assign-assignee": "typed"}),
    Page("support:answer", Role.SECURITY_CHIEF, lambda org, s, u: {
        "answer-version": _support_version(s), "answer-answer": "Så här gör ni",
        "answer-routine_reference": "Rutin för larm",
    }, kinds={"answer-version": "typed", "answer-answer": "text",
              "answer-routine_reference": "text"}, huge_field="answer-answer"),
    Page("support:close", Role.SECURITY_CHIEF, lambda org, s, u: {
        "close-version": _support_version(s), "close-confirm": "on",
    }, kinds={"close-version": "typed", "close-confirm": "boolean"}),
    Page("support:rate", Role.MANAGER, lambda org, s, u: {
        "rate-version": _support_version(s), "rate-helped": "yes",
        "rate-time_acceptable": "no", "rate-comment": "Bra stöd",
    }, kinds={"rate-version": "typed", "rate-helped": "typed", "rate-time_acceptable": "typed",
              "rate-comment": "text"}, prepare=_support_answered_for),
    Page("support:time", Role.SECURITY_CHIEF, lambda org, s, u: {
        "time-spent_on": _today(), "time-hours": "1.5", "time-note": "Möte på enheten",
    }, kinds={"time-spent_on": "typed", "time-hours": "typed", "time-note": "text"}),
    Page("support:action", Role.SECURITY_CHIEF, lambda org, s, u: {
        "action-title": "Larmknapp", "action-owner": u.pk, "action-due_date": _today(30),
    }, kinds={"action-title": "text", "action-owner": "typed", "action-due_date": "typed"}),
    Page("support:absences", Role.EMPLOYEE, lambda org, s, u: {
        "starts_on": _today(), "ends_on": _today(1), "note": "Kurs",
    }, form=support_forms.AbsenceForm),
    # A coordinator's (here the chief's) form names the person who is away.
    Page("support:absences", Role.SECURITY_CHIEF, lambda org, s, u: {
        "person": s.support.absence.person.email, "starts_on": _today(3), "ends_on": _today(4),
        "note": "Kurs",
    }, form=support_forms.AbsenceForm),
    Page("support:absence-cancel", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.support.absence.version,
    }, form=support_forms.CancelAbsenceForm),
    Page("support:contact-create", Role.SECURITY_CHIEF, lambda org, s, u: {
        "unit": "", "area": org.area.pk, "primary": u.email, "substitute": "",
        "note": "Ring växeln först",
    }, form=support_forms.ContactForm, path=lambda s: "/stod/kontakter/ny/"),
    Page("support:contact-edit", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.support.contact.version, "primary": u.email,
        "substitute": s.support.absence.person.email, "note": "Ny ersättare",
    }, form=support_forms.ContactChangeForm),
    Page("support:contact-remove", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.support.contact.version,
    }, form=support_forms.RemoveContactForm),
    # governance
    Page("governance:meeting-create", Role.SECURITY_CHIEF, lambda org, s, u: {
        "held_on": _today(), "title": "Rådsmöte", "agenda": "1. Läget",
    }, form=gov_forms.MeetingForm, huge_field="agenda"),
    Page("governance:meeting-minutes", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.gov.meeting.version, "agenda": "1. Läget", "minutes": "Mötet öppnades",
    }, form=gov_forms.MinutesForm, huge_field="minutes"),
    Page("governance:decision-create", Role.SECURITY_CHIEF, lambda org, s, u: {
        "paragraph": "§ 4", "registry_number": "RS-2026-1", "title": "Ny rutin",
        "text": "Rådet beslutar", "responsible": u.email, "deadline": _today(30),
    }, form=gov_forms.DecisionForm),
    Page("governance:decision-distribute", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.gov.decision.version, "units": org.alfa.pk, "role": "manager",
        "people": u.email,
    }, form=gov_forms.DistributeForm),
    Page("governance:requirement-create", Role.SECURITY_CHIEF, lambda org, s, u: {
        "area": org.area.pk, "reference": "GDPR-33", "law": "GDPR art. 33",
        "requirement": "Anmäl personuppgiftsincidenter inom 72 timmar", "owner": u.email,
        "how_met": "Rutin", "status": "met",
    }, form=gov_forms.RequirementForm, path=lambda s: "/styrning/krav/nytt/"),
    Page("governance:requirement-assess", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.gov.requirement.version, "status": "partly_met", "how_met": "Delvis",
    }, form=gov_forms.AssessForm),
    Page("governance:requirement-supersede", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.gov.requirement.version, "law": "LSO i ny lydelse",
        "requirement_text": "Skäligt brandskydd", "how_met": "Pärmen",
    }, form=gov_forms.SupersedeForm),
    Page("governance:plan-create", Role.SECURITY_CHIEF, lambda org, s, u: {
        "year": str(timezone.localdate().year + 1), "administration": org.alfa.pk,
        "title": "Internkontrollplan",
    }, form=gov_forms.PlanForm, path=lambda s: "/styrning/internkontroll/ny/"),
    Page("governance:control-add", Role.SECURITY_CHIEF, lambda org, s, u: {
        "area": org.area.pk, "title": "Larmtest", "risk": "Larmet tystnar",
        "method": "Prova larmet", "frequency": "monthly", "owner": u.email,
        "maintenance_only": "",
    }, form=gov_forms.ControlForm),
    Page("governance:occurrence", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.gov.occurrence.version, "performed_on": _today(), "result": "remarks",
        "remarks": "Larmet hördes inte", "raise_action": "on",
    }, form=gov_forms.PerformForm),
    Page("governance:occurrence-deficiency", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.gov.occurrence.version, "note": "Larmet byts i vår",
    }, form=gov_forms.DeficiencyForm),
    Page("governance:funding-create", Role.SECURITY_CHIEF, lambda org, s, u: {
        "name": "Statsbidrag", "granted_by": "Staten", "amount": "3000000",
        "start_year": "2023", "end_year": "2025",
    }, form=gov_forms.FundingForm, path=lambda s: "/styrning/resurser/ny/"),
    Page("governance:funding-activity", Role.SECURITY_CHIEF, lambda org, s, u: {
        "title": "Utbildning", "administration": org.alfa.pk, "area": org.area.pk,
        "year": str(timezone.localdate().year), "estimated_cost": "50000", "effort_hours": "20",
    }, form=gov_forms.FundedActivityForm),
    Page("governance:planning-submit", Role.HEAD_OF_ADMINISTRATION, lambda org, s, u: {
        "note": "Fokus på hot och våld",
    }, form=gov_forms.SubmitPlanForm, prepare=_unsubmitted),
    Page("governance:submission-comment", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.gov.submission.version, "comment": "Lägg till budgeten",
    }, form=gov_forms.CommentPlanForm),
    Page("governance:submission-agree", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.gov.submission.version, "comment": "Bra plan",
    }, form=gov_forms.AgreePlanForm),
    Page("governance:assignment-create", Role.SECURITY_CHIEF, lambda org, s, u: {
        "authority": "MSB", "reference": "MSB 2026-123", "title": "Redovisa krisberedskapen",
        "description": "Enligt förordningen", "administration": org.alfa.pk, "area": org.area.pk,
        "responsible": u.email, "received_on": _today(), "deadline": _today(30),
    }, form=gov_forms.AssignmentForm, path=lambda s: "/styrning/statliga-uppdrag/nytt/"),
    Page("governance:assignment-update", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.gov.assignment.version, "status": "in_progress", "note": "Påbörjad",
        "deadline": _today(40),
    }, form=gov_forms.AssignmentStatusForm),
    Page("governance:snapshot-take", Role.SECURITY_CHIEF, lambda org, s, u: {
        "year": str(timezone.localdate().year),
    }, form=gov_forms.SnapshotForm, path=lambda s: "/styrning/indikatorer/ta/"),
    Page("continuity:plan-create", Role.SECURITY_CHIEF, lambda org, s, u: {
        **CONTINUITY_PLAN, "service": s.cont.service.pk, "unit": "", "responsible": u.email,
        "review_date": _today(90),
    }, form=cont_forms.PlanForm, huge_field="alternatives"),
    Page("continuity:plan-edit", Role.SECURITY_CHIEF, lambda org, s, u: {
        **CONTINUITY_PLAN, "version": s.cont.plan.version, "service": s.cont.service.pk,
        "responsible": u.email, "review_date": _today(90),
    }, form=cont_forms.PlanEditForm, huge_field="contacts"),
    Page("continuity:backup", Role.SECURITY_CHIEF, lambda org, s, u: {
        "lasts_hours": "10", "checked_on": _today(),
        "version": s.cont.dependency.continuity_backup.version,
    }, form=cont_forms.BackupForm),
    Page("continuity:crisis-open", Role.SECURITY_CHIEF, lambda org, s, u: {
        "title": "Brand i kulvert", "template": "", "unit": s.unit.pk, "summary": "Läget",
    }, form=cont_forms.CrisisForm, path=lambda s: "/kontinuitet/kriser/ny/",
        huge_field="summary"),
    Page("continuity:crisis-entry", Role.SECURITY_CHIEF, lambda org, s, u: {
        "kind": "decision", "happened_at": _local(timezone.now() - timedelta(minutes=5)),
        "text": "Evakuera plan 3", "decided_by": "Stabschefen", "basis": "Rök",
        "corrects": s.cont.entry.pk,
    }, form=cont_forms.EntryForm, huge_field="text"),
    Page("continuity:crisis-staff", Role.SECURITY_CHIEF, lambda org, s, u: {
        "role": "Loggförare", "person": u.email,
    }, form=cont_forms.StaffForm),
    Page("continuity:crisis-summary", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.cont.crisis.version, "summary": "Läget är under kontroll",
    }, form=cont_forms.SummaryForm, huge_field="summary"),
    Page("continuity:crisis-close", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.cont.crisis.version, "evaluation": "Det gick bra", "confirm": "on",
    }, form=cont_forms.CloseForm, huge_field="evaluation"),
    Page("continuity:stock-create", Role.SECURITY_CHIEF, lambda org, s, u: {
        **CONTINUITY_STOCK, "unit": s.unit.pk, "site": "", "responsible": u.email,
    }, form=cont_forms.StockForm, path=lambda s: "/kontinuitet/forsorjning/ny/",
        huge_field="agreement"),
    Page("continuity:stock-edit", Role.SECURITY_CHIEF, lambda org, s, u: {
        **CONTINUITY_STOCK, "version": s.cont.stock.version, "site": org.site.pk,
        "responsible": u.email,
    }, form=cont_forms.StockEditForm, huge_field="agreement"),
    Page("continuity:stock-count", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.cont.stock.version, "days_held": "12", "counted_on": _today(),
    }, form=cont_forms.CountForm),
    Page("continuity:stock-action", Role.SECURITY_CHIEF, lambda org, s, u: {
        "owner": u.email, "due_date": _today(14), "description": "Beställ påfyllning",
    }, form=cont_forms.ShortfallActionForm, huge_field="description"),
    Page("continuity:wartime-plan-create", Role.SECURITY_CHIEF, lambda org, s, u: {
        "unit": org.alfa_unit2.pk, "state": "adopted", "adopted_on": _today(),
        "review_date": _today(365), "notes": "Krigsplaceringar beslutade", "responsible": u.email,
    }, form=cont_forms.WartimePlanForm, path=lambda s: "/kontinuitet/hojd-beredskap/ny/",
        huge_field="notes"),
    Page("continuity:wartime-plan-edit", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.cont.wartime_plan.version, "state": "adopted", "adopted_on": _today(),
        "review_date": _today(365), "notes": "Fastställd", "responsible": u.email,
    }, form=cont_forms.WartimePlanEditForm, huge_field="notes"),
    Page("continuity:wartime-post-add", Role.SECURITY_CHIEF, lambda org, s, u: {
        "title": "Samband", "person": u.email, "informed_on": _today(), "note": "Ersättare",
    }, form=cont_forms.PostForm),
    Page("continuity:wartime-post", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.cont.post.version, "title": "Stabschef", "person": u.email,
        "informed_on": _today(), "note": "Underrättad muntligt",
    }, form=cont_forms.PostEditForm),
    Page("continuity:exercise-create", Role.SECURITY_CHIEF, lambda org, s, u: {
        **CONTINUITY_EXERCISE, "unit": s.unit.pk, "area": s.area.pk, "plan": s.cont.plan.pk,
    }, form=cont_forms.ExerciseForm, path=lambda s: "/kontinuitet/ovningar/ny/",
        huge_field="scenario"),
    Page("continuity:exercise-edit", Role.SECURITY_CHIEF, lambda org, s, u: {
        **CONTINUITY_EXERCISE, "version": s.cont.exercise.version, "area": s.area.pk,
        "plan": s.cont.plan.pk,
    }, form=cont_forms.ExerciseEditForm, huge_field="scenario"),
    Page("continuity:exercise-evaluation", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.cont.exercise.version, "participants": "12",
        "participant_roles": "Stabschef", "worked_well": "Stabsarbetet",
        "did_not_work": "Sambandet", "recovery_hours": "3",
    }, form=cont_forms.EvaluationForm, huge_field="worked_well"),
    Page("continuity:training-create", Role.SECURITY_CHIEF, lambda org, s, u: {
        "person": u.email, "role": "security_partner", "course": "Stabsmetodik",
        "completed_on": _today(), "valid_until": _today(365),
    }, form=cont_forms.TrainingForm, path=lambda s: "/kontinuitet/utbildning/ny/"),
    Page("risks:analysis-create", Role.SECURITY_CHIEF, lambda org, s, u: {
        "title": "Riskanalys", "kind": "unit", "unit": s.unit.pk, "area": s.area.pk,
        "period_start": _today(), "period_end": _today(365), "participants": u.email,
        "method": "Workshop", "responsibility": "Enheten", "preparedness": "God",
        "vulnerabilities": "Få",
    }, form=risk_forms.AnalysisForm, huge_field="method"),
    Page("risks:analysis-edit", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.risks.analysis.version, "title": "Riskanalys", "area": s.area.pk,
        "period_start": _today(), "period_end": _today(365), "method": "Intervjuer",
        "responsibility": "Enheten", "preparedness": "God", "vulnerabilities": "Få",
    }, form=risk_forms.AnalysisEditForm, huge_field="method"),
    Page("risks:analysis-status", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.risks.analysis.version, "status": "in_progress",
    }, form=risk_forms.StatusForm),
    Page("risks:analysis-approve", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.risks.analysis.version, "forum": _forum().pk, "decided_on": _today(),
        "paragraph": "§ 12", "registry_number": "RS2026-1", "text": "Fastställs",
    }, form=risk_forms.ApproveForm, huge_field="text"),
    Page("risks:risk-create", Role.SECURITY_CHIEF, lambda org, s, u: {
        "title": "Strömavbrott", "area": s.area.pk, "owner": u.email, "scenario": "Elnätet faller",
        "cause": "Storm", "consequences": "Vården stannar", "inherent_likelihood": "2",
        "inherent_consequence": "3", "treatment": "reduce", "justification": "Reservkraft",
    }, form=risk_forms.RiskForm, kinds=RISK_STEPS, huge_field="scenario"),
    Page("risks:risk-edit", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.risks.risk.version, "title": "Strömavbrott", "area": s.area.pk,
        "owner": u.email, "scenario": "Elnätet faller", "cause": "Storm",
        "consequences": "Vården stannar", "inherent_likelihood": "2",
        "inherent_consequence": "3", "treatment": "reduce", "justification": "Reservkraft",
    }, form=risk_forms.RiskEditForm, kinds=RISK_STEPS, huge_field="scenario"),
    Page("risks:note-create", Role.SECURITY_CHIEF, lambda org, s, u: {
        "noted_on": _today(), "source": "MSB", "summary": "Elbrist i vinter",
        "areas": s.area.pk,
    }, form=risk_forms.NoteForm, huge_field="summary"),
    Page("risks:service-create", Role.SECURITY_CHIEF, lambda org, s, u: {
        "name": "Akut sjukvård", "unit": s.unit.pk, "analysis": s.risks.analysis.pk,
        "tolerable_outage_hours": "0", "description": "Dygnet runt", "backup": "Grannsjukhuset",
    }, form=risk_forms.CriticalServiceForm, path=lambda s: "/risker/samhallsviktig-verksamhet/ny/",
        huge_field="description"),
    Page("risks:service-edit", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.cont.service.version, "name": "Akutsjukvård", "unit": s.unit.pk,
        "analysis": "", "tolerable_outage_hours": "2", "description": "Dygnet runt",
        "backup": "Grannsjukhuset",
    }, form=risk_forms.CriticalServiceEditForm, huge_field="backup"),
    Page("risks:dependency-create", Role.SECURITY_CHIEF, lambda org, s, u: {
        "kind": "water", "tolerable_outage_hours": "24", "description": "Kommunalt vatten",
        "backup": "Reservtank",
    }, form=risk_forms.DependencyForm, huge_field="backup"),
    Page("risks:dependency-edit", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.cont.dependency.version, "tolerable_outage_hours": "1",
        "description": "Elnätet", "backup": "Reservkraft i 72 timmar",
    }, form=risk_forms.DependencyEditForm, huge_field="backup"),
    Page("risks:preparedness-assess", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": "1", "fulfilment": "partly", "comment": "Staben övad, nämnden inte",
    }, form=risk_forms.PreparednessForm, huge_field="comment"),
    Page("risks:follow-up", Role.SECURITY_CHIEF, lambda org, s, u: {
        "year": str(s.risks.rsa.period_start.year + 1), "summary": "Åtgärderna följer planen",
    }, form=risk_forms.FollowUpForm, huge_field="summary"),
    Page("risks:matrix-move", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.risks.analysis.version, "matrix": _newer_matrix().number,
    }, form=risk_forms.MatrixMoveForm, prepare=lambda org, s, u: _newer_matrix()),
    Page("incidents:elsewhere", Role.SECURITY_CHIEF, lambda org, s, u: {
        "area": s.area.pk, "category": "", "administration": org.alfa.pk,
        "year": str(timezone.localdate().year - 1), "count": "12", "source_system": "MedControl",
        "note": "Från vårdens avvikelsesystem",
    }, form=ElsewhereFigureForm, huge_field="note"),
    Page("reports:index", Role.SECURITY_CHIEF, lambda org, s, u: {
        "year": str(timezone.localdate().year - 1), "administration": org.alfa.pk,
    }, form=report_forms.CreateForm),
    Page("reports:summary", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": AnnualReport.objects.get(pk=s.report.report.pk).version,
        "summary": "Året i korthet", "conclusions": "Fortsatt arbete",
    }, form=report_forms.SummaryForm, huge_field="summary"),
    Page("reports:chapter", Role.AREA_OWNER, lambda org, s, u: {
        "version": Chapter.objects.get(pk=s.report.chapter.pk).version, "narrative": "Året",
    }, form=report_forms.NarrativeForm, huge_field="narrative"),
    Page("reports:decision", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": AnnualReport.objects.get(pk=s.report.report.pk).version,
        "forum": _forum().pk, "decided_on": _today(), "paragraph": "§ 87",
        "registry_number": "RS 2026/334", "text": "Läggs till handlingarna",
        "assignment": "Utveckla mål", "assignment_owner": u.email, "assignment_due": _today(200),
        "recipient_units": org.alfa.pk, "recipient_role": "",
    }, form=report_forms.DecisionForm, huge_field="text",
       prepare=lambda org, s, u: approved(s.report.report, u)),
    Page("goals:indicator", Role.SECURITY_CHIEF, lambda org, s, u: {
        "year": "2020", "value": "3", "source": "Pärmen", "note": "Räknat",
    }, form=goal_forms.ManualValueForm),
    Page("goals:create", Role.SECURITY_CHIEF, lambda org, s, u: {
        "title": "Färre hot", "statement": "Hot mot personal ska minska",
        "scope": f"area-{org.area.pk}", "start_year": "2025", "end_year": "2028",
        "owner": u.email, "parent": s.indicator.goal_id, "priority": "high",
    }, form=goal_forms.GoalForm, path=lambda s: "/mal/nytt/", huge_field="statement"),
    Page("goals:edit", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.indicator.goal.version, "title": "Färre hot", "statement": "Ny text",
        "scope": f"administration-{org.alfa.pk}", "start_year": "2019", "end_year": "2023",
        "owner": u.email, "parent": "", "priority": "low",
    }, form=goal_forms.GoalChangeForm),
    Page("goals:archive", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.indicator.goal.version,
    }, form=goal_forms.ArchiveForm),
    Page("goals:indicator-create", Role.SECURITY_CHIEF, lambda org, s, u: {
        "title": "Genomförda övningar", "kind": "manual", "direction": "higher",
        "baseline_year": "2019", "target_year": "2022", "target_type": "absolute",
        "target_value": "12", "criteria": "", "position": "1", "baseline_value": "4",
        "source": "Övningsloggen",
    }, form=goal_forms.NewIndicatorForm),
    Page("goals:indicator-edit", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.indicator.version, "title": "Manuell", "kind": "manual",
        "direction": "lower", "baseline_year": "2019", "target_year": "2023",
        "target_type": "relative", "target_value": "0.5", "criteria": "{}", "position": "0",
    }, form=goal_forms.IndicatorChangeForm),
    Page("accounts:mfa-setup", Role.EMPLOYEE, _valid_code, prepare=_totp_device,
         kinds={"code": "text"}),
    Page("accounts:appoint", Role.SECURITY_CHIEF, lambda org, s, u: {
        "user": u.email, "role": "security_partner", "unit": s.administration.pk, "area": "",
        "starts_on": _today(), "ends_on": "", "reason": "Förstärkning",
    }, form=appointment_forms.AppointForm, path=lambda s: "/roller/utse/", huge_field="reason"),
    Page("accounts:end-role", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": s.appointment.version, "ends_on": _today(400), "reason": "Omorganisation",
    }, form=appointment_forms.EndForm),
    Page("login", None, lambda org, s, u: {"username": u.email, "password": "x"},
         path=lambda s: "/login/", kinds={"username": "text", "password": "text"},
         accepted=lambda outcome: outcome.status == 302),
    # documents
    Page("documents:create", Role.SECURITY_CHIEF, lambda org, s, u: {
        "title": "Rutin för larm", "kind": "routine", "audience": "all", "unit": s.unit.pk,
        "areas": s.area.pk, "records_class": "310", "review_months": "24", "body": "Ring 112",
    }, form=doc_forms.NewDocumentForm, huge_field="body"),
    Page("documents:edit", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": _doc_version(s), "title": "Rutin vid hot", "kind": "routine",
        "audience": "managers", "unit": s.unit.pk, "areas": s.area.pk, "records_class": "310",
        "review_months": "12",
    }, form=doc_forms.DetailsForm),
    Page("documents:draft", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": _doc_version(s), "body": "Ny text", "change_summary": "Rättat",
    }, form=doc_forms.DraftForm, huge_field="body"),
    Page("documents:consultation", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": _doc_version(s), "reply_by": _today(14), "message": "Svara gärna",
        "recipient_unit": s.unit.pk, "recipient_role": "manager",
    }, form=doc_forms.ConsultationForm, prepare=_doc_adopt_then_draft),
    Page("documents:reply", Role.SECURITY_CHIEF, lambda org, s, u: {
        "text": "Bra", "on_behalf_of": "Enheten",
    }, form=doc_forms.ReplyForm),
    Page("documents:adopt", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": _doc_version(s), "forum": _doc_forum(), "decided_on": _today(),
        "paragraph": "§ 3", "registry_number": "RS 2026/3", "decision_text": "Fastställs",
        "recipient_unit": s.unit.pk, "recipient_role": "", "acknowledge_by": _today(30),
    }, form=doc_forms.AdoptForm),
    Page("documents:review", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": _doc_version(s), "note": "Aktuell",
    }, form=doc_forms.ReviewForm),
    Page("documents:archive", Role.SECURITY_CHIEF, lambda org, s, u: {
        "version": _doc_version(s), "confirm": "on",
    }, form=doc_forms.ArchiveForm),
]  # fmt: skip

#: Pages that take a POST with no input of their own, or are covered another way.
NO_INPUT = {
    "incidents:acknowledge": "a button: no input",
    "actions:plan-copy": "a button: no input",
    "logout": "a button: no input",
    "incidents:attachments": "files: test_hostile_uploads",
    "accounts:mfa-verify": "the same CodeForm as accounts:mfa-setup",
    "set_language": "test_language_switch",
    "governance:decision-acknowledge": "a button: no input",
    "governance:plan-adopt": "a button: no input but the version",
    "documents:acknowledge": "a button: no input",
    "reports:approve": "a button: no input but the version",
    "reports:new-version": "a button: no input but the version",
    "reports:print": "a button: asks the worker for the PDF",
    "continuity:crisis-print": "a button: asks the worker for the log's PDF",
}


def _kinds(spec: Page, data: dict) -> dict[str, str]:
    kinds = {}
    form_fields = spec.form.base_fields if spec.form else {}
    for name in data:
        if name in form_fields:
            kinds[name] = _kind(form_fields[name])
        elif name.startswith(("rank-", "version-")):
            kinds[name] = spec.kinds[name.split("-")[0]]
        else:
            kinds[name] = spec.kinds[name]
    return kinds


@dataclass
class Outcome:
    status: int
    stored: bool
    body: str
    followed: str = ""
    error: str = ""


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return ""
    return response.content.decode("utf-8", errors="replace")


def submit(client, path, data) -> Outcome:
    """POST in a transaction that is rolled back afterwards; the row counts say what stayed."""
    with transaction.atomic():
        before = row_counts()
        try:
            response = client.post(path, data)
        except Exception as exc:  # a 500: the client re-raises the view's exception
            transaction.set_rollback(True)
            return Outcome(500, False, "", error=f"{type(exc).__name__}: {exc}"[:300])
        stored = row_counts() != before
        followed = ""
        if response.status_code == 302 and response["Location"].startswith("/"):
            followed = _body(client.get(response["Location"]))
        transaction.set_rollback(True)
    return Outcome(response.status_code, stored, _body(response), followed)


ERROR_MARKS = ('role="alert"', "field-error", "errorlist", "message--error")


def shows_error(outcome: Outcome) -> bool:
    if 400 <= outcome.status < 500:
        return bool(outcome.body.strip())
    return any(mark in outcome.body or mark in outcome.followed for mark in ERROR_MARKS)


def leaks(outcome: Outcome) -> str | None:
    for text in (outcome.body, outcome.followed):
        for mark in [*UNESCAPED, settings.SECRET_KEY]:
            if mark in text:
                return mark[:20]
    return None


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


tried = {"count": 0}


@pytest.fixture(scope="module", autouse=True)
def _record_the_figure():
    """After the module's tests, whatever their order: how many bad inputs were tried."""
    yield
    record("bad_inputs", "bad inputs tried", tried["count"])


#: A typed field (number, date, choice) gets one value of each sort: the rest of the corpus is
#: text, and a typed field refuses text alike (the form level tries every value on every field).
TYPED_SAMPLE = {"nul", "rtl-override", "escape-sequence", "script-tag", "nfd",
                "impossible-date", "year-one", "huge-number", "minus-one", "nan",
                "superscript-digit"}  # fmt: skip
#: A filter echoes its value into the page: markup that breaks out of an attribute, and what
#: could break the query (NUL on PostgreSQL, numbers and dates out of range).
GET_SAMPLE = {"nul", "script-tag", "attribute-breakout", "javascript-url", "nfd", "huge-number",
              "year-99999", "year-one", "superscript-digit"}  # fmt: skip
#: A text field gets every payload a page must store and show escaped, and two of the
#: characters the guard refuses: one control character and one direction override, enough to
#: show that the field is guarded. Which characters the guard refuses is proven once, for the
#: whole corpus, in sakra/core/tests/test_validation.py; dates and numbers are text to a text
#: field. (The whole corpus on every text field was half of `make test`'s time.)
TEXT_SAMPLE = {bad.name for bad in TEXT if bad.kind == PAYLOAD} - {
    "impossible-date", "year-zero", "year-99999", "year-one", "huge-number", "minus-one", "nan",
    "infinity", "superscript-digit",
} | {"nul", "rtl-override", "nfd", "long-line"}  # fmt: skip
#: The free-text filters get what a text field gets.
GET_TEXT = {"q", "actor", "obj", "unit_search", "owner_name"}
CHECKBOX_SAMPLE = {"nul", "script-tag", "huge-number"}


def values_for(kind: str) -> list[Bad]:
    if kind == "text":
        return [bad for bad in TEXT if bad.name in TEXT_SAMPLE]
    sample = CHECKBOX_SAMPLE if kind in ("boolean", "ignored") else TYPED_SAMPLE
    return [bad for bad in TEXT if bad.name in sample]


def _check(spec, client, path, data, name, kind, bad, problems):
    spoiled = {**data, name: bad.value}
    outcome = submit(client, path, spoiled)
    tried["count"] += 1
    where = f"{spec.route} {name}={bad.name}"
    if outcome.status >= 500:
        problems.append(f"{where}: {outcome.status} {outcome.error}")
        return
    if mark := leaks(outcome):
        problems.append(f"{where}: shows {mark!r} unescaped")
    if must_refuse(kind, bad):
        if spec.accepted(outcome):
            problems.append(f"{where}: stored (status {outcome.status})")
        elif not shows_error(outcome):
            problems.append(f"{where}: refused without a message (status {outcome.status})")


@pytest.mark.parametrize("spec", PAGE_SPECS, ids=lambda s: s.route)
def test_each_field_of_each_page(spec, org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    inside, _outside = build_world(org)
    user = org.user(spec.role) if spec.role else org.user(Role.EMPLOYEE)
    if spec.prepare:
        spec.prepare(org, inside, user)
    for obj in (inside.incident, inside.action, inside.activity, inside.need):
        obj.refresh_from_db()
    client = _client(user if spec.role else None)
    path = spec.path(inside) if spec.path else fill(PAGES[spec.route][1], inside)
    data = spec.valid(org, inside, user)
    baseline = submit(client, path, data)
    assert spec.accepted(baseline), (
        f"the valid submission of {spec.route} stored nothing: {baseline}"
    )
    kinds = _kinds(spec, data)
    problems: list[str] = []
    for name, kind in kinds.items():
        for bad in values_for(kind):
            _check(spec, client, path, data, name, kind, bad, problems)
    if spec.huge_field:
        _check(spec, client, path, data, spec.huge_field, "text", HUGE_TEXT, problems)
    assert not problems, "\n".join(problems)


def test_the_ten_megabyte_answer_is_a_clear_message(org):
    client = _client(org.user(Role.EMPLOYEE))
    response = client.post("/atgarder/behov/nytt/", {"title": "x", "description": HUGE_TEXT.value})
    assert response.status_code == 400
    assert "Formuläret var för stort" in response.content.decode()
    assert not ImprovementNeed.objects.exists()


def test_stored_payloads_are_shown_escaped(org):
    """A description quoting markup and template syntax is kept word for word, and shown as
    text on the incident page, the list and the receipt."""
    inside, _ = build_world(org)
    chief = org.user(Role.SECURITY_CHIEF)
    client = _client(chief)
    payload = "<script>alert('sakra')</script> {{ settings.SECRET_KEY }} {% debug %}"
    response = client.post(f"/avvikelser/{inside.incident.pk}/kommentar/", {"text": payload})
    assert response.status_code == 302
    page = client.get(f"/avvikelser/{inside.incident.pk}/").content.decode()
    assert "&lt;script&gt;alert(&#x27;sakra&#x27;)&lt;/script&gt;" in page
    assert "{{ settings.SECRET_KEY }}" in page and "{% debug %}" in page
    assert settings.SECRET_KEY not in page


# --- the pages: found by their forms, so that a new one cannot be missed ------------------------

FORM_TAG = re.compile(r"<form\b[^>]*>", re.I)


def _posting_routes(client, path) -> set[str]:
    """The routes the page's POST forms send to (an empty action: the page itself)."""
    body = client.get(path).content.decode()
    routes = set()
    for tag in FORM_TAG.findall(body):
        if 'method="post"' not in tag.lower():
            continue
        action = re.search(r'action="([^"]*)"', tag)
        target = (action.group(1) if action else "") or path
        target = target.split("?")[0]
        match = resolve(target)
        routes.add(match.view_name)
    return routes


def test_every_page_taking_input_is_in_the_corpus(org):
    inside, _ = build_world(org)
    covered = {spec.route for spec in PAGE_SPECS} | set(NO_INPUT)
    found = {name for name, (method, _t) in PAGES.items() if method == "POST"}
    chief = _client(org.user(Role.SECURITY_CHIEF))
    action_services.complete_action(
        inside.action, by=org.user(Role.SECURITY_CHIEF), version=inside.action.version
    )
    for name, (method, template) in PAGES.items():
        downloads = (
            "csv",
            "xlsx",
            "incidents:attachment",
            "incidents:notice-pdf",
            "fire_safety:photo",
            "fire_safety:report",
            "governance:meeting-pdf",
            "governance:meeting-docx",
            "risks:report",
            "fire_safety:document-pdf",
            "documents:attachment",
            "continuity:plan-pdf",
            "reports:download",
            "print-file",
            "print-file:crisis-log",
        )
        if method == "GET" and not name.endswith(downloads):
            found |= _posting_routes(chief, fill(template, inside))
    found |= _posting_routes(Client(), "/login/")
    missing = sorted(found - covered)
    assert not missing, f"pages taking input missing from the bad-input corpus: {missing}"


# --- files --------------------------------------------------------------------------------------


def test_hostile_uploads(org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    inside, _ = build_world(org)
    client = _client(org.user(Role.SECURITY_CHIEF))
    path = f"/avvikelser/{inside.incident.pk}/bilagor/"
    ok = SimpleUploadedFile("rapport.pdf", bad_inputs.PDF, content_type="application/pdf")
    assert submit(client, path, {"file": ok}).stored
    problems = []
    for bad in bad_inputs.FILES:
        upload = SimpleUploadedFile(bad.filename, bad.data(), content_type=bad.content_type)
        outcome = submit(client, path, {"file": upload})
        tried["count"] += 1
        if outcome.status >= 500:
            problems.append(f"{bad.name}: {outcome.error}")
        elif outcome.stored:
            problems.append(f"{bad.name}: stored")
        elif not shows_error(outcome):
            problems.append(f"{bad.name}: refused without a message")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("bad", bad_inputs.HOSTILE_NAMES, ids=lambda b: b.name)
def test_a_file_name_never_becomes_a_path(bad, org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    inside, _ = build_world(org)
    client = _client(org.user(Role.SECURITY_CHIEF))
    upload = SimpleUploadedFile(bad.filename, bad.data(), content_type=bad.content_type)
    response = client.post(f"/avvikelser/{inside.incident.pk}/bilagor/", {"file": upload})
    tried["count"] += 1
    assert response.status_code == 302
    attachment = Attachment.objects.latest("pk")
    name = attachment.original_name
    assert name.endswith(".pdf") and len(name) <= 150
    assert "/" not in name and ".." not in name and name.isprintable()
    stored = (settings.MEDIA_ROOT / attachment.file.name).resolve()
    assert stored.is_relative_to(settings.MEDIA_ROOT.resolve()) and stored.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["media"]


# --- the language switch and the GET filters ----------------------------------------------------


def test_language_switch(org):
    client = _client(org.user(Role.EMPLOYEE))
    for bad in TEXT:
        for data in ({"language": bad.value, "next": "/"}, {"language": "en", "next": bad.value}):
            response = client.post("/i18n/setlang/", data)
            assert response.status_code in (302, 400), (bad.name, response.status_code)
            location = response.get("Location", "")
            assert url_has_allowed_host_and_scheme(location, {"testserver"}), location


GET_PAGES = {
    "incidents:list": ["q", "status", "area", "category", "administration", "unit", "site",
                       "occurred_from", "occurred_to", "severity", "acute", "overdue", "sort",
                       "after"],
    "incidents:export-csv": ["q", "occurred_from", "unit"],
    "actions:list": ["status", "owner", "owner_name", "unit", "area", "priority", "source_type",
                     "overdue", "due_from", "page"],
    "actions:need-list": ["status", "area", "unit", "page"],
    "accounts:audit-trail": ["actor", "action", "model", "date_from", "date_to", "obj", "page"],
    "goals:index": ["year"],
    "goals:area": ["year", "inom"],
    "goals:coverage": ["year"],
    "goals:indicator": ["year"],
    "actions:create": ["source"],
    "organisation:picker-options": ["unit_search", "initial", "suggested", "scope", "all",
                                    "status"],
    "fire_safety:index": ["page"],
    "fire_safety:rounds": ["state", "mine", "year", "deviations", "unit", "page"],
    "fire_safety:inspections": ["past_deadline", "open", "year", "page"],
    "fire_safety:follow-up": ["year"],
    "support:index": ["enhet"],
    "support:requests": ["visa", "page"],
    "support:absences": ["page"],
    "support:follow-up": ["ar"],
}  # fmt: skip


@pytest.mark.parametrize("route", list(GET_PAGES))
def test_filters_and_query_strings(route, org):
    inside, _ = build_world(org)
    client = _client(org.user(Role.SECURITY_CHIEF))
    path = fill(PAGES[route][1], inside)
    problems = []
    for name in GET_PAGES[route]:
        for bad in (
            values_for("text") if name in GET_TEXT else [b for b in TEXT if b.name in GET_SAMPLE]
        ):
            tried["count"] += 1
            try:
                response = client.get(path, {name: bad.value})
            except Exception as exc:
                problems.append(f"{name}={bad.name}: {type(exc).__name__}: {exc}"[:300])
                continue
            outcome = Outcome(response.status_code, False, _body(response))
            if response.status_code >= 500:
                problems.append(f"{name}={bad.name}: {response.status_code}")
            elif mark := leaks(outcome):
                problems.append(f"{name}={bad.name}: shows {mark!r} unescaped")
    assert not problems, "\n".join(problems)


# --- the import ---------------------------------------------------------------------------------


def _import_columns():
    from sakra.incidents.importer import COLUMNS

    return COLUMNS


def _import_category(org):
    from sakra.incidents.choices import Severity
    from sakra.incidents.models import IncidentCategory

    return IncidentCategory.objects.create(
        code="hot", name_sv="Hot", name_en="Threat", area=org.area,
        default_severity=Severity.MODERATE,
    )  # fmt: skip


IMPORT_TEXT_COLUMNS = {"external_id", "description", "immediate_measures", "dismissed_reason"}


def _import_row(org, category) -> dict[str, str]:
    return {
        "external_id": "GAMMAL-1", "category": category.code, "unit": org.alfa_unit.code,
        "site": org.site.code, "occurred_at": "2025-03-01 10:00", "aware_at": "2025-03-01 11:00",
        "description": "Hot i receptionen", "immediate_measures": "Vakt tillkallad",
        "people_harmed": "0", "police_reported": "nej", "severity": "2", "status": "closed",
        "dismissed_reason": "", "near_miss": "nej",
        # A disruption, so that its times and hours are judged on their own (without a supply
        # any of them is refused for the missing supply first).
        "supply": "water", "disruption_started_at": "", "disruption_ended_at": "",
        "disruption_hours": "",
    }  # fmt: skip


def _write_csv(path, row: dict[str, str]) -> None:
    import csv

    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(row.keys())
        writer.writerow(row.values())


def run_import(path) -> tuple[str, bool]:
    """(the command's error, or "" when it succeeded; whether anything was stored), rolled back."""
    from django.core.management import CommandError, call_command

    with transaction.atomic():
        before = row_counts()
        stderr = io.StringIO()
        try:
            call_command("import_incidents", str(path), stdout=io.StringIO(), stderr=stderr)
            error = ""
        except CommandError as exc:
            # The row errors ("Row 2, column unit: …") go to stderr, the summary to the error.
            error = f"{stderr.getvalue()}{exc}" or "?"
        stored = row_counts() != before
        transaction.set_rollback(True)
    return error, stored


@pytest.mark.parametrize("column", list(_import_columns()))
def test_each_import_column(column, org, tmp_path):
    from sakra.incidents.models import Incident

    category = _import_category(org)
    row = _import_row(org, category)
    path = tmp_path / "historik.csv"
    _write_csv(path, row)
    assert run_import(path) == ("", True), "the valid file did not import"
    problems = []
    for bad in bad_inputs.IMPORT_VALUES:
        if bad.kind == REFUSE and len(bad.value) > 10_000 and column not in IMPORT_TEXT_COLUMNS:
            continue  # 10 MB in a code or date column proves nothing the text columns do not
        _write_csv(path, {**row, column: bad.value})
        tried["count"] += 1
        with transaction.atomic():
            try:
                error, stored = run_import(path)
            except Exception as exc:
                problems.append(f"{column}={bad.name}: {type(exc).__name__}: {exc}"[:300])
                continue
            text_column = column in IMPORT_TEXT_COLUMNS
            if bad.kind in (REFUSE, HUGE) or not text_column:
                if stored or not error:
                    problems.append(f"{column}={bad.name}: imported")
                elif f" {column}: " not in error and "CSV" not in error:
                    problems.append(f"{column}={bad.name}: unclear message {error!r}")
            elif not error and bad.kind == NFD:
                from django.core.management import call_command

                call_command("import_incidents", str(path), stdout=io.StringIO())
                value = Incident.objects.values_list(column, flat=True).get(
                    external_id__isnull=False
                )
                if not unicodedata.is_normalized("NFC", value):
                    problems.append(f"{column}={bad.name}: stored in NFD")
            transaction.set_rollback(True)
    assert not problems, "\n".join(problems)


def test_hostile_import_files(org, tmp_path):
    problems = []
    for name, suffix, content in bad_inputs.IMPORT_FILES:
        path = tmp_path / f"{name}{suffix}"
        path.write_bytes(bad_inputs.zip_bomb() if content is None else content)
        tried["count"] += 1
        try:
            error, stored = run_import(path)
        except Exception as exc:
            problems.append(f"{name}: {type(exc).__name__}: {exc}"[:300])
            continue
        if stored or not error:
            problems.append(f"{name}: imported")
    assert not problems, "\n".join(problems)
