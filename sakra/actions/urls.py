from django.urls import path
from django.views.generic import RedirectView

from .views import actions, board, needs, plans

app_name = "actions"
urlpatterns = [
    path("", actions.action_list, name="list"),
    # "Mina uppgifter" is everyone's page now (sakra.accounts); old bookmarks still find it.
    path(
        "mina-uppgifter/",
        RedirectView.as_view(pattern_name="accounts:my-tasks", permanent=True),
        name="my-tasks-moved",
    ),
    path("export.csv", actions.action_export, {"fmt": "csv"}, name="export-csv"),
    path("export.xlsx", actions.action_export, {"fmt": "xlsx"}, name="export-xlsx"),
    path("ny/", actions.action_create, name="create"),
    path("<int:pk>/", actions.action_detail, name="detail"),
    path("<int:pk>/starta/", actions.action_transition, {"name": "start"}, name="start"),
    path("<int:pk>/klar/", actions.action_transition, {"name": "complete"}, name="complete"),
    path("<int:pk>/effekt/", actions.action_effect, name="effect"),
    path("<int:pk>/avbryt/", actions.action_cancel, name="cancel"),
    path("<int:pk>/uppfoljning/", actions.action_follow_up, name="follow-up"),
    path("<int:pk>/kostnad/", actions.action_estimate, name="estimate"),
    path("behov/", needs.need_list, name="need-list"),
    path("behov/nytt/", needs.need_create, name="need-create"),
    path("behov/<int:pk>/", needs.need_detail, name="need-detail"),
    path("sakerhetsledningen/", board.board_queue, name="board-queue"),
    path("sakerhetsledningen/moten/", board.meeting_list, name="meeting-list"),
    path("sakerhetsledningen/moten/nytt/", board.meeting_create, name="meeting-create"),
    path("sakerhetsledningen/moten/<int:pk>/", board.meeting_detail, name="meeting-detail"),
    path(
        "sakerhetsledningen/moten/<int:pk>/protokoll/",
        board.meeting_minutes,
        name="meeting-minutes",
    ),
    path("verksamhetsplaner/", plans.plan_list, name="plan-list"),
    path("verksamhetsplaner/ny/", plans.plan_create, name="plan-create"),
    path("verksamhetsplaner/<int:pk>/", plans.plan_detail, name="plan-detail"),
    path("verksamhetsplaner/<int:pk>/kopiera/", plans.plan_copy, name="plan-copy"),
    path(
        "verksamhetsplaner/aktivitet/<int:pk>/status/",
        plans.activity_status,
        name="activity-status",
    ),
    path(
        "verksamhetsplaner/aktivitet/<int:pk>/kostnad/",
        plans.activity_estimate,
        name="activity-estimate",
    ),
]
