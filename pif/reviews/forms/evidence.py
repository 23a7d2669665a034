"""Forms for evidence, tags, findings and the improvement plan. The rules are the services'
(pif.reviews.rules.evidence): these forms only draw the fields, and pif.form_pages puts a
refusal on them."""

from __future__ import annotations

from django import forms

from pif.editing import VersionedForm
from pif.forms import GovukForm, GovukModelForm
from pif.improvement.models import Action, PdsaCycle
from pif.measures.models import Indicator
from pif.outcomes.forms import ScopedForm
from pif.partnerships.models import Organisation
from pif.reviews import evidence_files
from pif.reviews import models as m

Textarea = forms.Textarea
RECORD_PREFIXES = {"indicator": Indicator, "action": Action, "pdsa": PdsaCycle}


def record_choices(partnership) -> list[tuple[str, list[tuple[str, str]]]]:
    """The partnership's indicators, actions and PDSA cycles, grouped, as "kind:id"."""
    groups = [
        ("Indicators", "indicator", Indicator.objects.filter(partnership=partnership)
         .order_by("code")),
        ("Actions", "action", Action.objects.filter(partnership=partnership)),
        ("PDSA cycles", "pdsa", PdsaCycle.objects.filter(project__partnership=partnership)
         .order_by("title", "id")),
    ]
    return [(label, [(f"{prefix}:{row.pk}", str(row)) for row in rows])
            for label, prefix, rows in groups]


def chosen_record(partnership, value: str):
    """The record a "kind:id" choice names, only if it is the partnership's; else None."""
    prefix, _, pk = (value or "").partition(":")
    model = RECORD_PREFIXES.get(prefix)
    if model is None or not pk.isdigit():
        return None
    scope = ({"project__partnership": partnership} if model is PdsaCycle
             else {"partnership": partnership})
    return model.objects.filter(pk=pk, **scope).first()


class EvidenceForm(GovukForm):
    text = forms.CharField(
        label="What the evidence shows", required=False, widget=Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text="For example: the partnership board approved the plan on 3 June 2026; "
                  "minutes, item 4.")
    url = forms.URLField(label="Link", required=False, max_length=500,
                         help_text="A web address where the evidence can be read.",
                         assume_scheme="https")
    record = forms.ChoiceField(label="PIF record", required=False,
                               help_text="An indicator, action or PDSA cycle of this "
                                         "partnership that shows it.")
    file = forms.FileField(label="Upload a file", required=False)

    def __init__(self, *args, partnership, **kwargs):
        self.partnership = partnership
        super().__init__(*args, **kwargs)

    def add_fields(self) -> None:
        self.fields["record"].choices = [("", "None"), *record_choices(self.partnership)]
        self.fields["file"].help_text = (  # the limit is a setting: read it now
            f"A {evidence_files.ACCEPTED_WORDS} file, up to "
            f"{evidence_files.size_words(evidence_files.max_bytes())}.")

    def clean_record(self):
        value = self.cleaned_data["record"]
        return chosen_record(self.partnership, value) if value else None


class TagForm(GovukForm):
    record = forms.ChoiceField(label="PIF record",
                               error_messages={"required": "Choose a PIF record to tag"},
                               help_text="It will be offered as evidence for this part, and "
                                         "for the matching parts of other frameworks.")

    def __init__(self, *args, partnership, **kwargs):
        self.partnership = partnership
        super().__init__(*args, **kwargs)

    def add_fields(self) -> None:
        self.fields["record"].choices = [("", "Choose a record"),
                                         *record_choices(self.partnership)]

    def clean_record(self):
        return chosen_record(self.partnership, self.cleaned_data["record"])


class FindingForm(VersionedForm, GovukModelForm):
    class Meta:
        model = m.Finding
        fields = ["kind", "text"]
        widgets = {"kind": forms.RadioSelect, "text": Textarea(attrs={"rows": 4})}
        labels = {"kind": "Is it a strength or an area for improvement?",
                  "text": "What you found"}
        help_texts = {"text": "Write it as a full sentence someone outside the assessment "
                              "would understand."}
        error_messages = {"kind": {"required": "Choose strength or area for improvement"},
                          "text": {"required": "Enter what you found"}}

    def add_fields(self) -> None:
        super().add_fields()
        self.fields["kind"].choices = m.FindingKind.choices


class PlanRowForm(VersionedForm, ScopedForm):
    """An area for improvement as a row of the improvement plan."""

    class Meta:
        model = m.Finding
        fields = ["priority", "lead", "timescale", "resources", "risks", "measures"]
        widgets = {"priority": forms.NumberInput(attrs={"class": "govuk-input--width-3",
                                                        "inputmode": "numeric"}),
                   "resources": Textarea(attrs={"rows": 3}),
                   "risks": Textarea(attrs={"rows": 3}),
                   "measures": Textarea(attrs={"rows": 3})}
        help_texts = {"priority": "1 is the most urgent.",
                      "lead": "The member who will lead the improvement.",
                      "timescale": "For example 31 3 2027.",
                      "measures": "How you will know it has improved."}
        error_messages = {"timescale": {"invalid": "The date must be a real date"},
                          "priority": {"invalid": "Enter the priority as a whole number"}}



class MakeActionForm(VersionedForm, GovukForm):
    """The action for an area for improvement; it carries the finding's version
    (`record=finding`), so the action is made from the row the person saw."""

    reference = forms.CharField(max_length=20, help_text="For example SA01.",
                                widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}))
    owner_organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label="Owning organisation",
        help_text="Contributors from this organisation can update the action.",
        error_messages={"required": "Choose the organisation that owns the action"})

    def __init__(self, *args, partnership, **kwargs):
        self.partnership = partnership
        super().__init__(*args, **kwargs)

    def add_fields(self) -> None:
        super().add_fields()
        self.fields["owner_organisation"].queryset = Organisation.objects.filter(
            partnership=self.partnership)
