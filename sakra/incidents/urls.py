from django.urls import path

from . import views

app_name = "incidents"
urlpatterns = [
    path("", views.incident_list, name="list"),
    path("rapportera/", views.report, name="report"),
    path("kvitto/<int:pk>/", views.receipt, name="receipt"),
    path("export.csv", views.export_csv, name="export-csv"),
    path("export.xlsx", views.export_xlsx, name="export-xlsx"),
    path("rapporteringsskyldigheter/", views.obligation_list, name="obligations"),
    path("beredskap/", views.roster, name="roster"),
    path("bilagor/<int:pk>/", views.download_attachment, name="attachment"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/status/", views.change_status, name="status"),
    path("<int:pk>/handlaggare/", views.assign_handler, name="assign"),
    path("<int:pk>/allvarlighetsgrad/", views.change_severity, name="severity"),
    path("<int:pk>/kommentar/", views.add_comment, name="comment"),
    path("<int:pk>/kvittera/", views.acknowledge_incident, name="acknowledge"),
    path("<int:pk>/skyldigheter/<int:obligation_pk>/", views.record_obligation, name="obligation"),
    path("<int:pk>/bilagor/", views.add_attachment, name="attachments"),
]
