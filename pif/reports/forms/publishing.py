"""The forms of the public pages' editor pages: publishing, and the public page settings."""

from django import forms

from pif.editing import VersionedForm
from pif.forms import GovukForm, GovukModelForm
from pif.reports.models import PublicSettings


class PublishForm(GovukForm):
    note = forms.CharField(
        label="What changed", required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with this publication, for the partnership: for example, "
                  "“Quarter 2 figures added; two indicators published for the first time”.")
    reason = forms.CharField(
        label="Why publish this selection", required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The public pages look better than the plan as a whole (see the warning "
                  "above). Say why you publish this selection: it is kept with this "
                  "publication, for the partnership.")

    def __init__(self, *args, warned: bool = False, **kwargs):
        """`warned`: the balance warning shows, so a reason is needed (the service checks
        it too, rule "reason_for_selection"); without it the question is not asked."""
        super().__init__(*args, **kwargs)
        if warned:
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = (
                "Say why you publish this selection: the public pages look better than the "
                "plan as a whole")
        else:
            del self.fields["reason"]


class SettingsForm(VersionedForm, GovukModelForm):
    create_or_change = True

    class Meta:
        model = PublicSettings
        fields = ["licence", "small_number_threshold", "contact_email"]
        widgets = {"licence": forms.RadioSelect,
                   "small_number_threshold": forms.NumberInput(
                       attrs={"class": "govuk-input--width-4", "inputmode": "numeric"})}
        labels = {"small_number_threshold": "Flag counts below this number as small"}
        help_texts = {"small_number_threshold": (
            "Flag counts from 1 up to one less than this number: 10 flags 1 to 9, as Public "
            "Health Scotland does for some data. Enter 0 to flag nothing. Flagged counts are "
            "listed before publishing; an editor chooses whether to suppress them.")}

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None and instance._state.adding:
            # Its key is the partnership's, so it looks saved: say there was none yet.
            kwargs.setdefault("initial", {})["version"] = 0
        super().__init__(*args, instance=instance, **kwargs)
