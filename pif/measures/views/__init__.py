"""The measures pages. Forms that save through a service are shown with
pif.form_pages.form_page, whose `save` reads the period a form names with `posted_period`."""

from pif.lib.periods import Period
from pif.measures.periods import read_period_or_refuse


def posted_period(form, indicator, field: str = "period") -> Period:
    """The period the form's field names, read at the indicator's frequency as the API reads
    it; raises ValidationError on the field, for form_page to show, if it names none (the
    field is required, so only a form without it gets that far)."""
    return read_period_or_refuse(indicator, form.cleaned_data.get(field, ""), field)
