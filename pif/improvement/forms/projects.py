"""Forms for improvement projects, their measures, change ideas, PDSA cycles (one form for
each part: plan, do, study, act) and progress scores. Choices come from the partnership."""

from django import forms
from django.utils import timezone

from pif.editing import VersionedForm
from pif.forms import GovukForm
from pif.improvement import models as m
from pif.improvement import progress_scale
from pif.measures.models import Indicator
from pif.outcomes.forms import ScopedForm
from pif.outcomes.models import DriverDiagram, DriverNode

Textarea = forms.Textarea
ROWS = {"rows": 3}
#: Date messages that say which date (pif.forms builds "Enter a starts on" from the label).
CYCLE_DATES = {
    "start_date": {"required": "Enter the date the cycle starts",
                   "invalid": "The date the cycle starts must be a real date"},
    "end_date": {"invalid": "The date the cycle ends must be a real date"},
    "completed_on": {"invalid": "The date the cycle was completed must be a real date"},
}
REQUIRED = {"do_notes": "Enter what happened",
            "study_notes": "Enter the result against the prediction",
            "decision": "Select adopt, adapt or abandon"}


class ProjectForm(VersionedForm, ScopedForm):
    class Meta:
        model = m.Project
        fields = ["title", "aim_what", "aim_how_much", "aim_by_when", "background",
                  "organisation", "lead", "team", "outcome", "driver_diagram", "status"]
        widgets = {"aim_what": Textarea(attrs=ROWS), "background": Textarea(attrs=ROWS),
                   "team": Textarea(attrs={"rows": 4}), "aim_by_when": forms.DateInput,
                   "status": forms.RadioSelect}
        labels = {"title": "Project name"}
        error_messages = {
            "aim_how_much": {"required": "Enter how much it will improve, for example "
                                         "Reduce by 25%"},
            "aim_by_when": {"required": "Enter the date the aim should be met by",
                            "invalid": "The date the aim should be met by must be a real "
                                       "date"}}
        help_texts = {"aim_by_when": "For example 31 March 2028.",
                      "driver_diagram": "The theory of change the project tests, from the "
                                        "outcomes' driver diagrams."}

    def __init__(self, partnership, *args, membership=None, **kwargs):
        super().__init__(partnership, *args, **kwargs)
        self.fields["driver_diagram"].queryset = DriverDiagram.objects.filter(
            partnership=partnership)
        self.fields["organisation"].empty_label = "Choose an organisation"
        if self.instance.pk is None or self.instance.status == m.Project.Status.REGISTERED:
            del self.fields["status"]  # a registered project becomes active by approval
        else:
            self.fields["status"].choices = [
                (value, label) for value, label in m.Project.Status.choices
                if value != m.Project.Status.REGISTERED]
        if self.instance.pk is None and membership is not None:
            # the new instance's own initial values are None: fill them, do not keep them
            self.initial["organisation"] = (self.initial.get("organisation")
                                            or membership.organisation_id)
            self.initial["lead"] = self.initial.get("lead") or membership.user_id


class ApproveForm(VersionedForm, GovukForm):
    """Approving carries only the version of the project the lead read."""


