"""The scheduled reports pages: the list, setting one up, changing and deleting it."""

from django.urls import path

from pif.reports.views import schedules as views

P = "p/<slug:short_name>/reports/schedules/"
S = P + "<int:schedule_id>/"

urlpatterns = [
    path(P, views.report_schedules, name="report_schedules"),
    path(P + "new/", views.report_schedule_add, name="report_schedule_add"),
    path(S, views.report_schedule_edit, name="report_schedule_edit"),
    path(S + "delete/", views.report_schedule_delete, name="report_schedule_delete"),
]
