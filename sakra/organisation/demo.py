"""The demo region, modelled on Region Halland (seeds 000, 002, 004)."""

from .choices import UnitKind
from .models import Site, Unit
from .services import load_area_preset

SITES = [
    ("halmstad", "Halmstad", "Lasarettsvägen 1", "302 33", "Halmstad"),
    ("varberg", "Varberg", "Östra vägen 2", "432 37", "Varberg"),
    ("kungsbacka", "Kungsbacka", "Lasarettsvägen 30", "434 37", "Kungsbacka"),
]

# (code, name, kind, sites, children)
TREE = (
    "region-halland", "Region Halland", UnitKind.REGION, [], [
        ("hs", "Hallands sjukhus", UnitKind.ADMINISTRATION, ["halmstad", "varberg", "kungsbacka"], [
            ("hs-akut", "Akutkliniken", UnitKind.DEPARTMENT, ["halmstad", "varberg"], [
                ("hs-akut-halmstad", "Akutmottagningen Halmstad", UnitKind.UNIT, ["halmstad"], []),
                ("hs-akut-varberg", "Akutmottagningen Varberg", UnitKind.UNIT, ["varberg"], []),
            ]),
            ("hs-med", "Medicinkliniken", UnitKind.DEPARTMENT, ["halmstad", "varberg"], [
                ("hs-med-51", "Avdelning 51 Halmstad", UnitKind.UNIT, ["halmstad"], []),
                ("hs-med-12", "Avdelning 12 Varberg", UnitKind.UNIT, ["varberg"], []),
            ]),
            ("hs-psyk", "Psykiatrin", UnitKind.DEPARTMENT, ["halmstad"], [
                ("hs-psyk-akut", "Psykiatrisk akutvård Halmstad", UnitKind.UNIT, ["halmstad"], []),
            ]),
        ]),
        ("adh", "Ambulans, diagnostik och hälsa", UnitKind.ADMINISTRATION, ["halmstad", "kungsbacka"], [
            ("adh-amb", "Ambulanssjukvården", UnitKind.DEPARTMENT, ["halmstad", "kungsbacka"], [
                ("adh-amb-halmstad", "Ambulansstation Halmstad", UnitKind.UNIT, ["halmstad"], []),
                ("adh-amb-kungsbacka", "Ambulansstation Kungsbacka", UnitKind.UNIT, ["kungsbacka"], []),
            ]),
            ("adh-lab", "Laboratoriemedicin", UnitKind.DEPARTMENT, ["halmstad"], [
                ("adh-lab-kemi", "Klinisk kemi Halmstad", UnitKind.UNIT, ["halmstad"], []),
            ]),
        ]),
        ("rgs", "Regiongemensamma servicefunktioner", UnitKind.ADMINISTRATION, ["halmstad", "varberg"], [
            ("rgs-fastighet", "Fastighet", UnitKind.DEPARTMENT, ["halmstad", "varberg"], [
                ("rgs-drift-halmstad", "Driftenhet Halmstad", UnitKind.UNIT, ["halmstad"], []),
            ]),
            ("rgs-service", "Service", UnitKind.DEPARTMENT, ["varberg"], [
                ("rgs-kost-varberg", "Kost och lokalvård Varberg", UnitKind.UNIT, ["varberg"], []),
            ]),
        ]),
        ("nsvh", "Närsjukvården Halland", UnitKind.ADMINISTRATION, ["kungsbacka", "varberg", "halmstad"], [
            ("nsvh-vc", "Vårdcentraler", UnitKind.DEPARTMENT, ["kungsbacka", "varberg"], [
                ("nsvh-vc-kungsbacka", "Vårdcentralen Kungsbacka", UnitKind.UNIT, ["kungsbacka"], []),
                ("nsvh-vc-varberg", "Vårdcentralen Varberg", UnitKind.UNIT, ["varberg"], []),
            ]),
            ("nsvh-ftv", "Folktandvården", UnitKind.DEPARTMENT, ["halmstad"], [
                ("nsvh-ftv-halmstad", "Folktandvården Halmstad", UnitKind.UNIT, ["halmstad"], []),
            ]),
        ]),
        ("rk", "Regionkontoret", UnitKind.ADMINISTRATION, ["halmstad"], [
            ("rk-sak", "Säkerhetsavdelningen", UnitKind.DEPARTMENT, ["halmstad"], [
                ("rk-sak-enhet", "Säkerhetsenheten", UnitKind.UNIT, ["halmstad"], []),
            ]),
            ("rk-hr", "HR-avdelningen", UnitKind.DEPARTMENT, ["halmstad"], []),
        ]),
    ],
)  # fmt: skip


def _ensure_unit(parent, code, name, kind, site_codes, sites):
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        values = {"code": code, "name": name, "kind": kind}
        unit = (
            Unit.objects.add_root(values)
            if parent is None
            else Unit.objects.add_child(parent, values)
        )
    unit.sites.set([sites[c] for c in site_codes])
    return unit


def _load_tree(node, parent, sites):
    code, name, kind, site_codes, children = node
    unit = _ensure_unit(parent, code, name, kind, site_codes, sites)
    for child in children:
        # Adding a child changes the parent's child count: read it fresh.
        _load_tree(child, Unit.objects.get(pk=unit.pk), sites)


def load() -> list[str]:
    sites = {}
    for code, name, address, postal_code, city in SITES:
        sites[code], _created = Site.objects.update_or_create(
            code=code,
            defaults={"name": name, "address": address, "postal_code": postal_code, "city": city},
        )
    _load_tree(TREE, None, sites)
    load_area_preset("halland")
    return []
