"""Governing documents in the one search box: the routine a person looks for comes first.

How a word is found, on both databases:
- inside a word, a compound included: a LIKE over the lower-case copies (`search_title`,
  `search_text`), so "brand" finds "brandskyddspärm" (a prefix) and "pärm" finds it too (a part);
  PostgreSQL answers it from pg_trgm's trigram indexes, SQLite by scanning (a few thousand rows);
- by its Swedish stem, on PostgreSQL: the `swedish` full-text configuration ("bränderna");
- through a small synonym list where the stemmer does not conflate ("brand" / "bränder").

Every word of the query must be found (a fallback to any word when none has all); small words
("och", "i") are dropped. The ranking is the same arithmetic on both databases: a word in the
title counts far more than in the text, at the start of a word more than inside one, the whole
phrase more than its words, a routine or an instruction (what staff look for, seed 004) a
little more than a policy that mentions the same words, and a local supplement a little less
than the common document it adds to.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    Expression,
    F,
    FloatField,
    IntegerField,
    Q,
    Value,
    When,
)
from django.utils.translation import gettext_lazy as _

from sakra.core.access import VIEW
from sakra.core.search import (
    OnVectors,
    Query,
    SearchFilter,
    SearchHit,
    SearchResult,
    Segment,
)

from .choices import Audience, DocumentKind
from .models import Document

#: PostgreSQL's generated columns of documents migration 0003, which the model does not know.
VECTORS = ("search_vector", "search_title_vector")

# fmt: off
STOPWORDS = frozenset([
    "och", "i", "på", "för", "att", "en", "ett", "som", "med", "av", "vid", "till", "om",
    "den", "det", "de", "är", "eller", "från", "hur", "vad",
])
# fmt: on
#: Words the Swedish stemmer does not bring together, each with the forms searched alongside.
SYNONYMS = {
    "brand": ("bränder", "brand"),
    "bränder": ("brand", "bränder"),
    "hot": ("hot", "hotfull", "hotelse"),
    "våld": ("våld", "våldsam"),
    "rsa": ("rsa", "risk- och sårbarhetsanalys"),
}
KIND_BONUS = {DocumentKind.ROUTINE: 3, DocumentKind.INSTRUCTION: 3, DocumentKind.GUIDELINE: 1}
EXCERPT = 160
_WORD = re.compile(r"\w+", re.UNICODE)


def terms(text: str) -> list[tuple[str, ...]]:
    """The query's words, each with its alternatives; small words dropped unless alone."""
    words = [word for word in _WORD.findall(text.casefold()) if len(word) >= 2][:8]
    kept = [word for word in words if word not in STOPWORDS] or words
    return [tuple(dict.fromkeys((word, *SYNONYMS.get(word, ())))) for word in kept]


def _like(field: str, alternatives: tuple[str, ...]) -> Q:
    condition = Q()
    for alt in alternatives:
        condition |= Q(**{f"{field}__contains": alt})
    return condition


def _escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class Points(Expression):
    """The sum of the points of the rules a row meets; a rule is (column, LIKE patterns, points).
    The text's opening (`search_head`) is read, not the whole text: the filter has matched it.

    Written as one expression rather than a Case per rule: the ORM spent some 20 ms composing
    the thirty-odd nested Cases of a three-word query, ten times the query's own time. The
    patterns are parameters; the columns and points are this module's own."""

    output_field = IntegerField()

    def __init__(self, rules: list[tuple[str, tuple[str, ...], int]]):
        super().__init__()
        self.rules = rules

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        parts, params = [], []
        for column, patterns, points in self.rules:
            name = f"{table}.{connection.ops.quote_name(column)}"
            condition = " OR ".join(f"{name} LIKE %s ESCAPE '\\'" for _ in patterns)
            parts.append(f"CASE WHEN ({condition}) THEN {int(points)} ELSE 0 END")
            params.extend(patterns)
        return "(" + (" + ".join(parts) or "0") + ")", params


def _rules(words: list[tuple[str, ...]], phrase: str) -> list[tuple[str, tuple[str, ...], int]]:
    # The text's "contains" is not a rule: the filter already requires it of every hit.
    rules = []
    for alternatives in words:
        inside = tuple(f"%{_escape(alt)}%" for alt in alternatives)
        starts = tuple(
            pattern
            for alt in alternatives
            for pattern in (f"{_escape(alt)}%", f"% {_escape(alt)}%")
        )
        rules += [
            ("search_title", inside, 10),
            ("search_title", starts, 4),
            ("search_head", starts, 1),
        ]
    if len(words) > 1:
        rules += [
            ("search_title", (f"%{_escape(phrase)}%",), 15),
            ("search_head", (f"%{_escape(phrase)}%",), 4),
        ]
    return rules


def _tsquery(words: list[tuple[str, ...]]) -> str:
    # \w+ words only: none of the raw syntax's operators can reach to_tsquery.
    return " & ".join(
        "(" + " | ".join(f"{alt}:*" for alt in alternatives if _WORD.fullmatch(alt)) + ")"
        for alternatives in words
    )


