"""Forms for a partnership's own assessment framework: creating it, its nodes, and uploading
nodes as CSV."""

from django import forms

from pif.editing import VersionedForm
from pif.forms import GovukForm, GovukModelForm
from pif.reviews import models as m

MAX_UPLOAD_BYTES = 1024 * 1024


class FrameworkForm(GovukForm):
    name = forms.CharField(label="Name", max_length=200,
                           error_messages={"required": "Enter a name for the framework"})
    scale = forms.ChoiceField(
        label="How assessors score it", choices=m.Scale.choices, widget=forms.RadioSelect,
        initial=m.Scale.RADAR, error_messages={"required": "Select how assessors score it"})
    description = forms.CharField(label="What it is for (optional)", required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))


class NodeForm(VersionedForm, GovukModelForm):
    class Meta:
        model = m.AssessmentNode
        fields = ["code", "label", "kind", "parent", "node_type", "points", "weight",
                  "is_scored", "text"]
        labels = {"code": "Code", "label": "Short label", "kind": "Kind of node",
                  "parent": "Sits under (optional)", "node_type": "Enabler or result (optional)",
                  "points": "Points (optional)", "weight": "Weight (optional)",
                  "is_scored": "Assessors score this node", "text": "Full wording (optional)"}
        help_texts = {
            "code": "A short identifier, unique in the framework, for example 1a.",
            "weight": "Its share of the node above, from 0 to 1, for example 0.25. Leave "
                      "blank to share equally with the nodes beside it.",
            "points": "Usually given to the top-level criteria only, for example 100.",
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"code": {"required": "Enter a code, for example 1a"},
                          "label": {"required": "Enter a short label"}}

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.framework_version = version
        choices = version.nodes.all()
        if self.instance.pk:
            choices = choices.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = choices
        self.fields["parent"].empty_label = "Nothing: a top-level node"
        self.fields["parent"].label_from_instance = lambda node: f"{node.code} {node.label}"
        self.fields["node_type"].choices = [("", "Neither"), *m.NodeType.choices]


class NodeUploadForm(GovukForm):
    file = forms.FileField(
        label="Upload a CSV file", help_text="Up to 1 MB, with the columns code, label, "
        "text, kind, points, weight, parent.",
        error_messages={"required": "Select a CSV file", "empty": "The selected file is empty"})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 1 MB")
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError("The selected file must be a CSV file")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("The selected file must be saved as UTF-8 CSV") from None
