"""Forms for assessments: setting one up, choosing assessors, moving its stage, an
assessor's own score of a part (RADAR attributes, a compliance rating) and the agreed score."""

from django import forms
from django.db.models import Q

from pif.editing import VersionedForm
from pif.forms import GovukForm
from pif.outcomes.forms import ScopedForm
from pif.partnerships.names import offer_people
from pif.reviews import models as m

STEPS = [("", "Not scored")] + [(str(p), f"{p}%") for p in range(0, 101, 5)]
PERCENT_HELP = "0 to 100 in steps of 5."


def percent_field(label: str, help_text: str = PERCENT_HELP) -> forms.TypedChoiceField:
    """A score from 0 to 100 in steps of 5, as a select (blank: not scored)."""
    return forms.TypedChoiceField(label=label, choices=STEPS, coerce=int, empty_value=None,
                                  required=False, help_text=help_text)


class AssessmentForm(VersionedForm, ScopedForm):
    class Meta:
        model = m.Assessment
        fields = ["title", "framework_version", "method", "scope", "lead", "previous_round",
                  "cycle"]
        widgets = {"method": forms.RadioSelect}
        labels = {"title": "Name of the assessment", "previous_round": "Previous round",
                  "cycle": "Improvement cycle"}
        help_texts = {
            "title": "For example Self-assessment 2026/27.",
            "method": "A checklist survey asks staff to rate statements, anonymously. In a full "
                      "assessment, assessors score each part with evidence and then agree "
                      "the scores together.",
            "previous_round": "An earlier assessment against the same framework, to compare "
                              "the scores with.",
            "lead": "Who organises the assessment."}

    def __init__(self, partnership, *args, **kwargs):
        super().__init__(partnership, *args, **kwargs)
        versions = m.AssessmentFrameworkVersion.objects.filter(
            Q(framework__partnership__isnull=True) | Q(framework__partnership=partnership))
        self.fields["framework_version"].queryset = versions.select_related("framework")
        self.fields["framework_version"].empty_label = "Choose a framework"
        self.fields["framework_version"].help_text = (
            "A framework PIF ships, or one of the partnership's own.")
        rounds = m.Assessment.objects.filter(partnership=partnership)
        if self.instance.pk:
            rounds = rounds.exclude(pk=self.instance.pk)
        self.fields["previous_round"].queryset = rounds
        self.fields["cycle"].queryset = m.Cycle.objects.filter(partnership=partnership)
        self.fields["cycle"].label_from_instance = lambda c: c.label
        if self.instance.pk and self.instance.stage != m.AssessmentStage.DRAFT:
            for name in ("framework_version", "method"):
                self.fields[name].disabled = True
                self.fields[name].help_text = "This cannot change once the assessment has opened."


class AssessorForm(GovukForm):
    user = forms.ModelChoiceField(label="Member to add as an assessor", queryset=None,
                                  error_messages={"required": "Choose a member"})

    def __init__(self, assessment, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        offer_people(field, assessment.partnership)
        field.queryset = field.queryset.exclude(
            pk__in=assessment.assessors.values("user_id"))
        field.empty_label = "Choose a member"


class StageForm(VersionedForm, GovukForm):
    """Moving the stage carries only the version of the assessment the person read."""

    stage = forms.ChoiceField(choices=m.AssessmentStage.choices, widget=forms.HiddenInput)


class ScoreForm(VersionedForm, GovukForm):
    """An assessor's own score of one part. For a RADAR scale, one field per attribute and
    the part score; for a compliance scale, the rating."""

    create_or_change = True  # the first save creates the assessor's score

    rationale = forms.CharField(label="Why this score", required=False,
                                widget=forms.Textarea(attrs={"rows": 4}),
                                help_text="The evidence you saw, in a few sentences.")

    def __init__(self, *args, attributes=(), scale="radar", suggestion=None, **kwargs):
        self.radar_attributes, self.scale, self.suggestion = attributes, scale, suggestion
        self.attribute_names = [f"attr_{a.key}" for a in attributes]
        super().__init__(*args, **kwargs)

    def add_fields(self) -> None:
        fields = {}
        if self.scale == m.Scale.COMPLIANCE:
            fields["compliance"] = forms.ChoiceField(
                label="Compliance rating", widget=forms.RadioSelect,
                choices=m.Compliance.choices, error_messages={"required": "Choose a rating"})
        else:
            for attribute in self.radar_attributes:
                fields[f"attr_{attribute.key}"] = percent_field(
                    f"{attribute.element}: {attribute.label}", "")
            said = (f"PIF suggests {self.suggestion}%, the mean of the RADAR elements (each "
                    "the mean of its attributes) rounded to 5. You decide."
                    if self.suggestion is not None else PERCENT_HELP)
            fields["percent"] = percent_field("Score for this part", said)
        self.fields = {**fields, **self.fields}
        super().add_fields()

    def attributes(self) -> dict:
        return {name.removeprefix("attr_"): self.cleaned_data.get(name)
                for name in self.attribute_names}


class AgreedScoreForm(VersionedForm, GovukForm):
    create_or_change = True

    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="Why the assessors agreed this score, if it needs saying.")

    def __init__(self, *args, scale="radar", suggestion=None, **kwargs):
        self.scale, self.suggestion = scale, suggestion
        super().__init__(*args, **kwargs)

    def add_fields(self) -> None:
        if self.scale == m.Scale.COMPLIANCE:
            first = forms.ChoiceField(label="Agreed rating", widget=forms.RadioSelect,
                                      choices=m.Compliance.choices,
                                      error_messages={"required": "Choose the agreed rating"})
            name = "compliance"
        else:
            said = (f"The assessors' mean rounded to 5 is {self.suggestion}%. The assessors "
                    "decide." if self.suggestion is not None else PERCENT_HELP)
            first = forms.TypedChoiceField(
                label="Agreed score", choices=[("", "Choose the agreed score"), *STEPS[1:]],
                coerce=int, help_text=said,
                error_messages={"required": "Choose the agreed score"})
            name = "percent"
        self.fields = {name: first, **self.fields}
        super().add_fields()
