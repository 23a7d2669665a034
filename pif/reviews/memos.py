"""The two stat meeting memos as data: the briefing memo's items (with their charts as the
data stood at the lock) and the follow-up memo. The meeting pages and the memo reports
(pif.reports.kinds.memos) both read them from here."""

import datetime

from django.utils import timezone

from pif.measures.charts import indicator_charts
from pif.reviews import meeting_dates
from pif.reviews import models as m
from pif.reviews.models import FollowUp, FollowUpKind, FollowUpStatus, Meeting
from pif.reviews.status_words import latest_words, question_lines, status_words

MEMO_KINDS = (FollowUpKind.COMMITMENT, FollowUpKind.DATA_REQUEST,
              FollowUpKind.RECOMMENDATION, FollowUpKind.DECISION)


def follow_ups_read():
    return FollowUp.objects.select_related("owner", "action", "raised_at", "closed_at")


def memo_due(meeting: Meeting) -> datetime.date:
    """The day the follow-up memo is due: the series' number of days after the meeting."""
    return timezone.localtime(meeting_dates.follow_up_due(
        meeting.starts_at, meeting.series.follow_up_days)).date()


def lateness(meeting: Meeting, today: datetime.date) -> str:
    """What to say about the memo's timing: "" when on time or not due yet."""
    due = memo_due(meeting)
    if meeting.follow_up_issued_at is not None:
        issued = timezone.localtime(meeting.follow_up_issued_at).date()
        late = (issued - due).days
        return f"Issued {late} day{'s' if late != 1 else ''} late." if late > 0 else ""
    late = (today - due).days
    if late > 0:
        return f"The memo is {late} day{'s' if late != 1 else ''} late."
    return ""


def memo_context(meeting: Meeting) -> dict:
    """What the follow-up memo shows: the meeting's follow-ups by kind, the still-open earlier
    ones, data due next time and the next meeting (a fixed number of queries)."""
    raised = list(follow_ups_read().filter(raised_at=meeting))
    earlier = list(follow_ups_read().filter(series=meeting.series, status=FollowUpStatus.OPEN,
                                        raised_at__starts_at__lt=meeting.starts_at))
    next_meeting = (Meeting.objects.filter(series=meeting.series,
                                           starts_at__gt=meeting.starts_at)
                    .order_by("starts_at", "id").first())
    sections = [(FollowUpKind(kind).label, [one for one in raised if one.kind == kind])
                for kind in MEMO_KINDS]
    data_due = [one for one in [*raised, *earlier] if one.kind == FollowUpKind.DATA_REQUEST
                and one.status == FollowUpStatus.OPEN]
    return {"meeting": meeting, "sections": sections, "earlier": earlier,
            "data_due": data_due, "next_meeting": next_meeting,
            "present": list(meeting.present.all()), "memo_due": memo_due(meeting),
            "lateness": lateness(meeting, timezone.localdate())}



def pack_charts(indicators, meeting: m.Meeting) -> dict:
    """The memo's charts, by indicator id, in a fixed number of queries: as the data stood
    when the period was locked, and only periods ending on or before the meeting's
    `data_to`, as the memo says. The rows are cut before the chart is built, so its limits
    and signals are those the meeting's data gives (a later figure entered before the lock
    stays out of the pack)."""
    return indicator_charts(indicators, meeting.period_locked_at, periods_to=meeting.data_to)


def memo_items(meeting: m.Meeting, *, charts: bool = True) -> list[tuple[str, str, list]]:
    """The memo's items by section (value, label, items), each with its status words and
    questions, in a fixed number of queries. Follow-up items and exceptions each get their
    chart, built as the indicator's own page builds it, as the data stood when the period was
    locked; standing items are read as one table, each with its latest figure, so a memo
    for the whole partnership stays short enough to read (and quick to draw)."""
    items = list(meeting.items.select_related(
        "indicator__status", "indicator__partnership", "action", "risk", "follow_up",
        "follow_up__raised_at"))
    charted = {item.indicator_id: item.indicator for item in items
               if item.indicator_id and item.section != m.ItemSection.STANDING}
    built = pack_charts(charted.values(), meeting) if charts else {}
    for item in items:
        item.question_lines = question_lines(item)
        if item.indicator_id:
            item.status_words = status_words(item.indicator)
            item.latest_words = latest_words(item.indicator)
            item.chart = built.get(item.indicator_id)
    return [(value, label, [i for i in items if i.section == value])
            for value, label in m.ItemSection.choices]


