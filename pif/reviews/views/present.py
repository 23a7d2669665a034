"""The meeting in progress: the presentation view that steps through the pack one item at a
time, the notes and outcomes of each item, and who attended."""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from pif.actors import Actor
from pif.editing import ALREADY_SAVED
from pif.form_pages import form_page, posted
from pif.measures.charts import indicator_chart
from pif.partnerships.access import Access, partnership_view
from pif.reviews.briefing import INDICATOR_REASONS, indicator_reasons
from pif.reviews.forms.follow_ups import AttendanceForm, ItemNotesForm, OutcomeForm
from pif.reviews.models import ExceptionReason, ItemSection, Meeting, MeetingItem, MeetingStage
from pif.reviews.services import follow_ups as services
from pif.reviews.status_words import latest_words, question_lines, status_line

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


def steps_of(items: list) -> list:
    """The presentation's steps, in the items' order: each item is a step of its own, but the
    standing items are ONE step (their table), so a whole-partnership meeting stays short."""
    steps: list = []
    for item in items:
        if item.section != ItemSection.STANDING:
            steps.append(item)
        elif steps and isinstance(steps[-1], list):
            steps[-1].append(item)
        else:
            steps.append([item])
    return steps


def present_url(meeting: Meeting, number: int | None = None, row: int | None = None) -> str:
    url = reverse("meeting_present", args=[meeting.series.partnership.short_name, meeting.pk])
    if row:
        return f"{url}?item={number}&row={row}"
    return f"{url}?item={number}" if number else url


def item_url(meeting: Meeting, item: MeetingItem) -> str:
    """Where an item is presented: its own step, or its row's page in the standing step."""
    for number, step in enumerate(steps_of(list(meeting.items.only("pk", "section"))), 1):
        if step == item:
            return present_url(meeting, number)
        if isinstance(step, list) and item in step:
            return present_url(meeting, number, row=item.pk)
    return present_url(meeting)


def _number(request: HttpRequest, count: int) -> int:
    """The step asked for, 1 to `count`; anything else reads as the first."""
    asked = request.GET.get("item", "")
    number = int(asked) if asked.isdigit() and len(asked) < 6 else 1
    return number if 1 <= number <= count else 1


def heading(item: MeetingItem) -> str:
    """The item's heading, naming its kind: "Action M03: Plan extra CAMHS sessions"."""
    for kind, linked in (("Action", item.action), ("Risk", item.risk)):
        if linked is not None and not item.indicator_id:
            prefix = f"{linked.reference} "
            rest = item.title[len(prefix):] if item.title.startswith(prefix) else item.title
            return f"{kind} {linked.reference}: {rest}"
    return item.title


def step_title(step) -> str:
    if isinstance(step, list):
        return f"Standing items ({len(step)})"
    return heading(step)


def reason_words(item: MeetingItem, today: datetime.date) -> str:
    """Why the item is in the pack, saying so when the reason no longer holds today (the
    memo was drafted earlier): "Overdue when the memo was drafted (now complete)"."""
    if not item.reason:
        return ""
    label = item.get_reason_display()
    if item.reason == ExceptionReason.OVERDUE_ACTION and item.action and item.action.is_closed:
        return ("Overdue when the memo was drafted "
                f"(now {item.action.get_status_display().lower()})")
    if (item.reason == ExceptionReason.RISK_PAST_REVIEW and item.risk
            and item.risk.review_date and item.risk.review_date >= today):
        return (f"Past its review date when the memo was drafted (now due for review on "
                f"{item.risk.review_date:%-d %B %Y})")
    if (item.indicator_id and item.reason in INDICATOR_REASONS
            and item.reason not in indicator_reasons(item.indicator, today)):
        return f"{label} when the memo was drafted (no longer)"
    return label


