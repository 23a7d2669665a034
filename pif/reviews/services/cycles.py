"""Stage 6 services: cycles. Every change takes the actor first.

A partnership works in yearly cycles (docs/adr/0017-cycles-and-roll-over.md): one is open at
a time; editors close it with a review, which freezes a snapshot of how everything stood
(`pif.reviews.snapshot`); closing is final, but the review's words can still be corrected,
with history. Starting the next cycle rolls targets forward and carries open actions over
(`pif.reviews.rollover`), all in one transaction and safe to repeat.
"""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from pif.actors import Actor
from pif.editing import LoadedVersion, claim_version
from pif.partnerships.access import access_for
from pif.partnerships.models import Partnership
from pif.reviews import rollover, snapshot
from pif.reviews.models import Assessment, Cycle
from pif.reviews.rules import cycles as rules
from pif.rules import refuse

VERBS: list[tuple[str, str]] = [
    ("cycle_started", "Cycle started"),
    ("cycle_closed", "Cycle closed"),
    ("cycle_review_corrected", "Cycle review corrected"),
    ("cycle_rolled_over", "Next cycle started"),
]

REVIEW_FIELDS = ("what_worked", "lessons", "performance_summary")


# Reading ---------------------------------------------------------------------------------

def year_containing(partnership, day: datetime.date) -> int:
    """The first calendar year of the partnership's reporting year that holds ``day``: its
    year starts in ``reporting_year_start_month`` (April for most public bodies, when this
    is `Period.financial_year_containing`)."""
    month = partnership.reporting_year_start_month or 4
    return day.year if day.month >= month else day.year - 1


def cycle_dates(partnership, first_year: int) -> tuple[datetime.date, datetime.date]:
    month = partnership.reporting_year_start_month or 4
    start = datetime.date(first_year, month, 1)
    return start, datetime.date(first_year + 1, month, 1) - datetime.timedelta(days=1)


def open_cycle(partnership) -> Cycle | None:
    return Cycle.objects.filter(partnership=partnership, state=Cycle.State.OPEN).first()


def draft_summary(cycle: Cycle) -> str:
    """PIF's first paragraph for "the year's performance", from the scorecard as it stood
    at the cycle's end (as the snapshot will keep it)."""
    indicators = snapshot._indicators(cycle.partnership, cycle.ends_on)
    actions = snapshot._actions(cycle.partnership, cycle)
    return snapshot.draft_summary(cycle.label, snapshot.counts(indicators, actions))


def _refuse_unless_editor(actor: Actor, partnership) -> None:
    if actor.is_operator:
        return
    access = access_for(actor.user, partnership)
    refuse(rules.check_editor(access is not None and access.can_edit))


def _check_review(partnership, *, what_worked: str, lessons: str,
                  performance_summary: str, assessment: Assessment | None) -> None:
    refuse(rules.check_review_written(what_worked, lessons, performance_summary))
    refuse(rules.check_assessment_scope(
        assessment is None or assessment.partnership_id == partnership.pk))


# Changing --------------------------------------------------------------------------------

def _lock(partnership) -> None:
    """Hold the partnership's row until the transaction ends, so two requests starting a
    cycle at once take turns: the second then sees the first's cycle, and is refused by
    "cycle_one_open" or finds the next cycle there."""
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()


def _year_taken(partnership, first_year: int) -> bool:
    return Cycle.objects.filter(partnership=partnership, first_year=first_year).exists()


def _save_new(actor: Actor, cycle: Cycle) -> None:
    """Save a new cycle; a year taken meanwhile (past the lock, on a database without row
    locks) is the "cycle_year_unique" refusal, not a server error."""
    actor.stamp(cycle)
    try:
        with transaction.atomic():
            cycle.save()
    except IntegrityError:
        refuse(rules.check_year_free(True, cycle.label))


@transaction.atomic
def start_cycle(actor: Actor, partnership, *, first_year: int | None = None,
                today: datetime.date | None = None) -> Cycle:
    """Start a cycle for ``first_year`` (default: the year holding today)."""
    _refuse_unless_editor(actor, partnership)
    _lock(partnership)
    if first_year is None:
        first_year = year_containing(partnership, today or timezone.localdate())
    cycle = Cycle(partnership=partnership, first_year=first_year)
    refuse(rules.check_one_open(
        Cycle.objects.filter(partnership=partnership, state=Cycle.State.OPEN).exists()))
    refuse(rules.check_year_free(_year_taken(partnership, first_year), cycle.label))
    cycle.starts_on, cycle.ends_on = cycle_dates(partnership, first_year)
    cycle.full_clean(exclude=["partnership", "assessment", "closed_by"])
    _save_new(actor, cycle)
    actor.event(partnership, "cycle_started", f"Cycle {cycle.label} started", cycle)
    return cycle


