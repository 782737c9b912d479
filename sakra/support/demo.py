"""Demo support for the demo region (idempotent): the partner team of seed 004's test phase
(Hallands sjukhus, ADH and RGS, and Närsjukvården only in Kungsbacka, coordinated by Hallands
sjukhus), two first-line managers, a named contact with a substitute whose primary is away this
week, and requests in every state, the closed ones rated."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.accounts.choices import Role
from sakra.accounts.demo import DEMO_PASSWORD, DOMAIN
from sakra.accounts.models import RoleAssignment, User
from sakra.organisation.models import SecurityArea, Site, Unit

from . import services
from .choices import Helped
from .models import Absence, ContactOverride, PartnerTeam, SupportRequest, TeamMember
from .workdays import add_working_days

TEAM = "Säkerhetspartnerteamet"
# (local part, full name, phone, home unit, role, scope unit)
PEOPLE = [
    ("lisa.ek", "Lisa Ek", "035-13 10 01", "hs-akut-halmstad", Role.MANAGER, "hs-akut-halmstad"),
    (
        "oskar.lind",
        "Oskar Lind",
        "0300-56 50 02",
        "nsvh-vc-kungsbacka",
        Role.MANAGER,
        "nsvh-vc-kungsbacka",
    ),
    ("amir.haddad", "Amir Haddad", "035-13 40 03", "adh", Role.SECURITY_PARTNER, "adh"),
    ("moa.sand", "Moa Sand", "035-13 50 04", "rgs", Role.SECURITY_PARTNER, "rgs"),
]
PHONES = {"peter.ek": "035-13 00 10", "sara.nilsson": "035-13 00 20"}
# (asker, unit, site, area, question, days ago, answered, rating)
REQUESTS = [
    (
        "lisa.ek",
        "hs-akut-halmstad",
        "halmstad",
        "hot-och-vald",
        "Hur lägger vi upp en hot- och riskbedömning inför att en patient med hotfullt beteende "
        "återkommer till akuten?",
        60,
        True,
        (Helped.YES, True),
    ),
    (
        "lisa.ek",
        "hs-akut-halmstad",
        "halmstad",
        "brandskydd",
        "Vi behöver hjälp att planera utrymningsövningen för nattpersonalen.",
        40,
        True,
        (Helped.PARTLY, False),
    ),
    (
        "oskar.lind",
        "nsvh-vc-kungsbacka",
        "kungsbacka",
        "fysisk-sakerhet",
        "Entrédörren står ofta öppen efter stängning. Vad gäller för skalskyddet?",
        25,
        True,
        (Helped.YES, True),
    ),
    (
        "maria.lindqvist",
        "hs-akut",
        "varberg",
        "krisberedskap",
        "Vilken roll har akutkliniken i regionens krisledningsplan?",
        10,
        True,
        None,
    ),
    (
        "oskar.lind",
        "nsvh-vc-kungsbacka",
        "kungsbacka",
        "hot-och-vald",
        "En medarbetare har fått hotfulla meddelanden i sociala medier. Hur går vi vidare?",
        3,
        False,
        None,
    ),
    (
        "lisa.ek",
        "hs-akut-halmstad",
        "halmstad",
        "informationssakerhet",
        "Får vi använda en delad surfplatta för att fotografera skador?",
        1,
        False,
        None,
    ),
]


def _email(local: str) -> str:
    return f"{local}@{DOMAIN}"


def _people(units) -> dict[str, User]:
    for local, name, phone, home, role, scope in PEOPLE:
        user = User.objects.filter(email=_email(local)).first()
        if user is None:
            user = User(email=_email(local))
            user.set_password(DEMO_PASSWORD)
        user.full_name, user.phone, user.home_unit = name, phone, units[home]
        user.save()
        RoleAssignment.objects.get_or_create(user=user, role=role, unit=units[scope])
    for local, phone in PHONES.items():
        User.objects.filter(email=_email(local), phone="").update(phone=phone)
    return {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith=f"@{DOMAIN}")}


def _team(units, people) -> PartnerTeam:
    team, _created = PartnerTeam.objects.get_or_create(
        name=TEAM,
        defaults={
            "lead": people["sara.nilsson"],
            "email": f"sakerhetspartner@{DOMAIN}",
            "phone": "035-13 00 00",
        },
    )
    team.administrations.set([units["hs"], units["adh"], units["rgs"]])
    # Närsjukvården takes part only in Kungsbacka (seed 004): the site, not the administration.
    team.sites.set([Site.objects.get(code="kungsbacka")])
    for local, lent_from in (
        ("sara.nilsson", "hs"),
        ("peter.ek", "rk"),
        ("amir.haddad", "adh"),
        ("moa.sand", "rgs"),
    ):
        TeamMember.objects.get_or_create(
            team=team, user=people[local], defaults={"lent_from": units[lent_from]}
        )
    return team


def _contacts(units, areas, people, today) -> None:
    if not ContactOverride.objects.filter(unit=units["hs-akut"], area=areas["hot-och-vald"]):
        services.name_contact(
            by=people["karin.strom"],
            unit=units["hs-akut"],
            area=areas["hot-och-vald"],
            primary=people["peter.ek"],
            substitute=people["amir.haddad"],
            note="Akutklinikens kontakt för hot och våld",
        )
    if not Absence.objects.filter(person=people["peter.ek"], ends_on__gte=today).exists():
        services.record_absence(
            by=people["peter.ek"],
            person=people["peter.ek"],
            starts_on=today - datetime.timedelta(days=1),
            ends_on=today + datetime.timedelta(days=6),
            note="Utbildning",
        )


def _requests(units, areas, people) -> int:
    if SupportRequest.objects.exists():
        return 0
    sites = {site.code: site for site in Site.objects.all()}
    now = timezone.now()
    for asker, unit, site, area, question, days_ago, answered, rating in REQUESTS:
        request = services.ask(
            by=people[asker],
            unit=units[unit],
            site=sites[site],
            area=areas[area],
            question=question,
        )
        asked = now - datetime.timedelta(days=days_ago)
        due = add_working_days(timezone.localdate(asked), 2)
        SupportRequest.objects.filter(pk=request.pk).update(created_at=asked, due_on=due)
        request.refresh_from_db()
        if not answered:
            continue
        handler = people["amir.haddad"] if request.team_id else people["sara.nilsson"]
        request = services.assign(request, by=handler, assignee=handler, version=request.version)
        request = services.answer(
            request,
            by=handler,
            version=request.version,
            answer="Vi ses på enheten på torsdag och går igenom det tillsammans. Rutinen bifogas.",
            routine_reference="Rutin för hot och våld i vården (RH-2021-112)",
        )
        late = days_ago == 40  # one answered after its target, for the figures
        answered_at = asked + datetime.timedelta(days=6 if late else 1)
        SupportRequest.objects.filter(pk=request.pk).update(
            answered_at=answered_at, answer_working_days=4 if late else 1
        )
        services.record_time(
            request, by=handler, spent_on=timezone.localdate(answered_at), hours=Decimal("2.5")
        )
        if rating is not None:
            helped, time_ok = rating
            request.refresh_from_db()
            services.rate(
                request,
                by=people[asker],
                helped=helped,
                time_acceptable=time_ok,
                version=request.version,
            )
    return len(REQUESTS)


@transaction.atomic
def load() -> list[str]:
    units = {unit.code: unit for unit in Unit.objects.all()}
    areas = {area.code: area for area in SecurityArea.objects.all()}
    if "hs" not in units or "hot-och-vald" not in areas:
        return []
    today = timezone.localdate()
    people = _people(units)
    _team(units, people)
    _contacts(units, areas, people, today)
    created = _requests(units, areas, people)
    lines = [
        _("First-line managers for support: {emails}").format(
            emails=", ".join(_email(p[0]) for p in PEOPLE[:2])
        )
    ]
    if created:
        lines.append(_("Support requests created: {count}").format(count=created))
    return lines
