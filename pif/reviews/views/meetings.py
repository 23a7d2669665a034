"""Stat meetings before the meeting: the series, their rotation of foci, scheduling and
changing meetings, the meeting page, locking the reporting period and the briefing memo
(drafting, editing its items, issuing it)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Min, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from pif.actors import Actor
from pif.confirming import confirm_removal
from pif.form_pages import form_page, posted
from pif.forms import apply_validation_error
from pif.measures import locks
from pif.partnerships.access import Access, partnership_view
from pif.partnerships.names import known_names
from pif.reviews import briefing, meeting_dates, meeting_notices
from pif.reviews import models as m
from pif.reviews.forms.meetings import (
    ItemForm,
    MeetingForm,
    MeetingStepForm,
    NewItemForm,
    RotationStepForm,
    SeriesForm,
)
from pif.reviews.memos import memo_items
from pif.reviews.services import meetings as services
from pif.times import format_time

T = "reviews/meetings/"


def url(name: str, access: Access, *args) -> str:
    return reverse(name, args=[access.partnership.short_name, *args])


def get_series(access: Access, series_id: int) -> m.MeetingSeries:
    return get_object_or_404(m.MeetingSeries.objects.select_related("partnership", "chair"),
                             pk=series_id, partnership=access.partnership)


def get_meeting(access: Access, meeting_id: int) -> m.Meeting:
    return get_object_or_404(
        m.Meeting.objects.select_related("series__partnership", "series__chair",
                                         "organisation", "outcome", "briefing_issued_by",
                                         "follow_up_issued_by"),
        pk=meeting_id, series__partnership=access.partnership)


def get_item(access: Access, item_id: int) -> m.MeetingItem:
    return get_object_or_404(
        m.MeetingItem.objects.select_related("meeting__series__partnership"), pk=item_id,
        meeting__series__partnership=access.partnership)


# Series -----------------------------------------------------------------------------------

@partnership_view("read")
def meeting_series_list(request: HttpRequest, access: Access) -> HttpResponse:
    now = timezone.now()
    rows = list(m.MeetingSeries.objects.filter(partnership=access.partnership)
                .select_related("chair")
                .annotate(meeting_count=Count("meetings"),
                          last_at=Max("meetings__starts_at",
                                      filter=Q(meetings__starts_at__lt=now)),
                          next_at=Min("meetings__starts_at",
                                      filter=Q(meetings__starts_at__gte=now))))
    names = known_names(access.partnership)
    for series in rows:
        series.chair_name = names.of(series.chair)
    return render(request, T + "series_list.html", {"rows": rows})


def _series_form(request, access, series) -> HttpResponse:
    form = SeriesForm(access.partnership, posted(request), instance=series)
    adding = series.pk is None

    def save(form):
        return services.save_series(Actor.from_request(request), form.instance,
                                    attendees=form.cleaned_data["attendees"],
                                    loaded_version=form.loaded_version)

    return form_page(
        request, form, save, success="Meeting series saved." if not adding else
        "Meeting series set up. Add the rotation of what each meeting looks at, then "
        "schedule the first meeting.",
        next_url=m.MeetingSeries.get_absolute_url, what="this meeting series",
        template=T + "form.html",
        context={"title": "Set up a meeting series" if adding else f"Change “{series}”",
                 "intro": "A series of stat meetings follows the partnership's performance "
                          "up, meeting after meeting, with a chair and the same attendees.",
                 "back_url": url("meeting_series_list", access) if adding
                 else series.get_absolute_url(),
                 "back_label": "the meeting series" if adding else "the series"})


@partnership_view("edit")
def meeting_series_add(request: HttpRequest, access: Access) -> HttpResponse:
    return _series_form(request, access, m.MeetingSeries(partnership=access.partnership))


@partnership_view("edit")
def meeting_series_edit(request: HttpRequest, access: Access, series_id: int) -> HttpResponse:
    return _series_form(request, access, get_series(access, series_id))


def _rotation(series) -> list:
    steps = list(series.rotation.select_related("organisation", "outcome"))
    for step in steps:
        step.words = briefing.focus_words(step)
    return steps


def _hours_before(hours: int) -> str:
    """The briefing memo's due time, in days when whole days, as the follow-up memo's is."""
    if hours and hours % 24 == 0:
        days = hours // 24
        return f"{days} day{'s' if days != 1 else ''} before each meeting"
    return f"{hours} hour{'s' if hours != 1 else ''} before each meeting"


@partnership_view("read")
def meeting_series(request: HttpRequest, access: Access, series_id: int) -> HttpResponse:
    series = get_series(access, series_id)
    meetings = list(series.meetings.select_related("organisation", "outcome")
                    .order_by("-starts_at"))
    for meeting in meetings:
        meeting.focus = briefing.focus_words(meeting)
    names = known_names(access.partnership)
    return render(request, T + "series.html", {
        "series": series, "meetings": meetings, "rotation": _rotation(series),
        "briefing_due_words": _hours_before(series.briefing_hours_before),
        "chair_name": names.of(series.chair),
        "attendee_names": [names.of(p) for p in series.attendees.order_by("email")]})


@partnership_view("edit")
def meeting_rotation(request: HttpRequest, access: Access, series_id: int) -> HttpResponse:
    series = get_series(access, series_id)
    actor = Actor.from_request(request)
    if request.method == "POST" and "remove" in request.POST:
        step = _posted_step(request, series)
        services.remove_rotation_step(actor, step)
        messages.success(request, f"“{briefing.focus_words(step)}” removed from the rotation.")
        return redirect(url("meeting_rotation", access, series.pk))
    form = RotationStepForm(access.partnership, posted(request),
                            instance=m.RotationStep(series=series))
    if request.method == "POST" and form.is_valid():
        try:
            step = services.add_rotation_step(actor, form.instance)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"“{briefing.focus_words(step)}” added to the rotation.")
            return redirect(url("meeting_rotation", access, series.pk))
    return render(request, T + "rotation.html", {"series": series, "form": form,
                                                 "rotation": _rotation(series)})


def _posted_step(request, series) -> m.RotationStep:
    try:
        step_id = int(request.POST.get("remove", ""))
    except ValueError:
        raise Http404("No such step") from None
    return get_object_or_404(m.RotationStep.objects.select_related(
        "series__partnership", "organisation", "outcome"), pk=step_id, series=series)


# Meetings ---------------------------------------------------------------------------------

def _meeting_form(request, access, meeting, series) -> HttpResponse:
    form = MeetingForm(access.partnership, posted(request), instance=meeting)
    adding = meeting.pk is None

    def save(form):
        return services.save_meeting(Actor.from_request(request), form.instance,
                                     loaded_version=form.loaded_version)

    return form_page(
        request, form, save,
        success="Meeting scheduled. Lock the reporting period, then draft the briefing memo."
        if adding else "Meeting saved.",
        next_url=m.Meeting.get_absolute_url, what="this meeting", template=T + "form.html",
        context={"title": f"Schedule the next {series.name} meeting" if adding
                 else f"Change the meeting of {format_time(meeting.starts_at)}",
                 "intro": "PIF has filled in the date from the series' cadence, what the "
                          "meeting looks at from the rotation and the data from the last "
                          "complete period. Change them if you need to." if adding else
                          "" if meeting.stage == m.MeetingStage.PLANNED else
                          "The briefing memo has been issued, so its date, focus and data "
                          "stay as the memo describes them. You can still change where the "
                          "meeting is held.",
                 "back_url": series.get_absolute_url() if adding
                 else meeting.get_absolute_url(),
                 "back_label": "the series" if adding else "the meeting"})


@partnership_view("edit")
def meeting_add(request: HttpRequest, access: Access, series_id: int) -> HttpResponse:
    series = get_series(access, series_id)
    return _meeting_form(request, access, services.next_meeting(series), series)


@partnership_view("edit")
def meeting_edit(request: HttpRequest, access: Access, meeting_id: int) -> HttpResponse:
    meeting = get_meeting(access, meeting_id)
    return _meeting_form(request, access, meeting, meeting.series)


def _due(meeting: m.Meeting, now) -> dict:
    series = meeting.series
    due = meeting_dates.briefing_due(meeting.starts_at, series.briefing_hours_before)
    issued = meeting.briefing_issued_at
    return {"briefing_due": due, "briefing_due_words": format_time(due),
            "briefing_late": (issued or now) > due,
            "follow_up_due_words": format_time(meeting_dates.follow_up_due(
                meeting.starts_at, series.follow_up_days))}


def _next_step(access, meeting, item_count, locked) -> tuple[str, str, str]:
    """What to do next, chosen from the meeting's stage: (words, link, link text)."""
    if meeting.stage == m.MeetingStage.FOLLOWED_UP:
        return _after_follow_up(access, meeting)
    if meeting.stage == m.MeetingStage.HELD:
        return ("The meeting has been held. Check the outcomes recorded for each item, "
                "then issue the follow-up memo.", url("follow_up_memo", access, meeting.pk),
                "Check the follow-up memo")
    if meeting.stage == m.MeetingStage.BRIEFED:
        return ("The briefing memo has been issued. Hold the meeting and record what it "
                "agrees.", url("meeting_present", access, meeting.pk),
                "Present the items")
    if not locked and access.can_edit:
        return ("Lock the reporting period so the figures in the pack cannot change, then "
                "draft the briefing memo.", url("meeting_lock", access, meeting.pk),
                "Lock the reporting period")
    if not locked and not item_count and access.can_contribute:
        return ("Ask an editor to lock the reporting period, so the figures cannot "
                "change, then draft the briefing memo.",
                url("meeting_briefing_build", access, meeting.pk), "Draft the briefing memo")
    if not item_count and access.can_contribute:
        return ("Draft the briefing memo.", url("meeting_briefing_build", access, meeting.pk),
                "Draft the briefing memo")
    if access.can_edit:
        return ("Check the briefing memo's items and questions, then issue it.",
                url("meeting_briefing", access, meeting.pk), "Check and issue the memo")
    return ("Read the briefing memo as it is being drafted.",
            url("meeting_briefing", access, meeting.pk), "Read the briefing memo")


