from django.urls import path

from . import views
from .appointments import views as roles

app_name = "accounts"
# Mounted at the root (AccountsConfig.url_prefix is ""): "Mina uppgifter" belongs to no module.
urlpatterns = [
    path("min-sida/", views.me, name="me"),
    path("mina-uppgifter/", views.my_tasks, name="my-tasks"),
    path("mina-uppgifter/antal/", views.my_tasks_count, name="my-tasks-count"),
    path("min-sida/granskningslogg/", views.audit_trail, name="audit-trail"),
    path("min-sida/granskningslogg/export.csv", views.audit_trail_csv, name="audit-trail-csv"),
    path("min-sida/tvastegsverifiering/", views.mfa_setup, name="mfa-setup"),
    path("min-sida/tvastegsverifiering/kod/", views.mfa_verify, name="mfa-verify"),
    path("roller/", roles.roles, name="roles"),
    path("roller/utse/", roles.appoint, name="appoint"),
    path("roller/<int:pk>/avsluta/", roles.end, name="end-role"),
]
