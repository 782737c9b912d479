from django.urls import path

from . import views

app_name = "goals"
urlpatterns = [
    path("", views.index, name="index"),
    path("nytt/", views.new_goal, name="create"),
    path("tackning/", views.coverage, name="coverage"),
    path("omrade/<slug:code>/", views.area, name="area"),
    path("forvaltning/<int:pk>/", views.administration, name="administration"),
    path("<int:pk>/", views.goal, name="goal"),
    path("<int:pk>/andra/", views.edit_goal, name="edit"),
    path("<int:pk>/arkivera/", views.archive_goal, name="archive"),
    path("<int:pk>/indikator/ny/", views.new_indicator, name="indicator-create"),
    path("indikator/<int:pk>/", views.indicator, name="indicator"),
    path("indikator/<int:pk>/andra/", views.edit_indicator, name="indicator-edit"),
]