def _after_follow_up(access, meeting) -> tuple[str, str, str]:
    """Once the follow-up memo is out, the open items go to the series' next meeting."""
    later = (meeting.series.meetings.filter(starts_at__gt=meeting.starts_at)
             .order_by("starts_at").first())
    done = "Nothing more to do for this meeting."
    if later:
        day = timezone.localtime(later.starts_at)
        return (f"{done} Follow up open items at the next meeting "
                f"({day.day} {day:%B %Y}).", later.get_absolute_url(),
                "Go to the next meeting")
    if access.can_edit:
        return (f"{done} Schedule the next meeting, where its open items are followed up.",
                url("meeting_add", access, meeting.series_id), "Schedule the next meeting")
    return (f"{done} Its open items are followed up at the series' next meeting.", "", "")


@partnership_view("read")
def meeting(request: HttpRequest, access: Access, meeting_id: int) -> HttpResponse:
    meeting = get_meeting(access, meeting_id)
    counts = dict(meeting.items.values_list("section").annotate(n=Count("pk")).order_by())
    sections = [(label, counts.get(value, 0)) for value, label in m.ItemSection.choices]
    through = locks.locked_through(access.partnership)
    locked = services.is_locked(meeting, through)
    words, link, link_text = _next_step(access, meeting, sum(counts.values()), locked)
    names = known_names(access.partnership)
    return render(request, T + "meeting.html", {
        "meeting": meeting, "series": meeting.series, "focus": briefing.focus_words(meeting),
        "starts_words": format_time(meeting.starts_at), "sections": sections,
        "item_count": sum(counts.values()), **_due(meeting, timezone.now()),
        "issued_by_name": names.of(meeting.briefing_issued_by, nobody="PIF"),
        "follow_up_by_name": names.of(meeting.follow_up_issued_by, nobody="PIF"),
        "locked": locked, "locked_through": through,
        "locked_words": format_time(meeting.period_locked_at) if meeting.period_locked_at else "",
        "next_words": words, "next_link": link, "next_text": link_text})


