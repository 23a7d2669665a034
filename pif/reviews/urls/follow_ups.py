"""Stage 6 addresses: the meeting in progress, holding it, its follow-up memo, and the
series' follow-ups."""

from django.urls import path

from pif.reviews.views import follow_ups, present

M = "p/<slug:short_name>/meetings/m/<int:meeting_id>/"
ITEM = M + "items/<int:item_id>/"
S = "p/<slug:short_name>/meetings/series/<int:series_id>/follow-ups/"

urlpatterns = [
    path(M + "present/", present.meeting_present, name="meeting_present"),
    path(M + "attendance/", present.meeting_attendance, name="meeting_attendance"),
    path(ITEM + "notes/", present.meeting_item_notes, name="meeting_item_notes"),
    path(ITEM + "outcomes/add/", present.follow_up_add, name="follow_up_add"),
    path(M + "hold/", follow_ups.meeting_hold, name="meeting_hold"),
    path(M + "follow-up/", follow_ups.follow_up_memo, name="follow_up_memo"),
    path(M + "follow-up/issue/", follow_ups.follow_up_memo_issue, name="follow_up_memo_issue"),
    path(S, follow_ups.series_follow_ups, name="series_follow_ups"),
    path(S + "indicator/", follow_ups.commitments_indicator_add,
         name="commitments_indicator_add"),
    path("p/<slug:short_name>/meetings/follow-ups/<int:follow_up_id>/close/",
         follow_ups.follow_up_close, name="follow_up_close"),
]
