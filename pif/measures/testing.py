"""Factories for measures tests, shared with the URL-walking test."""

from django.utils import timezone

from pif.lib.periods import Period
from pif.measures import status
from pif.measures.models import Indicator, Observation


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
