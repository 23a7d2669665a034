"""Forms for reports: choosing a kind, making one, writing a section's words, signing off,
correcting, rebuilding, and the list's filter. The rules are the services'
(pif/reports/rules/reports.py, and `kinds.validate_options` for each kind's choices): these forms
draw the fields, and pif.form_pages puts a refusal on them."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from pif.editing import VersionedForm
from pif.forms import FilterForm, GovukForm
from pif.lib.periods import financial_year_label
from pif.reports import kinds
from pif.reports.forms.choices import (
    MeetingChoiceField,
    ReportChoices,
    indicators_field,
    outcomes_field,
)
from pif.reports.models import Audience, ReportKind, ReportState
from pif.reports.rules.reports import TITLE_LENGTH

ANY = ""
YEARS_BACK = 6
TEXT_LENGTH = 20_000


def kind_choices() -> list[tuple[str, str]]:
    """The kinds PIF can build, in the order of ReportKind."""
    return [(value, label) for value, label in ReportKind.choices if value in kinds.TEMPLATES]


class KindForm(GovukForm):
    """The first question of a new report: which kind (a GET form, so the second page can be
    linked to with its kind chosen)."""

    kind = forms.ChoiceField(label="What kind of report do you want to make?",
                             widget=forms.RadioSelect,
                             error_messages={"required": "Choose the kind of report",
                                             "invalid_choice": "Choose the kind of report"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices()

    def described(self) -> list[dict]:
        """Each choice with its template's description and statutory basis, for the radios'
        hints."""
        chosen = self["kind"].value()
        return [{"value": value, "label": label, "checked": value == chosen,
                 "description": kinds.TEMPLATES[value].description,
                 "basis": kinds.TEMPLATES[value].statutory_basis}
                for value, label in self.fields["kind"].choices]


def year_choices(partnership, today: datetime.date) -> list[tuple[str, str]]:
    """Reporting years written 2026/27 that have ended by ``today`` (an annual report is on a
    complete year: rule "report_reporting_year"), the latest first."""
    from pif.reports.kinds.base import last_complete_year

    start = partnership.reporting_year_start_month or 4
    first = last_complete_year(partnership, today)
    return [(str(year), financial_year_label(datetime.date(year, start, 1), start))
            for year in range(first, first - YEARS_BACK, -1)]


class NewReportForm(ReportChoices, GovukForm):
    """The second page of a new report: its kind is chosen; the choices it needs (outcomes,
    indicators, a meeting, a locality, a year) follow from the kind's template."""

    kind = forms.ChoiceField(widget=forms.HiddenInput)
    title = forms.CharField(required=False, max_length=TITLE_LENGTH,
                            widget=forms.TextInput(attrs={"class": "govuk-input--width-30"}))
    as_of = forms.DateField(
        label="Show things as they stood on", widget=forms.DateInput,
        help_text="The report shows figures and status as they were recorded by the end of "
                  "this day. Today shows everything entered so far; an earlier day leaves out "
                  "values entered or corrected since, so a report can be made again as it "
                  "was. Once made, a report is kept and reads the same whenever it is opened.",
        error_messages={"required": "Enter the date the report shows things as they stood on"})
    audience = forms.ChoiceField(label="Who is it for?", choices=Audience.choices,
                                 widget=forms.RadioSelect, initial=Audience.INTERNAL,
                                 help_text="A report for the public must be signed off by an "
                                           "editor; signing it off publishes it.")

    def __init__(self, partnership, kind: str, *args, **kwargs):
        self.partnership = partnership
        self.template = kinds.TEMPLATES[kind]
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices()
        self.fields["kind"].initial = kind
        as_of = timezone.localdate()
        self.fields["as_of"].initial = as_of
        example = kinds.default_title(partnership, self.template, as_of)
        what = ("its reporting year" if "reporting_year" in self.template.needs
                else "its kind and date")
        self.fields["title"].help_text = (
            f"Leave it blank to name it after {what}, for example “{example}”.")
        self.fields["audience"].initial = (Audience.PUBLIC if self.template.public_by_default
                                           else Audience.INTERNAL)

    def add_fields(self) -> None:
        """The choices the kind needs, added where pif.forms.GovukStyle styles them."""
        super().add_fields()
        from pif.outcomes.models import Locality
        from pif.reviews.models import Meeting

        needs = set(self.template.needs)
        partnership = self.partnership
        if "outcomes" in needs:
            self.fields["outcomes"] = outcomes_field(partnership)
        if "indicators" in needs:
            self.fields["indicators"] = indicators_field(partnership)
        if "meeting" in needs:
            self.fields["meeting"] = MeetingChoiceField(
                Meeting.objects.filter(series__partnership=partnership)
                .select_related("series").order_by("-starts_at"),
                label="Stat meeting", empty_label="Choose the meeting",
                error_messages={"required": "Choose the meeting",
                                "invalid_choice": "Choose the meeting"})
        if "locality" in needs:
            names = Locality.objects.filter(partnership=partnership).values_list("name",
                                                                                 flat=True)
            self.fields["locality"] = forms.ChoiceField(
                label="Locality", required=False, choices=[("", "Choose the locality"),
                                           *((name, name) for name in names)],
                help_text="The locality whose plan the report is on.",
                error_messages={"required": "Choose the locality",
                                "invalid_choice": "Choose the locality"})
        if "reporting_year" in needs:
            self.fields["reporting_year"] = forms.ChoiceField(
                label="Reporting year", required=False,
                choices=[("", "The last year ended by the date above"),
                         *year_choices(partnership, timezone.localdate())],
                error_messages={"required": "Choose the reporting year",
                                "invalid_choice": "Choose the reporting year"})