@partnership_view("read")
def meeting_present(request: HttpRequest, access: Access, meeting_id: int) -> HttpResponse:
    meeting = get_meeting(access, meeting_id)
    items = _items(meeting)
    steps = steps_of(items)
    context = {"meeting": meeting, "count": len(steps), "item_count": len(items),
               "is_held": meeting.stage in (MeetingStage.HELD, MeetingStage.FOLLOWED_UP)}
    if steps:
        number = _number(request, len(steps))
        step = steps[number - 1]
        context.update(
            number=number, discussed=sum(1 for one in items if one.is_discussed),
            previous_url=present_url(meeting, number - 1) if number > 1 else "",
            previous_title=step_title(steps[number - 2]) if number > 1 else "",
            next_url=present_url(meeting, number + 1) if number < len(steps) else "",
            next_title=step_title(steps[number]) if number < len(steps) else "")
        item = _standing_row(request, step) if isinstance(step, list) else step
        if item is None:
            for one in step:  # the memo's table: read from the rows already loaded
                one.question_lines = question_lines(one)
                if one.indicator_id:
                    one.status_line = status_line(one.indicator)
                    one.latest_words = latest_words(one.indicator)
            context.update(standing=step, standing_url=present_url(meeting, number))
            return render(request, T + "present.html", context)
        context.update(item=item, **_item_context(access, meeting, item))
        if isinstance(step, list):
            context.update(standing_url=present_url(meeting, number))
    return render(request, T + "present.html", context)


def _standing_row(request: HttpRequest, step: list) -> MeetingItem | None:
    """The standing item `?row=` opens, or None for the standing table itself."""
    asked = request.GET.get("row", "")
    return next((one for one in step if asked.isdigit() and one.pk == int(asked)), None)


def _item_context(access: Access, meeting: Meeting, item: MeetingItem) -> dict:
    context = {
        "heading": heading(item), "reason_words": reason_words(item, timezone.localdate()),
        "status_words": status_line(item.indicator) if item.indicator_id else "",
        # As the memo draws it: the data as it stood when the period was locked.
        "chart": indicator_chart(item.indicator, as_of=meeting.period_locked_at)
        if item.indicator_id else None,
        "questions": question_lines(item)}
    if access.can_edit:
        context.update(notes_form=ItemNotesForm(instance=item),
                       outcome_form=OutcomeForm(access.partnership))
    return context


@partnership_view("edit")
def meeting_item_notes(request: HttpRequest, access: Access, meeting_id: int,
                       item_id: int) -> HttpResponse:
    meeting = get_meeting(access, meeting_id)
    item = get_item(meeting, item_id)
    back_url = item_url(meeting, item)
    form = ItemNotesForm(posted(request), instance=item)
    return form_page(
        request, form, lambda form: services.save_item_notes(
            Actor.from_request(request), form.instance, loaded_version=form.loaded_version),
        success="Notes saved.", next_url=back_url, what="this item",
        template=T + "item_form.html",
        context={"meeting": meeting, "item": item, "title": f"Notes on “{item.title}”",
                 "intro": "What was said about this item, and whether the meeting has "
                          "discussed it. Record what it agreed as an outcome instead.",
                 "back_url": back_url, "button": "Save notes"})


@partnership_view("edit")
def follow_up_add(request: HttpRequest, access: Access, meeting_id: int,
                  item_id: int) -> HttpResponse:
    meeting = get_meeting(access, meeting_id)
    item = get_item(meeting, item_id)
    back_url = item_url(meeting, item)
    form = OutcomeForm(access.partnership, posted(request))

    def save(form):
        return services.record_outcome(Actor.from_request(request), item, **form.cleaned_data)

    return form_page(
        request, form, save, next_url=back_url,
        success=_recorded, template=T + "item_form.html",
        context={"meeting": meeting, "item": item, "title": f"Record an outcome of "
                                                             f"“{item.title}”",
                 "intro": "What the meeting agreed on this item. A commitment becomes an "
                          "action in the plan.",
                 "back_url": back_url, "button": "Record the outcome"})


def _recorded(saved) -> str:
    if services.already_saved(saved):  # the same form sent twice
        return ALREADY_SAVED
    return f"{saved.get_kind_display()} recorded" + (
        f": it is action {saved.action.reference} in the plan." if saved.action else ".")


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
