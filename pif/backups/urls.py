"""Web pages; see the module docstrings of the views."""

from django.urls import path

from pif.backups import views

urlpatterns = [
    path("p/<slug:short_name>/settings/exit/", views.partnership_exit, name="partnership_exit"),
]
