"""The fixed vocabularies of risk management and the RSA."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AnalysisKind(models.TextChoices):
    REGIONAL_RSA = "regional_rsa", _("The region's risk and vulnerability analysis (RSA)")
    UNIT = "unit", _("Unit risk analysis")
    CHANGE = "change", _("Risk assessment before a change")
    THREATS = "threats", _("Workplace assessment of threats and violence")


class AnalysisStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("analysis status", "Draft")
    IN_PROGRESS = "in_progress", pgettext_lazy("analysis status", "In progress")
    APPROVED = "approved", pgettext_lazy("analysis status", "Approved")
    ARCHIVED = "archived", pgettext_lazy("analysis status", "Archived")


#: The statuses an analysis may move to from each status.
TRANSITIONS = {
    AnalysisStatus.DRAFT: {AnalysisStatus.IN_PROGRESS, AnalysisStatus.ARCHIVED},
    AnalysisStatus.IN_PROGRESS: {AnalysisStatus.DRAFT, AnalysisStatus.ARCHIVED},
    AnalysisStatus.APPROVED: {AnalysisStatus.IN_PROGRESS, AnalysisStatus.ARCHIVED},
    AnalysisStatus.ARCHIVED: set(),
}


class Treatment(models.TextChoices):
    ACCEPT = "accept", pgettext_lazy("risk treatment", "Accept")
    REDUCE = "reduce", pgettext_lazy("risk treatment", "Reduce")
    TRANSFER = "transfer", pgettext_lazy("risk treatment", "Transfer")
    AVOID = "avoid", pgettext_lazy("risk treatment", "Avoid")


class DependencyKind(models.TextChoices):
    """The critical dependencies of MSBFS 2015:4 and seed 002's critical supply."""

    ELECTRICITY = "electricity", _("Electricity")
    WATER = "water", _("Water")
    HEATING_COOLING = "heating_cooling", _("Heating and cooling")
    IT_TELECOM = "it_telecom", _("IT and telecoms")
    MEDICINES = "medicines", _("Medicines")
    MEDICAL_GASES = "medical_gases", _("Medical gases")
    FOOD = "food", _("Food")
    PROTECTIVE_EQUIPMENT = "protective_equipment", _("Protective equipment")
    TRANSPORT = "transport", _("Transport")
    STAFF = "staff", _("Staff")


class Fulfilment(models.TextChoices):
    """How far the region meets an indicator of crisis preparedness."""

    MET = "met", pgettext_lazy("preparedness", "Met")
    PARTLY = "partly", pgettext_lazy("preparedness", "Partly met")
    NOT_MET = "not_met", pgettext_lazy("preparedness", "Not met")


class CycleStep(models.TextChoices):
    """The two deadlines of the mandate-period cycle (MSBFS 2015:4)."""

    REPORT = "report", _("The RSA reported")
    FOLLOW_UP = "follow_up", _("The yearly follow-up")