def _step_page(request, access, meeting, service, *, template, success, context=None):
    form = MeetingStepForm(posted(request), record=meeting)
    return form_page(request, form, lambda form: service(
        Actor.from_request(request), meeting, loaded_version=form.loaded_version),
        success=success, next_url=meeting.get_absolute_url(), what="this meeting",
        template=T + template, context={"meeting": meeting, **(context or {})})


@partnership_view("edit")
def meeting_lock(request: HttpRequest, access: Access, meeting_id: int) -> HttpResponse:
    meeting = get_meeting(access, meeting_id)
    return _step_page(request, access, meeting, services.lock_period, template="lock.html",
                      success="Reporting period locked. Now draft the briefing memo.")


# The briefing memo ------------------------------------------------------------------------

@partnership_view("read")
def meeting_briefing(request: HttpRequest, access: Access, meeting_id: int) -> HttpResponse:
    meeting = get_meeting(access, meeting_id)
    is_open = meeting.stage == m.MeetingStage.PLANNED
    sections = memo_items(meeting)
    return render(request, T + "briefing.html", {
        "meeting": meeting, "series": meeting.series, "sections": sections,
        "focus_phrase": briefing.focus_phrase(meeting),
        "starts_words": format_time(meeting.starts_at),
        "has_items": any(items for _, _, items in sections),
        "can_change": is_open and access.can_contribute,
        "can_issue": is_open and access.can_edit, **_due(meeting, timezone.now()),
        "issued_words": format_time(meeting.briefing_issued_at) if meeting.briefing_issued_at
        else "", "issued_by_name": known_names(access.partnership).of(
            meeting.briefing_issued_by, nobody="PIF")})


