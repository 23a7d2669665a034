"""Stage 6's facts for the overview's stage card and the "Review the cycle" stage page:
meeting series and the follow-ups still open, self-assessments under way and done, and the
partnership's cycles. Also the overview's "Review the cycle" panel (overdue follow-ups, an
open survey, a cycle due to close).

Every function here uses a fixed number of queries whatever the partnership holds; the
counts are kept on the partnership object for the request, so the stage card, the stage
page, the landing page and the overview share one reading.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from pif.partnerships import overview
from pif.partnerships.stages import StageFact

# A cycle is "due to close" from this many days before its end.
DUE_TO_CLOSE_DAYS = 30


def link(name: str, partnership, *args) -> str:
    return reverse(name, args=[partnership.short_name, *args])


@dataclass(frozen=True)
class ReviewCounts:
    series: int
    meetings_to_come: int
    follow_ups_open: int
    follow_ups_overdue: int
    follow_ups_escalated: int
    assessments: int
    assessments_under_way: int
    surveys_open: int
    open_cycle: object  # the open Cycle, or None
    closed_cycles: int
    latest_closed: object  # the latest closed Cycle, or None
    latest_assessment_id: int | None = None  # the previous round for the next one


def review_counts(partnership, today: datetime.date | None = None) -> ReviewCounts:
    """Stage 6's numbers: four queries, kept on the partnership object for the day."""
    today = today or timezone.localdate()
    kept = partnership.__dict__.setdefault("_review_counts", {})
    if today not in kept:
        kept[today] = _read(partnership, today)
    return kept[today]


def _read(partnership, today: datetime.date) -> ReviewCounts:
    from pif.reviews.models import (
        Assessment,
        AssessmentMethod,
        AssessmentStage,
        Cycle,
        FollowUp,
        FollowUpStatus,
        MeetingSeries,
    )

    series = MeetingSeries.objects.filter(partnership=partnership).aggregate(
        series=Count("pk", distinct=True),
        to_come=Count("meetings", filter=Q(meetings__starts_at__date__gte=today)))
    open_ = Q(status=FollowUpStatus.OPEN)
    follow_ups = FollowUp.objects.filter(series__partnership=partnership).aggregate(
        open=Count("pk", filter=open_),
        overdue=Count("pk", filter=open_ & Q(due_date__lt=today)),
        escalated=Count("pk", filter=open_ & Q(escalated_on__isnull=False)))
    under_way = ~Q(stage=AssessmentStage.CLOSED)
    assessments = Assessment.objects.filter(partnership=partnership).aggregate(
        all=Count("pk"), under_way=Count("pk", filter=under_way), latest=Max("pk"),
        surveys=Count("pk", filter=Q(method=AssessmentMethod.CHECKLIST,
                                     stage=AssessmentStage.OPEN)))
    cycles = list(Cycle.objects.filter(partnership=partnership).select_related("partnership"))
    closed = [cycle for cycle in cycles if cycle.is_closed]
    return ReviewCounts(
        series=series["series"], meetings_to_come=series["to_come"],
        follow_ups_open=follow_ups["open"], follow_ups_overdue=follow_ups["overdue"],
        follow_ups_escalated=follow_ups["escalated"], assessments=assessments["all"],
        assessments_under_way=assessments["under_way"], surveys_open=assessments["surveys"],
        open_cycle=next((cycle for cycle in cycles if not cycle.is_closed), None),
        closed_cycles=len(closed), latest_closed=closed[0] if closed else None,
        latest_assessment_id=assessments["latest"])


def _cycle_text(counts: ReviewCounts) -> str:
    cycle = counts.open_cycle
    if cycle is None:
        return "No cycle is open."
    return (f"{cycle.label}, from {cycle.starts_on:%-d %B %Y} to {cycle.ends_on:%-d %B %Y}. "
            "Close it with a review at the end of the year.")


def review_facts(partnership) -> list[StageFact]:
    """Stage 6's facts (registered as `stages.register("review", review_facts)`)."""
    counts = review_counts(partnership)
    cycles = link("cycles", partnership)
    return [
        StageFact("Current cycle", None, cycles, _cycle_text(counts)),
        StageFact("Closed cycles", counts.closed_cycles, cycles),
        StageFact("Meeting series", counts.series, link("meeting_series_list", partnership)),
        StageFact("Meetings to come", counts.meetings_to_come,
                  link("meeting_series_list", partnership)),
        StageFact("Open meeting follow-ups", counts.follow_ups_open,
                  link("meeting_series_list", partnership)),
        StageFact("Overdue meeting follow-ups", counts.follow_ups_overdue,
                  link("meeting_series_list", partnership)),
        StageFact("Self-assessments", counts.assessments, link("assessments", partnership)),
        StageFact("Self-assessments under way", counts.assessments_under_way,
                  link("assessments", partnership)),
    ]


def due_to_close(cycle, today: datetime.date) -> bool:
    return cycle is not None and today >= cycle.ends_on - datetime.timedelta(
        days=DUE_TO_CLOSE_DAYS)


def review_panels(access) -> list[overview.Panel]:
    """The overview's "Review the cycle" panel: overdue and escalated follow-ups, open
    surveys and a cycle due to close (the counts of `review_counts`)."""
    partnership, today = access.partnership, timezone.localdate()
    counts = review_counts(partnership, today)
    due = due_to_close(counts.open_cycle, today)
    meetings = link("meeting_series_list", partnership)
    return [overview.Panel("Review the cycle", (
        overview.Count(counts.follow_ups_overdue, "meeting follow-up overdue",
                       "meeting follow-ups overdue", meetings),
        overview.Count(counts.follow_ups_escalated, "follow-up escalated to the chair",
                       "follow-ups escalated to the chair", meetings),
        overview.Count(counts.surveys_open, "self-assessment survey open",
                       "self-assessment surveys open", link("assessments", partnership)),
        overview.Count(1 if due else 0, "cycle due to close", "cycles due to close",
                       link("cycles", partnership)),
    ), empty="No meeting follow-ups overdue, no survey open and no cycle due to close.")]
