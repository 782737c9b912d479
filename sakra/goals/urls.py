from django.urls import path

from . import views

app_name = "goals"
urlpatterns = [
    path("", views.index, name="index"),
    path("omrade/<slug:code>/", views.area, name="area"),
    path("forvaltning/<int:pk>/", views.administration, name="administration"),
    path("<int:pk>/", views.goal, name="goal"),
    path("indikator/<int:pk>/", views.indicator, name="indicator"),
]
