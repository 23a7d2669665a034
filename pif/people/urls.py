from django.urls import path

from pif.people.views import capability, learning, overview, settings

P = "p/<slug:short_name>/people/"

urlpatterns = [
    path(P, overview.people, name="people"),
    path(P + "learning/", learning.learning, name="learning"),
    path(P + "learning/export.<str:fmt>", learning.learning_export, name="learning_export"),
    path(P + "learning/new/", learning.learning_add, name="learning_add"),
    path(P + "learning/<int:activity_id>/", learning.learning_edit, name="learning_edit"),
    path(P + "learning/<int:activity_id>/delete/", learning.learning_delete,
         name="learning_delete"),
    path(P + "capability/", capability.capability, name="capability"),
    path(P + "capability/levels/", capability.capability_levels, name="capability_levels"),
    path(P + "capability/levels/new/", capability.capability_level_add,
         name="capability_level_add"),
    path(P + "capability/levels/<int:level_id>/", capability.capability_level_edit,
         name="capability_level_edit"),
    path(P + "capability/levels/<int:level_id>/delete/", capability.capability_level_delete,
         name="capability_level_delete"),
    path(P + "staff-engagement/", settings.staff_engagement_template,
         name="staff_engagement_template"),
    path(P + "training-records/", settings.training_records, name="training_records"),
    path(P + "training-records/<int:record_id>/delete/", settings.training_record_delete,
         name="training_record_delete"),
    path(P + "settings/", settings.people_settings, name="people_settings"),
]
