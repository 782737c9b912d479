"""`sakra import-organisation FILE`: the unit tree and its sites from the region's catalogue.

Columns (the header row names them; order is free; docs/admin/organisation-import.md):
external_id* (HSA-id or the region's id), parent_id (the parent's external_id; empty for the
region), kind* (region, administration/förvaltning, department/verksamhet/avdelning,
unit/enhet), name*, code (Sakra's short code; made from external_id when empty), sites
(site codes separated by "|"). * = required.

The file is the whole tree. A unit in Sakra with an external id that the file no longer has
is closed: archived, never deleted, so that its incidents and actions stay and are found. A
unit without an external id whose code the file names is taken over (the demo region, or
units typed in by hand before the first import).
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import nullcontext
from dataclasses import dataclass
from functools import reduce
from operator import or_
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sakra.core.audit import as_system, log_bulk_created

from ..choices import UnitKind
from ..models import Site, Unit
from . import ImportRefused, Plan, RowError, clean_rows

COLUMNS = ["external_id", "parent_id", "kind", "name", "code", "sites"]
REQUIRED = ["external_id", "kind", "name"]
LIMITS = {"external_id": 64, "parent_id": 64, "name": 200, "code": 40, "sites": 2000}

#: What the kind column may say, in lower case.
KINDS = {
    "region": UnitKind.REGION,
    "administration": UnitKind.ADMINISTRATION,
    "förvaltning": UnitKind.ADMINISTRATION,
    "department": UnitKind.DEPARTMENT,
    "verksamhet": UnitKind.DEPARTMENT,
    "avdelning": UnitKind.DEPARTMENT,
    "unit": UnitKind.UNIT,
    "enhet": UnitKind.UNIT,
}

NEW, RENAMED, MOVED, KIND, CLOSED, REOPENED, SITES, LINKED, RECOUNTED = (
    "new",
    "renamed",
    "moved",
    "kind",
    "closed",
    "reopened",
    "sites",
    "linked",
    "recounted",
)


@dataclass
class UnitRow:
    number: int
    external_id: str
    parent_id: str
    kind: str
    name: str
    code: str
    sites: tuple[str, ...]


def _parse(rows, errors: list[RowError]) -> dict[str, UnitRow]:
    units: dict[str, UnitRow] = {}
    codes: dict[str, str] = {}
    for number, row in rows:
        missing = [column for column in REQUIRED if not row.get(column)]
        for column in missing:
            errors.append(RowError(number, column, _("required")))
        if missing:
            continue
        external_id = row["external_id"]
        kind = KINDS.get(row["kind"].lower())
        if kind is None:
            errors.append(
                RowError(number, "kind", _("unknown kind “{kind}”").format(kind=row["kind"]))
            )
            continue
        if external_id in units:
            errors.append(
                RowError(
                    number,
                    "external_id",
                    _("two units have the id “{id}” (rows {first} and {row})").format(
                        id=external_id, first=units[external_id].number, row=number
                    ),
                )
            )
            continue
        code = row.get("code") or slugify(external_id)[:40]
        if not code or slugify(code, allow_unicode=True) != code.lower():
            errors.append(RowError(number, "code", _("use letters a–z, digits and hyphens")))
            continue
        if code in codes:
            errors.append(
                RowError(number, "code", _("the code “{code}” is repeated").format(code=code))
            )
            continue
        codes[code] = external_id
        sites = tuple(sorted({s.strip() for s in row.get("sites", "").split("|") if s.strip()}))
        if any(slugify(site) != site or len(site) > 40 for site in sites):
            errors.append(
                RowError(
                    number,
                    "sites",
                    _("site codes are letters a–z, digits and hyphens, separated by “|”"),
                )
            )
            continue
        units[external_id] = UnitRow(
            number, external_id, row.get("parent_id", ""), kind, row["name"], code.lower(), sites
        )
    return units


def _check_tree(units: dict[str, UnitRow], errors: list[RowError]) -> None:
    """One region at the top, every parent in the file, no unit below itself."""
    roots = [row for row in units.values() if not row.parent_id]
    if len(roots) != 1:
        errors.append(
            RowError(
                1,
                "parent_id",
                _(
                    "the file must have exactly one unit without a parent (the region); "
                    "it has {count}"
                ).format(count=len(roots)),
            )
        )
    for row in units.values():
        if row.parent_id and row.parent_id not in units:
            errors.append(
                RowError(
                    row.number,
                    "parent_id",
                    _("the parent “{id}” is not in the file").format(id=row.parent_id),
                )
            )
    for row in units.values():
        seen = {row.external_id}
        parent = units.get(row.parent_id)
        while parent is not None:
            if parent.external_id in seen:
                errors.append(
                    RowError(
                        row.number,
                        "parent_id",
                        _("the unit “{id}” is its own ancestor").format(id=row.external_id),
                    )
                )
                break
            seen.add(parent.external_id)
            parent = units.get(parent.parent_id)


def _in_tree_order(units: dict[str, UnitRow]) -> list[UnitRow]:
    """Parents before children, siblings by name (so new units are appended, not inserted)."""
    children = defaultdict(list)
    for row in units.values():
        children[row.parent_id].append(row)
    ordered, level = [], sorted(children[""], key=lambda r: r.name)
    while level:
        ordered += level
        level = [
            child
            for row in level
            for child in sorted(children[row.external_id], key=lambda r: r.name)
        ]
    return ordered


def import_organisation(path: Path, *, by=None, dry_run: bool = False) -> Plan:
    """Apply the file's tree to Sakra's units; all or nothing. The dry run applies it inside a
    transaction that is rolled back, so what it shows is exactly what the real run would do."""
    errors: list[RowError] = []
    units = _parse(clean_rows(path, errors, LIMITS), errors)
    if not units and not errors:
        errors.append(RowError(1, "external_id", _("the file has no units")))
    if units:
        _check_tree(units, errors)
    if errors:
        raise ImportRefused(errors)
    with transaction.atomic(), as_system() if by is None else nullcontext():
        plan = _Apply(units).run()
        if dry_run:
            transaction.set_rollback(True)
    return plan


def _sites_change(sites: list[Site]) -> dict:
    """The sites of a new unit as its entry's change, in auditlog's words for a many-to-many
    field (its name, the operation, the objects)."""
    if not sites:
        return {}
    objects = sorted(str(site) for site in sites)
    return {"sites": {"type": "m2m", "operation": "add", "objects": objects}}


class _Apply:
    """The file's tree applied: the differences worked out on what was read once, then the
    new units written in bulk and only the changed units one by one."""

    def __init__(self, units: dict[str, UnitRow]):
        self.units = units
        self.plan = Plan()
        self.placed: dict[str, int] = {}  # external id → unit pk
        self.follow: list[int] = []  # units moved or re-kinded: their incidents follow
        self.sites = {site.code: site for site in Site.objects.all()}
        every = list(Unit.objects.all())
        self.by_external = {u.external_id: u for u in every if u.external_id}
        self.by_code = {u.code: u for u in every}
        self.names = {u.pk: u.name for u in every}
        by_path = {u.path: u.pk for u in every}
        # A unit's parent by identity: a move or a sibling's insertion shifts paths, never who
        # is whose parent, so this holds for the whole run while paths change under it.
        self.parent_of = {u.pk: by_path.get(u.path[: -Unit.steplen]) for u in every}
        self.site_codes: dict[int, set[str]] = defaultdict(set)
        for unit_id, code in Unit.sites.through.objects.values_list("unit_id", "site__code"):
            self.site_codes[unit_id].add(code)

    def run(self) -> Plan:
        ordered = _in_tree_order(self.units)
        matched = {row.external_id: self._match(row) for row in ordered}
        for row in ordered:
            if matched[row.external_id] is not None:
                self.placed[row.external_id] = matched[row.external_id].pk
        self._create([row for row in ordered if matched[row.external_id] is None])
        for row in ordered:
            if (unit := matched[row.external_id]) is not None:
                self._update(unit, row)
                self._set_sites(unit, row)
        self._close()
        self._follow_administrations()
        return self.plan

    def _match(self, row: UnitRow) -> Unit | None:
        unit = self.by_external.get(row.external_id)
        if unit is None:
            candidate = self.by_code.get(row.code)
            if candidate is not None and not candidate.external_id:
                unit = candidate
        if unit is None and not row.parent_id:
            roots = [u for u in self.by_code.values() if u.depth == 1 and not u.external_id]
            unit = roots[0] if len(roots) == 1 else None
        return unit

    def _code_for(self, row: UnitRow) -> str:
        code, n = row.code, 1
        while code in self.by_code:
            n += 1
            code = f"{row.code[:36]}-{n}"
        return code

    def _create(self, rows: list[UnitRow]) -> None:
        """The new units, a subtree of them at a time, through treebeard's bulk loader: the top
        of each placed (sorted among its siblings) and the rest inserted with their paths
        computed, in one statement per thousand. Their audit entries are written in bulk."""
        if not rows:
            return
        new = {row.external_id for row in rows}
        children = defaultdict(list)
        for row in rows:  # in tree order, so siblings stay sorted by name
            children[row.parent_id].append(row)
        codes = {}
        for row in rows:
            codes[row.external_id] = code = self._code_for(row)
            self.by_code[code] = None  # reserved

        def data(row: UnitRow) -> dict:
            fields = {"code": codes[row.external_id], "external_id": row.external_id}
            fields |= {"name": row.name, "kind": row.kind}
            return {"data": fields, "children": [data(c) for c in children[row.external_id]]}

        sites = {row.external_id: self._wanted_sites(row) for row in rows}
        for top in (row for row in rows if row.parent_id not in new):
            parent = Unit.objects.get(pk=self.placed[top.parent_id]) if top.parent_id else None
            pks = Unit.objects.load_bulk([data(top)], parent=parent, bulk_create=True)
            created = list(Unit.objects.filter(pk__in=pks[1:]).order_by()) if pks[1:] else []
            # The top went through save(), which auditlog recorded; the rest did not. A new
            # unit's sites are part of its creation: its entry names them.
            log_bulk_created(
                created,
                source="import-organisation",
                more=lambda unit: _sites_change(sites[unit.external_id]),
            )
            for unit in [Unit.objects.get(pk=pks[0]), *created]:
                self.placed[unit.external_id] = unit.pk
                self.names[unit.pk] = unit.name
                self.by_code[unit.code] = unit
        names = {row.external_id: row.name for row in self.units.values()}
        through = Unit.sites.through
        links = []
        for row in rows:
            pk = self.placed[row.external_id]
            self.plan.add(
                NEW,
                _("New unit: {name} ({id}), {kind}, under {parent}.").format(
                    name=row.name,
                    id=row.external_id,
                    kind=UnitKind(row.kind).label,
                    parent=names.get(row.parent_id, "–"),
                ),
            )
            if row.parent_id not in new and sites[row.external_id]:
                # A top was saved one by one: auditlog records its sites as it did before.
                Unit.objects.get(pk=pk).sites.set(sites[row.external_id])
            else:
                links += [through(unit_id=pk, site=site) for site in sites[row.external_id]]
        through.objects.bulk_create(links, batch_size=1000)

    def _wanted_sites(self, row: UnitRow) -> list[Site]:
        wanted = []
        for code in row.sites:
            site = self.sites.get(code)
            if site is None:
                # A site the catalogue names first: created with its code as its name, which
                # an administrator completes (address) in the reference data.
                site = self.sites[code] = Site.objects.create(code=code, name=code)
                self.plan.add(SITES, _("New site: {code}.").format(code=code))
            wanted.append(site)
        return wanted

    def _update(self, unit: Unit, row: UnitRow) -> None:
        fields = []
        changed = False
        if unit.external_id != row.external_id:
            self.plan.add(
                LINKED,
                _("The unit {name} ({code}) gets the id {id}.").format(
                    name=unit.name, code=unit.code, id=row.external_id
                ),
            )
            unit.external_id = row.external_id
            fields.append("external_id")
        if unit.name != row.name:
            self.plan.add(
                RENAMED,
                _("Renamed: {old} → {new} ({id}).").format(
                    old=unit.name, new=row.name, id=row.external_id
                ),
            )
            unit.name = row.name
            fields.append("name")
        if unit.kind != row.kind:
            old = unit.get_kind_display()
            unit.kind = row.kind
            self.plan.add(
                KIND,
                _("{name} changes kind: {old} → {new}.").format(
                    name=row.name, old=old, new=unit.get_kind_display()
                ),
            )
            fields.append("kind")
            self.follow.append(unit.pk)
        if not unit.is_active:
            self.plan.add(
                REOPENED, _("Reopened: {name} ({id}).").format(name=row.name, id=row.external_id)
            )
            unit.is_active = True
            fields.append("is_active")
        if fields:
            # Only these columns are written: the path read at the start may be stale by now.
            unit.save(update_fields=fields)
            changed = True
        self.names[unit.pk] = unit.name
        current = self.parent_of.get(unit.pk)
        parent = self.placed.get(row.parent_id)
        if parent is not None and current != parent:
            self.plan.add(
                MOVED,
                _("Moved: {name} ({id}) from {old} to {new}.").format(
                    name=row.name,
                    id=row.external_id,
                    old=self.names.get(current, "–"),
                    new=self.names[parent],
                ),
            )
            # Read again: earlier moves and insertions may have shifted both paths.
            Unit.objects.move(
                Unit.objects.get(pk=unit.pk), Unit.objects.get(pk=parent), "sorted-child"
            )
            self.parent_of[unit.pk] = parent
            self.follow.append(unit.pk)
            changed = True
        if not changed:
            self.plan.unchanged += 1

    def _set_sites(self, unit: Unit, row: UnitRow) -> None:
        wanted = self._wanted_sites(row)
        if self.site_codes.get(unit.pk, set()) != {site.code for site in wanted}:
            unit.sites.set(wanted)  # auditlog records the change
            self.plan.add(
                SITES,
                _("{name} works at: {sites}.").format(
                    name=row.name, sites=", ".join(s.name for s in wanted) or "–"
                ),
            )

    def _close(self) -> None:
        gone = [
            unit
            for external_id, unit in self.by_external.items()
            if external_id not in self.units and unit.is_active
        ]
        for unit in gone:
            self.plan.add(
                CLOSED,
                _("Closed: {name} ({id}); its records are kept.").format(
                    name=unit.name, id=unit.external_id
                ),
            )
        for unit in gone:
            unit.is_active = False
            unit.save(update_fields=["is_active"])  # one save each: auditlog records it

    def _follow_administrations(self) -> None:
        """Incidents store their administration; after a move or a change of kind it is
        recomputed for the subtrees concerned, and the yearly summary counted over."""
        if not self.follow:
            return
        from sakra.incidents import summary
        from sakra.incidents.choices import Status
        from sakra.incidents.models import Incident

        paths = Unit.objects.filter(pk__in=self.follow).values_list("path", flat=True)
        subtree = Unit.objects.filter(reduce(or_, (Q(path__startswith=p) for p in paths)))
        administrations = dict(Unit.objects.administrations().values_list("path", "pk"))
        groups: dict[int | None, list[int]] = defaultdict(list)
        for pk, path in subtree.values_list("pk", "path"):
            above = [path[:end] for end in range(len(path), 0, -Unit.steplen)]
            groups[next((administrations[p] for p in above if p in administrations), None)].append(
                pk
            )
        fields = [
            "pk",
            "administration_id",
            "category_id",
            "area_id",
            "is_restricted",
            "is_acute",
            "occurred_year",
            "is_near_miss",
            "status",
        ]
        for administration, unit_pks in groups.items():
            stale = Incident.objects.filter(unit_id__in=unit_pks)
            stale = (
                stale.exclude(administration_id=administration)
                if administration is not None
                else stale.filter(administration__isnull=False)
            )
            rows = list(stale.only(*fields[1:]))
            if not rows:
                continue
            summary.count_out([i for i in rows if i.status != Status.DISMISSED])
            Incident.objects.filter(pk__in=[i.pk for i in rows]).update(
                administration_id=administration
            )
            for incident in rows:
                incident.administration_id = administration
            summary.count_in(rows)
            self.plan.add(
                RECOUNTED,
                _("{count} incidents now belong to {administration}.").format(
                    count=len(rows), administration=self.names.get(administration, "–")
                ),
            )
