"""Forms for cycles: starting one, the review that closes it (and corrects it later), and
the switcher between cycles."""

from django import forms

from pif.editing import VersionedForm
from pif.forms import FilterForm, GovukForm, GovukModelForm
from pif.outcomes.models.plan import financial_year
from pif.reviews.models import Assessment, Cycle

REQUIRED = {"what_worked": "Enter what worked this year",
            "lessons": "Enter the lessons learned",
            "performance_summary": "Enter a summary of the year's performance"}


class StartCycleForm(GovukForm):
    first_year = forms.TypedChoiceField(
        label="Which year does the cycle cover?", coerce=int, widget=forms.RadioSelect,
        error_messages={"required": "Select the year the cycle covers"})

    def __init__(self, *args, this_year: int, **kwargs):
        self.this_year = this_year
        super().__init__(*args, **kwargs)

    def add_fields(self) -> None:
        years = (self.this_year - 1, self.this_year, self.this_year + 1)
        field = self.fields["first_year"]
        field.choices = [(year, financial_year(year)
                          + (" (the year we are in)" if year == self.this_year else ""))
                         for year in years]
        self.initial.setdefault("first_year", self.this_year)


class ReviewForm(VersionedForm, GovukModelForm):
    """The review that closes a cycle; the same form corrects it once closed."""

    class Meta:
        model = Cycle
        fields = ["what_worked", "lessons", "assessment", "performance_summary"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in REQUIRED}
        labels = {"what_worked": "What worked", "lessons": "Lessons learned",
                  "assessment": "Self-assessment",
                  "performance_summary": "The year's performance"}
        help_texts = {
            "what_worked": "Use the did-it-work register above: the changes whose data shows "
                           "an improvement, and why you think they worked.",
            "lessons": "What the partnership would do differently next year.",
            "assessment": "The self-assessment whose result this review records.",
            "performance_summary": "PIF drafted this from the scorecard. Edit it to say what "
                                   "the numbers mean.",
        }

    def add_fields(self) -> None:
        super().add_fields()
        for name, message in REQUIRED.items():
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = message
        field = self.fields["assessment"]
        field.queryset = Assessment.objects.filter(
            partnership_id=self.instance.partnership_id).order_by("-created", "-id")
        field.empty_label = "None"
        field.required = False


class CycleSwitchForm(FilterForm):
    """Choose which cycle to read: the address `?cycle=12` of the cycles page."""

    cycle = forms.TypedChoiceField(label="Cycle", coerce=int, required=True)

    def __init__(self, query=None, *, cycles, current=None, **kwargs):
        self.cycle_choices = [(cycle.pk, _cycle_label(cycle)) for cycle in cycles]
        self.current = current
        super().__init__(query, **kwargs)

    def add_fields(self) -> None:
        field = self.fields["cycle"]
        field.choices = self.cycle_choices
        field.initial = self.current.pk if self.current else None


def _cycle_label(cycle: Cycle) -> str:
    return f"{cycle.label} ({'closed' if cycle.is_closed else 'open'})"
