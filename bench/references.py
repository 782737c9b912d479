# ruff: noqa: E501 - SQL reads best one clause a line
"""The raw-SQL references of the honest bench: each page's rows and columns, under the same
access rule, written by hand (issue 19).

A page's ratio means something only if its reference does the same work: the same rows, the
same columns, the same access rule (the whole of it: the reporter's and handler's own rows, each
role in each scope, what a role may not read of a restricted report), the same count capped
the same way. The access rule is written here a second time, in SQL, from the role assignments
as the database holds them; tests/bench/test_raw_references.py holds it equal to the pages'
`for_user()` for every role the bench signs in as, on PostgreSQL and SQLite.

Every function returns `(sql, params)` for Django's cursor (which takes `%s` on both databases).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sakra.accounts.choices import Role
from sakra.incidents.choices import OPEN_STATUSES
from sakra.organisation.choices import UnitKind

VIEW, NARRATIVE = "view", "narrative"
PAGE_ROWS = 51  # a page of 50 and one more, to know whether a next page exists
COUNT_CAP, SEARCH_COUNT_CAP = 10_000, 1_000
#: The roles that read an incident inside their scope (every role but the employee's and the
#: board member's); those below also read restricted ones.
READERS = frozenset({Role.MANAGER, Role.HEAD_OF_ADMINISTRATION, Role.SECURITY_COORDINATOR,
                     Role.SECURITY_PARTNER, Role.AREA_OWNER, Role.SECURITY_CHIEF, Role.AUDITOR})  # fmt: skip
RESTRICTED_READERS = frozenset({Role.SECURITY_COORDINATOR, Role.AREA_OWNER, Role.SECURITY_CHIEF})


@dataclass(frozen=True)
class Held:
    """A role in its scope, as the database holds it."""

    role: str
    unit_id: int | None
    unit_path: str | None  # None at the region's root: region-wide
    unit_kind: str | None
    area_id: int | None


@dataclass(frozen=True)
class Person:
    id: int
    superuser: bool
    held: tuple[Held, ...]

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(h.role for h in self.held)


def person(cursor, user_id: int) -> Person:
    """The person's roles in their scopes (read once per person, as a worker reads them per
    request: that read is in the floor, not in the page's reference)."""
    cursor.execute("SELECT is_superuser FROM accounts_user WHERE id = %s", [user_id])
    (superuser,) = cursor.fetchone()
    cursor.execute(
        "SELECT r.role, r.unit_id, u.path, u.kind, u.depth, r.area_id FROM accounts_roleassignment r"
        " LEFT JOIN organisation_unit u ON u.id = r.unit_id WHERE r.user_id = %s ORDER BY r.id",
        [user_id],
    )
    held = tuple(
        Held(role, unit_id, path if depth and depth > 1 else None, kind, area_id)
        for role, unit_id, path, kind, depth, area_id in cursor.fetchall()
    )
    return Person(user_id, bool(superuser), held)


def _narrowed(role: str, action: str) -> str | None:
    """What a role may not read inside its scope; None for nothing."""
    if role == Role.SECURITY_PARTNER:
        return "(i.is_acute OR NOT i.is_restricted)"  # the acute channel
    if role == Role.AUDITOR:
        return "NOT i.is_restricted" if action == NARRATIVE else None
    return None if role in RESTRICTED_READERS else "NOT i.is_restricted"


def _placed(held: Held) -> tuple[str, list]:
    parts, params = [], []
    if held.unit_path is not None:
        if held.unit_kind == UnitKind.ADMINISTRATION:
            parts.append("i.administration_id = %s")
            params.append(held.unit_id)
        else:
            parts.append("i.unit_id IN (SELECT id FROM organisation_unit WHERE path LIKE %s)")
            params.append(f"{held.unit_path}%")
    if held.area_id is not None:
        parts.append("i.area_id = %s")
        params.append(held.area_id)
    return (" AND ".join(parts) or "1 = 1"), params


def access(who: Person, action: str = VIEW) -> tuple[str, list]:
    """The incidents `who` may see (VIEW) or read the account of (NARRATIVE), as SQL on `i`."""
    if who.superuser:
        return "1 = 1", []
    scopes = [h for h in who.held if h.role in READERS]
    if any(
        h.unit_path is None and h.area_id is None and _narrowed(h.role, action) is None
        for h in scopes
    ):
        return "1 = 1", []
    conditions, params = ["i.reporter_id = %s", "i.handler_id = %s"], [who.id, who.id]
    for held in scopes:
        place, values = _placed(held)
        narrowed = _narrowed(held.role, action)
        conditions.append(f"({place} AND {narrowed})" if narrowed else f"({place})")
        params += values
    return "(" + " OR ".join(conditions) + ")", params


def text_match(vendor: str, words: str) -> tuple[str, list]:
    """The database's text search over description and immediate measures, as the list's `q`."""
    tokens = [w for w in "".join(c if c.isalnum() else " " for c in words).split()][:10]
    if vendor == "postgresql":
        # The stored vector of incidents migration 0014, with its GIN index, as the list reads.
        return "i.search_vector @@ plainto_tsquery('swedish'::regconfig, %s)", [" ".join(tokens)]
    pattern = " ".join(f'"{token}"*' for token in tokens)
    return (
        "i.id IN (SELECT rowid FROM incidents_incident_fts WHERE incidents_incident_fts MATCH %s)",
        [pattern],
    )


