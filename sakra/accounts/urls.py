from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.me, name="me"),
    path("granskningslogg/", views.audit_trail, name="audit-trail"),
    path("granskningslogg/export.csv", views.audit_trail_csv, name="audit-trail-csv"),
    path("tvastegsverifiering/", views.mfa_setup, name="mfa-setup"),
    path("tvastegsverifiering/kod/", views.mfa_verify, name="mfa-verify"),
]
