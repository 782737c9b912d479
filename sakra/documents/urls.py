from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.index, name="index"),
    path("granskning/", views.due, name="due"),
    path("nytt/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/andra/", views.edit, name="edit"),
    path("<int:pk>/utkast/", views.draft, name="draft"),
    path("<int:pk>/remiss/", views.consultation, name="consultation"),
    path("<int:pk>/remiss/svar/", views.reply, name="reply"),
    path("<int:pk>/faststall/", views.adopt, name="adopt"),
    path("<int:pk>/granskad/", views.review, name="review"),
    path("<int:pk>/arkivera/", views.archive, name="archive"),
    path("versioner/<int:pk>/", views.version, name="version"),
    path("versioner/<int:pk>/fil/", views.attachment, name="attachment"),
    path("versioner/<int:pk>/last/", views.acknowledge, name="acknowledge"),
    path("versioner/<int:pk>/kvittenser/", views.acknowledgements, name="acknowledgements"),
]
