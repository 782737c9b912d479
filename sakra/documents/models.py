"""Governing documents (styrande dokument): the chain from policy to routine, their versions
and decisions, consultation (remiss), distribution with read acknowledgements, and the review
cycle.

A document's content lives in its versions. One version at a time is worked on (a draft, or a
draft on consultation); adopting it freezes its sanitised HTML with a hash, points it at the
governance app's one decision record, and supersedes the version in force.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sakra.core.models import VersionedModel, user_fk

from .choices import (
    WORKING_STATES,
    Audience,
    DocumentKind,
    DocumentStatus,
    ReminderKind,
    ReviewKind,
    VersionState,
)
from .querysets import DocumentQuerySet, VersionQuerySet


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved on by whole months, kept inside the target month (31 Jan + 1 → 28 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    return day.replace(year=year, month=month, day=min(day.day, last))


#: How much of a document's search text its opening (`search_head`) holds.
SEARCH_HEAD_LENGTH = 400


class Document(VersionedModel):
    """A governing document: a policy, strategy, guideline, routine or instruction."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("governed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("The document above this one in the chain from policy to routine."),
    )
    supplements = models.ForeignKey(
        "self",
        verbose_name=_("local supplement to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="local_supplements",
        help_text=_("A common document this one adds to for one administration or unit."),
    )
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("applies to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for the whole region."),
    )
    areas = models.ManyToManyField(
        "organisation.SecurityArea",
        verbose_name=_("security areas"),
        blank=True,
        related_name="governing_documents",
    )
    related = models.ManyToManyField(
        "self",
        verbose_name=_("related documents"),
        blank=True,
        symmetrical=False,
        related_name="+",
    )
    owner = user_fk(_("owner"), "owned_documents")
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.ALL_STAFF
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    records_class = models.CharField(
        _("records class"),
        max_length=100,
        blank=True,
        help_text=_(
            "Where the registry files it, e.g. “Grunddokument: 310 Förvaltningsspecifika”."
        ),
    )
    review_months = models.PositiveSmallIntegerField(
        _("review interval (months)"),
        default=24,
        help_text=_("The next review falls this long after the last adoption or review."),
    )
    next_review = models.DateField(_("next review"), null=True, blank=True)
    current = models.ForeignKey(
        "DocumentVersion",
        verbose_name=_("version in force"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Lower-case copies for the search (title; title, body and attachment text), kept by the
    # services: a LIKE on them is case-blind for å, ä and ö on SQLite too.
    search_title = models.TextField(editable=False, blank=True, default="")
    search_text = models.TextField(editable=False, blank=True, default="")
    #: The opening of `search_text` (its first paragraph, about), kept apart so that ranking
    #: reads a short column rather than every hit's whole text: PostgreSQL's LIKE costs some
    #: 20 ns a byte, so a common word in 3 000 documents cost 70-90 ms at 2 000 characters.
    search_head = models.CharField(
        editable=False, blank=True, default="", max_length=SEARCH_HEAD_LENGTH
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("governing document")
        verbose_name_plural = _("governing documents")
        constraints = [
            models.CheckConstraint(
                condition=Q(supplements__isnull=True) | Q(unit__isnull=False),
                name="document_supplement_has_unit",
                violation_error_message=_("A local supplement applies to one unit."),
            ),
            models.CheckConstraint(
                condition=Q(review_months__gte=1) & Q(review_months__lte=120),
                name="document_review_interval_range",
                violation_error_message=_("Give a review interval between 1 and 120 months."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:detail", args=[self.pk])

    @property
    def review_overdue(self) -> bool:
        return (
            self.status == DocumentStatus.ADOPTED
            and self.next_review is not None
            and self.next_review < timezone.localdate()
        )


def attachment_path(version: DocumentVersion, filename: str) -> str:
    return f"documents/{version.document_id}/{filename}"


class DocumentVersion(models.Model):
    """One version of a document's content; adopted, it is frozen and never changed."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    state = models.CharField(
        _("state"), max_length=20, choices=VersionState.choices, default=VersionState.DRAFT
    )
    body = models.TextField(_("text (Markdown)"), blank=True)
    attachment = models.FileField(_("attached file"), upload_to=attachment_path, blank=True)
    attachment_name = models.CharField(_("file name"), max_length=200, blank=True)
    attachment_type = models.CharField(_("file type"), max_length=100, blank=True)
    #: Filled by the worker (pypdf / python-docx), never in the request.
    attachment_text = models.TextField(_("text of the attached file"), blank=True, editable=False)
    attachment_read = models.BooleanField(_("file text read"), default=False, editable=False)
    change_summary = models.TextField(_("what changed"), blank=True)
    html = models.TextField(_("adopted text"), blank=True, editable=False)
    content_hash = models.CharField(_("checksum"), max_length=64, blank=True, editable=False)
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    acknowledge_by = models.DateField(
        _("acknowledge by"),
        null=True,
        blank=True,
        help_text=_("Empty when the recipients need not confirm that they have read it."),
    )
    created_by = user_fk(_("written by"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_once"),
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(state__in=WORKING_STATES),
                name="document_one_draft",
                violation_error_message=_("The document already has a draft."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    @property
    def is_working(self) -> bool:
        return self.state in WORKING_STATES


class DistributionRecipient(models.Model):
    """A person an adopted version was sent to (expedieras till)."""

    version = models.ForeignKey(
        DocumentVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="recipients",
    )
    user = user_fk(_("recipient"), "document_distributions")
    must_acknowledge = models.BooleanField(_("must acknowledge"), default=False)
    #: When the recipient was reminded that the date to confirm had passed (once).
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["version", "user__full_name", "pk"]
        verbose_name = _("distribution recipient")
        verbose_name_plural = _("distribution recipients")
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="document_recipient_once")
        ]

    def __str__(self) -> str:
        return f"{self.version} → {self.user}"


class Acknowledgement(models.Model):
    """A recipient's confirmation that they have read one version."""

    version = models.ForeignKey(
        DocumentVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="acknowledgements",
    )
    user = user_fk(_("person"), "document_acknowledgements")
    at = models.DateTimeField(_("read"), default=timezone.now)

    class Meta:
        ordering = ["version", "at", "pk"]
        verbose_name = _("read acknowledgement")
        verbose_name_plural = _("read acknowledgements")
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="document_acknowledged_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.version}"


class Consultation(models.Model):
    """A draft sent on consultation (remiss) to units or roles, with a reply date."""

    version = models.OneToOneField(
        DocumentVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="consultation",
    )
    reply_by = models.DateField(_("reply by"))
    message = models.TextField(_("message to the recipients"), blank=True)
    sent_by = user_fk(_("sent by"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "pk"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self) -> str:
        return str(_("Consultation on {version}").format(version=self.version))


class ConsultationRecipient(models.Model):
    """Who a consultation is sent to: a role in a unit's subtree, any role there, or a role
    across the region."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="recipients",
    )
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=30, blank=True)

    class Meta:
        ordering = ["consultation", "pk"]
        verbose_name = _("consultation recipient")
        verbose_name_plural = _("consultation recipients")
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | ~Q(role=""),
                name="consultation_recipient_named",
                violation_error_message=_("Choose a unit, a role or both."),
            )
        ]

    def __str__(self) -> str:
        return " · ".join(str(part) for part in (self.unit, self.role) if part)


class ConsultationReply(models.Model):
    """A reply to a consultation, recorded against it and shown to the document's owner."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="replies",
    )
    on_behalf_of = models.CharField(_("on behalf of"), max_length=200, blank=True)
    text = models.TextField(_("reply"))
    by = user_fk(_("recorded by"), null=True, blank=True)
    at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["consultation", "at", "pk"]
        verbose_name = _("consultation reply")
        verbose_name_plural = _("consultation replies")

    def __str__(self) -> str:
        return f"{self.consultation}: {self.on_behalf_of or self.by}"


class ReviewEvent(models.Model):
    """A review of a document: a new version adopted, or "reviewed, no change". Either starts
    the review interval again from its date."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="reviews"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReviewKind.choices)
    reviewed_on = models.DateField(_("reviewed on"))
    due_on = models.DateField(_("was due"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    by = user_fk(_("by"), null=True, blank=True)

    class Meta:
        ordering = ["document", "-reviewed_on", "-pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return f"{self.document} {self.reviewed_on}"

    @property
    def in_time(self) -> bool:
        return self.due_on is None or self.reviewed_on <= self.due_on


class ReviewReminder(models.Model):
    """A reminder sent to the owner about one review date: each kind once per date."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="+"
    )
    due_on = models.DateField(_("review date"))
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "pk"]
        verbose_name = _("review reminder")
        verbose_name_plural = _("review reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "due_on", "kind"], name="document_review_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} {self.due_on} {self.kind}"
