"""Forms for action plans: an action, a progress update, closing, milestones, the settings
and the plan's filters. The rules are the services' (pif.improvement.rules.actions): these
forms only draw the fields, and pif.form_pages puts a refusal on them."""

from __future__ import annotations

from django import forms

from pif.editing import VersionedForm
from pif.forms import FilterForm, GovukForm, GovukModelForm
from pif.improvement import models as m
from pif.improvement.stage_facts import stale_name
from pif.outcomes.forms import ScopedForm
from pif.outcomes.models import Outcome, Risk
from pif.partnerships.models import Organisation
from pif.partnerships.names import known_names

Textarea = forms.Textarea
PERCENT = {"class": "govuk-input--width-3", "inputmode": "numeric"}
NUMBER = {"class": "govuk-input--width-4", "inputmode": "numeric"}
SUGGESTED = ""  # the status choice "the one PIF suggests"


class NotOptionalTextarea(Textarea):
    """A text area a browser never insists on: its form answers when it is needed."""

    def use_required_attribute(self, initial) -> bool:
        return False


class NeededWhenField(forms.CharField):
    """Text needed in some cases only, which its label and hint name ("Needed if it is
    cancelled"): no "(optional)" beside its label, and no error of its own when empty, as
    the service's rule says when it is needed and why (pif.form_pages shows its refusal)."""

    widget = NotOptionalTextarea

    def __init__(self, **kwargs):
        super().__init__(required=True, **kwargs)

    def validate(self, value) -> None:
        """Every value is fine here, an empty one too: the rule is the service's."""


def date_messages(what: str) -> dict[str, str]:
    """The error messages of a date field that names ``what`` ("the date of the update")."""
    return {"required": f"Enter {what}", "invalid": f"{what[:1].upper()}{what[1:]} must be a "
                                                    "real date"}


OPEN_STATUSES = [(value, label) for value, label in m.ActionStatus.choices
                 if value not in m.CLOSED_STATUSES]


class ActionForm(VersionedForm, ScopedForm):
    """An action's own fields and links. Its progress and status change through progress
    updates, and closing is its own step."""

    class Meta:
        model = m.Action
        fields = ["reference", "title", "description", "owner", "owner_organisation",
                  "lead_group", "start_date", "due_date", "is_ongoing", "source",
                  "source_detail", "outcomes", "indicators", "risks", "project", "published"]
        widgets = {"reference": forms.TextInput(attrs={"class": "govuk-input--width-5"}),
                   "description": Textarea(attrs={"rows": 4}),
                   "source": forms.RadioSelect,
                   "outcomes": forms.CheckboxSelectMultiple,
                   "indicators": forms.CheckboxSelectMultiple,
                   "risks": forms.CheckboxSelectMultiple}
        labels = {"is_ongoing": "This is ongoing work, with no due date",
                  "published": "Show this action's progress on the public pages"}
        error_messages = {"start_date": date_messages("the start date"),
                          "due_date": date_messages("the due date")}
        help_texts = {
            "owner": "The person who answers for the action.",
            "owner_organisation": "Contributors from this organisation can update the action.",
            "start_date": "PIF expects progress to grow steadily from the start date to the "
                          "due date, and suggests a status from that.",
            "outcomes": "The outcomes this action helps achieve.",
            "indicators": "The measures that should show the change.",
            "risks": "The risks this action treats.",
            "published": "Its title, status, progress and due date are shown the next time "
                         "an editor publishes the public pages. Only editors choose this.",
        }

    def __init__(self, partnership, *args, can_publish: bool = True, **kwargs):
        """`can_publish`: whether the person may choose what the public sees (an editor);
        for anyone else the box is not offered, as CommentaryForm does, rather than offered
        and then refused."""
        super().__init__(partnership, *args, **kwargs)
        if not can_publish:
            del self.fields["published"]
        self.fields["risks"].queryset = Risk.objects.filter(partnership=partnership)
        self.fields["project"].queryset = m.Project.objects.filter(partnership=partnership)
        self.fields["project"].empty_label = "None"
        self.fields["owner_organisation"].empty_label = None


class ProgressUpdateForm(VersionedForm, GovukForm):
    """A dated entry in an action's log: how far it has got, and its status."""

    written_on = forms.DateField(label="Date of the update",
                                 error_messages=date_messages("the date of the update"))
    percent_complete = forms.IntegerField(
        label="How much of the action is done (%)", widget=forms.NumberInput(attrs=PERCENT),
        error_messages={"invalid": "Enter a percentage from 0 to 100."})
    status = forms.ChoiceField(label="Status", widget=forms.RadioSelect, required=False)
    status_reason = NeededWhenField(
        label="Why the status is different from the one PIF suggests",
        widget=NotOptionalTextarea(attrs={"rows": 3}),
        help_text="Needed only when you choose a status other than the one PIF suggests.")
    text = forms.CharField(label="What has happened", widget=Textarea(attrs={"rows": 5}))

    def __init__(self, *args, action: m.Action, suggesting: bool, **kwargs):
        self.suggesting = suggesting
        super().__init__(*args, record=action, **kwargs)
        choices = list(OPEN_STATUSES)
        if suggesting:
            choices.insert(0, (SUGGESTED, "The status PIF suggests from the dates "
                                          "(recommended)"))
        self.fields["status"].choices = choices
        self.fields["status"].required = not suggesting
        self.initial.setdefault("status", SUGGESTED if suggesting else action.status)
        self.initial.setdefault("percent_complete", action.percent_complete)


