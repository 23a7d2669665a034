"""Factories for measures tests, shared with the URL-walking test."""

import datetime

from django.utils import timezone

from pif.lib.periods import Period
from pif.measures import status
from pif.measures.models import Indicator, Observation, PeriodLock


def make_indicator(partnership, *, owner, code="IND-1", title=None, values=(),
                   first_period=None, **fields) -> Indicator:
    fields.setdefault("unit", Indicator.Unit.PERCENTAGE)
    fields.setdefault("decimals", 1)
    fields.setdefault("frequency", Indicator.Frequency.MONTHLY)
    indicator = Indicator.objects.create(partnership=partnership, owner=owner, code=code,
                                         title=title or f"Indicator {code}", **fields)
    period = first_period or Period.month(2024, 1)
    for value in values:
        observation = Observation(indicator=indicator, value=value,
                                  status=Observation.Status.FINAL, approved_at=timezone.now())
        observation.set_period(period)
        observation.save()
        period = period.next()
    status.refresh([indicator])
    return indicator


def make_period_lock(partnership, locked_through=None, reason="Sample meeting"):
    """A lock long before any sample data, so it locks nothing other tests enter."""
    return PeriodLock.objects.create(partnership=partnership, reason=reason,
                                     locked_through=locked_through or datetime.date(2001, 1, 31))


URL_KWARG_SAMPLES = {
    "period_lock_id": lambda world: make_period_lock(world.partnership).pk,
}
