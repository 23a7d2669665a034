from django.urls import path

from pif.measures.views import collection, data_entry, indicator, scorecard, upload

P = "p/<slug:short_name>/"
I = P + "indicators/<str:code>/"

urlpatterns = [
    path(P + "indicators/", scorecard.scorecard, name="scorecard"),
    path(P + "indicators/export.<str:fmt>", scorecard.scorecard_export, name="scorecard_export"),
    path(P + "indicators/new/", indicator.indicator_create, name="indicator_create"),
    path(I, indicator.indicator_page, name="indicator"),
    path(I + "edit/", indicator.indicator_edit, name="indicator_edit"),
    path(I + "chart.json", indicator.indicator_chart_spec, name="indicator_chart_spec"),
    path(I + "breakdown/", indicator.indicator_breakdown, name="indicator_breakdown"),
    path(I + "targets/", indicator.indicator_targets, name="indicator_targets"),
    path(I + "annotate/", indicator.annotation_add, name="annotation_add"),
    path(I + "enter/", data_entry.enter_value, name="enter_value"),
    path(I + "grid/", data_entry.enter_grid, name="enter_grid"),
    path(I + "commentary/", data_entry.commentary_edit, name="commentary_edit"),
    path(P + "upload/", upload.upload_start, name="upload"),
    path(P + "upload/<int:upload_id>/", upload.upload_preview, name="upload_preview"),
    path(P + "my-data/", collection.my_data, name="my_data"),
    path(P + "approvals/", collection.approvals, name="approvals"),
]