def ranked(user: Any, text: str, filters: dict[str, str] | None = None, limit: int | None = None):
    """The documents `user` may read that match `text`, best first, each with its `score`
    (the first `limit` of them when given: a list, else a QuerySet)."""
    words = terms(text)
    rows = Document.objects.for_user(user, VIEW)
    if not words:
        return rows.none()
    filters = filters or {}
    if (area := filters.get("area", "")).isdigit():
        rows = rows.filter(areas=int(area))
    if (kind := filters.get("kind")) in DocumentKind.values:
        rows = rows.filter(kind=kind)
    if (audience := filters.get("audience")) in Audience.values:
        rows = rows.filter(audience=audience)
    every = Q()
    for alternatives in words:
        every &= _like("search_text", alternatives)
    phrase = " ".join(_WORD.findall(text.casefold()))
    score = Points(_rules(words, phrase)) + Case(
        *(When(kind=kind, then=Value(bonus)) for kind, bonus in KIND_BONUS.items()),
        default=Value(0),
        output_field=IntegerField(),
    )
    # A local supplement is read with its common document: it comes right after it.
    score = score - Case(
        When(supplements__isnull=False, then=Value(4)),
        default=Value(0),
        output_field=IntegerField(),
    )
    score = score * Value(1.0, output_field=FloatField())
    matched = every
    if connection.vendor == "postgresql":
        # The stem match comes first: for a word the stem finds, the text is never read.
        tsquery = _tsquery(words)
        matched = Q(OnVectors("{search_vector} @@ {query}", tsquery, columns=VECTORS)) | every
        rank = OnVectors(
            "ts_rank({search_title_vector}, {query})", tsquery, FloatField(), columns=VECTORS
        )
        score = score + rank * Value(10.0)
    found = rows.filter(matched).annotate(score=score).order_by("-score", "title", "pk")
    if len(words) == 1:
        return found if limit is None else list(found[:limit])
    hits = list(found[: limit or 1])
    if hits:
        return found if limit is None else hits
    anyword = Q()
    for alternatives in words:
        anyword |= _like("search_text", alternatives)
    fallback = rows.filter(anyword).annotate(score=score).order_by("-score", "title", "pk")
    return fallback if limit is None else list(fallback[:limit])


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKS = re.compile(r"^\s*(?:#{1,6}|[-*+>]|\d+[.)])\s+", re.MULTILINE)


def plain(markdown: str) -> str:
    """Markdown as running text for an excerpt: no heading marks, bullets, emphasis or URLs."""
    text = _MARKS.sub("", _LINK.sub(r"\1", markdown or ""))
    return " ".join(text.replace("**", "").replace("`", "").split())


def excerpt(text: str, words: list[tuple[str, ...]], size: int = EXCERPT) -> tuple[Segment, ...]:
    """A window of `text` around the first word found, split into plain and matched pieces."""
    if not text:
        return ()
    folded = text.lower()
    alternatives = sorted({alt for group in words for alt in group}, key=len, reverse=True)
    first = min((i for alt in alternatives if (i := folded.find(alt)) >= 0), default=0)
    start = max(0, first - size // 3)
    window = text[start : start + size]
    if not alternatives:
        return (Segment(window),)
    pattern = re.compile("|".join(re.escape(alt) for alt in alternatives), re.IGNORECASE)
    segments, at = [], 0
    for match in pattern.finditer(window):
        if match.start() > at:
            segments.append(Segment(window[at : match.start()]))
        segments.append(Segment(match.group(), match=True))
        at = match.end()
    if at < len(window):
        segments.append(Segment(window[at:]))
    if start > 0:
        segments.insert(0, Segment("… "))
    if start + size < len(text):
        segments.append(Segment(" …"))
    return tuple(segments)


class DocumentSearch:
    key = "documents"
    label = _("Governing documents")

    def filters(self, user: Any) -> list[SearchFilter]:
        from sakra.organisation.models import SecurityArea

        areas = tuple((str(area.pk), str(area)) for area in SecurityArea.objects.all())
        return [
            SearchFilter("area", _("Security area"), areas),
            SearchFilter("kind", _("Kind"), tuple(DocumentKind.choices)),
            SearchFilter("audience", _("Audience"), tuple(Audience.choices)),
        ]

    def search(self, user: Any, query: Query) -> SearchResult:
        rows = ranked(user, query.text, query.filters)
        words = terms(query.text)
        page = list(
            rows.select_related("unit").annotate(
                current_body=F("current__body"), current_file_text=F("current__attachment_text")
            )[: query.limit]
        )
        hits = [
            SearchHit(
                title=row.title,
                url=row.get_absolute_url(),
                kind=row.get_kind_display(),
                detail=row.unit.name if row.unit_id else "",
                excerpt=excerpt(
                    plain(row.current_body or "") + " " + (row.current_file_text or "")
                    if row.current_body or row.current_file_text
                    else row.search_text,
                    words,
                ),
                score=float(row.score),
            )
            for row in page
        ]
        count = len(hits) if len(hits) < query.limit else rows.count()
        return SearchResult(self.key, str(self.label), hits, count, self.filters(user))


PROVIDERS = [DocumentSearch()]
