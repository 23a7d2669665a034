"""Rolling a partnership into its next cycle (docs/adr/0017-cycles-and-roll-over.md).

Outcomes, indicators and actions are the same records in every cycle, so nothing is copied
but what belongs to one year:

* a target whose validity ends with the closed year gets a copy for the next year, with the
  same level, value and tolerance, set through the measures target service (its rules,
  history and event; a copy the rules refuse is named, to set by hand); a trajectory is
  copied only with the points it already has for the next year. A target of the same level
  already set for the next year is left alone, so rolling again adds nothing;
* each open action gets a progress update "Carried into 2027/28", through the improvement
  services (so its log, history and event say so); an action that has it already is
  skipped.

Both steps are called by ``services.cycles.start_next_cycle`` inside its transaction.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from pif.actors import Actor
from pif.editing import PROGRAM_CHANGE
from pif.lib.periods import Period, PeriodError

# A target "ends with the year" when its last period ends within a week of the year's end,
# either side (a weekly indicator's last week may end a few days before or after it).
LAST_WEEK = datetime.timedelta(days=6)


@dataclass
class TargetsRolled:
    rolled: list[str] = field(default_factory=list)  # "A01 standard target"
    already_set: list[str] = field(default_factory=list)
    no_next_points: list[str] = field(default_factory=list)  # trajectories with nothing to copy
    refused: list[str] = field(default_factory=list)  # copies the target rules refuse

    def sentence(self, label: str) -> str:
        """"12 targets rolled forward, 3 already set for 2027/28"."""
        parts = [_plural(len(self.rolled), "target rolled forward", "targets rolled forward")]
        if self.already_set:
            parts.append(f"{len(self.already_set)} already set for {label}")
        if self.no_next_points:
            parts.append(f"{_plural(len(self.no_next_points), 'trajectory', 'trajectories')} "
                         f"with no values for {label} to set by hand")
        if self.refused:
            parts.append(_plural(len(self.refused), "target to set by hand",
                                 "targets to set by hand"))
        return ", ".join(parts)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _name(target) -> str:
    return f"{target.indicator.code} {target.get_level_display().lower()} target"


def _applies_in(target, start: datetime.date, end: datetime.date) -> bool:
    return ((target.valid_from_start is None or target.valid_from_start <= end)
            and (target.valid_to_end is None or target.valid_to_end >= start))


def _next_span(target, next_end: datetime.date) -> tuple[Period, Period] | None:
    """The periods the copy applies to: from the one after the target's last period to the
    last one of the same kind that ends within the next year."""
    try:
        last = Period.from_key(target.valid_to)
    except PeriodError:
        return None
    first = to = last.next()
    while to.next().end <= next_end:
        to = to.next()
    return first, to


def ends_with(target, ends_on: datetime.date) -> bool:
    """Whether ``target``'s last period ends with the year: within a week of its last day,
    either side (a weekly target's last week may straddle the year's end)."""
    return (target.valid_to_end is not None
            and abs(target.valid_to_end - ends_on) <= LAST_WEEK)


def roll_targets(actor: Actor, closed, following) -> TargetsRolled:
    """Copy into ``following``'s year every target that ends with ``closed``'s year."""
    from pif.measures.models import Target

    result = TargetsRolled()
    targets = list(Target.objects.filter(indicator__partnership=closed.partnership)
                   .select_related("indicator").prefetch_related("points")
                   .order_by("indicator__code", "level", "pk"))
    for target in (t for t in targets if ends_with(t, closed.ends_on)):
        _roll_one(actor, target, targets, following, result)
    return result


def _roll_one(actor: Actor, target, targets, following, result: TargetsRolled) -> None:
    start, end = following.starts_on, following.ends_on
    if any(other.pk != target.pk and other.indicator_id == target.indicator_id
           and other.level == target.level and _applies_in(other, start, end)
           for other in targets):
        result.already_set.append(_name(target))
        return
    span = _next_span(target, end)
    points = [p for p in target.points.all() if start <= p.period_start <= end]
    if span is None or (target.is_trajectory and not points):
        result.no_next_points.append(_name(target))
        return
    try:
        _copy(actor, target, span, points)
    except ValidationError:
        # A target stored before a rule held: the editor sets next year's on its page
        # rather than the whole roll-over failing (the service's savepoint undid it).
        result.refused.append(_name(target))
        return
    result.rolled.append(_name(target))


def _copy(actor: Actor, target, span: tuple[Period, Period], points) -> None:
    """The copy goes through the measures target service, so the target rules, history,
    the "target_set" event and the status refresh are the same as for one set by hand.
    The service reads periods and trajectory lines as a person writes them."""
    from pif.measures.models import Target
    from pif.measures.services import save_target

    first, last = span
    copy = Target(indicator=target.indicator, level=target.level, value=target.value,
                  valid_from=first.label, valid_to=last.label, tolerance=target.tolerance,
                  tolerance_kind=target.tolerance_kind, source=target.source)
    trajectory = "\n".join(f"{Period.from_key(point.period).label}, {point.value!r}"
                            for point in points)
    save_target(actor, copy, trajectory_text=trajectory)


def carried_text(label: str) -> str:
    return f"Carried into {label}"


def carry_actions(actor: Actor, partnership, label: str) -> int:
    """Log "Carried into 2027/28" on each open action that does not say so yet; how many."""
    from pif.improvement.models import Action, ProgressUpdate
    from pif.improvement.services.actions import add_progress_update

    text = carried_text(label)
    done = set(ProgressUpdate.objects.filter(action__partnership=partnership, text=text)
               .values_list("action_id", flat=True))
    carried = 0
    for action in Action.objects.filter(partnership=partnership).open().order_by("reference"):
        if action.pk in done:
            continue
        # The action keeps its status as it stood; where PIF would suggest another, the
        # update says why, as the rule "override_needs_reason" asks.
        reason = action.status_reason or f"Status as it stood when the cycle closed: {text}"
        add_progress_update(actor, action, loaded_version=PROGRAM_CHANGE,
                            percent_complete=action.percent_complete, status=action.status,
                            text=text, status_reason=reason)
        carried += 1
    return carried
