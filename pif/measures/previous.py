"""The previous value: what the rules compare a new value with for the large-change warning.

It is the latest approved value before the new value's period, for the same breakdown. A
value awaiting approval does not count (it may be the mistake), nor does one for a later
period. The entry form, the grid, uploads and the approvals page all ask here, so a value
warned about on one path is warned about on every other.
"""

from bisect import bisect_left
from collections import defaultdict

from django.db.models import Case, OuterRef, Subquery, When

from pif.lib.periods import Period
from pif.measures.models import Observation


def _latest_approved(**match):
    """The latest approved value matching, as a one-column queryset."""
    return (Observation.objects.filter(approved_at__isnull=False, value__isnull=False, **match)
            .order_by("-period_start").values("value")[:1])


def previous_value(indicator, period: Period, breakdown=None) -> float | None:
    """The latest approved value of `indicator` (and `breakdown`) before `period`."""
    return next(iter(_latest_approved(indicator=indicator, breakdown=breakdown,
                                      period_start__lt=period.start)
                     .values_list("value", flat=True)), None)


def previous_values(observations) -> dict[int, float | None]:
    """`previous_value` for each observation, by id, in one query for them all."""
    before = {"indicator": OuterRef("indicator"), "period_start__lt": OuterRef("period_start")}
    previous = Case(
        # A null breakdown never equals another, so the whole indicator is matched apart.
        When(breakdown__isnull=True,
             then=Subquery(_latest_approved(breakdown__isnull=True, **before))),
        default=Subquery(_latest_approved(breakdown=OuterRef("breakdown"), **before)))
    return dict(Observation.objects.filter(pk__in=[o.pk for o in observations])
                .annotate(previous=previous).values_list("pk", "previous"))


class StoredApprovedValues:
    """`previous_value` for many new rows of a few indicators at once, as an upload needs:
    the approved values of the indicators named (by id) are read in one query, then each
    row's previous value is looked up in memory."""

    def __init__(self, indicator_ids):
        self._series = defaultdict(lambda: ([], []))
        for indicator_id, breakdown, start, value in (
                Observation.objects.filter(indicator_id__in=list(indicator_ids),
                                           approved_at__isnull=False, value__isnull=False)
                .order_by("period_start")
                .values_list("indicator_id", "breakdown__name", "period_start", "value")):
            starts, values = self._series[indicator_id, (breakdown or "").lower()]
            starts.append(start)
            values.append(value)
        self._indicators = {indicator_id for indicator_id, _ in self._series}

    def holds(self, indicator_id) -> bool:
        """Whether any approved value of the indicator is stored (for any breakdown): a
        first import's rows need no look-up each."""
        return indicator_id in self._indicators

    def before(self, indicator_id, breakdown_name: str, period: Period) -> float | None:
        """The latest approved value before `period` for the breakdown named (any case;
        "" for the whole indicator)."""
        starts, values = self._series.get((indicator_id, breakdown_name.lower()), ((), ()))
        index = bisect_left(starts, period.start)
        return values[index - 1] if index else None
