from django.urls import path

from pif.measures.views import collection, data_entry, indicator, locks, scorecard, upload

P = "p/<slug:short_name>/"
INDICATOR = P + "indicators/<str:code>/"

urlpatterns = [
    path(P + "indicators/", scorecard.scorecard, name="scorecard"),
    path(P + "indicators/export.<str:fmt>", scorecard.scorecard_export, name="scorecard_export"),
    path(P + "indicators/new/", indicator.indicator_create, name="indicator_create"),
    path(INDICATOR, indicator.indicator_page, name="indicator"),
    path(INDICATOR + "edit/", indicator.indicator_edit, name="indicator_edit"),
    path(INDICATOR + "chart.json", indicator.indicator_chart_spec, name="indicator_chart_spec"),
    path(INDICATOR + "breakdown/", indicator.indicator_breakdown, name="indicator_breakdown"),
    path(INDICATOR + "targets/", indicator.indicator_targets, name="indicator_targets"),
    path(INDICATOR + "annotate/", indicator.annotation_add, name="annotation_add"),
    path(INDICATOR + "enter/", data_entry.enter_value, name="enter_value"),
    path(INDICATOR + "grid/", data_entry.enter_grid, name="enter_grid"),
    path(INDICATOR + "commentary/", data_entry.commentary_edit, name="commentary_edit"),
    path(P + "upload/", upload.upload_start, name="upload"),
    path(P + "upload/<int:upload_id>/", upload.upload_preview, name="upload_preview"),
    path(P + "my-data/", collection.my_data, name="my_data"),
    path(P + "approvals/", collection.approvals, name="approvals"),
    path(P + "locked-periods/", locks.locked_periods, name="locked_periods"),
    path(P + "locked-periods/lock/", locks.lock_periods, name="lock_periods"),
    path(P + "locked-periods/<int:period_lock_id>/unlock/", locks.unlock_periods,
         name="unlock_periods"),
]
