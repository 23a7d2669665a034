"""Stage 6 addresses: assessment frameworks."""

from django.urls import path

from pif.reviews.views import frameworks as views

P = "p/<slug:short_name>/assessment-frameworks/"
ONE = P + "<int:framework_version_id>/"
NODE = P + "nodes/<int:assessment_node_id>/"

urlpatterns = [
    path(P, views.assessment_frameworks, name="assessment_frameworks"),
    path(P + "create/", views.assessment_framework_create, name="assessment_framework_create"),
    path(ONE, views.assessment_framework_version, name="assessment_framework_version"),
    path(ONE + "add/", views.assessment_framework_node_add,
         name="assessment_framework_node_add"),
    path(ONE + "upload/", views.assessment_framework_upload,
         name="assessment_framework_upload"),
    path(NODE + "change/", views.assessment_framework_node_edit,
         name="assessment_framework_node_edit"),
    path(NODE + "remove/", views.assessment_framework_node_remove,
         name="assessment_framework_node_remove"),
]
