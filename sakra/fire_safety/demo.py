"""Demo SBA for the demo region (idempotent): a binder and a control plan per demo site,
rounds done since 2019 (more of them on time each year), one overdue, deviations that became
actions, and a tillsyn with remarks, one of them past its deadline."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.accounts.models import User
from sakra.organisation.models import SecurityArea, Site, Unit

from . import services
from .choices import AssignmentRole, Frequency, Outcome, RemarkStatus, RoundStatus
from .models import FireDocument, Round, RoundResult

DOMAIN = "demo.sakra.se"
CHECKLIST = "Egenkontroll brandskydd"
ITEMS = [
    "Utrymningsvägar är fria",
    "Nödutgångsskyltar är tända",
    "Brandsläckare finns på plats och är kontrollerade",
    "Branddörrar stänger av sig själva",
    "Brandlarmet är provat",
    "Utrymningsplaner sitter uppe",
]
# (site, responsible unit, responsible person)
SITES = [
    ("halmstad", "hs-med", "erik.ahl"),
    ("varberg", "hs-akut", "maria.lindqvist"),
    ("kungsbacka", "hs", "sara.nilsson"),
]
SECTIONS = {
    "responsible_persons": "Brandskyddsansvarig för anläggningen är utsedd av förvaltningschefen. "
    "Varje avdelning har en brandskyddskontrollant som gör egenkontrollerna.",
    "building_description": "Sjukhusbyggnad i fyra plan med betongstomme, indelad i brandceller per "
    "vårdavdelning. Två trapphus är egna brandceller.",
    "activity_risks": "Dygnet-runt-vård med patienter som inte kan utrymma själva. Syrgas på "
    "vårdavdelningarna. Laddning av elrullstolar i korridorerna.",
    "technical_protection": "Automatiskt brandlarm kopplat till räddningstjänsten, sprinkler i "
    "källarplan, nödbelysning i alla utrymningsvägar, branddörrar med magnethållare.",
    "rescue_conditions": "Angreppsväg för räddningstjänsten från huvudentrén. Nyckelskåp vid "
    "larmcentralen. Uppställningsplatser för höjdfordon är markerade.",
    "training_plan": "Grundutbildning i brandskydd vart tredje år för all personal. Utrymningsövning "
    "på varje vårdavdelning en gång om året.",
}
#: The share of the rounds done on time, year by year from 2019.
ON_TIME = {2019: 55, 2020: 65, 2021: 75, 2022: 85, 2023: 90}


def _user(local: str) -> User:
    return User.objects.get(email=f"{local}@{DOMAIN}")


def _history(today: datetime.date) -> None:
    """Rounds whose period ended before last month: finished, most of them on time."""
    history = Round.objects.filter(
        due_date__lt=today.replace(day=1) - datetime.timedelta(days=31),
        status=RoundStatus.PLANNED,
    ).select_related("control_point__checklist", "assigned_to")
    finished, results = [], []
    for n, round_ in enumerate(history.order_by("due_date", "pk")):
        share = ON_TIME.get(round_.due_date.year, 92)
        late = (n * 37) % 100 >= share  # spread evenly, the same on every load
        round_.status = RoundStatus.FINISHED
        round_.performed_on = round_.due_date + datetime.timedelta(days=12 if late else -3)
        round_.finished_by = round_.assigned_to
        round_.finished_at = timezone.make_aware(
            datetime.datetime.combine(round_.performed_on, datetime.time(10))
        )
        finished.append(round_)
        results.extend(
            RoundResult(round=round_, item=item, outcome=Outcome.OK, recorded_by=round_.assigned_to)
            for item in round_.control_point.checklist.items.all()
        )
    Round.objects.bulk_update(
        finished, ["status", "performed_on", "finished_by", "finished_at"], batch_size=500
    )
    RoundResult.objects.bulk_create(results, batch_size=1000)


def load() -> list[str]:
    if not User.objects.filter(email=f"karin.strom@{DOMAIN}").exists():
        return []
    if FireDocument.objects.filter(site__code="halmstad").exists():
        return []
    today = timezone.localdate()
    chief, owner = _user("karin.strom"), _user("johan.brandt")
    area = SecurityArea.objects.get(code="brandskydd")
    checklist = services.create_checklist(by=owner, name=CHECKLIST, area=area, items=ITEMS)
    documents = {}
    for site_code, unit_code, responsible in SITES:
        document = services.create_document(
            by=chief,
            site=Site.objects.get(code=site_code),
            unit=Unit.objects.get(code=unit_code),
            area=area,
            responsible=_user(responsible),
            next_review=today + datetime.timedelta(days=120),
            **SECTIONS,
        )
        services.add_control_point(
            document, by=chief, title="Månatlig egenkontroll av brandskyddet",
            checklist=checklist, frequency=Frequency.MONTHLY, starts_on=datetime.date(2019, 1, 1),
        )  # fmt: skip
        services.add_control_point(
            document, by=chief, title="Årlig kontroll av brandcellsgränser",
            checklist=checklist, frequency=Frequency.YEARLY, starts_on=datetime.date(2019, 1, 1),
        )  # fmt: skip
        # The responsible person is the site's fire safety coordinator, kept on the binder's page.
        services.assign_person(
            document, by=chief, user=_user(responsible), role=AssignmentRole.COORDINATOR,
            valid_from=datetime.date(2019, 1, 1),
        )  # fmt: skip
        documents[site_code] = document
    services.generate_rounds(until=today)
    _history(today)
    # Last month's round at Halmstad was done with two deviations, which became actions.
    last_month = Round.objects.filter(
        document=documents["halmstad"],
        status=RoundStatus.PLANNED,
        control_point__frequency=Frequency.MONTHLY,
        due_date__lt=today,
    ).last()
    if last_month is not None:
        items = list(checklist.items.all())
        outcomes = [Outcome.DEVIATION, Outcome.DEVIATION] + [Outcome.OK] * (len(items) - 2)
        comments = ["Sängar uppställda i utrymningsvägen vid avdelning 51.", "Branddörren till trapphus B hålls upp med en kil."]  # fmt: skip
        services.record_round(
            last_month, by=last_month.assigned_to, version=last_month.version,
            performed_on=last_month.due_date, finish=True,
            results=[
                services.ItemResult(item, outcome, comments[i] if i < 2 else "")
                for i, (item, outcome) in enumerate(zip(items, outcomes, strict=True))
            ],
        )  # fmt: skip
    # The remaining past rounds (Varberg's and Kungsbacka's last month) stay overdue.
    coordinator = _user("sara.nilsson")
    services.record_inspection(
        documents["halmstad"],
        by=coordinator,
        date=today - datetime.timedelta(days=75),
        rescue_service="Räddningstjänsten Halmstad",
        reference="RTJ 2026-0412",
        remarks=[
            services.RemarkIn(
                "Brandcellsgränsen mot kulvert C är bruten av en ny kabeldragning.",
                today - datetime.timedelta(days=10),
            ),
            services.RemarkIn(
                "Utrymningsplanerna på plan 3 visar inte den nya entrén.",
                today + datetime.timedelta(days=20),
            ),
            services.RemarkIn(
                "Dokumentationen av brandlarmets provning saknas för två månader.",
                today - datetime.timedelta(days=40),
            ),
        ],
    )
    done = documents["halmstad"].inspections.get().remarks.order_by("-deadline").last()
    services.set_remark_status(done, by=coordinator, version=done.version, status=RemarkStatus.DONE)
    return [
        _("Fire safety: {rounds} self-inspections at {sites} sites.").format(
            rounds=Round.objects.count(), sites=len(SITES)
        )
    ]
