"""Uploading indicator values from CSV or Excel: choose a file, preview it, then import it.

The preview checks every row and lists every problem; nothing is imported until the file is
clean and the person confirms. An upload is seen only by the person who made it and by the
partnership's editors; anyone else gets 404.
"""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from pif.forms import GovukForm
from pif.measures.access import changeable_indicators
from pif.measures.importing import Checked, ImportOptions, check_file, import_checked
from pif.measures.models import Upload
from pif.partnerships.access import Access, partnership_view

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAPPED_FIELDS = ("indicator", "period", "value", "numerator", "denominator", "breakdown",
                 "status", "note")
PROBLEMS_SHOWN = 1000
SAMPLE_ROWS = 10
# Saying exactly what would change means writing and rolling back; beyond this many values
# the preview gives the counts from the file alone, to keep the page quick.
PREVIEW_DRY_RUN_LIMIT = 5000


class UploadForm(GovukForm):
    file = forms.FileField(
        label="Upload a file", help_text="A CSV or Excel (.xlsx) file, up to 10 MB.",
        error_messages={"required": "Select a CSV or Excel file",
                        "empty": "The selected file is empty"})
    indicator = forms.ChoiceField(
        required=False, label="Indicator for every row",
        help_text="Only if the file has no indicator column: every value is for this indicator.")

    def __init__(self, *args, indicators=(), **kwargs):
        self.indicator_choices = [("", "The file has an indicator column"),
                                  *((i.code, str(i)) for i in indicators)]
        super().__init__(*args, **kwargs)

    def add_fields(self) -> None:
        self.fields["indicator"].choices = self.indicator_choices
        for name in MAPPED_FIELDS:
            self.fields[f"map_{name}"] = forms.CharField(
                required=False, max_length=200, label=f"Column for the {name}")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 10 MB")
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx", ".xlsm")):
            raise forms.ValidationError("The selected file must be a CSV or Excel (.xlsx) file")
        return upload

    def mapping(self) -> dict:
        return {"map": {name: self.cleaned_data[f"map_{name}"].strip() for name in MAPPED_FIELDS
                        if self.cleaned_data[f"map_{name}"].strip()},
                "indicator": self.cleaned_data["indicator"]}


def visible_uploads(access: Access, user):
    """Uploads this person may see: all the partnership's for editors, their own otherwise."""
    uploads = Upload.objects.filter(partnership=access.partnership).defer("content")
    return uploads if access.can_edit else uploads.filter(uploaded_by=user)


def get_upload(access: Access, user, upload_id: int) -> Upload:
    return get_object_or_404(visible_uploads(access, user), pk=upload_id)


def check_upload(access: Access, upload: Upload) -> Checked:
    """Check the stored file as this person would import it."""
    options = ImportOptions(mapping=upload.mapping.get("map", {}),
                            indicator=upload.mapping.get("indicator", ""))
    changeable = None if access.can_edit else changeable_indicators(access)
    organisation = access.membership.organisation
    return check_file(bytes(upload.content), upload.filename, partnership=access.partnership,
                      options=options, changeable=changeable,
                      organisation_name=organisation.name if organisation else "")


@partnership_view("contribute")
def upload_start(request: HttpRequest, access: Access) -> HttpResponse:
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None,
                      indicators=changeable_indicators(access))
    if posted and form.is_valid():
        file = form.cleaned_data["file"]
        upload = Upload.objects.create(partnership=access.partnership, uploaded_by=request.user,
                                       filename=file.name[:255], content=file.read(),
                                       mapping=form.mapping())
        return redirect("upload_preview", access.partnership.short_name, upload.pk)
    return render(request, "measures/upload.html", {
        "access": access, "partnership": access.partnership, "form": form,
        "uploads": visible_uploads(access, request.user).select_related("uploaded_by")[:10],
    })


@partnership_view("contribute")
def upload_preview(request: HttpRequest, access: Access, upload_id: int) -> HttpResponse:
    upload = get_upload(access, request.user, upload_id)
    if upload.imported_at is not None:
        return _render_preview(request, access, upload, None, None)
    checked = check_upload(access, upload)
    if request.method == "POST" and checked.ok:
        with transaction.atomic():
            result = import_checked(checked, partnership=access.partnership,
                                    user=request.user, approve=access.can_edit)
            upload.mark_imported(result.describe())
        messages.success(request, f"Imported {upload.filename}: {upload.summary}.")
        return redirect("upload_preview", access.partnership.short_name, upload.pk)
    result = None
    if checked.ok and len(checked.rows) <= PREVIEW_DRY_RUN_LIMIT:
        result = import_checked(checked, partnership=access.partnership, user=request.user,
                                approve=access.can_edit, dry_run=True)
    return _render_preview(request, access, upload, checked, result)


def _render_preview(request, access, upload, checked, result) -> HttpResponse:
    problems = checked.problems if checked else []
    return render(request, "measures/upload_preview.html", {
        "access": access, "partnership": access.partnership, "upload": upload,
        "checked": checked, "result": result, "problems": problems[:PROBLEMS_SHOWN],
        "problems_hidden": max(0, len(problems) - PROBLEMS_SHOWN),
        "sample": checked.rows[:SAMPLE_ROWS] if checked else [],
        "scorecard_url": reverse("scorecard", args=[access.partnership.short_name]),
    })
