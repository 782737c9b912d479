"""A SCIM filter, parsed by scim2-models, as a `Q` over the people (ADR 0007).

Only an allow-list of attributes and operators is translated; anything else answers 400
`invalidFilter` rather than being filtered after paging (which would make the totals and the
pages wrong) or in memory (which 40 000 people rule out). Strings compare case-insensitively
(`userName`, the e-mail, the name and the unit, as RFC 7643 says for caseExact=false), the
external id exactly (caseExact=true).
"""

from __future__ import annotations

from django.db.models import Q
from scim2_models import InvalidFilterException
from scim2_models.path.expressions import (
    AttrPath,
    CompareOperator,
    Comparison,
    FilterNode,
    LogicalExpr,
    LogicalOperator,
    Not,
    Present,
    ValuePath,
)

from .schema import CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA, SAKRA_USER_SCHEMA

EMAIL, EXTERNAL_ID, NAME, ACTIVE, ID, UNIT = "email", "external_id", "name", "active", "id", "unit"

#: (schema, attribute, sub-attribute), lower case → what it is in Sakra.
USER_ATTRIBUTES = {
    (CORE_USER_SCHEMA, "username", None): EMAIL,
    (CORE_USER_SCHEMA, "emails", None): EMAIL,
    (CORE_USER_SCHEMA, "emails", "value"): EMAIL,
    (CORE_USER_SCHEMA, "externalid", None): EXTERNAL_ID,
    (CORE_USER_SCHEMA, "displayname", None): NAME,
    (CORE_USER_SCHEMA, "name", "formatted"): NAME,
    (CORE_USER_SCHEMA, "active", None): ACTIVE,
    (CORE_USER_SCHEMA, "id", None): ID,
    (ENTERPRISE_USER_SCHEMA, "department", None): UNIT,
    (SAKRA_USER_SCHEMA, "unit", None): UNIT,
}
USER_ATTRIBUTES = {
    (schema.lower(), attr, sub): kind for (schema, attr, sub), kind in USER_ATTRIBUTES.items()
}

TEXT_LOOKUPS = {
    CompareOperator.eq: "iexact",
    CompareOperator.ne: "iexact",
    CompareOperator.co: "icontains",
    CompareOperator.sw: "istartswith",
    CompareOperator.ew: "iendswith",
}
EXACT_LOOKUPS = {**TEXT_LOOKUPS, CompareOperator.eq: "exact", CompareOperator.ne: "exact"}
EXACT_LOOKUPS.update(
    {
        CompareOperator.co: "contains",
        CompareOperator.sw: "startswith",
        CompareOperator.ew: "endswith",
    }
)


def refuse(detail: str) -> InvalidFilterException:
    return InvalidFilterException(detail=detail)


def kind_of(path: AttrPath, sub_attr: str | None = None) -> str:
    schema = (path.uri or CORE_USER_SCHEMA).lower()
    key = (schema, path.attr.lower(), (sub_attr or path.sub_attr or "").lower() or None)
    kind = USER_ATTRIBUTES.get(key)
    if kind is None:
        raise refuse(f"Sakra cannot filter people on {path}")
    return kind


def user_q(node: FilterNode, *, within: AttrPath | None = None) -> Q:
    """`node` as a condition on `User` rows."""
    if isinstance(node, LogicalExpr):
        terms = [user_q(term, within=within) for term in node.terms]
        combined = terms[0]
        for term in terms[1:]:
            combined = combined & term if node.op == LogicalOperator.and_ else combined | term
        return combined
    if isinstance(node, Not):
        return ~user_q(node.expr, within=within)
    if isinstance(node, ValuePath):
        if within is not None:
            raise refuse("A value filter inside a value filter")
        return user_q(node.val_filter, within=node.attr_path)
    if isinstance(node, Present):
        return _present(_kind(node.attr_path, within))
    if isinstance(node, Comparison):
        return _compare(_kind(node.attr_path, within), node.op, node.value)
    raise refuse(f"Sakra cannot filter on {node}")


def _kind(path: AttrPath, within: AttrPath | None) -> str:
    if within is None:
        return kind_of(path)
    if path.uri or path.sub_attr:
        raise refuse(f"Sakra cannot filter on {within}[{path}]")
    return kind_of(within, path.attr)


def _present(kind: str) -> Q:
    if kind in (ACTIVE, ID):
        return Q(pk__isnull=False)
    if kind == UNIT:
        return Q(home_unit__isnull=False)
    field = {EMAIL: "email", EXTERNAL_ID: "external_id", NAME: "full_name"}[kind]
    return Q(**{f"{field}__isnull": False}) & ~Q(**{field: ""})


def _compare(kind: str, op: CompareOperator, value) -> Q:
    if kind == ACTIVE:
        if op not in (CompareOperator.eq, CompareOperator.ne) or not isinstance(value, bool):
            raise refuse("active compares with eq or ne to true or false")
        q = Q(is_active=value)
        return q if op == CompareOperator.eq else ~q
    if not isinstance(value, str):
        raise refuse(f"Sakra compares this attribute with a string, not {value!r}")
    if op not in TEXT_LOOKUPS:
        raise refuse(f"Sakra cannot compare this attribute with {op.value}")
    if kind == ID:
        if op not in (CompareOperator.eq, CompareOperator.ne):
            raise refuse("id compares with eq or ne")
        q = Q(pk=int(value)) if value.isdigit() else Q(pk__in=[])
    elif kind == UNIT:
        lookup = TEXT_LOOKUPS[op]
        q = Q(**{f"home_unit__external_id__{lookup}": value}) | Q(
            **{f"home_unit__code__{lookup}": value}
        )
    else:
        lookups = EXACT_LOOKUPS if kind == EXTERNAL_ID else TEXT_LOOKUPS
        field = {EMAIL: "email", EXTERNAL_ID: "external_id", NAME: "full_name"}[kind]
        q = Q(**{f"{field}__{lookups[op]}": value})
    return ~q if op == CompareOperator.ne else q
