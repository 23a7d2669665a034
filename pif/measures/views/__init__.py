"""The measures pages. Forms that save through a service are shown with
pif.form_pages.form_page, whose `save` reads the period a form names with `posted_period`."""

from django.core.exceptions import ValidationError

from pif.lib.periods import Period, PeriodError


def posted_period(form, indicator, field: str = "period") -> Period:
    """The period the form's field names, read at the indicator's frequency; raises
    ValidationError on the field, for form_page to show, if it names none."""
    try:
        period = indicator.read_period(form.cleaned_data.get(field, ""))
    except PeriodError as error:
        raise ValidationError({field: str(error)}) from error
    if period is None:  # the field is required, so only a form without it gets here
        raise ValidationError({field: "Enter a period"})
    return period
