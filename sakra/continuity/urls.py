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
    path("forsorjning/", views.supply, name="supply"),
    path("forsorjning/ny/", views.stock_create, name="stock-create"),
    path("forsorjning/<int:pk>/", views.stock, name="stock"),
    path("forsorjning/<int:pk>/andra/", views.stock_edit, name="stock-edit"),
    path("forsorjning/<int:pk>/inventering/", views.stock_count, name="stock-count"),
    path("forsorjning/<int:pk>/atgard/", views.stock_action, name="stock-action"),
    path("hojd-beredskap/", views.civil, name="civil"),
    path("hojd-beredskap/ny/", views.wartime_plan_create, name="wartime-plan-create"),
    path("hojd-beredskap/<int:pk>/", views.wartime_plan, name="wartime-plan"),
    path("hojd-beredskap/<int:pk>/andra/", views.wartime_plan_edit, name="wartime-plan-edit"),
    path("hojd-beredskap/<int:pk>/befattningar/", views.wartime_post_add, name="wartime-post-add"),
    path("hojd-beredskap/befattningar/<int:pk>/", views.wartime_post, name="wartime-post"),
    path("ovningar/", views.exercises, name="exercises"),
    path("ovningar/ny/", views.exercise_create, name="exercise-create"),
    path("ovningar/<int:pk>/", views.exercise, name="exercise"),
    path("ovningar/<int:pk>/andra/", views.exercise_edit, name="exercise-edit"),
    path("ovningar/<int:pk>/utvardering/", views.exercise_evaluation, name="exercise-evaluation"),
    path("utbildning/", views.training, name="training"),
    path("utbildning/ny/", views.training_create, name="training-create"),
    path("kriser/", views.crises, name="crises"),
    path("kriser/ny/", views.crisis_open, name="crisis-open"),
    path("kriser/<int:pk>/", views.crisis, name="crisis"),
    path("kriser/<int:pk>/logg/", views.crisis_entry, name="crisis-entry"),
    path("kriser/<int:pk>/stab/", views.crisis_staff, name="crisis-staff"),
    path("kriser/<int:pk>/lagesbild/", views.crisis_summary, name="crisis-summary"),
    path("kriser/<int:pk>/avsluta/", views.crisis_close, name="crisis-close"),
    path("kriser/<int:pk>/utskrift/", views.crisis_print, name="crisis-print"),
]
