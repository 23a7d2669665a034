from django import forms

from pif.editing import MISSING_VERSION, VersionedForm
from pif.forms import FilterForm, GovukForm, GovukModelForm
from pif.lib.periods import PeriodError, parse_period
from pif.measures import rules, scorecard_groups
from pif.measures import scorecard as card
from pif.measures.models import Annotation, Commentary, Indicator, Observation, Target
from pif.partnerships.names import offer_people


class IndicatorForm(VersionedForm, GovukModelForm):
    """An indicator's settings. The rules about them (a rate needs its per-N, a P chart a
    percentage, a code unique in the partnership in any capitals) are in pif.measures.rules,
    applied by Indicator.clean as the form validates the model, and again by the services."""

    new_tags = forms.CharField(
        label="New tags", required=False, max_length=500,
        help_text="Tags not in the list above, separated by commas. Put a group before a "
                  "colon, for example “Perspective: Customer, NPF: Healthy life expectancy”.")

    class Meta:
        model = Indicator
        fields = ["code", "title", "definition", "unit", "rate_per", "decimals",
                  "may_exceed_100", "lower_bound", "upper_bound", "improvement",
                  "frequency", "owner", "lead", "data_source", "quality_note", "measure_kind",
                  "rba_kind", "chart_type", "baseline_period", "due_days", "tags", "new_tags",
                  "published"]
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "data_source": forms.Textarea(attrs={"rows": 2}),
            "quality_note": forms.Textarea(attrs={"rows": 2}),
            "improvement": forms.RadioSelect,
            "tags": forms.CheckboxSelectMultiple,
            "code": forms.TextInput(attrs={"class": "govuk-input--width-10",
                                           "spellcheck": "false"}),
            "rate_per": forms.NumberInput(attrs={"class": "govuk-input--width-10"}),
            "decimals": forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
            "lower_bound": forms.NumberInput(attrs={"class": "govuk-input--width-10",
                                                    "step": "any"}),
            "upper_bound": forms.NumberInput(attrs={"class": "govuk-input--width-10",
                                                    "step": "any"}),
            "due_days": forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        }

    def __init__(self, *args, partnership, **kwargs):
        self.partnership = partnership
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = partnership.organisations.all()
        offer_people(self.fields["lead"], partnership)
        self.fields["tags"].queryset = partnership.tags.all()
        self.fields["baseline_period"].help_text = (
            "The period progress is measured from, as you would write it, for example 2019/20.")
        self.instance.partnership = partnership

    def clean_new_tags(self) -> list[tuple[str, str]]:
        """"Group: Name, Name" as (group, name) pairs, each within the tag rules."""
        tags = rules.read_new_tags(self.cleaned_data["new_tags"])
        for group, name in tags:
            findings = rules.check_new_tag(group, name)
            if findings:
                raise forms.ValidationError(findings[0].message, code=findings[0].rule)
        return tags

    def clean_baseline_period(self):
        text = self.cleaned_data["baseline_period"].strip()
        if not text:
            return ""
        try:
            return parse_period(text, frequency=self.data.get("frequency") or None).key
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from error


def _period_field(label="Period", help_text="For example April 2024, 2024/25 or Q1 2024/25."):
    return forms.CharField(label=label, max_length=40, help_text=help_text,
                           widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}))


def read_period(form, field_name, indicator):
    try:
        return indicator.read_period(form.cleaned_data.get(field_name, ""))
    except PeriodError as error:
        form.add_error(field_name, str(error))
        return None


class ValueForm(GovukForm):
    """One period's value of `indicator`. It asks for a numerator and denominator only where
    the indicator's values are ratios; it needs something entered (the value, or for a ratio
    the value or its numerator and denominator), and leaves the rest to the rules: where
    the chart is drawn from numerators and denominators, rule "ratio_needed" asks for them."""

    period = _period_field()
    value = forms.CharField(
        label="Value", required=False, max_length=30,
        help_text="A number, or a missing-value code such as .. or c (suppressed).",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}))
    numerator = forms.FloatField(label="Numerator", required=False,
                                 widget=forms.NumberInput(attrs={"class": "govuk-input--width-10",
                                                                 "step": "any"}))
    denominator = forms.FloatField(label="Denominator", required=False,
                                   widget=forms.NumberInput(
                                       attrs={"class": "govuk-input--width-10", "step": "any"}))
    status = forms.ChoiceField(label="Status", choices=Observation.Status.choices,
                               initial=Observation.Status.PROVISIONAL)
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    # The edit-conflict check (as the grid's loaded-* fields): the period the form was opened
    # for and the entry stored for it then ("" for none), so a value someone else saved
    # meanwhile is never overwritten unseen.
    loaded_period = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)
    loaded = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.uses_ratio = rules.uses_numerator_and_denominator(indicator)
        self.needs_ratio = rules.needs_numerator_and_denominator(indicator)
        if not self.uses_ratio:
            del self.fields["numerator"], self.fields["denominator"]
            self.fields["value"].required = True
            return
        self.fields["value"].help_text += (" Leave it blank to work it out from the numerator "
                                           "and denominator.")
        if self.needs_ratio:
            self.fields["numerator"].help_text = (
                "Needed with a value, unless the value is a missing-value code.")

    def clean(self):
        # A POST without the entry it was opened with is refused, never taken as "no check".
        if self.is_bound and "loaded" not in self.data:
            raise forms.ValidationError(MISSING_VERSION)
        data = super().clean()
        if self.uses_ratio and self._nothing_entered(data):
            if self.needs_ratio:  # a value alone is then for rule "ratio_needed" to refuse
                self.add_error("numerator", "Enter the numerator and denominator")
            else:
                self.add_error("value", "Enter a value, or a numerator and denominator")
        return data

    def _nothing_entered(self, data) -> bool:
        ratio = ("numerator", "denominator")
        return (not data.get("value", "").strip() and not any(map(self.has_error, ratio))
                and all(data.get(name) is None for name in ratio))


