"""Forms for stages 1 and 2. Choices are always scoped to the partnership."""

from django import forms
from django.contrib.auth import get_user_model

from pif.editing import VersionedForm
from pif.forms import GovukForm, GovukModelForm
from pif.measures.models import Indicator
from pif.outcomes import models as m
from pif.outcomes import rules
from pif.partnerships.models import Organisation
from pif.partnerships.names import offer_people

Textarea = forms.Textarea
NUMBER = {"class": "govuk-input--width-4", "inputmode": "numeric"}


class ScopedForm(GovukModelForm):
    """A model form whose related choices come from one partnership."""

    def __init__(self, partnership, *args, **kwargs):
        self.partnership = partnership
        super().__init__(*args, **kwargs)
        scoped = {
            Organisation: Organisation.objects.filter(partnership=partnership),
            m.Outcome: m.Outcome.objects.filter(partnership=partnership),
            m.Locality: m.Locality.objects.filter(partnership=partnership),
            m.Group: m.Group.objects.filter(partnership=partnership),
            Indicator: Indicator.objects.filter(partnership=partnership),
        }
        for field in self.fields.values():
            model = getattr(getattr(field, "queryset", None), "model", None)
            if model in scoped:
                field.queryset = scoped[model]
            elif model is get_user_model():
                offer_people(field, partnership)
            if isinstance(field, forms.ModelChoiceField) and not isinstance(
                    field, forms.ModelMultipleChoiceField) and not field.required:
                field.empty_label = "None"


class VisionForm(VersionedForm, ScopedForm):
    class Meta:
        model = m.Vision
        fields = ["statement", "purpose", "first_year", "last_year", "is_current"]
        widgets = {"statement": Textarea(attrs={"rows": 4}), "purpose": Textarea(attrs={"rows": 3}),
                   "first_year": forms.NumberInput(attrs=NUMBER),
                   "last_year": forms.NumberInput(attrs=NUMBER)}
        help_texts = {"is_current": "The current vision is shown on the partnership's home page."}


class LevelsForm(VersionedForm, ScopedForm):
    create_or_change = True  # the settings are saved the first time they are changed

    class Meta:
        model = m.PlanSettings
        fields = ["level_1", "level_2", "level_3", "level_4"]


class OutcomeForm(VersionedForm, ScopedForm):
    class Meta:
        model = m.Outcome
        fields = ["level", "parent", "code", "title", "description", "lead_organisation",
                  "lead_person", "horizon", "locality", "perspective", "national_outcomes",
                  "indicators"]
        widgets = {"description": Textarea(attrs={"rows": 4}),
                   "horizon": forms.NumberInput(attrs=NUMBER),
                   "code": forms.TextInput(attrs={"class": "govuk-input--width-5"}),
                   "national_outcomes": forms.CheckboxSelectMultiple,
                   "indicators": forms.CheckboxSelectMultiple}

    def __init__(self, partnership, *args, settings=None, **kwargs):
        super().__init__(partnership, *args, **kwargs)
        names = settings.level_names() if settings else {}
        self.fields["level"] = forms.TypedChoiceField(
            label="Level", coerce=int, widget=forms.RadioSelect,
            choices=[(n, names.get(n, f"Level {n}")) for n in range(1, 5)])
        self.fields["parent"].help_text = "The higher outcome this one contributes to."
        national = settings.national_framework_id if settings else None
        perspectives = settings.perspectives_id if settings else None
        self.fields["national_outcomes"].queryset = m.FrameworkNode.objects.filter(
            version_id=national, kind="national_outcome")
        self.fields["national_outcomes"].help_text = (
            "The national outcomes this outcome serves." if national else
            "Choose a national framework on the Frameworks page to link national outcomes.")
        self.fields["perspective"].queryset = m.FrameworkNode.objects.filter(
            version_id=perspectives, kind="perspective")
        self.fields["perspective"].label = "Strategy map perspective"


