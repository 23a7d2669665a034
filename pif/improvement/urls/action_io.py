"""Action plans in and out: the download, the import and the timeline."""

from django.urls import path

from pif.improvement.views import action_io

P = "p/<slug:short_name>/actions/"

urlpatterns = [
    path(P + "export.<str:fmt>", action_io.actions_export, name="actions_export"),
    path(P + "import/", action_io.actions_import, name="actions_import"),
    path(P + "timeline/", action_io.actions_timeline, name="actions_timeline"),
]
