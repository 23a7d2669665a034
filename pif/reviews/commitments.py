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

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction

from pif.actors import Actor
from pif.editing import LoadedVersion, claim_version
from pif.lib.periods import Period
from pif.measures import status
from pif.measures.models import Indicator
from pif.measures.services import refuse_broken_indicator
from pif.measures.writing import ObservationInput, write_observations
from pif.reviews.models import FollowUp, FollowUpKind, FollowUpStatus, Meeting, MeetingStage
from pif.reviews.rules.follow_ups import check_no_indicator_yet
from pif.reviews.rules.meetings import check_links_in_partnership
from pif.reviews.services.meetings import require_role
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


def _held() -> models.QuerySet:
    return Meeting.objects.filter(stage__in=HELD)


def previous_held(meeting: Meeting) -> Meeting | None:
    """The series' last meeting held before `meeting`: a meeting scheduled by mistake and
    never held is skipped, so the real meetings' commitments are still measured."""
    return (_held().filter(series_id=meeting.series_id, starts_at__lt=meeting.starts_at)
            .order_by("-starts_at", "-id").first())


def share_at(meeting: Meeting) -> Share:
    """Of the commitments raised at the meeting held before `meeting`, how many were done at
    `meeting` or earlier (the meeting chosen when closing, not the day it was recorded: notes
    are often written up the day after). Two queries."""
    previous = previous_held(meeting)
    if previous is None:
        return Share(0, 0)
    raised = list(FollowUp.objects.filter(raised_at=previous, kind=FollowUpKind.COMMITMENT)
                  .values_list("status", "closed_at__starts_at", "closed_on"))
    day = meeting.day
    closed = sum(1 for state, at, on in raised if state == FollowUpStatus.DONE and (
        at <= meeting.starts_at if at is not None else on is not None and on <= day))
    return Share(closed, len(raised))


def month_share(meeting: Meeting) -> Share:
    """The sum over the meetings of the series held in `meeting`'s month."""
    day = meeting.day
    meetings = _held().filter(series_id=meeting.series_id, starts_at__year=day.year,
                              starts_at__month=day.month)
    shares = [share_at(held) for held in meetings]
    return Share(sum(s.closed for s in shares), sum(s.raised for s in shares))


def write_value(actor: Actor, meeting: Meeting) -> str:
    """Write the month's value of the series' indicator, if it has one and any commitments
    were due. The value is bookkeeping: it never stops the change that prompts it. Returns
    "" or, in plain words, why it could not be written (its month is locked)."""
    indicator = meeting.series.commitments_indicator
    if indicator is None:
        return ""
    share = month_share(meeting)
    if not share.raised:
        return ""
    day = meeting.day
    row = ObservationInput(indicator=indicator, period=Period.month(day.year, day.month),
                           value=None, numerator=share.closed, denominator=share.raised,
                           note=f"Commitments raised at the meeting before, done by "
                                f"{day:%-d %B %Y}")
    try:
        with transaction.atomic():  # a refusal undoes this value only
            write_observations(actor, [row], approve=True, partnership=indicator.partnership,
                               source="Stat meeting held")
    except ValidationError as refused:
        if not _is_lock(refused):
            raise
        return (f"The value of {indicator.code} for {day:%B %Y} was not written, as the "
                f"figures for {day:%B %Y} are locked. It will be written when a follow-up "
                "from that meeting is next closed after they are unlocked.")
    return ""


def rewrite_after_close(actor: Actor, follow_up: FollowUp) -> str:
    """Write again the value of the month whose share `follow_up` counts in (that of the
    meeting held after the one that raised it), if that meeting is held: a commitment closed
    at a meeting but recorded later still counts there. Returns what `write_value` does."""
    if follow_up.kind != FollowUpKind.COMMITMENT:
        return ""
    raised_at = follow_up.raised_at
    following = (_held().filter(series_id=raised_at.series_id,
                                starts_at__gt=raised_at.starts_at)
                 .select_related("series__commitments_indicator")
                 .order_by("starts_at", "id").first())
    if following is None or following.series.commitments_indicator_id is None:
        return ""
    return write_value(actor, following)


def suggested_code(series) -> str:
    return f"STAT{series.pk}-CLOSED"


@transaction.atomic
def create_indicator(actor: Actor, series, *, code: str, owner,
                     loaded_version: LoadedVersion) -> Indicator:
    """Create the series' indicator of commitments closed by the next meeting (a monthly
    percentage, higher is better) and link it to the series."""
    require_role(actor, series.partnership, "edit")
    refuse(check_no_indicator_yet(series.commitments_indicator_id is not None))
    refuse(check_links_in_partnership(
        {"owner": [getattr(owner, "partnership_id", None)]}, series.partnership_id))
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


def _is_lock(refused: ValidationError) -> bool:
    """Whether every reason the value was refused is the period lock: any other refusal is
    a real error and must not be reported as a lock."""
    rules = [finding.rule for found in getattr(refused, "findings", {}).values()
             for finding in found]
    return bool(rules) and all(rule == "period_locked" for rule in rules)
