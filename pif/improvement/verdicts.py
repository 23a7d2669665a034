"""Did it work? The SPC verdict on each linked indicator when an action is completed or a PDSA
cycle completes.

:func:`judge` reads an indicator's values as its chart analyses them (values that count, its
recalculations) and asks :func:`pif.spc.shift.shift_since` whether the points since the
change have shifted against the limits of the points before it
(docs/adr/0015-shift-since-a-change.md). :func:`record_for_action` and
:func:`record_for_cycle` keep one :class:`~pif.improvement.models.Verdict` per linked
indicator, as it was on the day, with history naming the actor; they are called by the
services that complete an action (``close_action``) and finish a PDSA cycle (its act step).
Recording again replaces the verdicts kept before (a reopened action completed again is
judged again), each removal in history. A cancelled action keeps no verdicts: nothing was
tried to the end (``close_action`` clears them with :func:`clear_for_action`).

The change a verdict judges:

* an action: from its start date (the day it was added when it has none), as the work
  changes things while it goes on, and at its closing there are no points after its
  completion yet;
* a PDSA cycle: from its start date, on the indicators it names, or else on its
  project's family of measures.

:func:`register_rows` gives the "what was tried and what the data said" register of outcomes
with a fixed number of queries; ``improvement/includes/verdict_register.html`` draws it.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import F
from django.utils import timezone

from pif import history_writes
from pif.actors import Actor
from pif.improvement.models import Action, PdsaCycle, Verdict
from pif.measures.charts.since import SinceChange, analysed_rows, since
from pif.spc.vocabulary import ChangeVerdict

__all__ = ["RegisterRow", "change_date_of_action", "clear_for_action", "judge",
           "record_for_action", "record_for_cycle", "register_rows", "verdicts_for_outcome"]


def judge(indicator, change_date: date, judged_on: date, *, name: str = "the change",
          kind: str = "Change") -> SinceChange:
    """What the indicator's values said on ``judged_on`` about a change on ``change_date``:
    a :class:`~pif.measures.charts.since.SinceChange` (``verdict``, ``result`` with the
    points before and after, ``period_start`` of the first period after the change and
    ``sentence``). Periods that start after ``judged_on`` are left out."""
    return since(analysed_rows(indicator), indicator.improvement_for_spc, name=name,
                 kind=kind, on=change_date, until=judged_on)


def change_date_of_action(action: Action) -> date:
    return action.start_date or (action.created.date() if action.created
                                 else timezone.localdate())


def _record(actor: Actor, partnership, indicator, judged: SinceChange, judged_on: date,
            **owner) -> Verdict:
    verdict = Verdict(
        partnership=partnership, indicator=indicator,
        change_period_start=judged.period_start or judged.on, judged_on=judged_on,
        verdict=judged.verdict.value, points_before=judged.result.points_before,
        points_after=judged.result.points_after, explanation=judged.full_text,
        recorded_by=actor.user, **owner)
    actor.stamp(verdict, "Did it work? verdict recorded")
    verdict.save()
    return verdict


def clear_for_action(actor: Actor, action: Action) -> None:
    """Remove the verdicts kept for ``action``, each in history naming ``actor``: a
    reopened action completed again is judged again, and a cancelled one keeps none."""
    history_writes.delete_each(actor, list(Verdict.objects.filter(action=action)))


def record_for_action(actor: Actor, action: Action, judged_on: date | None = None
                      ) -> list[Verdict]:
    """Keep the verdict on each indicator linked to ``action``, judged on ``judged_on``
    (its completion date, else today), in place of any kept at an earlier completion."""
    clear_for_action(actor, action)
    judged_on = judged_on or action.completed_on or timezone.localdate()
    when = change_date_of_action(action)
    name = f"{action.reference} {action.title}"
    return [_record(actor, action.partnership, indicator,
                    judge(indicator, when, judged_on, name=name, kind="Action started"),
                    judged_on, action=action)
            for indicator in action.indicators.filter(partnership_id=action.partnership_id)
            .order_by("code")]


def cycle_indicators(cycle: PdsaCycle) -> list:
    """The indicators a cycle is meant to change: those it names, else its project's
    measures."""
    partnership_id = cycle.project.partnership_id
    named = list(cycle.indicators.filter(partnership_id=partnership_id).order_by("code"))
    if named:
        return named
    from pif.measures.models import Indicator

    return list(Indicator.objects.filter(project_measures__project=cycle.project,
                                         partnership_id=partnership_id)
                .order_by("code").distinct())


def record_for_cycle(actor: Actor, cycle: PdsaCycle, judged_on: date | None = None
                     ) -> list[Verdict]:
    """Keep the verdict on each indicator of ``cycle`` (see :func:`cycle_indicators`),
    judged on ``judged_on`` (its completion date, else today), in place of any kept for it
    before."""
    history_writes.delete_each(actor, list(Verdict.objects.filter(cycle=cycle)))
    judged_on = judged_on or cycle.completed_on or timezone.localdate()
    name = f"PDSA cycle “{cycle.title}”"
    return [_record(actor, cycle.project.partnership, indicator,
                    judge(indicator, cycle.start_date, judged_on, name=name,
                          kind="PDSA cycle started"),
                    judged_on, cycle=cycle)
            for indicator in cycle_indicators(cycle)]


# -------------------------------------------------------------------------- the register


@dataclass(frozen=True)
class RegisterRow:
    """One line of "what was tried and what the data said"."""

    outcome_id: int
    what: str
    what_url: str
    kind: str
    closed_on: date
    indicator_code: str
    indicator_title: str
    indicator_url: str
    verdict: ChangeVerdict
    explanation: str
    judged_on: date

    @property
    def verdict_label(self) -> str:
        return self.verdict.label


def _cycle_kind(cycle: PdsaCycle) -> str:
    decision = cycle.get_decision_display()
    return f"PDSA cycle ({decision.lower()})" if decision else "PDSA cycle"


def register_rows(outcome_ids) -> list[RegisterRow]:
    """The kept verdicts of the actions and PDSA cycles (through their project) of the
    outcomes ``outcome_ids``, latest first; two queries whatever their number."""
    outcome_ids = list(outcome_ids)
    if not outcome_ids:
        return []
    rows = []
    by_action = (Verdict.objects.annotate(outcome_id=F("action__outcomes"))
                 .filter(outcome_id__in=outcome_ids)
                 .select_related("action__partnership", "indicator__partnership"))
    for verdict in by_action:
        action = verdict.action
        rows.append(_row(verdict, f"{action.reference} {action.title}",
                         action.get_absolute_url(), "Action",
                         action.completed_on or verdict.judged_on))
    by_cycle = (Verdict.objects.annotate(outcome_id=F("cycle__project__outcome_id"))
                .filter(outcome_id__in=outcome_ids)
                .select_related("cycle__project__partnership", "indicator__partnership"))
    for verdict in by_cycle:
        cycle = verdict.cycle
        rows.append(_row(verdict, cycle.title, cycle.get_absolute_url(), _cycle_kind(cycle),
                         cycle.completed_on or verdict.judged_on))
    rows.sort(key=lambda row: (row.closed_on, row.judged_on), reverse=True)
    return rows


def _row(verdict: Verdict, what: str, url: str, kind: str, closed_on: date) -> RegisterRow:
    indicator = verdict.indicator
    return RegisterRow(
        outcome_id=verdict.outcome_id, what=what, what_url=url, kind=kind,
        closed_on=closed_on, indicator_code=indicator.code, indicator_title=indicator.title,
        indicator_url=indicator.get_absolute_url(), verdict=ChangeVerdict(verdict.verdict),
        explanation=verdict.explanation, judged_on=verdict.judged_on)


def verdicts_for_outcome(outcome) -> list[RegisterRow]:
    """The register of one outcome (:func:`register_rows`)."""
    return register_rows([outcome.pk])
