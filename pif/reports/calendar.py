"""The reporting calendar: what is due when.

``entries(partnership, today)`` lists, sorted by date:

- each statutory report's due date (``ReportTemplate.due``) for the reporting year that
  ended last (due during the current one) and for the current reporting year, with whether
  a report of that kind on that year exists and how far it has got (the furthest of them:
  published, then signed off, then draft);
- the next date of each active scheduled report (``ReportSchedule.next_run_on``);
- the stat meetings' memos still to issue: a briefing memo before a meeting not yet
  briefed, and a follow-up memo after a meeting not yet followed up
  (``pif.reviews.meeting_dates``), for meetings from a year ago on.

``statutory`` names the statutory kinds to show: the page passes the ones the partnership
makes (``made_by(partnership)``, from its ``ReportingSettings``), so a community planning
partnership is not shown an integration joint board's report as overdue; None shows them
all.

Three queries, whatever the partnership holds.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from pif.lib.periods import format_long_date
from pif.reports.kinds import TEMPLATES
from pif.reports.kinds.base import last_complete_year, year_containing, year_label

__all__ = ["Entry", "entries", "made_by", "report_year"]

STATUTORY = "statutory"
SCHEDULED = "scheduled"
MEETING = "meeting"
STATE_ORDER = ("published", "signed-off", "draft")
MEMOS_FROM_DAYS = 365


@dataclass(frozen=True)
class Entry:
    """One date on the calendar. ``source`` is "statutory", "scheduled" or "meeting";
    ``kind`` a ``ReportKind`` value. A statutory entry has its ``reporting_year`` (first
    calendar year) and label, ``basis`` (its statutory basis) and ``note`` (where the date
    comes from), and, when a report on that year exists, ``report_id`` and its
    ``report_state``/``report_state_label``. ``is_overdue`` is true for a date past with
    nothing published, signed off or issued."""

    date: datetime.date
    source: str
    kind: str
    title: str
    reporting_year: int | None = None
    reporting_year_label: str = ""
    basis: str = ""
    note: str = ""
    report_id: int | None = None
    report_state: str = ""
    report_state_label: str = ""
    schedule_id: int | None = None
    meeting_id: int | None = None
    is_overdue: bool = False

    @property
    def date_label(self) -> str:
        return format_long_date(self.date)


def report_year(partnership, kind: str, options: dict, as_of: datetime.date) -> int | None:
    """The reporting year a kept report is on: its chosen year, else the latest that had
    ended by its day (as ``kinds.build`` reads it); None for kinds without one."""
    template = TEMPLATES.get(kind)
    if template is None or "reporting_year" not in template.needs:
        return None
    try:
        return int((options or {}).get("reporting_year"))
    except (TypeError, ValueError):
        return last_complete_year(partnership, as_of)


def _furthest(reports: list[dict]) -> dict | None:
    return min(reports, key=lambda r: (STATE_ORDER.index(r["state"])
                                       if r["state"] in STATE_ORDER else len(STATE_ORDER),
                                       -r["id"]), default=None)


def made_by(partnership) -> frozenset[str]:
    """The statutory kinds the partnership makes, as its reporting settings say (one
    query)."""
    from pif.reports.models import ReportingSettings

    return ReportingSettings.for_partnership(partnership).makes


def _statutory(partnership, today: datetime.date, shown) -> list[Entry]:
    from pif.reports.models import Report, ReportState

    statutory = {kind: t for kind, t in TEMPLATES.items()
                 if t.due_rule is not None and (shown is None or kind in shown)}
    if not statutory:
        return []
    kept: dict[tuple[str, int], list[dict]] = {}
    for row in Report.objects.filter(partnership=partnership,
                                     kind__in=list(statutory)).values(
            "id", "kind", "options", "as_of", "state"):
        year = report_year(partnership, row["kind"], row["options"], row["as_of"])
        kept.setdefault((row["kind"], year), []).append(row)
    labels = dict(ReportState.choices)
    current = year_containing(partnership, today)
    found = []
    for kind, template in statutory.items():
        for year in (current - 1, current):
            due = template.due(partnership, year)
            report = _furthest(kept.get((kind, year), []))
            done = report is not None and report["state"] != ReportState.DRAFT
            found.append(Entry(
                date=due, source=STATUTORY, kind=kind,
                title=f"{template.label}, {year_label(partnership, year)}",
                reporting_year=year, reporting_year_label=year_label(partnership, year),
                basis=template.statutory_basis, note=template.due_note,
                report_id=report["id"] if report else None,
                report_state=report["state"] if report else "",
                report_state_label=labels.get(report["state"], "") if report else "",
                is_overdue=due < today and not done))
    return found


def _scheduled(partnership) -> list[Entry]:
    from pif.reports.models import ReportSchedule

    return [Entry(date=row.next_run_on, source=SCHEDULED, kind=row.kind,
                  title=f"{row.title} ({row.get_frequency_display().lower()})",
                  schedule_id=row.pk)
            for row in ReportSchedule.objects.filter(partnership=partnership, active=True)]


def _memos(partnership, today: datetime.date) -> list[Entry]:
    from pif.reports.models import ReportKind
    from pif.reviews import meeting_dates
    from pif.reviews.models import Meeting, MeetingStage

    since = timezone.make_aware(datetime.datetime.combine(
        today - datetime.timedelta(days=MEMOS_FROM_DAYS), datetime.time.min))
    meetings = (Meeting.objects.filter(series__partnership=partnership, starts_at__gte=since)
                .exclude(stage=MeetingStage.FOLLOWED_UP).select_related("series"))
    found = []
    for meeting in meetings:
        name = f"{meeting.series.name} meeting of {format_long_date(meeting.day)}"
        if meeting.stage == MeetingStage.PLANNED:
            due = timezone.localtime(meeting_dates.briefing_due(
                meeting.starts_at, meeting.series.briefing_hours_before)).date()
            found.append(Entry(date=due, source=MEETING, kind=ReportKind.MEETING_MEMO.value,
                               title=f"Briefing memo for the {name}", meeting_id=meeting.pk,
                               is_overdue=due < today))
        due = timezone.localtime(meeting_dates.follow_up_due(
            meeting.starts_at, meeting.series.follow_up_days)).date()
        found.append(Entry(date=due, source=MEETING, kind=ReportKind.FOLLOW_UP_MEMO.value,
                           title=f"Follow-up memo for the {name}", meeting_id=meeting.pk,
                           is_overdue=due < today))
    return found


def entries(partnership, today: datetime.date, statutory=None) -> list[Entry]:
    """Everything on the partnership's reporting calendar, by date, with the statutory
    reports of the kinds in ``statutory`` (None: every one; see the module)."""
    shown = None if statutory is None else frozenset(statutory)
    found = [*_statutory(partnership, today, shown), *_scheduled(partnership),
             *_memos(partnership, today)]
    return sorted(found, key=lambda e: (e.date, e.source, e.title))
