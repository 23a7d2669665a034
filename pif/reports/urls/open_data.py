"""Open data: each published indicator as CSV and JSON, and a catalogue of them all."""

from django.urls import path

from pif.reports.views import open_data as views

P = "public/<slug:short_name>/"

urlpatterns = [
    path(P + "data/", views.public_data, name="public_data"),
    path(P + "data.json", views.public_catalogue, name="public_catalogue"),
    path(P + "data/<str:public_code>.<str:fmt>", views.public_dataset, name="public_dataset"),
]