@transaction.atomic
def close_cycle(actor: Actor, cycle: Cycle, *, loaded_version: LoadedVersion,
                what_worked: str, lessons: str, performance_summary: str,
                assessment: Assessment | None = None,
                today: datetime.date | None = None) -> Cycle:
    """Close ``cycle`` with its review and freeze the snapshot of how everything stood.
    Final: a closed cycle is not reopened (its review can be corrected)."""
    _refuse_unless_editor(actor, cycle.partnership)
    refuse(rules.check_open_to_close(cycle.is_closed))
    _check_review(cycle.partnership, what_worked=what_worked, lessons=lessons,
                  performance_summary=performance_summary, assessment=assessment)
    claim_version(cycle, loaded_version)
    _set_review(cycle, what_worked, lessons, performance_summary, assessment)
    cycle.state = Cycle.State.CLOSED
    cycle.closed_at = timezone.now()
    cycle.closed_by = actor.user
    cycle.snapshot = snapshot.build(cycle, today)
    actor.stamp(cycle, "Cycle closed")
    cycle.save()
    actor.event(cycle.partnership, "cycle_closed", f"Cycle {cycle.label} closed", cycle)
    return cycle


def _set_review(cycle: Cycle, what_worked, lessons, performance_summary, assessment) -> None:
    cycle.what_worked = what_worked.strip()
    cycle.lessons = lessons.strip()
    cycle.performance_summary = performance_summary.strip()
    cycle.assessment = assessment


@transaction.atomic
def correct_review(actor: Actor, cycle: Cycle, *, loaded_version: LoadedVersion,
                   what_worked: str, lessons: str, performance_summary: str,
                   assessment: Assessment | None = None) -> Cycle:
    """Correct the words of a closed cycle's review; the snapshot keeps how things stood,
    but names the newly chosen self-assessment."""
    _refuse_unless_editor(actor, cycle.partnership)
    refuse(rules.check_closed_to_correct(cycle.is_closed))
    _check_review(cycle.partnership, what_worked=what_worked, lessons=lessons,
                  performance_summary=performance_summary, assessment=assessment)
    claim_version(cycle, loaded_version)
    chosen_before = cycle.assessment_id
    _set_review(cycle, what_worked, lessons, performance_summary, assessment)
    if cycle.assessment_id != chosen_before:
        cycle.snapshot = {**cycle.snapshot,
                          "assessment": snapshot.assessment_summary(cycle.assessment_id)}
    actor.stamp(cycle, "Review corrected")
    cycle.save()
    actor.event(cycle.partnership, "cycle_review_corrected",
                f"Review of cycle {cycle.label} corrected", cycle)
    return cycle


@dataclass(frozen=True)
class RollOver:
    cycle: Cycle  # the next cycle
    created: bool
    targets: rollover.TargetsRolled
    actions_carried: int

    @property
    def sentence(self) -> str:
        label = self.cycle.label
        carried = ("1 open action carried over" if self.actions_carried == 1
                   else f"{self.actions_carried} open actions carried over")
        return f"{self.targets.sentence(label)}; {carried}."


@transaction.atomic
def start_next_cycle(actor: Actor, cycle: Cycle) -> RollOver:
    """Start the cycle after the closed ``cycle``: roll targets forward and carry open
    actions over. Safe to repeat: a second time finds the next cycle, the targets already
    set and the actions already carried, and changes nothing."""
    partnership = cycle.partnership
    _lock(partnership)
    _refuse_unless_editor(actor, partnership)
    refuse(rules.check_closed_before_next(cycle.is_closed))
    following = Cycle.objects.filter(partnership=partnership,
                                     first_year=cycle.first_year + 1).first()
    created = following is None
    if created:
        following = start_cycle(actor, partnership, first_year=cycle.first_year + 1)
    result = RollOver(following, created, rollover.roll_targets(actor, cycle, following),
                      rollover.carry_actions(actor, partnership, following.label))
    if created or result.targets.rolled or result.actions_carried:
        actor.event(partnership, "cycle_rolled_over",
                    f"Cycle {following.label} started from {cycle.label}: {result.sentence}",
                    following)
    return result
