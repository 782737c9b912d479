"""Sign-in with e-mail and password, and the signed-in person found again on each request."""

from django.contrib.auth.backends import ModelBackend

from .models import RoleAssignment, scopes_from


class PasswordBackend(ModelBackend):
    """Django's ModelBackend, but the person of a request is read with their roles in one
    query: every page asks for the roles (the menu, the access rules), and reading them apart
    was a second round trip on every request (docs/performance.md, "The floor per request")."""

    def get_user(self, user_id):
        assignments = list(
            RoleAssignment.objects.filter(user_id=user_id, user__is_active=True)
            .select_related("user", "unit")
            .order_by("role", "pk")
        )
        if assignments:
            user = assignments[0].user
        elif (user := super().get_user(user_id)) is None:
            return None  # no such active person: signed out
        user.__dict__["scopes"] = scopes_from(assignments)  # read with the person, not again
        return user