class CloseActionForm(VersionedForm, GovukForm):
    outcome = forms.ChoiceField(
        label="How did the action end?", widget=forms.RadioSelect,
        choices=[("complete", "It is complete"), ("cancel", "It is cancelled: it will not "
                                                            "be done")])
    completed_on = forms.DateField(label="Date it ended", required=False,
                                   help_text="Leave empty for today.",
                                   error_messages=date_messages("the date it ended"))
    completion_evidence = NeededWhenField(
        label="Evidence that it is done", widget=NotOptionalTextarea(attrs={"rows": 4}),
        help_text="Needed if it is complete: what shows the action is done, such as a "
                  "report, a decision or a link.")
    status_reason = NeededWhenField(
        label="Why it is cancelled", widget=NotOptionalTextarea(attrs={"rows": 3}),
        help_text="Needed if it is cancelled.")

    def __init__(self, *args, action: m.Action, **kwargs):
        super().__init__(*args, record=action, **kwargs)


class ConfirmForm(VersionedForm, GovukForm):
    """Only the version: for a button that changes an action (sign off, reopen)."""

    def __init__(self, *args, action: m.Action, **kwargs):
        super().__init__(*args, record=action, **kwargs)


class MilestoneForm(VersionedForm, GovukModelForm):
    class Meta:
        model = m.Milestone
        fields = ["title", "due_date", "done_on"]
        labels = {"done_on": "Done on"}
        help_texts = {"done_on": "Leave empty until it is done."}
        error_messages = {"due_date": date_messages("the due date"),
                          "done_on": date_messages("the date it was done")}


class ActionSettingsForm(VersionedForm, GovukModelForm):
    create_or_change = True  # the settings are saved the first time they are changed

    class Meta:
        model = m.ActionSettings
        fields = ["on_track_at", "off_track_at", "stale_after_days", "due_soon_days",
                  "closing_needs_sign_off"]
        widgets = {"on_track_at": forms.NumberInput(attrs=PERCENT),
                   "off_track_at": forms.NumberInput(attrs=PERCENT),
                   "stale_after_days": forms.NumberInput(attrs=NUMBER),
                   "due_soon_days": forms.NumberInput(attrs=NUMBER)}
        labels = {"on_track_at": "On track at (%)", "off_track_at": "Off track at (%)"}


STATUS_FILTERS = [("", "Any status"), ("open", "Open (not complete or cancelled)"),
                  ("overdue", "Overdue"), ("stale", "Actions with no update for 60 days"),
                  ("waiting", "Waiting for sign-off"), *m.ActionStatus.choices]


class ActionFilterForm(FilterForm):
    """The action plan's filters."""

    status = forms.ChoiceField(label="Status", initial="", choices=STATUS_FILTERS)
    outcome = forms.ChoiceField(label="Outcome", initial="")
    owner = forms.ChoiceField(label="Action owner", initial="")
    organisation = forms.ChoiceField(label="Owning organisation", initial="")
    source = forms.ChoiceField(label="Where it came from", initial="",
                               choices=[("", "Any source"), *m.ActionSource.choices])
    due_after = forms.DateField(label="Due on or after", initial=None)
    due_before = forms.DateField(label="Due on or before", initial=None)

    def __init__(self, query, *, partnership, stale_after_days: int = 60):
        self.partnership = partnership
        self.stale_after_days = stale_after_days
        super().__init__(query)

    def add_fields(self) -> None:
        partnership = self.partnership
        self.fields["status"].choices = [
            (value, stale_name(self.stale_after_days) if value == "stale" else label)
            for value, label in STATUS_FILTERS]
        self.fields["outcome"].choices = [("", "Any outcome"), *(
            (str(pk), title) for pk, title in Outcome.objects.filter(
                partnership=partnership).order_by("level", "position", "title", "id")
            .values_list("pk", "title"))]
        self.fields["owner"].choices = [("", "Anyone"), *(
            (str(pk), name) for pk, name in known_names(partnership).people())]
        self.fields["organisation"].choices = [("", "Any organisation"), *(
            (str(pk), name) for pk, name in Organisation.objects.filter(
                partnership=partnership).order_by("name").values_list("pk", "name"))]
