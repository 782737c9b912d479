from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of DOMAIN.md; each is held in a scope (unit subtree, area, or both)."""

    EMPLOYEE = "employee", _("Employee")
    MANAGER = "manager", _("Manager")
    HEAD_OF_ADMINISTRATION = "head_of_administration", _("Head of administration")
    SECURITY_COORDINATOR = "security_coordinator", _("Security coordinator")
    SECURITY_PARTNER = "security_partner", _("Security partner")
    AREA_OWNER = "area_owner", _("Area owner")
    SECURITY_CHIEF = "security_chief", _("Security chief")
    BOARD_MEMBER = "board_member", _("Security board member")
    AUDITOR = "auditor", _("Auditor")


#: Roles whose holders read everything in scope; they never change anything.
READ_ONLY_ROLES = frozenset({Role.AUDITOR})
