"""Improvement projects, change ideas and PDSA cycles."""

from django.urls import path

from pif.improvement.views import pdsa
from pif.improvement.views import projects as views

P = "p/<slug:short_name>/projects/"
ONE = P + "<int:project_id>/"
IDEA = ONE + "change-ideas/<int:change_idea_id>/"
CYCLE = ONE + "cycles/<int:cycle_id>/"

urlpatterns = [
    path(P, views.projects, name="projects"),
    path(P + "export.<str:fmt>", views.projects_export, name="projects_export"),
    path(P + "register/", views.project_add, name="project_add"),
    path(ONE, views.project, name="project"),
    path(ONE + "change/", views.project_edit, name="project_edit"),
    path(ONE + "approve/", views.project_approve, name="project_approve"),
    path(ONE + "delete/", views.project_delete, name="project_delete"),
    path(ONE + "measures/", views.project_measures, name="project_measures"),
    path(ONE + "score/", views.project_score, name="project_score"),
    path(ONE + "change-ideas/add/", views.change_idea_add, name="change_idea_add"),
    path(IDEA + "change/", views.change_idea_edit, name="change_idea_edit"),
    path(IDEA + "delete/", views.change_idea_delete, name="change_idea_delete"),
    path(ONE + "cycles/plan/", pdsa.pdsa_add, name="pdsa_add"),
    path(CYCLE, pdsa.pdsa_cycle, name="pdsa_cycle"),
    path(CYCLE + "plan/", pdsa.pdsa_plan, name="pdsa_plan"),
    path(CYCLE + "do/", pdsa.pdsa_do, name="pdsa_do"),
    path(CYCLE + "study/", pdsa.pdsa_study, name="pdsa_study"),
    path(CYCLE + "act/", pdsa.pdsa_act, name="pdsa_act"),
    path(CYCLE + "delete/", pdsa.pdsa_delete, name="pdsa_delete"),
]
