"""The form of a report schedule. The rules are the service's
(pif/reports/rules/schedules.py, and `kinds.validate_options` for the report's choices): the
form draws the fields, and pif.form_pages puts a refusal on them (a recipient who is not a
member is refused there, naming the line). Its outcome and indicator fields, and
``options``, are the new report form's (pif/reports/forms/choices.py)."""

from __future__ import annotations

from django import forms

from pif.editing import VersionedForm
from pif.forms import GovukModelForm
from pif.reports.forms.choices import (
    OUTCOMES_HELP,
    ReportChoices,
    indicators_field,
    outcomes_field,
    set_partnership,
)
from pif.reports.models import ReportKind, ReportSchedule

# Options a schedule cannot give: a memo is for one meeting, not one a month.
NOT_SCHEDULED = {"meeting"}
OPTIONS = ("outcomes", "indicators", "locality")


def kind_choices() -> list[tuple[str, str]]:
    """The kinds PIF can build that need nothing a schedule cannot give, in ReportKind's
    order."""
    from pif.reports import kinds

    return [(value, label) for value, label in ReportKind.choices
            if value in kinds.TEMPLATES and not NOT_SCHEDULED & set(kinds.TEMPLATES[value].needs)]


class ScheduleForm(ReportChoices, VersionedForm, GovukModelForm):
    outcomes = outcomes_field(help_text="For reports on indicators: " + OUTCOMES_HELP[:1].lower()
                              + OUTCOMES_HELP[1:])
    indicators = indicators_field()
    locality = forms.ChoiceField(
        required=False, label="Locality", help_text="Only for the annual locality plan "
        "progress report.")

    class Meta:
        model = ReportSchedule
        fields = ["title", "kind", "frequency", "next_run_on", "format", "recipients",
                  "active"]
        widgets = {"kind": forms.RadioSelect, "frequency": forms.RadioSelect,
                   "format": forms.RadioSelect, "next_run_on": forms.DateInput,
                   "recipients": forms.Textarea(attrs={"rows": 5, "spellcheck": "false"}),
                   "title": forms.TextInput(attrs={"class": "govuk-input--width-30"})}
        labels = {"title": "Title of each report", "kind": "What kind of report?",
                  "frequency": "How often?", "next_run_on": "Next produced on",
                  "format": "Attach it as", "recipients": "Email it to",
                  "active": "Produce this report on its dates"}
        help_texts = {
            "title": "Each report is kept under this title, with the day it shows.",
            "next_run_on": "Early that morning PIF produces the report as things stood at the "
                           "end of the day before. A monthly report set for the 29th, 30th or "
                           "31st moves to the last day of a shorter month and stays on that "
                           "day after: choose the 28th or earlier to keep it on one day.",
            "recipients": "Email addresses of members of this partnership, one on each line. "
                          "Leave it blank to keep the reports without emailing them.",
            "active": "Untick to stop producing it for now, keeping the schedule.",
        }
        error_messages = {"kind": {"required": "Choose the kind of report",
                                   "invalid_choice": "Choose the kind of report"},
                          "frequency": {"required": "Choose how often"},
                          "next_run_on": {"required": "Enter the date the report is next "
                                                      "produced"},
                          "title": {"required": "Enter a title"}}

    def __init__(self, partnership, *args, **kwargs):
        from pif.outcomes.models import Locality

        self.partnership = partnership
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices()
        set_partnership(self, partnership)
        localities = list(Locality.objects.filter(partnership=partnership)
                          .order_by("name").values_list("name", flat=True))
        if localities:
            self.fields["locality"].choices = [("", "Choose the locality"),
                                               *((name, name) for name in localities)]
        else:
            del self.fields["locality"]
        if self.instance.pk is None:
            del self.fields["active"]
        options = self.instance.options or {}
        for name in OPTIONS:
            if name in self.fields and name in options:
                self.initial.setdefault(name, options[name])
