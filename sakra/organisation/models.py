"""The organisation: the unit tree, the sites units work at, and the security areas."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager

from .choices import UnitKind
from .querysets import SecurityAreaQuerySet, SiteQuerySet, UnitQuerySet


class UnitManager(MP_NodeManager.from_queryset(UnitQuerySet)):
    def get_queryset(self):
        # Treebeard's manager orders by path (depth-first); keep that order.
        return UnitQuerySet(self.model, using=self._db).order_by("path")


class Site(models.Model):
    """A place (anläggning): a hospital area or building that hosts units."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = SiteQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self) -> str:
        return self.name


class Unit(MP_Node):
    """A node of the line organisation: region → administrations → departments → units.

    The tree is a materialised path, so a subtree is one indexed `LIKE 'path%'` query.
    """

    steplen = 4
    node_order_by = ["name"]

    code = models.SlugField(_("code"), max_length=40, unique=True)
    external_id = models.CharField(
        _("external id"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The unit's HSA-id or the region's own id; imports match units by it."),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    sites = models.ManyToManyField(Site, verbose_name=_("sites"), related_name="units", blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = UnitManager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name

    @property
    def administration(self):
        """The administration (förvaltning) this unit belongs to, or None above that level."""
        if self.kind == UnitKind.ADMINISTRATION:
            return self
        prefixes = [self.path[:i] for i in range(self.steplen, len(self.path), self.steplen)]
        return (
            Unit.objects.filter(path__in=prefixes, kind=UnitKind.ADMINISTRATION).first()
            if prefixes
            else None
        )


class SecurityArea(models.Model):
    """A security area (säkerhetsområde) from the region's catalogue, with its owner."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("area owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_areas",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = SecurityAreaQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name_sv"]
        verbose_name = _("security area")
        verbose_name_plural = _("security areas")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the language of the current request."""
        return self.name_en if (get_language() or "sv").startswith("en") else self.name_sv
