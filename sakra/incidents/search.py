"""Free-text search of incidents with the best tool each database has.

PostgreSQL: the `swedish` text-search configuration (stemming: "bränder" finds "brand"), served
by the GIN index of migration 0003. SQLite: FTS5 with prefix matching on each word.
"""

import re

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

_WORD = re.compile(r"\w+", re.UNICODE)


def text_condition(value: str) -> Q | None:
    """A condition for incidents whose texts match `value`, or None when it holds no words."""
    words = _WORD.findall(value or "")[:10]
    if not words:
        return None
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        vector = SearchVector("description", "immediate_measures", config="swedish")
        query = SearchQuery(" ".join(words), config="swedish", search_type="plain")
        return Q(pk__in=_matching_ids(vector, query))
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


def _matching_ids(vector, query):
    from .models import Incident

    return Incident.objects.annotate(search=vector).filter(search=query).values("pk")
