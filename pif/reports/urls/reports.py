"""The signed-in report pages: the list, the calendar, making, reading, downloading and
changing a report."""

from django.urls import path

from pif.reports.views import reports as views
from pif.reports.views import settings as settings_views

P = "p/<slug:short_name>/reports/"
R = P + "<int:report_id>/"

urlpatterns = [
    path(P, views.reports, name="reports"),
    path(P + "calendar/", views.report_calendar, name="report_calendar"),
    path(P + "new/", views.report_new, name="report_new"),
    path(P + "settings/", settings_views.report_settings, name="report_settings"),
    path(R, views.report, name="report"),
    path(R + "report.<str:fmt>", views.report_download, name="report_download"),
    path(R + "narrative/<slug:section_key>/", views.report_narrative, name="report_narrative"),
    path(R + "rebuild/", views.report_rebuild, name="report_rebuild"),
    path(R + "sign-off/", views.report_sign_off, name="report_sign_off"),
    path(R + "correct/", views.report_correct, name="report_correct"),
    path(R + "delete/", views.report_delete, name="report_delete"),
]