class DeleteOutcomeForm(GovukForm):
    children = forms.ChoiceField(
        label="What should happen to the outcomes under it?", widget=forms.RadioSelect,
        required=False, choices=[("move", "Move them to the outcome chosen below")])
    indicators = forms.ChoiceField(
        label="What should happen to its indicators?", widget=forms.RadioSelect,
        required=False,
        choices=[("move", "Link them to the outcome chosen below"),
                 ("unlink", "Unlink them (the indicators and their data are kept)")])
    move_to = forms.ModelChoiceField(
        label="Outcome to move them to", required=False, queryset=m.Outcome.objects.none(),
        empty_label="The top of the tree (no outcome)")

    def __init__(self, outcome, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["move_to"].queryset = m.Outcome.objects.filter(
            partnership_id=outcome.partnership_id).exclude(pk=outcome.pk)
        self.initial.setdefault("move_to", outcome.parent_id)


class LinkForm(ScopedForm):
    class Meta:
        model = m.OutcomeLink
        fields = ["cause", "effect", "note"]
        labels = {"cause": "Achieving this outcome", "effect": "helps achieve this outcome"}


class LocalityForm(VersionedForm, ScopedForm):
    class Meta:
        model = m.Locality
        fields = ["name", "description", "significantly_poorer", "indicators"]
        widgets = {"description": Textarea(attrs={"rows": 3}),
                   "indicators": forms.CheckboxSelectMultiple}


class DiagramForm(VersionedForm, ScopedForm):
    class Meta:
        model = m.DriverDiagram
        fields = ["title", "aim", "outcome"]
        widgets = {"aim": Textarea(attrs={"rows": 3})}


class DriverNodeForm(VersionedForm, ScopedForm):
    class Meta:
        model = m.DriverNode
        fields = ["parent", "title", "outcome", "indicator"]

    def __init__(self, partnership, diagram, *args, **kwargs):
        super().__init__(partnership, *args, **kwargs)
        parents = m.DriverNode.objects.filter(diagram=diagram).exclude(kind="change_idea")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].label = "Goes under"
        self.fields["parent"].empty_label = "The aim (a primary driver)"
        self.fields["parent"].help_text = ("Under the aim it is a primary driver; under a "
                                           "primary driver, a secondary driver; under a "
                                           "secondary driver, a change idea.")

    def clean(self):
        cleaned = super().clean()
        parent = cleaned.get("parent")
        self.instance.kind = rules.driver_node_kind(parent.kind if parent else None)
        return cleaned


class RiskForm(VersionedForm, ScopedForm):
    class Meta:
        model = m.Risk
        fields = ["reference", "title", "cause", "effect", "owner_organisation", "owner",
                  "inherent_likelihood", "inherent_impact", "controls", "residual_likelihood",
                  "residual_impact", "review_date", "status", "outcomes"]
        widgets = {"cause": Textarea(attrs={"rows": 2}), "effect": Textarea(attrs={"rows": 2}),
                   "controls": Textarea(attrs={"rows": 3}),
                   "reference": forms.TextInput(attrs={"class": "govuk-input--width-5"}),
                   "outcomes": forms.CheckboxSelectMultiple,
                   **{f"{when}_{what}": forms.NumberInput(attrs={**NUMBER, "min": 1, "max": 5})
                      for when in ("inherent", "residual") for what in ("likelihood", "impact")}}
        help_texts = {
            "inherent_likelihood": "Before controls, 1 (rare) to 5 (almost certain).",
            "inherent_impact": "Before controls, 1 (negligible) to 5 (severe).",
            "residual_likelihood": "With the controls in place, 1 to 5.",
            "residual_impact": "With the controls in place, 1 to 5.",
        }
        error_messages = {f"{when}_{what}": {"max_value": "Use a number from 1 to 5",
                                             "min_value": "Use a number from 1 to 5",
                                             "invalid": "Enter a whole number from 1 to 5"}
                          for when in ("inherent", "residual")
                          for what in ("likelihood", "impact")}


class GroupForm(VersionedForm, ScopedForm):
    class Meta:
        model = m.Group
        fields = ["name", "kind", "remit", "reports_to", "meets", "outcomes"]
        widgets = {"remit": Textarea(attrs={"rows": 3}), "kind": forms.RadioSelect,
                   "outcomes": forms.CheckboxSelectMultiple}

    def __init__(self, partnership, *args, **kwargs):
        super().__init__(partnership, *args, **kwargs)
        if self.instance.pk:
            self.fields["reports_to"].queryset = self.fields["reports_to"].queryset.exclude(
                pk=self.instance.pk)


class GroupMemberForm(ScopedForm):
    class Meta:
        model = m.GroupMember
        fields = ["name", "organisation", "role"]


class ResourceForm(VersionedForm, ScopedForm):
    class Meta:
        model = m.Resource
        fields = ["organisation", "outcome", "kind", "amount", "financial_year", "description"]
        widgets = {"kind": forms.RadioSelect,
                   "amount": forms.NumberInput(attrs={"class": "govuk-input--width-10"}),
                   "financial_year": forms.NumberInput(attrs=NUMBER)}
        help_texts = {"amount": "Pounds for money and in-kind support; full-time equivalent "
                                "posts for staff time."}
