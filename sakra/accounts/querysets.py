from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models

from sakra.core.access import VIEW, ScopedQuerySet

from .choices import Role


class UserQuerySet(ScopedQuerySet):
    """People: each user sees themselves; people who lead or support a unit see its staff."""

    unit_lookup = "home_unit"
    owner_lookup = "pk"
    role_actions = {
        Role.MANAGER: frozenset({VIEW}),
        Role.HEAD_OF_ADMINISTRATION: frozenset({VIEW}),
        Role.SECURITY_COORDINATOR: frozenset({VIEW}),
        Role.SECURITY_PARTNER: frozenset({VIEW}),
        Role.SECURITY_CHIEF: frozenset({VIEW}),
        Role.AUDITOR: frozenset({VIEW}),
    }

    def active(self):
        return self.filter(is_active=True)

    def holding(self, role: str):
        """Active users holding `role` in some scope."""
        return self.active().filter(role_assignments__role=role).distinct()


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    """Users log in with their e-mail address."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        """The account whose address is `username` once both are normalised (lockout.py).

        The database's case-insensitive match only finds the candidates: its folding differs
        (PostgreSQL folds "ı" to "I"), so the address must also be the same in Python's.
        """
        from .lockout import normalised_address

        address = normalised_address(username)
        for user in self.filter(email__iexact=address):
            if normalised_address(user.email) == address:
                return user
        raise self.model.DoesNotExist


class RoleAssignmentQuerySet(ScopedQuerySet):
    unit_lookup = "unit"
    area_lookup = "area"
    owner_lookup = "user"
    role_actions = {Role.SECURITY_CHIEF: frozenset({VIEW}), Role.AUDITOR: frozenset({VIEW})}

    def select_scope(self):
        return self.select_related("unit", "area")


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class NotificationQuerySet(ScopedQuerySet):
    """A notification is for its recipient's eyes only."""

    owner_lookup = "recipient"
    owner_actions = frozenset({VIEW, "change"})

    def unread(self):
        return self.filter(read_at__isnull=True)
