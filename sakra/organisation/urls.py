from django.urls import path

from . import views

app_name = "organisation"
urlpatterns = [
    path("organisation/val/<str:kind>/", views.picker_options, name="picker-options"),
]
