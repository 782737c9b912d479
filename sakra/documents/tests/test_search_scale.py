"""The search at region scale (opt-in: SAKRA_SEARCH_BENCH=1, on either database): 3 000
documents whose search text holds a body and the text of 5 000 attached files, a common and a
rare word, p50/p95 of the search beside the plain SQL LIKE it is built on."""

import os
import random
import statistics
import time

import pytest
from django.db import connection

from sakra.accounts.choices import Role
from sakra.documents.choices import Audience, DocumentKind, DocumentStatus
from sakra.documents.models import SEARCH_HEAD_LENGTH, Document
from sakra.documents.search import ranked

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not os.environ.get("SAKRA_SEARCH_BENCH"), reason="a measurement"),
]
VOCABULARY = (
    "säkerhet rutin larm utrymning chef medarbetare patient avdelning ansvar uppföljning "
    "risk åtgärd kontroll besök nyckel passerkort kamera väktare övning utbildning vård "
    "läkemedel el vatten reserv kris ledning stab samverkan incident avvikelse rapport"
)
WORDS = VOCABULARY.split()
N = 3000
FILES = 5000


def _text(rng, words):
    return " ".join(rng.choice(WORDS) for _ in range(words))


def _timings(call, reps=25):
    call()
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def test_search_at_region_scale(org, capsys):
    rng = random.Random(7)
    owner = org.user(Role.SECURITY_CHIEF)
    rows = []
    for n in range(N):
        title = f"Rutin {n} {_text(rng, 3)}"
        files = FILES // N + (1 if n < FILES % N else 0)
        body = " ".join([_text(rng, 300), *(_text(rng, 800) for _ in range(files))])
        if n % 1000 == 0:
            body += " brandskyddspärmen"
        rows.append(
            Document(
                title=title, kind=DocumentKind.ROUTINE, owner=owner, audience=Audience.ALL_STAFF,
                status=DocumentStatus.ADOPTED, search_title=title.casefold(),
                search_text=(title + " " + body).casefold(),
                search_head=(title + " " + body).casefold()[:SEARCH_HEAD_LENGTH],
            )
        )  # fmt: skip
    Document.objects.bulk_create(rows, batch_size=500)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Rows bulk-inserted after the index sit in GIN's pending list until a vacuum.
            cursor.execute("SELECT gin_clean_pending_list('documents_text_trgm'::regclass)")
            cursor.execute("SELECT gin_clean_pending_list('documents_vector'::regclass)")
            cursor.execute("ANALYZE documents_document")
    manager = org.user(Role.MANAGER)
    table = connection.ops.quote_name("documents_document")

    def raw(word):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id FROM {table} WHERE search_text LIKE %s ORDER BY title LIMIT 50",  # noqa: S608
                [f"%{word}%"],
            )
            return cursor.fetchall()

    def raw_stem(word):
        # The stored vector's match alone (PostgreSQL): what the search's filter is built on.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id FROM {table} WHERE search_vector @@ to_tsquery('swedish', %s) "  # noqa: S608
                "ORDER BY title LIMIT 50",
                [f"{word}:*"],
            )
            return cursor.fetchall()

    lines = []
    for label, word in (("rare", "brandskyddspärm"), ("common", "säkerhet")):
        p50, p95 = _timings(lambda w=word: list(ranked(manager, w)[:50]))
        r50, r95 = _timings(lambda w=word: raw(w))
        found = len(list(ranked(manager, word)[:50]))
        lines.append(
            f"{connection.vendor} {label} {word!r}: search p50 {p50:.1f} ms p95 {p95:.1f} ms "
            f"({found} hits of top 50); raw LIKE p50 {r50:.1f} ms p95 {r95:.1f} ms"
        )
        if connection.vendor == "postgresql":
            s50, s95 = _timings(lambda w=word: raw_stem(w))
            lines.append(f"  raw stem match p50 {s50:.1f} ms p95 {s95:.1f} ms")
    if connection.vendor == "postgresql":
        sql, params = ranked(manager, "säkerhet")[:50].query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN ANALYZE " + sql, params)
            lines += [row[0] for row in cursor.fetchall()]
    with capsys.disabled():
        print("\n" + "\n".join(lines))
