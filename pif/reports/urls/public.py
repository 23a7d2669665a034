"""The public performance pages, open to everyone without signing in, and the site's
accessibility statement."""

from django.urls import path

from pif.reports.views import public as views

P = "public/<slug:short_name>/"

urlpatterns = [
    path(P, views.public_home, name="public_home"),
    path(P + "indicators/<str:public_code>/", views.public_indicator, name="public_indicator"),
    path(P + "reports/", views.public_reports, name="public_reports"),
    path(P + "reports/<int:public_report_id>/", views.public_report, name="public_report"),
    path(P + "reports/<int:public_report_id>/report.<str:fmt>", views.public_report_download,
         name="public_report_download"),
    path("accessibility/", views.accessibility, name="accessibility"),
]
