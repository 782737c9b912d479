from django.urls import path

from . import views

app_name = "fire_safety"

urlpatterns = [
    path("", views.index, name="index"),
    path("ny/", views.document_create, name="document-create"),
    path("<int:pk>/", views.document, name="document"),
    path("<int:pk>/andra/", views.document_edit, name="document-edit"),
    path("<int:pk>/parm.pdf", views.document_pdf, name="document-pdf"),
    path("<int:pk>/kontrollpunkter/ny/", views.control_point_add, name="control-point-add"),
    path("<int:pk>/tillsyn/ny/", views.inspection_add, name="inspection-add"),
    path("<int:pk>/uppdrag/", views.assignments, name="assignments"),
    path("uppdrag/<int:pk>/avsluta/", views.assignment_end, name="assignment-end"),
    path("egenkontroller/", views.rounds, name="rounds"),
    path("egenkontroller/<int:pk>/", views.round_detail, name="round"),
    path("egenkontroller/<int:pk>/kommentar/", views.round_comment, name="round-comment"),
    path("egenkontroller/foto/<int:pk>/", views.photo, name="photo"),
    path("tillsyn/", views.inspections, name="inspections"),
    path("tillsyn/<int:pk>/", views.inspection, name="inspection"),
    path("tillsyn/<int:pk>/rapport/", views.report, name="report"),
    path("anmarkningar/<int:pk>/status/", views.remark_status, name="remark-status"),
    path("uppfoljning/", views.follow_up, name="follow-up"),
    path("checklistor/", views.checklists, name="checklists"),
    path("checklistor/<int:pk>/", views.checklist, name="checklist"),
]
