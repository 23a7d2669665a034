from django.urls import path

from pif.partnerships import views

urlpatterns = [
    path("", views.home, name="home"),
    path("partnerships/new/", views.partnership_create, name="partnership_create"),
    path("p/<slug:short_name>/", views.partnership, name="partnership"),
    path("p/<slug:short_name>/stages/<slug:slug>/", views.stage, name="stage"),
    path("p/<slug:short_name>/settings/", views.partnership_settings,
         name="partnership_settings"),
    path("p/<slug:short_name>/organisations/", views.organisations, name="organisations"),
    path("p/<slug:short_name>/organisations/add/", views.organisation_add,
         name="organisation_add"),
    path("p/<slug:short_name>/organisations/<int:organisation_id>/", views.organisation_edit,
         name="organisation_edit"),
    path("p/<slug:short_name>/organisations/<int:organisation_id>/remove/",
         views.organisation_remove, name="organisation_remove"),
    path("p/<slug:short_name>/members/", views.members, name="members"),
    path("p/<slug:short_name>/members/add/", views.member_add, name="member_add"),
    path("p/<slug:short_name>/members/<int:membership_id>/", views.member_edit,
         name="member_edit"),
    path("p/<slug:short_name>/members/<int:membership_id>/remove/", views.member_remove,
         name="member_remove"),
    path("p/<slug:short_name>/history/", views.history_page, name="history"),
    path("p/<slug:short_name>/activity/", views.events, name="events"),
]