@partnership_view("contribute")
def meeting_briefing_build(request: HttpRequest, access: Access, meeting_id: int
                           ) -> HttpResponse:
    meeting = get_meeting(access, meeting_id)
    error = None
    if request.method == "POST":
        try:
            change = services.build_briefing(Actor.from_request(request), meeting)
        except ValidationError as problem:
            error = problem.messages[0]
        else:
            messages.success(request, f"Briefing memo drafted: {len(change.create)} new "
                             f"item{'s' if len(change.create) != 1 else ''}, "
                             f"{len(change.remove)} removed. Your changes to the other items "
                             "are kept.")
            return redirect(url("meeting_briefing", access, meeting.pk))
    return render(request, T + "build.html", {
        "meeting": meeting, "error": error, "focus_phrase": briefing.focus_phrase(meeting),
        "redraft": meeting.items.exists()})


@partnership_view("edit")
def meeting_briefing_issue(request: HttpRequest, access: Access, meeting_id: int
                           ) -> HttpResponse:
    meeting = get_meeting(access, meeting_id)
    recipients = meeting_notices.briefing_recipient_count(Actor.from_request(request), meeting)
    emailed = (f"{recipients} {'person has' if recipients == 1 else 'people have'} been "
               "emailed a link to it." if recipients else
               "Nobody has been emailed: no member of the series has an email address.")
    return _step_page(request, access, meeting, services.issue_briefing,
                      template="issue.html", success=f"Briefing memo issued. {emailed}",
                      context={"item_count": meeting.items.count(),
                               "recipients": recipients,
                               **_due(meeting, timezone.now())})


def _item_page(request, access, meeting, item, form, success) -> HttpResponse:
    def save(form):
        return services.save_item(Actor.from_request(request), form.instance,
                                  loaded_version=getattr(form, "loaded_version", None))

    back = url("meeting_briefing", access, meeting.pk)
    return form_page(request, form, save, success=success, next_url=back,
                     what="this item", template=T + "form.html", context={
                         "title": "Add an item to the briefing memo" if item.pk is None
                         else f"Change “{item}”",
                         "intro": "Items you add are kept when PIF redrafts the memo.",
                         "back_url": back, "back_label": "the briefing memo"})


@partnership_view("contribute")
def meeting_item_add(request: HttpRequest, access: Access, meeting_id: int) -> HttpResponse:
    meeting = get_meeting(access, meeting_id)
    item = m.MeetingItem(meeting=meeting, section=m.ItemSection.EXCEPTION)
    form = NewItemForm(posted(request), instance=item)
    return _item_page(request, access, meeting, item, form, "Item added.")


@partnership_view("contribute")
def meeting_item_edit(request: HttpRequest, access: Access, item_id: int) -> HttpResponse:
    item = get_item(access, item_id)
    meeting = item.meeting
    return _item_page(request, access, meeting, item, ItemForm(posted(request), instance=item),
                      "Item saved.")


@partnership_view("contribute")
def meeting_item_remove(request: HttpRequest, access: Access, item_id: int) -> HttpResponse:
    item = get_item(access, item_id)
    meeting = item.meeting
    back = url("meeting_briefing", access, meeting.pk)
    return confirm_removal(
        request, remove=lambda: services.remove_item(Actor.from_request(request), item),
        done="Item removed from the briefing memo.", next_url=back,
        template=T + "item_remove.html", context={"item": item, "cancel_url": back})
