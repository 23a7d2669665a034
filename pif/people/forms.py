"""Forms for stage 4. Choices always come from the partnership's own rows."""

from django import forms
from django.db.models import BooleanField, ExpressionWrapper, Q

from pif.editing import VersionedForm
from pif.forms import FilterForm, GovukForm, GovukModelForm
from pif.outcomes.forms import ScopedForm
from pif.people import models as m
from pif.people.models.capability import MOST_PEOPLE

NUMBER = {"class": "govuk-input--width-5", "inputmode": "numeric"}
#: pif.forms builds "Enter a starts on" from a date's label: each date says what it wants.
DATE_COUNTED_NEEDED = {"required": "Enter the date of the count"}


def outcome_label(outcome) -> str:
    """An outcome as a choice or in a list: its code and title ("LO1: Fewer children…")."""
    return f"{outcome.code}: {outcome.title}" if outcome.code else outcome.title


class OutcomeChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return outcome_label(obj)


class LearningActivityForm(VersionedForm, ScopedForm):
    class Meta:
        model = m.LearningActivity
        fields = ["title", "kind", "audience", "start_date", "end_date", "participants",
                  "organisations", "outcomes", "projects", "description"]
        widgets = {"kind": forms.RadioSelect, "start_date": forms.DateInput,
                   "end_date": forms.DateInput,
                   "participants": forms.NumberInput(attrs=NUMBER),
                   "organisations": forms.CheckboxSelectMultiple,
                   "outcomes": forms.CheckboxSelectMultiple,
                   "projects": forms.CheckboxSelectMultiple,
                   "description": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"outcomes": OutcomeChoices}
        labels = {"outcomes": "The partnership’s outcomes"}
        help_texts = {"outcomes": "The partnership’s own outcomes this learning supports, by "
                                  "code."}
        error_messages = {
            "start_date": {"required": "Enter the date the activity starts"},
            "end_date": {"required": "Enter the date the activity ends"}}

    # National outcomes (level 1) are offered apart from the partnership's own; both are
    # saved to the one `outcomes` link (see clean).
    national_outcomes = OutcomeChoices(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        label="National outcomes", help_text="The national outcomes this learning supports.")

    def __init__(self, partnership, *args, **kwargs):
        super().__init__(partnership, *args, **kwargs)
        from pif.improvement.models import Project
        from pif.outcomes.models import Outcome

        self.fields["projects"].queryset = Project.objects.filter(partnership=partnership)
        outcomes = Outcome.objects.filter(partnership=partnership)
        self.fields["national_outcomes"].queryset = outcomes.filter(level=1)
        # by code, those without one last, then by title
        self.fields["outcomes"].queryset = outcomes.exclude(level=1).annotate(
            no_code=ExpressionWrapper(Q(code=""), output_field=BooleanField())).order_by(
            "no_code", "code", "title")
        self.initial.setdefault("national_outcomes", self.initial.get("outcomes", []))
        self.order_fields([*self._meta.fields[:7], "national_outcomes"])
        self.instance.partnership = partnership

    def clean(self):
        cleaned = super().clean()
        cleaned["outcomes"] = [*(cleaned.get("national_outcomes") or []),
                               *(cleaned.get("outcomes") or [])]
        return cleaned


class LevelForm(VersionedForm, ScopedForm):
    class Meta:
        model = m.CapabilityLevel
        fields = ["name", "description", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}),
                   "position": forms.NumberInput(attrs={"class": "govuk-input--width-3",
                                                        "inputmode": "numeric"})}

    def __init__(self, partnership, *args, **kwargs):
        super().__init__(partnership, *args, **kwargs)
        self.instance.partnership = partnership

    def validate_unique(self):
        """The service says when a name is taken, in any capitals."""


class SettingsForm(VersionedForm, GovukModelForm):
    create_or_change = True  # the settings are saved the first time they are changed

    class Meta:
        model = m.PeopleSettings
        fields = ["keep_personal_records", "capability_note"]
        widgets = {"capability_note": forms.Textarea(attrs={"rows": 3})}


class TrainingRecordForm(ScopedForm):
    class Meta:
        model = m.TrainingRecord
        fields = ["person_name", "organisation", "level", "achieved_on"]
        widgets = {"achieved_on": forms.DateInput}
        error_messages = {"achieved_on": {
            "required": "Enter the date the person reached the level"}}

    def __init__(self, partnership, *args, **kwargs):
        super().__init__(partnership, *args, **kwargs)
        self.fields["level"].queryset = m.CapabilityLevel.objects.filter(
            partnership=partnership)
        self.instance.partnership = partnership


class StaffEngagementForm(GovukForm):
    owner = forms.ModelChoiceField(
        label="Owning organisation", queryset=None,
        help_text="The organisation that reports these figures, usually the health board.")

    def __init__(self, partnership, *args, **kwargs):
        self.partnership = partnership
        super().__init__(*args, **kwargs)

    def add_fields(self) -> None:
        organisations = self.partnership.organisations.all()
        self.fields["owner"].queryset = organisations
        health_board = next((o for o in organisations if o.kind == "health_board"), None)
        if health_board is not None:
            self.initial.setdefault("owner", health_board.pk)


class CountDateForm(FilterForm):
    """Which date's counts the grid shows (an unknown or missing date reads as today)."""

    counted_on = forms.DateField(label="Date counted", widget=forms.DateInput,
                                 error_messages=DATE_COUNTED_NEEDED,
                                 help_text="The day the people were counted, for example the "
                                           "end of a quarter.")


class CountGridForm(GovukForm):
    """One number field per organisation and level the person may count for, plus the date
    and the fingerprint of the stored counts the page showed. All or nothing: any field in
    error and nothing is saved."""

    counted_on = forms.DateField(label="Date counted", widget=forms.HiddenInput,
                                 error_messages=DATE_COUNTED_NEEDED)
    loaded = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, organisations, levels, *args, **kwargs):
        self.organisations = list(organisations)
        self.levels = list(levels)
        super().__init__(*args, **kwargs)

    def add_fields(self) -> None:
        for organisation in self.organisations:
            for level in self.levels:
                self.fields[self.cell(organisation, level)] = forms.IntegerField(
                    label=f"{organisation.name}, {level.name}", required=False, min_value=0,
                    max_value=MOST_PEOPLE,
                    # GOV.UK asks for a text input with a numeric keyboard, not type=number
                    widget=forms.TextInput(attrs={"class": "govuk-input--width-5",
                                                  "inputmode": "numeric",
                                                  "spellcheck": "false"}),
                    error_messages={
                        "min_value": f"{organisation.name}, {level.name}: enter 0 or more",
                        "max_value": f"{organisation.name}, {level.name}: enter "
                                     f"{MOST_PEOPLE:,} or fewer",
                        "invalid": f"{organisation.name}, {level.name}: enter a whole "
                                   "number of people"})

    @staticmethod
    def cell(organisation, level) -> str:
        return f"count_{organisation.pk}_{level.pk}"

    def values(self) -> dict:
        return {(o.pk, lv.pk): self.cleaned_data.get(self.cell(o, lv))
                for o in self.organisations for lv in self.levels}

    def rows(self):
        """(organisation, [bound field per level]) for the grid."""
        return [(o, [self[self.cell(o, lv)] for lv in self.levels]) for o in self.organisations]
