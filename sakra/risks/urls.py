from django.urls import path

from .views import analyses as views
from .views import rsa

app_name = "risks"

urlpatterns = [
    path("", views.index, name="index"),
    path("ny/", views.analysis_create, name="analysis-create"),
    path("<int:pk>/", views.analysis, name="analysis"),
    path("<int:pk>/andra/", views.analysis_edit, name="analysis-edit"),
    path("<int:pk>/status/", views.analysis_status, name="analysis-status"),
    path("<int:pk>/faststall/", views.analysis_approve, name="analysis-approve"),
    path("<int:pk>/matris/", rsa.matrix_move, name="matrix-move"),
    path("<int:pk>/risker/ny/", views.risk_create, name="risk-create"),
    path("<int:pk>/rapport.<str:fmt>", views.report, name="report"),
    path("<int:pk>/krisberedskap/", rsa.preparedness, name="preparedness"),
    path(
        "<int:pk>/krisberedskap/<int:indicator>/",
        rsa.preparedness_assess,
        name="preparedness-assess",
    ),
    path("<int:pk>/uppfoljning/", rsa.follow_up, name="follow-up"),
    path("mandatperiod/", rsa.cycle_page, name="cycle"),
    path("register/", views.risks, name="risks"),
    path("register/export.csv", views.risks_export, {"fmt": "csv"}, name="export-csv"),
    path("register/export.xlsx", views.risks_export, {"fmt": "xlsx"}, name="export-xlsx"),
    path("risk/<int:pk>/", views.risk, name="risk"),
    path("risk/<int:pk>/andra/", views.risk_edit, name="risk-edit"),
    path("karta/", views.heat_map, name="heat-map"),
    path("omvarldsbevakning/", views.notes, name="notes"),
    path("omvarldsbevakning/ny/", views.note_create, name="note-create"),
    path("samhallsviktig-verksamhet/", rsa.critical_services, name="services"),
    path("samhallsviktig-verksamhet/ny/", rsa.service_create, name="service-create"),
    path("samhallsviktig-verksamhet/<int:pk>/", rsa.critical_service, name="service"),
    path("samhallsviktig-verksamhet/<int:pk>/andra/", rsa.service_edit, name="service-edit"),
    path(
        "samhallsviktig-verksamhet/<int:pk>/beroenden/ny/",
        rsa.dependency_create,
        name="dependency-create",
    ),
    path("beroende/<int:pk>/andra/", rsa.dependency_edit, name="dependency-edit"),
]
