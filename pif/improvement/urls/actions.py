"""Action plans: lists, an action and its log, progress, milestones, closing."""

from django.urls import path

from pif.improvement.views import actions as views

P = "p/<slug:short_name>/actions/"
A = P + "<int:action_id>/"
M = A + "milestones/<int:milestone_id>/"

urlpatterns = [
    path(P, views.actions, name="actions"),
    path(P + "mine/", views.my_actions, name="my_actions"),
    path(P + "new/", views.action_add, name="action_add"),
    path(P + "settings/", views.action_settings, name="action_settings"),
    path(A, views.action, name="action"),
    path(A + "edit/", views.action_edit, name="action_edit"),
    path(A + "update/", views.action_update, name="action_update"),
    path(A + "close/", views.action_close, name="action_close"),
    path(A + "sign-off/", views.action_sign_off, name="action_sign_off"),
    path(A + "reopen/", views.action_reopen, name="action_reopen"),
    path(A + "delete/", views.action_delete, name="action_delete"),
    path(A + "milestones/new/", views.action_milestone_add, name="action_milestone_add"),
    path(M, views.action_milestone_edit, name="action_milestone_edit"),
    path(M + "delete/", views.action_milestone_delete, name="action_milestone_delete"),
]
