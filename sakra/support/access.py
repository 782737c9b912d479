"""Who counts as security staff: they land on Min sida, everyone else on "Var vänder jag mig?"."""

from sakra.accounts.choices import Role

#: The roles that work with security rather than ask for support with it.
SECURITY_STAFF = frozenset(
    {
        Role.SECURITY_COORDINATOR,
        Role.SECURITY_PARTNER,
        Role.AREA_OWNER,
        Role.SECURITY_CHIEF,
        Role.BOARD_MEMBER,
        Role.AUDITOR,
    }
)


def is_security_staff(user) -> bool:
    return user.is_superuser or bool(user.roles & SECURITY_STAFF)