class TargetForm(GovukModelForm):
    trajectory = forms.CharField(
        label="Trajectory", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For a trajectory, one period and value per line, for example "
                  "“2025/26, 85”. Leave the target value blank.")

    class Meta:
        model = Target
        fields = ["level", "value", "valid_from", "valid_to", "tolerance", "tolerance_kind",
                  "source"]
        widgets = {"level": forms.RadioSelect, "tolerance_kind": forms.RadioSelect,
                   "value": forms.NumberInput(attrs={"class": "govuk-input--width-10",
                                                     "step": "any"}),
                   "tolerance": forms.NumberInput(attrs={"class": "govuk-input--width-5",
                                                         "step": "any"}),
                   "valid_from": forms.TextInput(attrs={"class": "govuk-input--width-10"}),
                   "valid_to": forms.TextInput(attrs={"class": "govuk-input--width-10"})}


class CommentaryText(forms.CharField):
    """A part of a commentary, drawn with GOV.UK's character count. A line break counts as
    one character, as the count counts it, though browsers send two ("\r\n")."""

    def __init__(self, part: str, *, required: bool = False):
        super().__init__(label=rules.COMMENTARY_PARTS[part], required=required,
                         max_length=rules.COMMENTARY_LONGEST,
                         error_messages={"max_length": rules.commentary_too_long(part)},
                         widget=forms.Textarea(attrs={"rows": 3}))

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")


class CommentaryForm(VersionedForm, GovukModelForm):
    """The commentary for a period, new or changed. The version it carries is of the
    commentary for `version_period`, the period the page was loaded for."""

    create_or_change = True
    period = _period_field(help_text="The period this commentary is about.")
    version_period = forms.CharField(widget=forms.HiddenInput, required=False, max_length=30)
    what_it_shows = CommentaryText("what_it_shows", required=True)
    why = CommentaryText("why")
    actions = CommentaryText("actions")

    class Meta:
        model = Commentary
        fields = ["what_it_shows", "why", "actions", "is_public"]
        labels = {"is_public": "Show this commentary on the public pages"}
        help_texts = {"is_public": "It is shown with the indicator the next time an editor "
                                   "publishes the public pages."}

    def __init__(self, *args, can_show_publicly: bool = False, **kwargs):
        """`can_show_publicly`: the person is an editor, whose choice what the public sees is
        (rule "commentary_public_by_editor"); others are not offered the box."""
        super().__init__(*args, **kwargs)
        if not can_show_publicly:
            del self.fields["is_public"]


class AnnotationForm(GovukModelForm):
    period = _period_field(help_text="Where on the chart the note goes.")

    class Meta:
        model = Annotation
        fields = ["text", "is_rebase"]
        labels = {"text": "Note or reason"}
        help_texts = {"text": "For a recalculation, say what changed and why the limits "
                              "should start again here."}


class ScorecardFilterForm(FilterForm):
    """The scorecard's grouping, filters and order (the page and its downloads)."""

    group = forms.ChoiceField(label="Group by", initial=scorecard_groups.BY_TAG)
    owner = forms.ChoiceField(label="Owner", initial="")
    status = forms.ChoiceField(
        label="Status", initial="",
        choices=[("", "Any status"), *((key, label) for key, (label, _)
                                       in card.STATUS_FILTERS.items()),
                 ("overdue", "Overdue data")])
    frequency = forms.ChoiceField(label="Frequency", initial="",
                                  choices=[("", "Any frequency"), *Indicator.Frequency.choices])
    sort = forms.ChoiceField(label="Sort by", initial="code",
                             choices=[(key, label) for key, (label, _) in card.SORTS.items()])

    def __init__(self, query, *, partnership):
        self.partnership = partnership
        super().__init__(query)

    def add_fields(self) -> None:
        # Groupings are registered by apps, so they are read when the page is.
        self.fields["group"].choices = list(scorecard_groups.offered().items())
        self.fields["owner"].choices = self._owners  # read only when needed

    def _owners(self) -> list[tuple]:
        return [("", "All organisations"),
                *((organisation.pk, organisation.name)
                  for organisation in self.partnership.organisations.all())]


class BreakdownFilterForm(FilterForm):
    """The compare-areas page's period and family group. `breakdowns.compare` reads them
    from the address, as it alone knows which periods and groups there are; this form draws
    its choice (and has no family group when no area has one)."""

    period = forms.ChoiceField(label="Period")
    family = forms.ChoiceField(label="Family group")

    def __init__(self, comparison):
        self.comparison = comparison
        super().__init__(initial={"period": comparison.period.key if comparison.period else "",
                                  "family": comparison.family_group})

    def add_fields(self) -> None:
        self.fields["period"].choices = [(period.key, period.label)
                                         for period in self.comparison.periods]
        if self.comparison.family_groups:
            self.fields["family"].choices = [
                ("", "All areas"), *((group, group) for group in self.comparison.family_groups)]
        else:
            del self.fields["family"]


class AsOfForm(FilterForm):
    """The indicator page's "as it stood on a date"."""

    as_of = forms.DateField(label="See the chart as it stood on a date", initial=None,
                            help_text="Earlier values are shown as they were before later "
                                      "revisions.")
