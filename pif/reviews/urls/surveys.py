"""Stage 6 addresses: the checklist survey. The survey page itself is outside any
partnership's addresses: a personal link opens it without signing in."""

from django.urls import path

from pif.reviews.views import surveys as views

A = "p/<slug:short_name>/assessments/<int:checklist_id>/survey/"

urlpatterns = [
    path(A + "invitations/", views.survey_invitations, name="survey_invitations"),
    path(A + "invitations/send/", views.survey_send, name="survey_send"),
    path(A + "dates/", views.survey_dates, name="survey_dates"),
    path(A + "close/", views.survey_close, name="survey_close"),
    path(A + "results/", views.survey_results, name="survey_results"),
    path(A + "results.<str:fmt>", views.survey_results_export, name="survey_results_export"),
    path(A + "findings/add/", views.survey_finding_add, name="survey_finding_add"),
    path("survey/thank-you/", views.survey_thanks, name="survey_thanks"),
    path("survey/<str:survey_token>/", views.survey, name="survey"),
]
