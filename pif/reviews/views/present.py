"""The meeting in progress: the presentation view that steps through the pack one item at a
time, the notes and outcomes of each item, and who attended."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from pif.actors import Actor
from pif.form_pages import form_page, posted
from pif.measures.charts import indicator_chart
from pif.partnerships.access import Access, partnership_view
from pif.reviews.forms.follow_ups import AttendanceForm, ItemNotesForm, OutcomeForm
from pif.reviews.models import Meeting, MeetingItem
from pif.reviews.services import follow_ups as services

T = "reviews/follow_ups/"


def get_meeting(access: Access, meeting_id: int) -> Meeting:
    """The meeting, if it belongs to the partnership: another partnership's is 404."""
    return get_object_or_404(
        Meeting.objects.select_related("series", "series__partnership", "series__chair"),
        pk=meeting_id, series__partnership=access.partnership)


def get_item(meeting: Meeting, item_id: int) -> MeetingItem:
    return get_object_or_404(MeetingItem.objects.select_related("meeting"), pk=item_id,
                             meeting=meeting)


def _items(meeting: Meeting) -> list[MeetingItem]:
    return list(meeting.items.select_related(
        "indicator", "indicator__status", "action", "risk", "follow_up",
        "follow_up__owner", "follow_up__action").prefetch_related(
        "outcomes", "outcomes__owner", "outcomes__action"))


def present_url(meeting: Meeting, number: int | None = None) -> str:
    url = reverse("meeting_present", args=[meeting.series.partnership.short_name, meeting.pk])
    return f"{url}?item={number}" if number else url


def _number(request: HttpRequest, count: int) -> int:
    """The item asked for, 1 to `count`; anything else reads as the first."""
    asked = request.GET.get("item", "")
    number = int(asked) if asked.isdigit() and len(asked) < 6 else 1
    return number if 1 <= number <= count else 1


@partnership_view("read")
def meeting_present(request: HttpRequest, access: Access, meeting_id: int) -> HttpResponse:
    meeting = get_meeting(access, meeting_id)
    items = _items(meeting)
    context = {"meeting": meeting, "count": len(items)}
    if items:
        number = _number(request, len(items))
        item = items[number - 1]
        context.update(
            item=item, number=number,
            previous_url=present_url(meeting, number - 1) if number > 1 else "",
            next_url=present_url(meeting, number + 1) if number < len(items) else "",
            chart=indicator_chart(item.indicator) if item.indicator_id else None,
            questions=[line.strip() for line in item.questions.splitlines() if line.strip()],
            discussed=sum(1 for one in items if one.is_discussed))
        if access.can_edit:
            context.update(notes_form=ItemNotesForm(instance=item),
                           outcome_form=OutcomeForm(access.partnership))
    return render(request, T + "present.html", context)


@partnership_view("edit")
def meeting_item_notes(request: HttpRequest, access: Access, meeting_id: int,
                       item_id: int) -> HttpResponse:
    meeting = get_meeting(access, meeting_id)
    item = get_item(meeting, item_id)
    number = list(meeting.items.values_list("pk", flat=True)).index(item.pk) + 1
    form = ItemNotesForm(posted(request), instance=item)
    return form_page(
        request, form, lambda form: services.save_item_notes(
            Actor.from_request(request), form.instance, loaded_version=form.loaded_version),
        success="Notes saved.", next_url=present_url(meeting, number), what="this item",
        template=T + "item_form.html",
        context={"meeting": meeting, "item": item, "title": f"Notes on “{item.title}”",
                 "back_url": present_url(meeting, number), "button": "Save notes"})


@partnership_view("edit")
def follow_up_add(request: HttpRequest, access: Access, meeting_id: int,
                  item_id: int) -> HttpResponse:
    meeting = get_meeting(access, meeting_id)
    item = get_item(meeting, item_id)
    number = list(meeting.items.values_list("pk", flat=True)).index(item.pk) + 1
    form = OutcomeForm(access.partnership, posted(request))

    def save(form):
        return services.record_outcome(Actor.from_request(request), item, **form.cleaned_data)

    return form_page(
        request, form, save, next_url=present_url(meeting, number),
        success=lambda saved: f"{saved.get_kind_display()} recorded" + (
            f": it is action {saved.action.reference} in the plan." if saved.action else "."),
        template=T + "item_form.html",
        context={"meeting": meeting, "item": item, "title": f"Record an outcome of "
                                                             f"“{item.title}”",
                 "back_url": present_url(meeting, number), "button": "Record the outcome"})


@partnership_view("edit")
def meeting_attendance(request: HttpRequest, access: Access, meeting_id: int) -> HttpResponse:
    meeting = get_meeting(access, meeting_id)
    form = AttendanceForm(meeting, posted(request))
    return form_page(
        request, form, lambda form: services.record_attendance(
            Actor.from_request(request), meeting, present=form.cleaned_data["present"],
            loaded_version=form.loaded_version),
        success="Attendance saved.", next_url=present_url(meeting), what="this meeting",
        template=T + "meeting_form.html",
        context={"meeting": meeting, "title": "Who attended",
                 "intro": "The follow-up memo is emailed to everyone who attended.",
                 "back_url": present_url(meeting), "button": "Save attendance"})
