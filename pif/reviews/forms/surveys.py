"""Forms of the checklist survey: invitations, dates, closing, the survey itself and a
finding made from a comment. The rules live in pif/reviews/rules/surveys.py; these forms
only show them as field errors."""

from django import forms

from pif.editing import VersionedForm
from pif.forms import GovukForm
from pif.reviews.models import Agreement, FindingKind
from pif.reviews.rules import surveys as rules

# The order people answer in: agreement first, "Don't know" last, after an "or".
ANSWERS = [(str(value), label) for value, label in Agreement.choices]
COMMENT_LENGTH = 4000


class InvitationsForm(GovukForm):
    addresses = forms.CharField(
        label="Email addresses", widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One address a line, like name@example.org. An address already invited, or "
                  "given twice, is invited once.")

    def clean_addresses(self) -> list[str]:
        addresses, problems = rules.read_addresses(self.cleaned_data["addresses"])
        if problems:
            raise forms.ValidationError([p.message for p in problems])
        return addresses


class SurveyDatesForm(VersionedForm, GovukForm):
    opens_on = forms.DateField(label="Opens on", widget=forms.DateInput,
                               help_text="People can answer from this day.")
    closes_on = forms.DateField(label="Closes on", widget=forms.DateInput,
                                help_text="The last day people can answer. The results can be "
                                          "read from the next day.")

    def clean(self):
        cleaned = super().clean()
        for finding in rules.check_dates(cleaned.get("opens_on"), cleaned.get("closes_on")):
            if finding.field not in self.errors:
                self.add_error(finding.field or None, finding.message)
        return cleaned


class CloseSurveyForm(VersionedForm, GovukForm):
    """Only the version the person loaded: closing asks nothing else."""


class SurveyForm(GovukForm):
    """A radio question per statement and two boxes per section, built from `sections`
    (pif.reviews.services.surveys.checklist). Every answer is required: a checklist counts
    only whole responses."""

    def __init__(self, *args, sections, **kwargs):
        self.sections = sections
        super().__init__(*args, **kwargs)

    def add_fields(self) -> None:
        for section in self.sections:
            for statement in section.statements:
                self.fields[f"statement_{statement.pk}"] = forms.ChoiceField(
                    label=f"{statement.code} {statement.text or statement.label}",
                    choices=ANSWERS, widget=forms.RadioSelect,
                    error_messages={"required": f"Choose an answer to statement "
                                                f"{statement.code}, or “Don't know”"})
            name = section.node.label
            self.fields[f"strengths_{section.node.pk}"] = forms.CharField(
                label=f"What works well in “{name}”", max_length=COMMENT_LENGTH,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={"required": f"Enter what works well in “{name}”"})
            self.fields[f"improvements_{section.node.pk}"] = forms.CharField(
                label=f"What could be improved in “{name}”", max_length=COMMENT_LENGTH,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={"required": f"Enter what could be improved in “{name}”"})

    def rows(self) -> list:
        """Each section with its bound fields, for the template."""
        return [{"section": section.node,
                 "statements": [self[f"statement_{s.pk}"] for s in section.statements],
                 "strengths": self[f"strengths_{section.node.pk}"],
                 "improvements": self[f"improvements_{section.node.pk}"]}
                for section in self.sections]

    def answers(self) -> dict[int, int]:
        return {s.pk: int(self.cleaned_data[f"statement_{s.pk}"])
                for section in self.sections for s in section.statements}

    def comments(self) -> dict[int, tuple[str, str]]:
        return {section.node.pk: (self.cleaned_data[f"strengths_{section.node.pk}"],
                                  self.cleaned_data[f"improvements_{section.node.pk}"])
                for section in self.sections}


class FindingFromCommentForm(GovukForm):
    kind = forms.ChoiceField(label="What is it?", choices=FindingKind.choices,
                             widget=forms.RadioSelect)
    text = forms.CharField(label="The finding", widget=forms.Textarea(attrs={"rows": 5}),
                           help_text="Edit the comment into a full sentence if it helps. "
                                     "Leave out anything that could identify who wrote it.")
    node = forms.TypedChoiceField(label="Section", coerce=int, required=False,
                                  empty_value=None)

    def __init__(self, *args, sections, **kwargs):
        self.sections = sections
        super().__init__(*args, **kwargs)

    def add_fields(self) -> None:
        self.fields["node"].choices = [("", "The whole assessment")] + [
            (s.node.pk, f"{s.node.code} {s.node.label}") for s in self.sections]