def incident_list(
    who: Person, vendor: str, *, now: datetime, status: str | None = None,
    categories: tuple[int, ...] = (), words: str | None = None,
    after: tuple[datetime, int] | None = None, adapt=lambda value: value,
) -> tuple[str, list]:  # fmt: skip
    """The list's page (51 rows, newest first, after a keyset cursor) with the columns it shows,
    its count capped as the page caps it, and each row's overdue flag.

    `adapt` turns a datetime into what the database compares (SQLite keeps UTC text)."""
    where, params = access(who, VIEW)
    if status:
        where += " AND i.status = %s"
        params.append(status)
    if categories:
        where += f" AND i.category_id IN ({', '.join(['%s'] * len(categories))})"
        params += list(categories)
    cap = COUNT_CAP
    if words:
        match, values = text_match(vendor, words)
        where += f" AND {match}"
        params += values
        cap = SEARCH_COUNT_CAP
        if Role.AUDITOR in who.roles:
            # Words match only where the reader may read them (filters.narrative_readable).
            readable, more = access(who, NARRATIVE)
            where += f" AND (NOT i.is_restricted OR {readable})"
            params += more
    page_where, page_params = where, list(params)
    if after is not None:
        moment, pk = adapt(after[0]), after[1]
        page_where += " AND (i.occurred_at < %s OR (i.occurred_at = %s AND i.id < %s)) AND i.occurred_at <= %s"
        page_params += [moment, moment, pk, moment]
    open_statuses = sorted(OPEN_STATUSES)
    sql = (
        "SELECT i.id, i.reference, i.occurred_at, i.severity, i.status, i.is_acute, i.is_restricted,"
        " i.handler_id, i.is_near_miss, c.name_sv, c.name_en, u.name, h.full_name, h.email,"
        f" (SELECT COUNT(*) FROM (SELECT 1 FROM incidents_incident i WHERE {where} LIMIT {cap + 1}) capped),"
        f" CASE WHEN i.status IN ({', '.join(['%s'] * len(open_statuses))}) THEN EXISTS (SELECT 1 FROM"
        " incidents_incidentobligation o WHERE o.incident_id = i.id AND o.reported_at IS NULL AND o.due_at < %s)"
        " ELSE FALSE END"
        " FROM incidents_incident i JOIN incidents_incidentcategory c ON c.id = i.category_id"
        " JOIN organisation_unit u ON u.id = i.unit_id LEFT JOIN accounts_user h ON h.id = i.handler_id"
        f" WHERE {page_where} ORDER BY i.occurred_at DESC, i.id DESC LIMIT {PAGE_ROWS}"
    )
    return sql, [*params, *open_statuses, adapt(now), *page_params]


def dashboard(administration_id: int | None, years: tuple[int, int]) -> tuple[str, list]:
    """A goals dashboard's figures: the active goals it shows with their indicators, and the
    incidents counted per year and category from the yearly summary (what the page counts
    from), for one administration or (None) the whole region."""
    scope = "s.administration_id = %s AND " if administration_id else ""
    goals = (
        "g.administration_id IS NULL OR g.administration_id = %s" if administration_id else "1 = 1"
    )
    params = [administration_id] if administration_id else []
    return (
        "SELECT g.id, g.title, n.id, n.kind FROM goals_goal g LEFT JOIN goals_indicator n ON n.goal_id = g.id"
        f" WHERE g.is_active AND ({goals}) ORDER BY g.id, n.id;\n"
        "SELECT s.area_id, s.occurred_year, s.category_id, SUM(s.count) FROM incidents_incidentyearlycount s"
        f" WHERE {scope}s.occurred_year BETWEEN %s AND %s GROUP BY 1, 2, 3",
        [*params, *params, *years],
    )


REPORT_COLUMNS = (
    "created_at, updated_at, version, reference, category_id, area_id, unit_id, administration_id,"
    " occurred_at, aware_at, occurred_date, occurred_year, description, immediate_measures,"
    " people_harmed, police_reported, is_acute, severity, status, reporter_id, handler_id,"
    " is_restricted, dismissed_reason, idempotency_key, request_hash, legal_hold, legal_hold_reason"
)


def report_defaults(connection, named: str = REPORT_COLUMNS) -> dict[str, object]:
    """The columns an insert naming `named` (comma-separated) leaves to their defaults
    (Django's, not the database's: a column added later is NOT NULL without one), ready for the
    database."""
    from sakra.incidents.models import Incident

    given = {c.strip() for c in named.split(",")}
    return {
        field.column: field.get_db_prep_save(field.get_default(), connection)
        for field in Incident._meta.concrete_fields
        if field.column not in given and not field.primary_key
    }


def report(cursor, *, year: int, now, local_date, category: tuple[int, int], unit: int,
           administration: int, reporter: int, handler: int, text: str, key: str,
           defaults: dict[str, object]) -> None:  # fmt: skip
    """A report by hand: the year's number, then the row, in the caller's transaction."""
    cursor.execute(
        "UPDATE incidents_incidentsequence SET last_number = last_number + 1 WHERE year = %s",
        [year],
    )
    cursor.execute("SELECT last_number FROM incidents_incidentsequence WHERE year = %s", [year])
    number = cursor.fetchone()[0]
    more = "".join(f", {column}" for column in defaults)
    cursor.execute(
        f"INSERT INTO incidents_incident ({REPORT_COLUMNS}{more}) VALUES (%s, %s, 1, %s, %s, %s, %s, %s, %s,"
        " %s, %s, %s, %s, '', 0, FALSE, FALSE, 2, 'reported', %s, %s, FALSE, '', %s, '', FALSE, ''"
        + ", %s" * len(defaults) + ")",
        [now, now, f"AVV-{year}-R{number:07d}", category[0], category[1], unit, administration,
         now, now, local_date, year, text, reporter, handler, key, *defaults.values()],
    )  # fmt: skip
