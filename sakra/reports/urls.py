from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sammanfattning/", views.summary, name="summary"),
    path("<int:pk>/godkann/", views.approve, name="approve"),
    path("<int:pk>/beslut/", views.decision, name="decision"),
    path("<int:pk>/ny-version/", views.new_version, name="new-version"),
    path("<int:pk>/utskrift/", views.print_job, name="print"),
    path("<int:pk>/rapport.<str:fmt>", views.download, name="download"),
    path("kapitel/<int:pk>/", views.chapter, name="chapter"),
]
