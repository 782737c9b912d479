from django.urls import path

from . import views

app_name = "continuity"

urlpatterns = [
    path("", views.index, name="index"),
    path("planer/ny/", views.plan_create, name="plan-create"),
    path("planer/<int:pk>/", views.plan, name="plan"),
    path("planer/<int:pk>/andra/", views.plan_edit, name="plan-edit"),
    path("planer/<int:pk>/kort.pdf", views.plan_pdf, name="plan-pdf"),
    path("beroenden/<int:pk>/reserv/", views.backup, name="backup"),
    path("kriser/", views.crises, name="crises"),
    path("kriser/ny/", views.crisis_open, name="crisis-open"),
    path("kriser/<int:pk>/", views.crisis, name="crisis"),
    path("kriser/<int:pk>/logg/", views.crisis_entry, name="crisis-entry"),
    path("kriser/<int:pk>/stab/", views.crisis_staff, name="crisis-staff"),
    path("kriser/<int:pk>/lagesbild/", views.crisis_summary, name="crisis-summary"),
    path("kriser/<int:pk>/avsluta/", views.crisis_close, name="crisis-close"),
    path("kriser/<int:pk>/stabslogg.pdf", views.crisis_pdf, name="crisis-pdf"),
]
