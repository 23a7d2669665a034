"""Forms for during and after a stat meeting. The rules are the services'
(pif.reviews.rules.follow_ups): these forms draw the fields, and pif.form_pages puts a
refusal on them."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from pif.editing import VersionedForm
from pif.forms import FilterForm, GovukForm, GovukModelForm
from pif.partnerships.models import Organisation
from pif.reviews import models as m
from pif.reviews.rules.follow_ups import DONE, DROPPED

Textarea = forms.Textarea


def members(partnership):
    return (get_user_model().objects.filter(memberships__partnership=partnership)
            .order_by("first_name", "last_name", "email").distinct())


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


class MembersField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


class NeededForACommitment:
    """A field needed for a commitment only, which its hint says: no "(optional)" beside its
    label and no error of its own when empty, as the service's rule says when it is needed
    (pif.form_pages shows its refusal). Browsers are not told it is required."""

    def __init__(self, **kwargs):
        super().__init__(required=True, **kwargs)
        self.widget.use_required_attribute = lambda initial: False

    def validate(self, value) -> None:
        """An empty value is fine here: the rule is the service's."""
        if value not in self.empty_values:
            super().validate(value)


class CommitmentOwnerField(NeededForACommitment, MemberChoiceField):
    pass


class CommitmentDateField(NeededForACommitment, forms.DateField):
    pass


class CommitmentTextField(NeededForACommitment, forms.CharField):
    pass


class ItemNotesForm(VersionedForm, GovukModelForm):
    class Meta:
        model = m.MeetingItem
        fields = ["notes", "is_discussed"]
        widgets = {"notes": Textarea(attrs={"rows": 5})}
        labels = {"notes": "Notes on this item",
                  "is_discussed": "The meeting has discussed this item"}
        help_texts = {"notes": "What was said: the explanation given, and any points to "
                               "come back to."}


class AttendanceForm(VersionedForm, GovukForm):
    present = MembersField(queryset=None, required=False, label="Who attended",
                           widget=forms.CheckboxSelectMultiple,
                           help_text="Tick everyone who was at the meeting.")

    def __init__(self, meeting, *args, **kwargs):
        super().__init__(*args, record=meeting, **kwargs)
        self.fields["present"].queryset = members(meeting.series.partnership)
        self.initial.setdefault("present", list(meeting.present.all()))


class OutcomeForm(GovukForm):
    """One typed outcome of an item; a commitment needs more, which its hints say."""

    kind = forms.ChoiceField(label="What kind of outcome", choices=m.FollowUpKind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": "Choose what kind of outcome it is"})
    text = forms.CharField(label="What was agreed", widget=Textarea(attrs={"rows": 3}),
                           error_messages={"required": "Enter what was agreed"})
    owner = CommitmentOwnerField(queryset=None, label="Owner", empty_label="Nobody named",
                                 help_text="Needed for a commitment: the person who "
                                           "answers for it.")
    due_date = CommitmentDateField(
        label="Due date", help_text="Needed for a commitment.",
        error_messages={"invalid": "The due date must be a real date"})
    report_back = CommitmentTextField(
        label="What will be reported back",
        widget=Textarea(attrs={"rows": 2}),
        help_text="Needed for a commitment: what the owner brings back to the meeting.")
    organisation = forms.ModelChoiceField(
        queryset=None, required=False, label="Organisation that owns the action",
        empty_label="The owner's organisation",
        help_text="A commitment becomes an action in the plan. Leave empty to use the "
                  "owner's organisation.")

    def __init__(self, partnership, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members(partnership)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            partnership=partnership)


class CloseForm(VersionedForm, GovukForm):
    outcome = forms.ChoiceField(
        label="How is it closed", widget=forms.RadioSelect,
        choices=[(DONE, "Done"), (DROPPED, "Dropped: it will not be done")],
        error_messages={"required": "Choose whether it is done or dropped"})
    note = forms.CharField(label="What was done, or why it is dropped", required=False,
                           widget=Textarea(attrs={"rows": 3}))
    meeting = forms.ModelChoiceField(queryset=None, label="Closed at the meeting",
                                     error_messages={"required": "Choose the meeting"})

    def __init__(self, follow_up, *args, **kwargs):
        super().__init__(*args, record=follow_up, **kwargs)
        meetings = follow_up.series.meetings.filter(
            starts_at__gte=follow_up.raised_at.starts_at).order_by("-starts_at")
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = (
            lambda meeting: f"{meeting.day:%-d %B %Y}")


class IndicatorForm(VersionedForm, GovukForm):
    code = forms.CharField(max_length=30, label="Indicator code",
                           widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
                           error_messages={"required": "Enter a code for the indicator"})
    owner = forms.ModelChoiceField(queryset=None, label="Organisation that owns it",
                                   error_messages={"required": "Choose the organisation"})

    def __init__(self, series, *args, **kwargs):
        super().__init__(*args, record=series, **kwargs)
        self.fields["owner"].queryset = Organisation.objects.filter(
            partnership=series.partnership)


ANY = ""
ANY_STATUS = "any"


class FollowUpFilter(FilterForm):
    # "any", not empty: an empty choice reads as the default (open), see FilterForm.
    status = forms.ChoiceField(choices=[(ANY_STATUS, "Any status"), *m.FollowUpStatus.choices],
                               initial=m.FollowUpStatus.OPEN)
    kind = forms.ChoiceField(choices=[(ANY, "Any kind"), *m.FollowUpKind.choices],
                             initial=ANY, label="Kind")
    owner = forms.ChoiceField(choices=[(ANY, "Anyone")], initial=ANY)

    def __init__(self, partnership, query=None, **kwargs):
        super().__init__(query=None, **kwargs)
        # The owners are the partnership's members, so the address is read once they are known.
        self.fields["owner"].choices = [(ANY, "Anyone"), *(
            (str(user.pk), user.display_name) for user in members(partnership))]
        self.values = {name: self._value(name, field, query or {})
                       for name, field in self.fields.items()}
        self.initial = {**self.initial, **self.values}


class MeetingStepForm(VersionedForm, GovukForm):
    """A step with nothing to fill in (holding the meeting, issuing the memo): it carries the
    version the person loaded, so a change made meanwhile is shown first."""

    def __init__(self, meeting, *args, **kwargs):
        super().__init__(*args, record=meeting, **kwargs)
