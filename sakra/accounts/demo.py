"""One demo user per role, with a predictable password printed by `sakra demo`."""

from django.utils.translation import gettext as _

from sakra.organisation.models import SecurityArea, Unit

from .choices import Role
from .models import RoleAssignment, User

# Printed for the trial on purpose; demo users exist only after `sakra demo`.
DEMO_PASSWORD = "sakra-demo-2026"  # noqa: S105 # nosec B105
DOMAIN = "demo.sakra.se"

# (local part, full name, home unit, role, scope unit, scope area)
PEOPLE = [
    ("anna.andersson", "Anna Andersson", "hs-akut-halmstad", Role.EMPLOYEE, "hs-akut-halmstad", None),
    ("maria.lindqvist", "Maria Lindqvist", "hs-akut", Role.MANAGER, "hs-akut", None),
    ("hakan.berg", "Håkan Berg", "hs", Role.HEAD_OF_ADMINISTRATION, "hs", None),
    ("sara.nilsson", "Sara Nilsson", "hs", Role.SECURITY_COORDINATOR, "hs", None),
    ("peter.ek", "Peter Ek", "rk-sak-enhet", Role.SECURITY_PARTNER, "region-halland", None),
    ("lena.holm", "Lena Holm", "rk-sak-enhet", Role.AREA_OWNER, None, "hot-och-vald"),
    ("karin.strom", "Karin Ström", "rk-sak-enhet", Role.SECURITY_CHIEF, "region-halland", None),
    ("olof.dahl", "Olof Dahl", "rk", Role.BOARD_MEMBER, "region-halland", None),
    ("eva.granlund", "Eva Granlund", "rk", Role.AUDITOR, "region-halland", None),
    # The other area owners of the Halland preset, and a second manager for scope contrast.
    ("johan.brandt", "Johan Brandt", "rgs-drift-halmstad", Role.AREA_OWNER, None, "brandskydd"),
    ("ingrid.lund", "Ingrid Lund", "rgs-drift-halmstad", Role.AREA_OWNER, None, "fysisk-sakerhet"),
    ("mats.sjoberg", "Mats Sjöberg", "rk-sak-enhet", Role.AREA_OWNER, None, "sakerhetsskydd"),
    ("elin.falk", "Elin Falk", "rk", Role.AREA_OWNER, None, "informationssakerhet"),
    ("nils.vik", "Nils Vik", "rk-sak-enhet", Role.AREA_OWNER, None, "civilt-forsvar"),
    ("ulla.berg", "Ulla Berg", "rk-sak-enhet", Role.AREA_OWNER, None, "krisberedskap"),
    ("erik.ahl", "Erik Åhl", "hs-med", Role.MANAGER, "hs-med", None),
]  # fmt: skip

PRINTED_ROLES = [p[0] for p in PEOPLE[:9]] + ["erik.ahl"]


def _email(local: str) -> str:
    return f"{local}@{DOMAIN}"


def load() -> list[str]:
    units = {unit.code: unit for unit in Unit.objects.all()}
    areas = {area.code: area for area in SecurityArea.objects.all()}
    for local, full_name, home, role, unit_code, area_code in PEOPLE:
        user = User.objects.filter(email=_email(local)).first()
        if user is None:
            user = User(email=_email(local))
            user.set_password(DEMO_PASSWORD)
        user.full_name, user.home_unit, user.is_active = full_name, units[home], True
        user.save()
        RoleAssignment.objects.get_or_create(
            user=user,
            role=role,
            unit=units.get(unit_code) if unit_code else None,
            area=areas.get(area_code) if area_code else None,
        )
        if role == Role.AREA_OWNER and area_code:
            SecurityArea.objects.filter(code=area_code).update(owner=user)

    admin = User.objects.filter(email=_email("admin")).first()
    if admin is None:
        User.objects.create_superuser(_email("admin"), DEMO_PASSWORD, full_name="Sakra Admin")

    lines = ["", _("Demo logins (password: {password})").format(password=DEMO_PASSWORD)]
    labels = dict(Role.choices)
    for local, full_name, _home, role, *_rest in PEOPLE:
        if local in PRINTED_ROLES:
            lines.append(f"  {labels[role]:<28} {_email(local):<36} {full_name}")
    # Outside the f-string, where makemessages finds the message.
    administrator = _("Administrator")
    lines.append(f"  {administrator:<28} {_email('admin'):<36} Sakra Admin")
    return lines
