from django.urls import path

from . import views

app_name = "actions"
urlpatterns = [
    path("", views.action_list, name="list"),
    path("mina-uppgifter/", views.my_tasks, name="my-tasks"),
    path("export.csv", views.action_export, {"fmt": "csv"}, name="export-csv"),
    path("export.xlsx", views.action_export, {"fmt": "xlsx"}, name="export-xlsx"),
    path("ny/", views.action_create, name="create"),
    path("<int:pk>/", views.action_detail, name="detail"),
    path("<int:pk>/starta/", views.action_transition, {"name": "start"}, name="start"),
    path("<int:pk>/klar/", views.action_transition, {"name": "complete"}, name="complete"),
    path("<int:pk>/effekt/", views.action_effect, name="effect"),
    path("<int:pk>/avbryt/", views.action_cancel, name="cancel"),
    path("<int:pk>/uppfoljning/", views.action_follow_up, name="follow-up"),
    path("behov/", views.need_list, name="need-list"),
    path("behov/nytt/", views.need_create, name="need-create"),
    path("behov/<int:pk>/", views.need_detail, name="need-detail"),
    path("sakerhetsledningen/", views.board_queue, name="board-queue"),
    path("sakerhetsledningen/moten/", views.meeting_list, name="meeting-list"),
    path("sakerhetsledningen/moten/nytt/", views.meeting_create, name="meeting-create"),
    path("sakerhetsledningen/moten/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path(
        "sakerhetsledningen/moten/<int:pk>/protokoll/",
        views.meeting_minutes,
        name="meeting-minutes",
    ),
    path("verksamhetsplaner/", views.plan_list, name="plan-list"),
    path("verksamhetsplaner/ny/", views.plan_create, name="plan-create"),
    path("verksamhetsplaner/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("verksamhetsplaner/<int:pk>/kopiera/", views.plan_copy, name="plan-copy"),
    path(
        "verksamhetsplaner/aktivitet/<int:pk>/status/",
        views.activity_status,
        name="activity-status",
    ),
]
