from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    path("", views.index, name="index"),
    path("fragor/", views.request_list, name="requests"),
    path("fragor/ny/", views.ask, name="ask"),
    path("fragor/<int:pk>/", views.request_detail, name="request"),
    path("fragor/<int:pk>/tilldela/", views.assign, name="assign"),
    path("fragor/<int:pk>/svara/", views.answer, name="answer"),
    path("fragor/<int:pk>/stang/", views.close, name="close"),
    path("fragor/<int:pk>/betyg/", views.rate, name="rate"),
    path("fragor/<int:pk>/tid/", views.record_time, name="time"),
    path("fragor/<int:pk>/atgard/", views.create_action, name="action"),
    path("franvaro/", views.absences, name="absences"),
    path("franvaro/<int:pk>/avbryt/", views.absence_cancel, name="absence-cancel"),
    path("kontakter/", views.contacts, name="contacts"),
    path("kontakter/ny/", views.contact_create, name="contact-create"),
    path("kontakter/<int:pk>/andra/", views.contact_edit, name="contact-edit"),
    path("kontakter/<int:pk>/ta-bort/", views.contact_remove, name="contact-remove"),
    path("uppfoljning/", views.follow_up, name="follow-up"),
]
