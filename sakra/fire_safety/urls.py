from django.urls import path

from . import views

app_name = "fire_safety"

urlpatterns = [
    path("", views.index, name="index"),
]
