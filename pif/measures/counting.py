"""Which stored values count. The status engine, the charts and the comparison of areas all
ask here, so an indicator's stored status always agrees with its chart.

A value counts once an editor has approved it. While a revision awaits approval the version
an editor last approved counts instead; a first value awaiting approval does not count yet.
A stored number that is not finite (infinity or NaN, saved before the rules refused them)
counts as missing, and so does a ratio whose denominator is not above zero.
"""

import math

import numpy as np

from pif.measures.models import Observation

__all__ = ["finite", "has_ratio", "huge_numbers_allowed", "last_approved_versions",
           "split_waiting"]


def finite(number) -> float | None:
    """A stored number as a float, or None for None, NaN and infinities (SPC refuses
    infinities, and JSON has no NaN)."""
    if number is None:
        return None
    number = float(number)
    return number if math.isfinite(number) else None


def huge_numbers_allowed():
    """For SPC arithmetic on stored numbers: one near 1.7e308, stored before the rules
    refused it, overflows to infinity, and the limit or mean that gives is then missing
    (see :func:`finite`) rather than a warning."""
    return np.errstate(over="ignore", invalid="ignore")


def has_ratio(numerator, denominator) -> bool:
    """Whether a P or U chart can use this numerator and denominator."""
    return finite(numerator) is not None and (finite(denominator) or 0) > 0


def last_approved_versions(pending_ids, *, before=None) -> dict:
    """The version an editor last approved of each value awaiting approval, by observation
    id, from its history; values never approved are left out. `pending_ids` may be a
    subquery. `before` limits it to versions saved at or before that time."""
    versions = Observation.history.filter(id__in=pending_ids, approved_at__isnull=False)
    if before is not None:
        versions = versions.filter(history_date__lte=before)
    latest = {}
    for version in versions.order_by("id", "-history_date", "-history_id"):
        latest.setdefault(version.id, version)
    return latest


def _looked_at(observation):
    """The time a past version of an observation was read as of, or None for a current one."""
    historic = getattr(observation, "_history", observation)  # set by history.as_of()
    return getattr(historic, "_as_of", None) or getattr(historic, "history_date", None)


def split_waiting(observations, *, waiting_ids=None) -> tuple[list, list]:
    """The observations that count, and those awaiting approval, each in the given order.

    A value awaiting approval counts as the version an editor last approved (from its
    history), if it has one. ``observations`` may be historical versions (from
    ``history.as_of()``); then only versions saved by that time are looked at.
    ``waiting_ids`` may be a subquery of the waiting ones' ids, so that a large batch is
    not sent to the database as a list.
    """
    observations = list(observations)
    waiting = [o for o in observations if getattr(o, "approved_at", True) is None]
    approved = {}
    if waiting:
        times = [when for o in waiting if (when := _looked_at(o)) is not None]
        approved = last_approved_versions(
            waiting_ids if waiting_ids is not None else [o.id for o in waiting],
            before=max(times) if times else None)
    is_waiting = {id(o) for o in waiting}
    counted = [approved[o.id] if id(o) in is_waiting else o for o in observations
               if id(o) not in is_waiting or o.id in approved]
    return counted, waiting
