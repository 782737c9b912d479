"""The one search box: every app contributes its own searchable records, core knows none.

An app may put a `search.py` beside its models with `PROVIDERS = [provider, ...]`: objects with
a `key`, a `label` and `search(user, query) -> SearchResult`, returning only the rows the
user may see (through `for_user()`) and ranked best first. An optional
`filters(user) -> list[SearchFilter]` offers choices that narrow its hits (the request's
values reach `search` as `query.filters`). Scores are comparable within a provider; across
providers the page shows each provider's hits in their own group.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db.models import BooleanField, Expression

from .hooks import app_modules

#: The longest query read; the rest is ignored.
MAX_QUERY = 200


class OnVectors(Expression):
    """SQL over a table's stored Swedish `tsvector` columns (PostgreSQL's generated columns,
    which the models do not know: SQLite has no such type) and a text search query.

    `template` names each of `columns` in braces and the query as `{query}`, made by `parse`
    (`to_tsquery` for a query already written as one, `plainto_tsquery` for words) from `value`,
    which is passed as a parameter. Boolean by default: a condition for `filter()`."""

    def __init__(
        self, template: str, value: str, output_field=None, *, columns, parse="to_tsquery"
    ):
        super().__init__(output_field=output_field or BooleanField())
        self.template, self.value, self.columns, self.parse = template, value, columns, parse

    @property
    def conditional(self) -> bool:
        return isinstance(self.output_field, BooleanField)

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        names = {name: f"{table}.{connection.ops.quote_name(name)}" for name in self.columns}
        query = f"{self.parse}('swedish'::regconfig, %s)"
        return self.template.format(**names, query=query), [self.value]


@dataclass(frozen=True)
class Segment:
    """A piece of an excerpt; `match` pieces are the query's words (the template marks them)."""

    text: str
    match: bool = False


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    kind: str = ""
    detail: str = ""
    excerpt: tuple[Segment, ...] = ()
    score: float = 0.0


@dataclass(frozen=True)
class SearchFilter:
    """A choice a provider offers to narrow its hits: a request parameter and its options."""

    name: str
    label: str
    choices: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Query:
    text: str
    filters: dict[str, str] = field(default_factory=dict)
    limit: int = 20


@dataclass(frozen=True)
class SearchResult:
    key: str
    label: str
    hits: list[SearchHit]
    count: int
    filters: list[SearchFilter] = field(default_factory=list)


class Provider(Protocol):
    key: str
    label: str

    def search(self, user: Any, query: Query) -> SearchResult: ...


def providers() -> list[Provider]:
    """Every app's search providers, in INSTALLED_APPS order."""
    found = []
    for module in app_modules("search"):
        found.extend(getattr(module, "PROVIDERS", ()))
    return found


def filters_for(user: Any) -> list[SearchFilter]:
    offered = []
    for provider in providers():
        offered.extend(getattr(provider, "filters", lambda _user: [])(user))
    return offered


def search(
    user: Any, text: str, filters: dict[str, str] | None = None, limit: int = 20
) -> list[SearchResult]:
    """Every provider's ranked hits for `text` that `user` may see; none for an empty query."""
    # NFC, as every stored text: "va\u0308" typed on a Mac finds the stored "vä".
    text = unicodedata.normalize("NFC", " ".join((text or "").split()))[:MAX_QUERY]
    if not text or user is None or not user.is_authenticated:
        return []
    query = Query(text=text, filters=dict(filters or {}), limit=limit)
    return [result for provider in providers() if (result := provider.search(user, query)).hits]
