from django.urls import path

from . import views
from .following import views as following
from .notices import views as notices

app_name = "incidents"
# Reporting has its own top-level address so that the menu marks one entry as current.
urlpatterns = [
    path("avvikelser/", views.incident_list, name="list"),
    path("rapportera/", views.report, name="report"),
    path("avvikelser/kvitto/<int:pk>/", views.receipt, name="receipt"),
    path("avvikelser/export.csv", views.export_csv, name="export-csv"),
    path("avvikelser/export.xlsx", views.export_xlsx, name="export-xlsx"),
    path("avvikelser/rapporteringsskyldigheter/", views.obligation_list, name="obligations"),
    path("avvikelser/beredskap/", views.roster, name="roster"),
    path("avvikelser/gallring/", views.retention_plan, name="retention"),
    path("avvikelser/statistik/", views.statistics, name="statistics"),
    path("avvikelser/statistik.xlsx", views.statistics, {"fmt": "xlsx"}, name="statistics-xlsx"),
    path("avvikelser/rapporterat-annorstades/", views.elsewhere_figures, name="elsewhere"),
    path("avvikelser/bilagor/<int:pk>/", views.download_attachment, name="attachment"),
    path("avvikelser/<int:pk>/", views.detail, name="detail"),
    path("avvikelser/<int:pk>/status/", views.change_status, name="status"),
    path("avvikelser/<int:pk>/handlaggare/", views.assign_handler, name="assign"),
    path("avvikelser/<int:pk>/allvarlighetsgrad/", views.change_severity, name="severity"),
    path("avvikelser/<int:pk>/kategori/", views.change_category, name="category"),
    path("avvikelser/<int:pk>/kannedom/", views.correct_awareness, name="awareness"),
    path("avvikelser/<int:pk>/tillbud/", views.mark_near_miss, name="near-miss"),
    path("avvikelser/<int:pk>/storning/", views.record_disruption, name="disruption"),
    path("avvikelser/<int:pk>/kommentar/", views.add_comment, name="comment"),
    path("avvikelser/<int:pk>/kvittera/", views.acknowledge_incident, name="acknowledge"),
    path(
        "avvikelser/<int:pk>/skyldigheter/<int:obligation_pk>/",
        views.record_obligation,
        name="obligation",
    ),
    path("avvikelser/<int:pk>/bilagor/", views.add_attachment, name="attachments"),
    path("avvikelser/<int:pk>/gallringsstopp/", views.legal_hold, name="legal-hold"),
    path(
        "avvikelser/<int:pk>/skyldigheter/<int:obligation_pk>/anmalan/",
        notices.new_notice,
        name="notice-new",
    ),
    path(
        "avvikelser/<int:pk>/skyldigheter/<int:obligation_pk>/uppfoljning/",
        notices.new_follow_up,
        name="notice-follow-up",
    ),
    path("avvikelser/anmalningar/<int:notice_pk>/", notices.notice, name="notice"),
    path(
        "avvikelser/anmalningar/<int:notice_pk>/skickad/", notices.notice_sent, name="notice-sent"
    ),
    path(
        "avvikelser/anmalningar/<int:notice_pk>/anmalan.pdf", notices.notice_pdf, name="notice-pdf"
    ),
    path(
        "avvikelser/anmalningar/<int:notice_pk>/anmalan.txt",
        notices.notice_text,
        name="notice-text",
    ),
    path("min-sida/avvikelser-i-min-enhet/", following.follow_settings, name="follow-settings"),
]
