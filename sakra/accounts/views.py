from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .models import RoleAssignment


@login_required
def me(request):
    """Min sida: who I am, and the roles I hold in which scopes."""
    assignments = (
        RoleAssignment.objects.for_user(request.user)
        .filter(user=request.user)
        .select_related("unit", "area")
    )
    return render(request, "accounts/me.html", {"assignments": assignments})
