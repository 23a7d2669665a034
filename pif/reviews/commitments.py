"""The share of a stat meeting's commitments closed by the next meeting, kept as one of the
partnership's indicators so it gets a chart, a status and the rules like any other.

For each meeting held, of the commitments raised at the series' previous meeting, the share
done by this meeting's date. A dropped commitment was not kept, so it counts as not closed.

The indicator is monthly (decided so: most series meet monthly, and a monthly chart sits
beside the partnership's other measures): a month's value is the numerator and denominator
summed over the meetings held in it, so a weekly series still has one value a month, and a
quarterly series one every third month. It is a P chart: every value is a proportion with its
numerator and denominator. Values are written through pif.measures.writing, so history,
status and the measures' rules apply (a locked period is refused there too).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from pif.actors import Actor
from pif.editing import LoadedVersion, claim_version
from pif.lib.periods import Period
from pif.measures import status
from pif.measures.models import Indicator
from pif.measures.services import refuse_broken_indicator
from pif.measures.writing import ObservationInput, write_observations
from pif.reviews.models import FollowUp, FollowUpKind, FollowUpStatus, Meeting, MeetingStage
from pif.reviews.rules.follow_ups import check_no_indicator_yet
from pif.rules import refuse

TITLE = "Commitments closed by the next meeting"
HELD = (MeetingStage.HELD, MeetingStage.FOLLOWED_UP)


@dataclass(frozen=True)
class Share:
    closed: int
    raised: int

    @property
    def percent(self) -> float | None:
        return 100 * self.closed / self.raised if self.raised else None


def _day(meeting: Meeting) -> datetime.date:
    return timezone.localtime(meeting.starts_at).date()


def share_at(meeting: Meeting) -> Share:
    """Of the commitments raised at the meeting before `meeting`, how many were done by
    `meeting`'s date. Two queries."""
    previous = (Meeting.objects.filter(series_id=meeting.series_id,
                                       starts_at__lt=meeting.starts_at)
                .order_by("-starts_at", "-id").first())
    if previous is None:
        return Share(0, 0)
    raised = list(FollowUp.objects.filter(raised_at=previous, kind=FollowUpKind.COMMITMENT)
                  .values_list("status", "closed_on"))
    day = _day(meeting)
    closed = sum(1 for state, on in raised
                 if state == FollowUpStatus.DONE and on is not None and on <= day)
    return Share(closed, len(raised))


def month_share(meeting: Meeting) -> Share:
    """The sum over the meetings of the series held in `meeting`'s month."""
    day = _day(meeting)
    meetings = Meeting.objects.filter(series_id=meeting.series_id, stage__in=HELD,
                                      starts_at__year=day.year, starts_at__month=day.month)
    shares = [share_at(held) for held in meetings]
    return Share(sum(s.closed for s in shares), sum(s.raised for s in shares))


def write_value(actor: Actor, meeting: Meeting) -> bool:
    """Write the month's value of the series' indicator, if it has one and any commitments
    were due; True if written."""
    indicator = meeting.series.commitments_indicator
    if indicator is None:
        return False
    share = month_share(meeting)
    if not share.raised:
        return False
    day = _day(meeting)
    row = ObservationInput(indicator=indicator, period=Period.month(day.year, day.month),
                           value=None, numerator=share.closed, denominator=share.raised,
                           note=f"Commitments raised at the meeting before, done by "
                                f"{day:%-d %B %Y}")
    write_observations(actor, [row], approve=True, partnership=indicator.partnership,
                       source="Stat meeting held")
    return True


def suggested_code(series) -> str:
    return f"STAT{series.pk}-CLOSED"


@transaction.atomic
def create_indicator(actor: Actor, series, *, code: str, owner,
                     loaded_version: LoadedVersion) -> Indicator:
    """Create the series' indicator of commitments closed by the next meeting (a monthly
    percentage, higher is better) and link it to the series."""
    refuse(check_no_indicator_yet(series.commitments_indicator_id is not None))
    indicator = Indicator(
        partnership=series.partnership, code=code.strip(), title=TITLE, owner=owner,
        lead=series.chair, unit=Indicator.Unit.PERCENTAGE, decimals=0,
        improvement=Indicator.Improvement.HIGHER, frequency=Indicator.Frequency.MONTHLY,
        chart_type=Indicator.ChartType.P, measure_kind=Indicator.MeasureKind.PROCESS,
        definition=f"Of the commitments made at each {series.name} meeting, the share done "
                   "by the next meeting. Written by PIF when a meeting is marked as held.",
        data_source=f"{series.name} follow-ups in PIF")
    refuse_broken_indicator(indicator)
    actor.stamp(indicator)
    indicator.save()
    actor.event(series.partnership, "indicator_created",
                f"{indicator.code} {indicator.title} created", indicator)
    claim_version(series, loaded_version)
    series.commitments_indicator = indicator
    actor.stamp(series)
    series.save()
    actor.event(series.partnership, "commitments_indicator_created",
                f"{series.name} now keeps the indicator {indicator.code}", indicator)
    status.refresh([indicator])
    return indicator