class MeasureForm(GovukForm):
    indicator = forms.ModelChoiceField(label="Indicator", queryset=Indicator.objects.none())
    kind = forms.ChoiceField(label="What kind of measure is it?", widget=forms.RadioSelect,
                             choices=m.ProjectMeasure.Kind.choices)

    def __init__(self, project, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = (
            Indicator.objects.filter(partnership_id=project.partnership_id)
            .exclude(project_measures__project=project).order_by("code"))
        self.fields["indicator"].label_from_instance = lambda i: f"{i.code} {i.title}"
        self.fields["indicator"].empty_label = "Choose an indicator"
        self.fields["kind"].help_text = (
            "Outcome: the result for people. Process: whether the parts of the system work as "
            "planned. Balancing: what might get worse elsewhere.")


class ChangeIdeaForm(VersionedForm, ScopedForm):
    class Meta:
        model = m.ChangeIdea
        fields = ["title", "description", "driver_node", "position"]
        widgets = {"description": Textarea(attrs=ROWS),
                   "position": forms.NumberInput(attrs={"class": "govuk-input--width-4",
                                                        "inputmode": "numeric"})}
        labels = {"position": "Order on the project page"}
        help_texts = {"position": "Lower numbers come first."}

    def __init__(self, partnership, project, *args, **kwargs):
        super().__init__(partnership, *args, **kwargs)
        nodes = DriverNode.objects.filter(diagram__partnership=partnership)
        if project.driver_diagram_id:
            nodes = nodes.filter(diagram_id=project.driver_diagram_id)
        self.fields["driver_node"].queryset = nodes.select_related("diagram").order_by(
            "diagram__title", "position", "id")
        self.fields["driver_node"].label_from_instance = (
            lambda n: f"{n.get_kind_display()}: {n.title} ({n.diagram.title})")
        self.fields["driver_node"].help_text = (
            "The change idea or driver on the driver diagram this tests.")


class CycleForm(VersionedForm, ScopedForm):
    """A part of a PDSA cycle; each subclass lists its part's fields, and names the one
    that its part is for in `required` (optional on the model, as the cycle is planned
    first and filled in as it runs)."""

    required = ""

    def __init__(self, partnership, project, *args, **kwargs):
        super().__init__(partnership, *args, **kwargs)
        self.project = project
        if self.required:
            field = self.fields[self.required]
            field.required = True
            field.error_messages["required"] = REQUIRED[self.required]


class PlanForm(CycleForm):
    class Meta:
        model = m.PdsaCycle
        fields = ["change_idea", "follows", "title", "scale", "objective", "question",
                  "prediction", "plan_who", "plan_where", "start_date", "end_date",
                  "plan_data", "indicators"]
        widgets = {"objective": Textarea(attrs=ROWS), "question": Textarea(attrs=ROWS),
                   "prediction": Textarea(attrs=ROWS), "plan_data": Textarea(attrs=ROWS),
                   "start_date": forms.DateInput, "end_date": forms.DateInput,
                   "indicators": forms.CheckboxSelectMultiple}
        labels = {"title": "Name of the cycle", "objective": "Objective of this test",
                  "prediction": "What do you predict will happen?",
                  "plan_who": "Who will run the test", "plan_where": "Where",
                  "plan_data": "What data will you collect?"}
        error_messages = {name: CYCLE_DATES[name] for name in ("start_date", "end_date")}
        help_texts = {"title": "For example Cycle 2: one ward, one week.",
                      "follows": "The cycle before this one in the change idea's ramp.",
                      "end_date": "Leave blank if not known yet."}

    def __init__(self, partnership, project, *args, **kwargs):
        super().__init__(partnership, project, *args, **kwargs)
        self.fields["change_idea"].queryset = m.ChangeIdea.objects.filter(project=project)
        follows = m.PdsaCycle.objects.filter(project=project).select_related("change_idea")
        if self.instance.pk:
            follows = follows.exclude(pk=self.instance.pk)
        self.fields["follows"].queryset = follows
        self.fields["follows"].label_from_instance = (
            lambda c: f"{c.title} ({c.change_idea.title}, from {c.start_date:%-d %B %Y})")
        self.fields["follows"].empty_label = "None: this is the first cycle of its ramp"
        measures = Indicator.objects.filter(partnership=partnership,
                                            project_measures__project=project)
        self.fields["indicators"].queryset = measures.order_by("code")
        self.fields["indicators"].label_from_instance = lambda i: f"{i.code} {i.title}"
        self.fields["indicators"].help_text = (
            "The project's measures that should show the change. If you choose none, the "
            "study shows all the project's measures.")


class DoForm(CycleForm):
    required = "do_notes"

    class Meta:
        model = m.PdsaCycle
        fields = ["do_notes", "end_date"]
        widgets = {"do_notes": Textarea(attrs={"rows": 6}), "end_date": forms.DateInput}
        error_messages = {"end_date": CYCLE_DATES["end_date"]}
        help_texts = {"do_notes": "What happened, problems, and anything you did not expect.",
                      "end_date": "The day the test ended."}


class StudyForm(CycleForm):
    required = "study_notes"

    class Meta:
        model = m.PdsaCycle
        fields = ["study_notes"]
        widgets = {"study_notes": Textarea(attrs={"rows": 6})}
        help_texts = {"study_notes": "Compare the data with your prediction. What did you "
                                     "learn?"}


class ActForm(CycleForm):
    required = "decision"

    class Meta:
        model = m.PdsaCycle
        fields = ["decision", "act_notes", "completed_on"]
        widgets = {"decision": forms.RadioSelect, "act_notes": Textarea(attrs=ROWS),
                   "completed_on": forms.DateInput}
        labels = {"decision": "What will you do with the change?",
                  "act_notes": "What next", "completed_on": "Cycle completed on"}
        error_messages = {"completed_on": CYCLE_DATES["completed_on"]}
        help_texts = {"decision": "Adopt: keep it, and test it at a larger scale or spread it. "
                                  "Adapt: change it and test again. Abandon: stop testing it.",
                      "completed_on": "Leave blank while the team is still deciding."}

    def __init__(self, partnership, project, *args, **kwargs):
        super().__init__(partnership, project, *args, **kwargs)
        self.fields["decision"].choices = m.PdsaCycle.Decision.choices
        if not self.instance.completed_on:  # most teams decide and complete together
            self.initial["completed_on"] = timezone.localdate()


class ScoreForm(GovukForm):
    score = forms.TypedChoiceField(label="Progress score", widget=forms.RadioSelect,
                                   coerce=str, choices=())
    scored_on = forms.DateField(label="Date of the score", widget=forms.DateInput,
                                error_messages={
                                    "required": "Enter the date of the score",
                                    "invalid": "The date of the score must be a real date"})
    note = forms.CharField(label="Why this score", required=False,
                           widget=Textarea(attrs=ROWS),
                           help_text="What the team saw that puts the project here.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scale = progress_scale.current()
        self.fields["score"].choices = [(str(step.score), f"{step.score} {step.label}")
                                        for step in scale.steps]
        self.initial.setdefault("scored_on", timezone.localdate())
