"""Incidents and deviations (avvikelser): the catalogue, the reports, their handling and clocks."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sakra.core.models import VersionedModel

from .choices import OPEN_STATUSES, SUPPLY_CHOICES, DismissalKind, Severity, Status, TimelineKind
from .querysets import (
    AttachmentQuerySet,
    CategoryQuerySet,
    ElsewhereQuerySet,
    IncidentObligationQuerySet,
    IncidentQuerySet,
    OnCallShiftQuerySet,
    TimelineQuerySet,
)

LOCAL_ZONE = ZoneInfo("Europe/Stockholm")


def _localised(obj, stem: str) -> str:
    return getattr(obj, f"{stem}_en" if (get_language() or "sv").startswith("en") else f"{stem}_sv")


class ReportingObligation(models.Model):
    """A duty to report to an authority within a deadline counted from awareness."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    authority = models.CharField(_("authority"), max_length=200)
    title_sv = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    deadline_hours = models.PositiveIntegerField(
        _("deadline (hours)"),
        help_text=_("Hours from when the region became aware; 0 means without delay."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("reporting obligation")
        verbose_name_plural = _("reporting obligations")

    def __str__(self) -> str:
        return f"{self.authority}: {self.title}"

    @property
    def title(self) -> str:
        return _localised(self, "title")

    @property
    def without_delay(self) -> bool:
        return self.deadline_hours == 0


class IncidentCategory(models.Model):
    """A kind of incident in the region's catalogue, tied to a security area."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    area = models.ForeignKey(
        "organisation.SecurityArea",
        verbose_name=_("security area"),
        on_delete=models.PROTECT,
        related_name="incident_categories",
    )
    default_severity = models.PositiveSmallIntegerField(
        _("default severity"), choices=Severity.choices, default=Severity.MODERATE
    )
    is_restricted = models.BooleanField(
        _("restricted"),
        default=False,
        help_text=_(
            "Reports hold personal data: only their handlers see them and reads are logged."
        ),
    )
    allows_anonymous = models.BooleanField(_("anonymous reports allowed"), default=False)
    obligations = models.ManyToManyField(
        ReportingObligation,
        verbose_name=_("reporting obligations"),
        related_name="categories",
        blank=True,
    )
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    supply = models.CharField(
        _("critical supply"), max_length=30, choices=SUPPLY_CHOICES, blank=True,
        help_text=_("For a disruption of critical supply: the supply a report concerns."),
    )  # fmt: skip
    # Counted from closing: an open incident is still being handled and keeps what it needs.
    retention_months = models.PositiveSmallIntegerField(
        _("personal data kept (months)"),
        null=True,
        blank=True,
        default=36,
        validators=[MinValueValidator(1), MaxValueValidator(1200)],
        help_text=_(
            "Months after an incident is closed until its personal data (reporter, free text, "
            "attachments) is removed; the event itself is kept for statistics. Empty: never "
            "removed (the records management plan says the reports are preserved). Take the "
            "period from the region's records management plan."
        ),
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name_sv"]
        verbose_name = _("incident category")
        verbose_name_plural = _("incident categories")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _localised(self, "name")


class IncidentSequence(models.Model):
    """The last reference number handed out in a year; its row is locked while allocating."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        ordering = ["year"]
        verbose_name = _("reference sequence")
        verbose_name_plural = _("reference sequences")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Incident(VersionedModel):
    """A reported incident or deviation (avvikelse), handled until closed or dismissed."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    category = models.ForeignKey(
        IncidentCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="incidents",
    )
    # Copied from the category and the unit so that scope filters and indicators need no joins.
    area = models.ForeignKey(
        "organisation.SecurityArea",
        verbose_name=_("security area"),
        on_delete=models.PROTECT,
        related_name="incidents",
    )
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="incidents",
    )
    administration = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("administration"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="administration_incidents",
    )
    site = models.ForeignKey(
        "organisation.Site",
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
    )
    occurred_at = models.DateTimeField(_("occurred at"))
    aware_at = models.DateTimeField(_("region aware at"))
    occurred_date = models.DateField(_("date occurred"), editable=False)
    occurred_year = models.PositiveSmallIntegerField(_("year occurred"), editable=False)
    description = models.TextField(_("description"))
    immediate_measures = models.TextField(_("immediate measures"), blank=True)
    people_harmed = models.PositiveIntegerField(_("people harmed"), default=0)
    police_reported = models.BooleanField(_("reported to the police"), default=False)
    is_acute = models.BooleanField(_("acute"), default=False)
    # A near miss (tillbud) could have happened and did not: counted apart from events.
    is_near_miss = models.BooleanField(_("near miss"), default=False)
    # A disruption of critical supply: which supply, and how long it lasted (the hours given,
    # or worked out from start and end), which the continuity plans compare with their
    # tolerable interruption (sakra/continuity/disruptions.py).
    supply = models.CharField(
        _("critical supply affected"), max_length=30, choices=SUPPLY_CHOICES, blank=True
    )
    disruption_started_at = models.DateTimeField(_("disruption started"), null=True, blank=True)
    disruption_ended_at = models.DateTimeField(_("disruption ended"), null=True, blank=True)
    disruption_hours = models.DecimalField(
        _("disruption lasted (hours)"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Severity.choices)
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.REPORTED
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handled_incidents",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reported_incidents",
    )
    is_restricted = models.BooleanField(_("restricted"), default=False, editable=False)
    dismissed_reason = models.TextField(_("reason for dismissal"), blank=True)
    dismissal_kind = models.CharField(
        _("kind of dismissal"), max_length=20, choices=DismissalKind.choices, blank=True
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="acknowledged_incidents",
    )
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    idempotency_key = models.CharField(
        _("idempotency key"), max_length=100, blank=True, editable=False
    )
    request_hash = models.CharField(_("request hash"), max_length=64, blank=True, editable=False)
    external_id = models.CharField(
        _("external id"), max_length=100, null=True, blank=True, unique=True
    )
    # Retention (gallring): a legal hold stops the removal of personal data; see retention.py.
    legal_hold = models.BooleanField(_("legal hold"), default=False, editable=False)
    legal_hold_reason = models.TextField(_("reason for the legal hold"), blank=True, editable=False)
    legal_hold_set_at = models.DateTimeField(
        _("legal hold set at"), null=True, blank=True, editable=False
    )
    legal_hold_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("legal hold set by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    personal_data_removed_at = models.DateTimeField(
        _("personal data removed at"), null=True, blank=True, editable=False
    )

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "idempotency_key"],
                condition=Q(reporter__isnull=False) & ~Q(idempotency_key=""),
                name="incident_idempotency_per_reporter",
                violation_error_message=_("This report has already been received."),
            ),
            models.UniqueConstraint(
                fields=["idempotency_key"],
                condition=Q(reporter__isnull=True) & ~Q(idempotency_key=""),
                name="incident_idempotency_anonymous",
                violation_error_message=_("This report has already been received."),
            ),
            models.CheckConstraint(
                condition=Q(aware_at__gte=F("occurred_at")),
                name="incident_aware_after_occurred",
                violation_error_message=_("The region cannot become aware before it happened."),
            ),
            models.CheckConstraint(
                condition=Q(severity__gte=1, severity__lte=4),
                name="incident_severity_range",
                violation_error_message=_("Unknown severity."),
            ),
            models.CheckConstraint(
                condition=Q(duplicate_of__isnull=True)
                | (Q(dismissal_kind=DismissalKind.DUPLICATE) & ~Q(duplicate_of=F("pk"))),
                name="incident_duplicate_of_another",
                violation_error_message=_("Only a duplicate names the report it duplicates."),
            ),
            models.CheckConstraint(
                condition=Q(disruption_ended_at__isnull=True)
                | Q(disruption_ended_at__gte=F("disruption_started_at")),
                name="incident_disruption_ends_after_start",
                violation_error_message=_("A disruption cannot end before it started."),
            ),
        ]
        indexes = [
            models.Index(fields=["administration", "occurred_at"], name="incident_admin_occurred"),
            models.Index(fields=["category", "occurred_year"], name="incident_category_year"),
            models.Index(fields=["area", "occurred_year"], name="incident_area_year"),
            models.Index(fields=["status", "occurred_at"], name="incident_status_occurred"),
            models.Index(fields=["handler", "status"], name="incident_handler_status"),
            models.Index(fields=["occurred_at", "id"], name="incident_occurred_keyset"),
            models.Index(fields=["is_acute", "acknowledged_at"], name="incident_acute_ack"),
            # The retention run's search: closed long ago and not yet cleared.
            models.Index(
                fields=["category", "closed_at"],
                condition=Q(personal_data_removed_at__isnull=True, closed_at__isnull=False),
                name="incident_retention_due",
            ),
            # The list's capped count under a category and status filter, for a scope of
            # administration, reporter or handler: an index-only scan (4 ms, not 72 ms).
            models.Index(
                fields=["category", "status", "administration"],
                include=["reporter", "handler"],
                name="incident_category_status_adm",
            ),
            # The continuity plans' search for disruptions of their supplies (few rows).
            models.Index(
                fields=["supply", "disruption_hours"],
                condition=~Q(supply=""),
                name="incident_supply_disruption",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("incidents:detail", args=[self.pk])

    def outline(self) -> str:
        """What the owner of an action it caused may know of it without reading it: its
        reference, category and unit, never the people or the description."""
        return f"{self.reference} · {self.category} · {self.unit}"

    def set_local_dates(self) -> None:
        """Store the local date and year of `occurred_at` (bulk inserts skip `save()`)."""
        # Stored, not computed per query: indicators count by local date and year.
        local = timezone.localtime(self.occurred_at, LOCAL_ZONE)
        self.occurred_date, self.occurred_year = local.date(), local.year

    def save(self, *args, **kwargs):
        self.set_local_dates()
        if kwargs.get("update_fields") is not None and "occurred_at" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "occurred_date", "occurred_year"}
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def awaits_acknowledgement(self) -> bool:
        return self.is_acute and self.acknowledged_at is None and self.is_open

    def action_changed(self, action, change: str, *, by) -> None:
        """An action this incident caused changed state (`sakra.actions.services.tell_source`,
        inside the action's transaction): a post on the timeline, so the incident's story holds
        what was done about it. The action's title is the post's text: hidden like a comment
        from those who may not read a restricted report's free text (privacy.py), and cleared
        with the personal data (retention.py)."""
        data = {"action": action.pk, "change": change, "owner": action.owner_id,
                "due_date": action.due_date.isoformat()}  # fmt: skip
        if action.follows_up_id:
            data["follows_up"] = action.follows_up_id
        TimelineEntry.objects.create(
            incident_id=self.pk,
            kind=TimelineKind.ACTION,
            author=by,
            text="" if self.personal_data_removed_at else action.title,
            data=data,
        )


class IncidentObligation(models.Model):
    """One reporting obligation of one incident, with its deadline and when it was met."""

    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="obligations"
    )
    obligation = models.ForeignKey(
        ReportingObligation,
        verbose_name=_("reporting obligation"),
        on_delete=models.PROTECT,
        related_name="incident_obligations",
    )
    due_at = models.DateTimeField(_("due"))
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    authority_reference = models.CharField(_("authority's reference"), max_length=100, blank=True)

    objects = IncidentObligationQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("incident reporting obligation")
        verbose_name_plural = _("incident reporting obligations")
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "obligation"],
                name="incident_obligation_unique",
                violation_error_message=_("This obligation is already on the incident."),
            )
        ]
        indexes = [models.Index(fields=["reported_at", "due_at"], name="incident_obligation_due")]

    def __str__(self) -> str:
        return f"{self.incident_id}: {self.obligation_id}"

    @property
    def is_pending(self) -> bool:
        """Not yet reported, on an incident still being handled: a closed or dismissed incident
        waits for nothing (closing with a duty pending is confirmed on its timeline)."""
        return self.reported_at is None and self.incident.is_open

    @property
    def is_overdue(self) -> bool:
        return self.is_pending and self.due_at < timezone.now()

    @property
    def is_due_now(self) -> bool:
        """A duty "without delay" within the region's grace (deadlines.py): due, not late."""
        return self.obligation.without_delay and self.is_pending and not self.is_overdue

    @property
    def is_due_soon(self) -> bool:
        return (
            self.is_pending
            and not self.is_overdue
            and (self.due_at - timezone.now() < timedelta(hours=24))
        )


class TimelineEntry(models.Model):
    """A typed entry of an incident's history: a comment, a change, a notification."""

    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="timeline"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=TimelineKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    text = models.TextField(_("text"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    objects = TimelineQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        indexes = [
            models.Index(fields=["incident", "created_at"], name="timeline_incident_created")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"


def attachment_path(instance, filename: str) -> str:
    # The name is generated by the service; the uploader's file name is never a path.
    return f"incidents/{filename}"


class Attachment(models.Model):
    """A file attached to an incident, stored under a generated name outside the web root."""

    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class OnCallShift(models.Model):
    """A security partner on duty (beredskap) for an administration from one time to another."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="on_call_shifts",
    )
    administration = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("administration"),
        on_delete=models.PROTECT,
        related_name="on_call_shifts",
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = OnCallShiftQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("on-call shift")
        verbose_name_plural = _("on-call shifts")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="on_call_shift_ends_after_start",
                violation_error_message=_("A shift must end after it starts."),
            )
        ]
        indexes = [
            models.Index(
                fields=["administration", "starts_at", "ends_at"], name="on_call_admin_time"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.administration}"


class IncidentYearlyCount(models.Model):
    """How many incidents of one kind happened in one administration in one year.

    Derived data, kept by the incident services inside the transaction that creates the
    incidents (see `summary.py`) and rebuilt from the incidents by `sakra
    rebuild-incident-summary`. Dashboards count over years from here instead of scanning
    a million incidents. A year is the finest grain a goal asks for (a monthly grain made
    the region's dashboard read twelve times the rows). The columns carry the incident's
    own names so that one access condition reads both tables. Two rows may share a key (a
    race on a key's first insert on PostgreSQL); readers always sum.
    """

    administration = models.ForeignKey(
        "organisation.Unit", models.DO_NOTHING, db_constraint=False, db_index=False, null=True,
        related_name="+", verbose_name=_("administration"),
    )  # fmt: skip
    category = models.ForeignKey(
        IncidentCategory, models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+",
        verbose_name=_("category"),
    )  # fmt: skip
    area = models.ForeignKey(
        "organisation.SecurityArea", models.DO_NOTHING, db_constraint=False, db_index=False,
        related_name="+", verbose_name=_("security area"),
    )  # fmt: skip
    is_restricted = models.BooleanField(_("restricted"))
    is_acute = models.BooleanField(_("acute"))
    is_near_miss = models.BooleanField(_("near miss"), default=False)
    occurred_year = models.PositiveSmallIntegerField(_("year occurred"))
    count = models.PositiveIntegerField(_("number of incidents"), default=0)

    class Meta:
        ordering = ["occurred_year", "administration_id", "category_id"]
        verbose_name = _("yearly incident count")
        verbose_name_plural = _("yearly incident counts")
        indexes = [
            models.Index(
                fields=["occurred_year", "administration", "category"],
                name="incident_summary_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.occurred_year} {self.category_id}: {self.count}"


class FigureReportedElsewhere(VersionedModel):
    """A count of deviations that the region handles in another system (patient safety,
    medicines, medical devices, radiation, infection control), per security area, category,
    administration and year, with the system it comes from.

    Kept apart from Sakra's own reports: the statistics and the annual report show it beside
    them, marked as reported elsewhere, and never add it to them."""

    area = models.ForeignKey(
        "organisation.SecurityArea", verbose_name=_("security area"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    category = models.ForeignKey(
        IncidentCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+",
        null=True, blank=True,
    )  # fmt: skip
    administration = models.ForeignKey(
        "organisation.Unit", verbose_name=_("administration"), on_delete=models.PROTECT,
        related_name="+", null=True, blank=True,
        help_text=_("Empty for a figure of the whole region."),
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(_("year"))
    count = models.PositiveIntegerField(_("number"))
    source_system = models.CharField(_("source system"), max_length=100)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
        related_name="+", null=True, blank=True,
    )  # fmt: skip

    objects = ElsewhereQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "area", "category", "administration", "pk"]
        verbose_name = _("figure reported elsewhere")
        verbose_name_plural = _("figures reported elsewhere")
        indexes = [models.Index(fields=["year", "area"], name="elsewhere_year_area")]

    def __str__(self) -> str:
        return f"{self.year} {self.area}: {self.count} ({self.source_system})"


# Registered with the app here, where Django looks for models.
from .following.models import FollowDigest, FollowSetting  # noqa: E402, F401
from .notices.models import AuthorityNotice  # noqa: E402, F401
