"""Region-scale incident data for benchmarks: by default 1,000,000 incidents over 2019–2026.

    uv run python bench/generate_incidents.py --count 1000000
    DATABASE_URL=postgres://… uv run python bench/generate_incidents.py

Run after `sakra demo --no-serve` (it needs the units, areas and categories; it loads the
catalogue itself when areas exist). Deterministic for a seed: the mix of categories, the seasons
(fires and burglaries in the dark half of the year, threats rising year by year) and the
administrations' sizes are drawn from fixed weights; descriptions continue with Swedish words
drawn by their frequency (bench/vocabulary.py). Rows carry external ids `bench-N`; a second
run adds nothing (--replace makes them anew). Notifications, obligations and timelines are not made.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import datetime, timedelta
from itertools import accumulate
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakra.config.settings")

import django

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.vocabulary import FreeText  # noqa: E402
from sakra.incidents.choices import Status  # noqa: E402
from sakra.incidents.models import (  # noqa: E402
    LOCAL_ZONE,
    Incident,
    IncidentCategory,
    IncidentSequence,
)
from sakra.incidents.services import load_catalogue  # noqa: E402
from sakra.organisation.choices import UnitKind  # noqa: E402
from sakra.organisation.models import Unit  # noqa: E402

# Relative frequency of each category, and its yearly trend (factor per year from 2019).
MIX = {
    "brandlarm-utan-brand": (14, 0.98), "brand": (4, 0.88), "stold": (12, 0.93),
    "skadegorelse": (8, 0.94), "inbrott": (5, 0.88), "angrepp-skalskydd": (2, 0.9),
    "obehorigt-intrang": (4, 0.97), "hot": (12, 1.08), "vald": (6, 1.06),
    "hot-vald-personal": (8, 1.07), "allvarligt-tillbud": (3, 1.0),
    "personuppgiftsincident": (6, 1.05), "it-incident": (7, 1.06),
    "betydande-cyberincident": (0.3, 1.1), "storning-el": (1, 1.0), "storning-vatten": (0.6, 1.0),
    "storning-it": (3, 1.02), "storning-medicinska-gaser": (0.3, 1.0), "farligt-gods": (0.5, 1.0),
}  # fmt: skip
DARK_HALF = {"brand", "inbrott", "skadegorelse", "angrepp-skalskydd", "brandlarm-utan-brand"}
WINTER = [14, 12, 10, 8, 6, 5, 5, 6, 8, 10, 12, 14]
FLAT = [9, 8, 9, 8, 8, 7, 7, 8, 8, 9, 9, 9]
WORKDAY_HOURS = [2] * 6 + [7] * 12 + [4] * 6
DESCRIPTIONS = [
    "Händelse rapporterad av personal på plats.", "Väktare tillkallade, ingen person skadad.",
    "Chef informerad, uppföljning planerad.", "Händelsen upptäcktes vid rond.",
]  # fmt: skip


def _categories() -> dict[str, IncidentCategory]:
    load_catalogue()
    categories = {c.code: c for c in IncidentCategory.objects.filter(is_active=True)}
    if not categories:
        sys.exit("No incident categories: run `sakra demo --no-serve` first.")
    return categories


def _units(rng: random.Random) -> list[tuple[Unit, Unit | None, int | None, float]]:
    units = list(Unit.objects.filter(kind=UnitKind.UNIT).prefetch_related("sites"))
    if not units:
        sys.exit("No units: run `sakra demo --no-serve` first.")
    # Large hospital units report far more than a small clinic: a skewed size per unit.
    return [
        (unit, unit.administration, next(iter(s.pk for s in unit.sites.all()), None),
         rng.paretovariate(1.5))
        for unit in units
    ]  # fmt: skip


def _year_counts(total: int, years: range, categories) -> dict[int, dict[str, int]]:
    weights = {
        year: {
            code: base * trend ** (year - years.start)
            for code, (base, trend) in MIX.items()
            if code in categories
        }
        for year in years
    }
    grand = sum(sum(w.values()) for w in weights.values())
    return {
        year: {code: round(total * w / grand) for code, w in per.items()}
        for year, per in weights.items()
    }


def generate(total: int, seed: int, years: range, batch: int, replace: bool = False) -> int:
    rng = random.Random(seed)
    existing = Incident.objects.filter(external_id__startswith="bench-")
    if existing.exists() and not replace:
        print("Bench incidents are already present; nothing to do (--replace makes them anew).")
        return 0
    existing.delete()
    categories = _categories()
    units = _units(rng)
    unit_weights = list(accumulate(u[3] for u in units))
    counts = _year_counts(total, years, categories)
    now = timezone.now()
    text = FreeText(rng)
    made = 0
    started = time.monotonic()
    for year in years:
        plan = [code for code, n in counts[year].items() for _ in range(n)]
        moments = []
        for code in plan:
            months = WINTER if code in DARK_HALF else FLAT
            month = rng.choices(range(1, 13), weights=months)[0]
            moment = datetime(
                year, month, rng.randint(1, 28), rng.choices(range(24), weights=WORKDAY_HOURS)[0],
                rng.randint(0, 59), tzinfo=LOCAL_ZONE,
            )  # fmt: skip
            if moment < now:
                moments.append((moment, code))
        moments.sort()
        with transaction.atomic():
            sequence, _created = IncidentSequence.objects.select_for_update().get_or_create(
                year=year
            )
            first = sequence.last_number
            sequence.last_number += len(moments)
            sequence.save(update_fields=["last_number"])
        rows = []
        for offset, (moment, code) in enumerate(moments, start=1):
            category = categories[code]
            unit, administration, site_id, _w = rng.choices(units, cum_weights=unit_weights)[0]
            age = (now - moment).days
            status = Status.CLOSED if age > 90 else rng.choice(list(Status.values))
            incident = Incident(
                    reference=f"AVV-{year}-{first + offset:06d}",
                    external_id=f"bench-{made + offset}",
                    category=category,
                    area_id=category.area_id,
                    unit=unit,
                    administration=administration,
                    site_id=site_id,
                    occurred_at=moment,
                    aware_at=moment + timedelta(minutes=rng.randint(1, 720)),
                    occurred_date=moment.date(),
                    occurred_year=year,
                    description=f"{rng.choice(DESCRIPTIONS)} {text.sentences(text.length(25))}",
                    severity=category.default_severity,
                    status=status,
                    is_acute=code in ("hot", "vald") and rng.random() < 0.2,
                    is_restricted=category.is_restricted,
                    dismissed_reason="Dubblett." if status == Status.DISMISSED else "",
            )  # fmt: skip
            rows.append(incident)
            if len(rows) >= batch:
                Incident.objects.bulk_create(rows)
                rows = []
        if rows:
            Incident.objects.bulk_create(rows)
        made += len(moments)
        print(f"{year}: {len(moments)} incidents ({time.monotonic() - started:.0f} s)")
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--first-year", type=int, default=2019)
    parser.add_argument("--last-year", type=int, default=2026)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--replace", action="store_true", help="delete earlier bench rows first")
    args = parser.parse_args()
    years = range(args.first_year, args.last_year + 1)
    made = generate(args.count, args.seed, years, args.batch, args.replace)
    print(f"{made} incidents generated.")


if __name__ == "__main__":
    main()
