from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    REGION = "region", _("Region")
    ADMINISTRATION = "administration", _("Administration")
    DEPARTMENT = "department", _("Department")
    UNIT = "unit", _("Unit")
