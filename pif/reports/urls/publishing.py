"""What an editor does to put the partnership's performance on its public pages: what the
public sees now, publishing, the settings and suppressing small numbers."""

from django.urls import path

from pif.reports.views import publishing as views

P = "p/<slug:short_name>/public-pages/"

urlpatterns = [
    path(P, views.publishing, name="publishing"),
    path(P + "publish/", views.publish, name="publish"),
    path(P + "settings/", views.public_settings, name="public_settings"),
    path(P + "suppress/<int:indicator_id>/", views.suppression, name="suppression"),
]
