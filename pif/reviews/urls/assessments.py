"""Stage 6 addresses: assessments, scoring, the consensus step and the summary."""

from django.urls import path

from pif.reviews.views import assessments as views
from pif.reviews.views import scoring

P = "p/<slug:short_name>/assessments/"
ONE = P + "<int:assessment_id>/"

urlpatterns = [
    path(P, views.assessments, name="assessments"),
    path(P + "set-up/", views.assessment_add, name="assessment_add"),
    path(ONE, views.assessment, name="assessment"),
    path(ONE + "change/", views.assessment_edit, name="assessment_edit"),
    path(ONE + "delete/", views.assessment_delete, name="assessment_delete"),
    path(ONE + "assessors/", views.assessment_assessors, name="assessment_assessors"),
    path(ONE + "stage/", views.assessment_stage, name="assessment_stage"),
    path(ONE + "my-scores/", scoring.assessment_scores, name="assessment_scores"),
    path(ONE + "my-scores/<int:assessment_node_id>/", scoring.score_node, name="score_node"),
    path(ONE + "consensus/", scoring.assessment_consensus, name="assessment_consensus"),
    path(ONE + "consensus/<int:assessment_node_id>/", scoring.agree_node, name="agree_node"),
    path(ONE + "summary/", scoring.assessment_summary, name="assessment_summary"),
    path(ONE + "summary.<str:fmt>", scoring.assessment_summary_export,
         name="assessment_summary_export"),
]