class RebuildForm(VersionedForm, GovukForm):
    """Nothing to fill in: it carries the version the person loaded."""


class NarrativeForm(VersionedForm, GovukForm):
    text = forms.CharField(required=False, max_length=TEXT_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 12}))

    def __init__(self, *args, section, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = section.heading
        self.fields["text"].help_text = section.guidance


class SignOffForm(VersionedForm, GovukForm):
    confirm = forms.BooleanField(
        label="I have read the report and it is ready",
        error_messages={"required": "Confirm that you have read the report and it is ready"})


class CorrectionForm(VersionedForm, GovukForm):
    reason = forms.CharField(
        label="What was corrected and why", max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="This is shown on the report, with the date, for everyone who reads it. For "
                  "example: “The figure for March was corrected by NHS Alpha.”",
        error_messages={"required": "Enter what was corrected and why"})

    def __init__(self, *args, sections, narrative: dict, **kwargs):
        self.sections = list(sections)
        self._narrative = narrative
        super().__init__(*args, **kwargs)

    def add_fields(self) -> None:
        """A box for each section's words, added where pif.forms.GovukStyle styles it."""
        super().add_fields()
        for section in self.sections:
            self.fields[f"narrative_{section.key}"] = forms.CharField(
                label=section.heading, required=False, max_length=TEXT_LENGTH,
                widget=forms.Textarea(attrs={"rows": 6}), help_text=section.guidance,
                initial=self._narrative.get(section.key, ""))

    @property
    def narrative(self) -> dict:
        return {section.key: self.cleaned_data.get(f"narrative_{section.key}", "")
                for section in self.sections}


class ReportFilter(FilterForm):
    kind = forms.ChoiceField(label="Kind", choices=[(ANY, "Any kind"), *ReportKind.choices],
                             initial=ANY)
    state = forms.ChoiceField(label="State", choices=[(ANY, "Any state"),
                                                      *ReportState.choices], initial=ANY)


class ReportSettingsForm(VersionedForm, GovukForm):
    """Which statutory reports the partnership makes. Carries version 0 when none are saved
    yet, so settings someone else saves meanwhile are not overwritten either."""

    create_or_change = True

    statutory_reports = forms.MultipleChoiceField(
        label="Which statutory reports does the partnership make?", required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The reporting calendar shows the due dates of those you choose. Choose "
                  "none if the partnership makes none of them.",
        error_messages={"invalid_choice": "Choose only statutory reports from the list"})

    def __init__(self, *args, templates: dict, **kwargs):
        self.templates = templates
        super().__init__(*args, **kwargs)

    def add_fields(self) -> None:
        super().add_fields()
        self.fields["statutory_reports"].choices = [
            (kind, template.label) for kind, template in self.templates.items()]

    def described(self) -> list[dict]:
        """Each choice with its statutory basis and where its date comes from, for the
        checkboxes' hints."""
        chosen = {str(value) for value in self["statutory_reports"].value() or ()}
        return [{"value": kind, "label": template.label, "checked": kind in chosen,
                 "basis": template.statutory_basis, "note": template.due_note}
                for kind, template in self.templates.items()]
