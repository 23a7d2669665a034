"""Forms for meeting series, their rotation, meetings and the briefing memo's items.
Choices of people, organisations and outcomes come from the partnership (ScopedForm)."""

import datetime

from django import forms
from django.utils import timezone

from pif.editing import VersionedForm
from pif.forms import GovukForm, GovukModelForm
from pif.outcomes.forms import ScopedForm
from pif.reviews import models as m
from pif.reviews.rules import meetings as rules

Textarea = forms.Textarea
NUMBER = {"class": "govuk-input--width-4", "inputmode": "numeric"}
FOCUS_HINTS = {"organisation": "Only if the focus is an organisation.",
               "outcome": "Only if the focus is an outcome. Its indicators and those of the "
                          "outcomes below it are looked at.",
               "service": "Only if the focus is a service. Indicators whose title or tag "
                          "contains this name are looked at."}


class SeriesForm(VersionedForm, ScopedForm):
    class Meta:
        model = m.MeetingSeries
        fields = ["name", "purpose", "cadence", "chair", "attendees", "briefing_hours_before",
                  "follow_up_days", "escalate_after"]
        widgets = {"purpose": Textarea(attrs={"rows": 3}), "cadence": forms.RadioSelect,
                   "attendees": forms.CheckboxSelectMultiple,
                   "briefing_hours_before": forms.NumberInput(attrs=NUMBER),
                   "follow_up_days": forms.NumberInput(attrs=NUMBER),
                   "escalate_after": forms.NumberInput(attrs=NUMBER)}
        labels = {"name": "Name of the series", "cadence": "How often does it meet?"}
        help_texts = {"purpose": "What the meetings are for, in a sentence or two.",
                      "chair": "The chair is told when an item is carried over too often.",
                      "attendees": "They are emailed the briefing memo when it is issued."}
        error_messages = {"chair": {"required": "Choose the chair"}}

    def __init__(self, partnership, *args, **kwargs):
        super().__init__(partnership, *args, **kwargs)
        self.fields["chair"].empty_label = "Choose the chair"


class RotationStepForm(ScopedForm):
    class Meta:
        model = m.RotationStep
        fields = ["focus_kind", "organisation", "outcome", "service"]
        widgets = {"focus_kind": forms.RadioSelect}
        labels = {"focus_kind": "What should this meeting in the rotation look at?"}
        help_texts = FOCUS_HINTS

    def __init__(self, partnership, *args, **kwargs):
        super().__init__(partnership, *args, **kwargs)
        group_outcomes(self.fields["outcome"])


def group_outcomes(field) -> None:
    """Offer national outcomes (level 1) apart from the partnership's own, as <optgroup>s;
    the field still checks the choice against its whole queryset."""
    outcomes = list(field.queryset)
    label = field.label_from_instance
    national = [(o.pk, label(o)) for o in outcomes if o.level == 1]
    ours = [(o.pk, label(o)) for o in outcomes if o.level != 1]
    groups = [(name, rows) for name, rows in (("National outcomes", national),
                                              ("Our outcomes", ours)) if rows]
    field.choices = [("", field.empty_label or ""), *groups]


class MeetingForm(VersionedForm, ScopedForm):
    """A meeting's date and time are two fields, as people think of them."""

    day = forms.DateField(label="Date", widget=forms.DateInput,
                          error_messages={"required": "Enter the date of the meeting",
                                          "invalid": "The date of the meeting must be a real "
                                                     "date"})
    time = forms.TimeField(label="Time", widget=forms.TimeInput(
        attrs={"type": "time", "class": "govuk-input--width-5"}, format="%H:%M"),
        help_text="For example 10:00.",
        error_messages={"required": "Enter the time the meeting starts",
                        "invalid": "Enter the time as hours and minutes, for example 10:00"})

    class Meta:
        model = m.Meeting
        fields = ["location", "data_to", "focus_kind", "organisation", "outcome", "service"]
        widgets = {"data_to": forms.DateInput, "focus_kind": forms.RadioSelect}
        labels = {"focus_kind": "What does the meeting look at?"}
        help_texts = {**FOCUS_HINTS, "data_to": "The pack's charts show values for periods "
                      "ending on or before this date: usually the end of the last complete "
                      "month."}
        error_messages = {"data_to": {"invalid": "The date the data runs to must be a real "
                                                 "date"}}

    field_order = ["day", "time", "location", "data_to", "focus_kind", "organisation",
                   "outcome", "service"]

    def __init__(self, partnership, *args, **kwargs):
        super().__init__(partnership, *args, **kwargs)
        if self.instance.starts_at:
            local = timezone.localtime(self.instance.starts_at)
            self.initial.setdefault("day", local.date())
            self.initial.setdefault("time", local.time())
        self.order_fields(self.field_order + ["version"])
        if self.instance.stage != m.MeetingStage.PLANNED:
            # The memo has told the attendees the date, focus and data: only the place may
            # change (the service refuses the rest, whatever asks).
            for name in self.field_order:
                if name != "location":
                    self.fields[name].disabled = True

    def _in_range(self, name: str):
        value = self.cleaned_data.get(name)
        findings = rules.check_meeting_dates(value if name == "day" else None,
                                             value if name == "data_to" else None)
        if findings:
            raise forms.ValidationError(findings[0].message)
        return value

    def clean_day(self):
        return self._in_range("day")

    def clean_data_to(self):
        return self._in_range("data_to")

    def _post_clean(self):
        day, at = self.cleaned_data.get("day"), self.cleaned_data.get("time")
        if day and at:
            self.instance.starts_at = timezone.make_aware(datetime.datetime.combine(day, at))
        super()._post_clean()


class ItemForm(VersionedForm, GovukModelForm):
    class Meta:
        model = m.MeetingItem
        fields = ["title", "questions"]
        widgets = {"questions": Textarea(attrs={"rows": 5})}
        labels = {"title": "Item"}
        help_texts = {"questions": "One question on each line. The chair asks them at the "
                                   "meeting."}


class NewItemForm(GovukModelForm):
    class Meta:
        model = m.MeetingItem
        fields = ["section", "title", "questions"]
        widgets = {"section": forms.RadioSelect, "questions": Textarea(attrs={"rows": 5})}
        labels = {"section": "Which part of the memo is it for?", "title": "Item"}
        help_texts = {"title": "What the meeting should discuss, in a few words.",
                      "questions": "One question on each line."}


class MeetingStepForm(VersionedForm, GovukForm):
    """Locking the period and issuing the memo carry only the version of the meeting read."""
