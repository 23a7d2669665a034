"""After the meeting: marking it as held, the follow-up memo and issuing it, the series' list
of follow-ups, closing one, and the indicator of commitments closed by the next meeting."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from pif.actors import Actor
from pif.form_pages import form_page, posted
from pif.partnerships.access import Access, partnership_view
from pif.reviews import commitments
from pif.reviews.forms.follow_ups import (
    ANY_STATUS,
    CloseForm,
    FollowUpFilter,
    IndicatorForm,
    MeetingStepForm,
)
from pif.reviews.memos import follow_ups_read, lateness, memo_context, memo_due
from pif.reviews.models import FollowUpStatus, Meeting, MeetingSeries
from pif.reviews.services import follow_ups as services
from pif.reviews.status_words import times_words
from pif.reviews.views.present import get_meeting

T = "reviews/follow_ups/"
def held_words(held: services.Held) -> str:
    """What holding did, saying an email went only when one did."""
    count = len(held.escalated)
    words = ["The meeting is marked as held."]
    if count:
        words.append(f"{count} follow-up{'s were' if count != 1 else ' was'} escalated to "
                     "the chair" + (", who has been emailed." if held.chair_emailed else "."))
    words.append(held.indicator_problem)
    return " ".join(filter(None, words))


def issued_words(meeting: Meeting) -> str:
    emailed = getattr(meeting, "emailed", 0)
    if not emailed:
        return ("The follow-up memo is issued. Nobody on it could be emailed, so share its "
                "link with them.")
    return (f"The follow-up memo is issued, and {emailed} "
            f"{'people have' if emailed != 1 else 'person has'} been emailed a link to it.")


@partnership_view("edit")
def meeting_hold(request: HttpRequest, access: Access, meeting_id: int) -> HttpResponse:
    meeting = get_meeting(access, meeting_id)
    form = MeetingStepForm(meeting, posted(request))
    carried = list(follow_ups_read().filter(series=meeting.series, status=FollowUpStatus.OPEN,
                                        raised_at__starts_at__lt=meeting.starts_at))
    escalate = [one for one in carried if one.escalated_on is None
                and one.times_carried_over + 1 >= meeting.series.escalate_after]
    return form_page(
        request, form, lambda form: services.hold_meeting(
            Actor.from_request(request), meeting, loaded_version=form.loaded_version),
        success=held_words,
        next_url=reverse("follow_up_memo", args=[access.partnership.short_name, meeting.pk]),
        what="this meeting", template=T + "hold.html",
        context={"meeting": meeting, "carried": carried, "escalate": escalate,
                 "memo_due": memo_due(meeting)})


@partnership_view("read")
def follow_up_memo(request: HttpRequest, access: Access, meeting_id: int) -> HttpResponse:
    meeting = get_meeting(access, meeting_id)
    return render(request, T + "memo.html", memo_context(meeting))


@partnership_view("edit")
def follow_up_memo_issue(request: HttpRequest, access: Access, meeting_id: int
                         ) -> HttpResponse:
    meeting = get_meeting(access, meeting_id)
    form = MeetingStepForm(meeting, posted(request))
    return form_page(
        request, form, lambda form: services.issue_memo(
            Actor.from_request(request), meeting, loaded_version=form.loaded_version),
        success=issued_words,
        next_url=services.memo_url(meeting), what="this meeting",
        template=T + "issue.html",
        context={"meeting": meeting, "memo_due": memo_due(meeting),
                 "lateness": lateness(meeting, timezone.localdate())})


def _get_series(access: Access, series_id: int) -> MeetingSeries:
    return get_object_or_404(MeetingSeries.objects.select_related("commitments_indicator"),
                             pk=series_id, partnership=access.partnership)


def _filtered(series: MeetingSeries, values: dict):
    rows = follow_ups_read().filter(series=series)
    conditions = Q()
    if values["status"] != ANY_STATUS:
        conditions &= Q(status=values["status"])
    if values["kind"]:
        conditions &= Q(kind=values["kind"])
    if values["owner"]:
        conditions &= Q(owner_id=int(values["owner"]))
    return list(rows.filter(conditions).order_by("raised_at__starts_at", "id"))


@partnership_view("read")
def series_follow_ups(request: HttpRequest, access: Access, series_id: int) -> HttpResponse:
    series = _get_series(access, series_id)
    filters = FollowUpFilter(access.partnership, request.GET)
    rows = _filtered(series, filters.values)
    for one in rows:  # the memo's words: "Not yet", "once", "2 times"
        one.carried_words = times_words(one.times_carried_over)
    return render(request, T + "list.html", {
        "series": series, "filters": filters, "rows": rows,
        "count_words": count_words(len(rows), filters.values["status"]),
        "today": timezone.localdate()})


def count_words(count: int, status: str) -> str:
    """The table's caption, saying which follow-ups it counts: "5 open follow-ups"."""
    noun = "follow-up" if count == 1 else "follow-ups"
    words = {FollowUpStatus.OPEN: f"open {noun}", FollowUpStatus.DROPPED: f"dropped {noun}",
             FollowUpStatus.DONE: f"{noun} done"}.get(status, noun)
    return f"{count:,} {words}"


@partnership_view("edit")
def follow_up_close(request: HttpRequest, access: Access, follow_up_id: int) -> HttpResponse:
    follow_up = get_object_or_404(follow_ups_read().select_related("series"), pk=follow_up_id,
                                  series__partnership=access.partnership)
    form = CloseForm(follow_up, posted(request))
    latest = form.fields["meeting"].queryset.filter(
        starts_at__date__lte=timezone.localdate()).first()
    form.initial.setdefault("meeting", latest.pk if latest else None)
    back = reverse("series_follow_ups", args=[access.partnership.short_name,
                                              follow_up.series_id])
    return form_page(
        request, form, lambda form: services.close_follow_up(
            Actor.from_request(request), follow_up, outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"], meeting=form.cleaned_data["meeting"],
            loaded_version=form.loaded_version),
        success=lambda saved: " ".join(filter(None, (
            "Follow-up closed.", getattr(saved, "indicator_problem", "")))),
        next_url=back, what="this follow-up",
        template=T + "close.html", context={"follow_up": follow_up, "back_url": back})


@partnership_view("edit")
def commitments_indicator_add(request: HttpRequest, access: Access, series_id: int
                              ) -> HttpResponse:
    series = _get_series(access, series_id)
    form = IndicatorForm(series, posted(request),
                         initial={"code": commitments.suggested_code(series)})
    back = reverse("series_follow_ups", args=[access.partnership.short_name, series.pk])
    return form_page(
        request, form, lambda form: commitments.create_indicator(
            Actor.from_request(request), series, code=form.cleaned_data["code"],
            owner=form.cleaned_data["owner"], loaded_version=form.loaded_version),
        success=lambda indicator: f"Indicator {indicator.code} created.",
        next_url=lambda indicator: indicator.get_absolute_url(), what="this series",
        template=T + "indicator_form.html",
        context={"series": series, "back_url": back, "title": commitments.TITLE})
