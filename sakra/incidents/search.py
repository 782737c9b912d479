"""Free-text search of incidents with the best tool each database has.

PostgreSQL: the `swedish` text-search configuration (stemming: "bränder" finds "brand") over the
vector stored beside the texts (a generated column with its GIN index, migration 0014). SQLite:
FTS5 with prefix matching on each word.
"""

import re

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from sakra.core.search import OnVectors

_WORD = re.compile(r"\w+", re.UNICODE)
#: A reference such as AVV-2026-000123: looked up on its unique index, not in the texts.
REFERENCE = re.compile(r"[A-Za-z]{2,5}-\d{4}-[A-Za-z]?\d{1,9}")


def is_reference(value: str) -> bool:
    return REFERENCE.fullmatch(value.strip()) is not None


def text_condition(value: str) -> Q | None:
    """A condition for incidents whose texts match `value`, or None when it holds no words."""
    words = _WORD.findall(value or "")[:10]
    if not words:
        return None
    if connection.vendor == "postgresql":
        # The match itself, not `pk IN (matches)`: so the planner weighs the word's frequency
        # (the GIN index's statistics) and picks the GIN index for a rare word and the date
        # index for a common one. Under an IN or an OR it walked the date index for both.
        match = OnVectors(
            "{search_vector} @@ {query}",
            " ".join(words),
            columns=("search_vector",),
            parse="plainto_tsquery",
        )
        return Q(match)
    if connection.vendor == "sqlite":
        # Each word quoted (no FTS5 syntax from users) and prefixed: a poor man's stemmer.
        match = " ".join('"{}"*'.format(word.replace('"', "")) for word in words)
        return Q(
            pk__in=RawSQL(
                "SELECT rowid FROM incidents_incident_fts WHERE incidents_incident_fts MATCH %s",
                (match,),
            )
        )
    condition = Q()
    for word in words:
        condition &= Q(description__icontains=word) | Q(immediate_measures__icontains=word)
    return condition
