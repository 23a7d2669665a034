"""Reading the period a person or a client names for an indicator: one reader, so the web's
forms and the API accept the same text and refuse it in the same words."""

from django.core.exceptions import ValidationError

from pif.lib.periods import Period, PeriodError


def read_period_or_refuse(indicator, text: str, field: str = "period") -> Period:
    """The period `text` names, as written (October 2026) or as a key (M2026-10), read at
    the indicator's frequency; raises ValidationError on `field` if it names none. A key is
    read as its label, so it too must be of the indicator's frequency."""
    try:
        text = Period.from_key(text).label
    except PeriodError:
        pass  # not a key: read it as written
    try:
        period = indicator.read_period(text)
    except PeriodError as error:
        raise ValidationError({field: ValidationError(str(error), code="period_format")}
                              ) from error
    if period is None:
        raise ValidationError({field: ValidationError("Enter a period", code="required")})
    return period
