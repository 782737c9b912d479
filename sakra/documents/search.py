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
phrase more than its words, and a routine or an instruction (what staff look for, seed 004)
a little more than a policy that mentions the same words.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from sakra.core.access import VIEW
from sakra.core.search import Query, SearchFilter, SearchHit, SearchResult, Segment

from .choices import Audience, DocumentKind
from .models import Document

STOPWORDS = frozenset(
    "och i på för att en ett som med av vid till om den det de är eller från hur vad".split()
)
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


def _like(field: str, alternatives: tuple[str, ...], *, word_start: bool = False) -> Q:
    condition = Q()
    for alt in alternatives:
        if word_start:
            condition |= Q(**{f"{field}__startswith": alt}) | Q(**{f"{field}__contains": f" {alt}"})
        else:
            condition |= Q(**{f"{field}__contains": alt})
    return condition


def _points(condition: Q, points: int) -> Case:
    return Case(When(condition, then=Value(points)), default=Value(0), output_field=IntegerField())


def _tsquery(words: list[tuple[str, ...]]) -> str:
    # \w+ words only: none of the raw syntax's operators can reach to_tsquery.
    return " & ".join(
        "(" + " | ".join(f"{alt}:*" for alt in alternatives if _WORD.fullmatch(alt)) + ")"
        for alternatives in words
    )


def ranked(user: Any, text: str, filters: dict[str, str] | None = None):
    """The documents `user` may read that match `text`, best first, each with its `score`."""
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
        every &= _like("search_text", alternatives) | _like("search_title", alternatives)
    score = Value(0, output_field=IntegerField())
    for alternatives in words:
        score = (
            score
            + _points(_like("search_title", alternatives), 10)
            + _points(_like("search_title", alternatives, word_start=True), 4)
            + _points(_like("search_text", alternatives), 2)
            + _points(_like("search_text", alternatives, word_start=True), 1)
        )
    phrase = " ".join(_WORD.findall(text.casefold()))
    if len(words) > 1:
        score = score + _points(Q(search_title__contains=phrase), 15)
        score = score + _points(Q(search_text__contains=phrase), 4)
    score = score + Case(
        *(When(kind=kind, then=Value(bonus)) for kind, bonus in KIND_BONUS.items()),
        default=Value(0),
        output_field=IntegerField(),
    )
    score = score * Value(1.0, output_field=FloatField())
    matched = every
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        query = SearchQuery(_tsquery(words), search_type="raw", config="swedish")
        rows = rows.annotate(vector=SearchVector("search_text", config="swedish"))
        matched = every | Q(vector=query)
        score = score + Coalesce(SearchRank(F("vector"), query), Value(0.0)) * Value(10.0)
    found = rows.filter(matched)
    if len(words) > 1 and not found.exists():
        anyword = Q()
        for alternatives in words:
            anyword |= _like("search_text", alternatives)
        found = rows.filter(anyword)
    return found.annotate(score=score).order_by("-score", "title", "pk")


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
        hits = [
            SearchHit(
                title=row.title,
                url=row.get_absolute_url(),
                kind=row.get_kind_display(),
                detail=str(row.unit) if row.unit_id else "",
                excerpt=excerpt(
                    "\n".join(p for p in (row.current_body, row.current_file_text) if p)
                    or row.search_text,
                    words,
                ),
                score=float(row.score),
            )
            for row in rows.select_related("unit").annotate(
                current_body=F("current__body"), current_file_text=F("current__attachment_text")
            )[: query.limit]
        ]
        count = len(hits) if len(hits) < query.limit else rows.count()
        return SearchResult(self.key, str(self.label), hits, count, self.filters(user))


PROVIDERS = [DocumentSearch()]
