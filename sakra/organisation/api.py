"""Read endpoints for the organisation's reference data."""

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from .models import SecurityArea, Site, Unit

router = Router(tags=["organisation"])


class SiteOut(Schema):
    id: int
    code: str
    name: str
    address: str
    postal_code: str
    city: str


class UnitOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    depth: int
    parent_id: int | None
    site_ids: list[int]

    @staticmethod
    def resolve_parent_id(unit) -> int | None:
        return unit.parent_id

    @staticmethod
    def resolve_site_ids(unit) -> list[int]:
        return [site.pk for site in unit.sites.all()]


class SecurityAreaOut(Schema):
    id: int
    code: str
    name_sv: str
    name_en: str
    description: str
    owner_id: int | None


def _units(request):
    units = list(Unit.objects.for_user(request.auth, "view").prefetch_related("sites"))
    # The parent follows from the materialised path; no query per row.
    by_path = {unit.path: unit.pk for unit in units}
    for unit in units:
        unit.parent_id = by_path.get(unit.path[: -Unit.steplen]) if unit.depth > 1 else None
    return units


@router.get("/units", response=list[UnitOut], summary="List units")
@paginate
def list_units(request):
    return _units(request)


@router.get("/units/{unit_id}", response=UnitOut, summary="One unit")
def get_unit(request, unit_id: int):
    unit = get_object_or_404(
        Unit.objects.for_user(request.auth, "view").prefetch_related("sites"), pk=unit_id
    )
    parent = Unit.objects.get_parent(unit)
    unit.parent_id = parent.pk if parent else None
    return unit


@router.get("/sites", response=list[SiteOut], summary="List sites")
@paginate
def list_sites(request):
    return Site.objects.for_user(request.auth, "view")


@router.get("/security-areas", response=list[SecurityAreaOut], summary="List security areas")
@paginate
def list_security_areas(request):
    return SecurityArea.objects.for_user(request.auth, "view")
