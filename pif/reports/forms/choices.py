"""The choices a report asks for, shared by the new report form (forms/reports.py) and the
schedule form (forms/schedules.py): outcomes, indicators, a stat meeting, and what was chosen
as a report keeps it (``ReportChoices.options``). Each id in the address or the posted form
is read with :func:`pif.lib.text.parse_id` before any query, so an id too large for the
database ("99999999999999999999999") is refused as "Select a valid choice", never a 500."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from pif.lib.periods import format_long_date
from pif.lib.text import parse_id

OUTCOMES_HELP = ("The report shows the indicators of the outcomes you choose, and of the "
                 "outcomes below them. Choose none for every outcome.")
INDICATORS_HELP = "Add indicators one by one, as well as those of the outcomes chosen."
INVALID_CHOICE = "Select a valid choice. %(value)s is not one of the available choices."


def _refuse_unreadable(field, value) -> None:
    """Refuse, before any query, an id that is not a whole number the database can hold."""
    for one in value:
        if parse_id(str(one).strip()) is None:
            raise ValidationError(field.error_messages["invalid_choice"],
                                  code="invalid_choice", params={"value": str(one)[:20]})


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """Checkboxes of the partnership's records, chosen by id."""

    def _check_values(self, value):
        if isinstance(value, list | tuple):
            _refuse_unreadable(self, value)
        return super()._check_values(value)


class IndicatorChoiceField(IdsChoiceField):
    """The partnership's indicators, each labelled by its code and title."""

    def label_from_instance(self, obj) -> str:
        return f"{obj.code} {obj.title}".strip()


class MeetingChoiceField(forms.ModelChoiceField):
    """One of the partnership's stat meetings, labelled by its series and day."""

    def to_python(self, value):
        if value not in self.empty_values:
            _refuse_unreadable(self, [value])
        return super().to_python(value)

    def label_from_instance(self, obj) -> str:
        from django.utils import timezone

        return f"{obj.series.name}, {format_long_date(timezone.localtime(obj.starts_at))}"


def outcomes_field(partnership=None, help_text: str = OUTCOMES_HELP) -> IdsChoiceField:
    from pif.outcomes.models import Outcome

    queryset = (Outcome.objects.filter(partnership=partnership) if partnership is not None
                else Outcome.objects.none())
    return IdsChoiceField(queryset, required=False, widget=forms.CheckboxSelectMultiple,
                          label="Outcomes", help_text=help_text)


def indicators_field(partnership=None, help_text: str = INDICATORS_HELP
                     ) -> IndicatorChoiceField:
    from pif.measures.models import Indicator

    queryset = (Indicator.objects.filter(partnership=partnership).order_by("code")
                if partnership is not None else Indicator.objects.none())
    return IndicatorChoiceField(queryset, required=False, widget=forms.CheckboxSelectMultiple,
                                label="Indicators", help_text=help_text)


def set_partnership(form, partnership) -> None:
    """Point the form's outcome and indicator fields (declared with no partnership) at
    ``partnership``'s records."""
    from pif.measures.models import Indicator
    from pif.outcomes.models import Outcome

    if "outcomes" in form.fields:
        form.fields["outcomes"].queryset = Outcome.objects.filter(partnership=partnership)
    if "indicators" in form.fields:
        form.fields["indicators"].queryset = (Indicator.objects.filter(partnership=partnership)
                                              .order_by("code"))


class ReportChoices:
    """A form mixin: ``options``, what was chosen, as a report (or a schedule) keeps it:
    outcome and indicator ids (sorted), a meeting's id, a locality's name, a reporting
    year's first calendar year. Only the fields the form has are read."""

    @property
    def options(self) -> dict:
        data, options = self.cleaned_data, {}
        if "outcomes" in self.fields:
            options["outcomes"] = sorted(o.pk for o in data.get("outcomes") or [])
        if "indicators" in self.fields:
            options["indicators"] = sorted(i.pk for i in data.get("indicators") or [])
        if data.get("meeting") is not None:
            options["meeting"] = data["meeting"].pk
        if data.get("locality"):
            options["locality"] = data["locality"].strip()
        if data.get("reporting_year"):
            options["reporting_year"] = int(data["reporting_year"])
        return options
