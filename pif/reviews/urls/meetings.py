"""Stat meetings before the meeting: series, rotation, meetings, locking, the briefing memo."""

from django.urls import path

from pif.reviews.views import meetings as views

P = "p/<slug:short_name>/meetings/"
S = P + "series/<int:series_id>/"
M = P + "m/<int:meeting_id>/"
ITEM = P + "items/<int:item_id>/"  # an item names its meeting

urlpatterns = [
    path(P, views.meeting_series_list, name="meeting_series_list"),
    path(P + "series/new/", views.meeting_series_add, name="meeting_series_add"),
    path(S, views.meeting_series, name="meeting_series"),
    path(S + "change/", views.meeting_series_edit, name="meeting_series_edit"),
    path(S + "rotation/", views.meeting_rotation, name="meeting_rotation"),
    path(S + "schedule/", views.meeting_add, name="meeting_add"),
    path(M, views.meeting, name="meeting"),
    path(M + "change/", views.meeting_edit, name="meeting_edit"),
    path(M + "lock/", views.meeting_lock, name="meeting_lock"),
    path(M + "briefing/", views.meeting_briefing, name="meeting_briefing"),
    path(M + "briefing/draft/", views.meeting_briefing_build, name="meeting_briefing_build"),
    path(M + "briefing/issue/", views.meeting_briefing_issue, name="meeting_briefing_issue"),
    path(M + "briefing/items/add/", views.meeting_item_add, name="meeting_item_add"),
    path(ITEM + "change/", views.meeting_item_edit, name="meeting_item_edit"),
    path(ITEM + "remove/", views.meeting_item_remove, name="meeting_item_remove"),
]
