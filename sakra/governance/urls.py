from django.urls import path

from . import views
from .views import planning

app_name = "governance"

urlpatterns = [
    path("", views.index, name="index"),
    path("forum/<int:pk>/", views.forum, name="forum"),
    path("forum/<int:pk>/moten/nytt/", views.meeting_create, name="meeting-create"),
    path("moten/<int:pk>/", views.meeting, name="meeting"),
    path("moten/<int:pk>/protokoll/", views.meeting_minutes, name="meeting-minutes"),
    path("moten/<int:pk>/protokoll.pdf", views.meeting_pdf, name="meeting-pdf"),
    path("moten/<int:pk>/protokoll.docx", views.meeting_docx, name="meeting-docx"),
    path("moten/<int:pk>/beslut/nytt/", views.decision_create, name="decision-create"),
    path("beslut/", views.decisions, name="decisions"),
    path("beslut/<int:pk>/", views.decision, name="decision"),
    path("beslut/<int:pk>/expediera/", views.decision_distribute, name="decision-distribute"),
    path("beslut/<int:pk>/kvittera/", views.decision_acknowledge, name="decision-acknowledge"),
    path("uppdrag/", views.mandates, name="mandates"),
    path("krav/", views.requirements, name="requirements"),
    path("krav/ej-uppfyllda/", views.requirements_unmet, name="requirements-unmet"),
    path("krav/nytt/", views.requirement_create, name="requirement-create"),
    path("krav/<int:pk>/", views.requirement, name="requirement"),
    path("krav/<int:pk>/bedom/", views.requirement_assess, name="requirement-assess"),
    path("krav/<int:pk>/ersatt/", views.requirement_supersede, name="requirement-supersede"),
    path("internkontroll/", views.plans, name="plans"),
    path("internkontroll/ny/", views.plan_create, name="plan-create"),
    path("internkontroll/<int:pk>/", views.plan, name="plan"),
    path("internkontroll/<int:pk>/kontroller/ny/", views.control_add, name="control-add"),
    path("internkontroll/<int:pk>/faststall/", views.plan_adopt, name="plan-adopt"),
    path("internkontroll/kontroll/<int:pk>/", views.occurrence, name="occurrence"),
    path(
        "internkontroll/kontroll/<int:pk>/kand-brist/",
        views.occurrence_deficiency,
        name="occurrence-deficiency",
    ),
    path("resurser/", views.funding_list, name="funding-list"),
    path("resurser/ny/", views.funding_create, name="funding-create"),
    path("resurser/sammanstallning/", planning.budget, name="funding-summary"),
    path("resurser/<int:pk>/", views.funding, name="funding"),
    path("resurser/<int:pk>/aktiviteter/ny/", views.funding_activity, name="funding-activity"),
    path("planeringsdialog/", planning.planning, name="planning"),
    path(
        "planeringsdialog/plan/<int:pk>/lamna-in/", planning.planning_submit, name="planning-submit"
    ),
    path("planeringsdialog/<int:pk>/", planning.submission, name="submission"),
    path(
        "planeringsdialog/<int:pk>/kommentar/",
        planning.submission_comment,
        name="submission-comment",
    ),
    path("planeringsdialog/<int:pk>/overens/", planning.submission_agree, name="submission-agree"),
    path("statliga-uppdrag/", planning.assignments, name="assignments"),
    path("statliga-uppdrag/nytt/", planning.assignment_create, name="assignment-create"),
    path("statliga-uppdrag/<int:pk>/", planning.assignment, name="assignment"),
    path("statliga-uppdrag/<int:pk>/status/", planning.assignment_update, name="assignment-update"),
    path("indikatorer/", planning.snapshots, name="snapshots"),
    path("indikatorer/ta/", planning.snapshot_take, name="snapshot-take"),
]
