"""Uploading indicator values from CSV or Excel: choose a file, preview it, then import it.

The file is read and checked once, when it is uploaded, and the result kept on the upload;
the preview shows every problem and warning from it, and nothing is imported until the file
is clean and the person confirms. An upload is seen only by the person who made it and by the
partnership's editors; anyone else gets 404.
"""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from pif.actors import Actor
from pif.form_pages import posted
from pif.forms import GovukForm
from pif.measures import locks
from pif.measures.access import changeable_indicators
from pif.measures.importing.run import refusal_problems
from pif.measures.importing.uploads import (
    import_upload,
    start_upload,
    stored_check,
    value_changes,
)
from pif.measures.models import Upload
from pif.measures.rules import ObservationRefused
from pif.partnerships.access import Access, partnership_view

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAPPED_FIELDS = ("indicator", "period", "value", "numerator", "denominator", "breakdown",
                 "status", "note")
PROBLEMS_SHOWN = 1000
CHANGES_SHOWN = 500
SAMPLE_ROWS = 10
ALREADY_IMPORTED = "This file has already been imported"


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
    uploads = Upload.objects.filter(partnership=access.partnership).defer("content", "checked")
    return uploads if access.can_edit else uploads.filter(uploaded_by=user)


def get_upload(access: Access, user, upload_id: int) -> Upload:
    return get_object_or_404(visible_uploads(access, user).defer(None).defer("content"),
                             pk=upload_id)


@partnership_view("contribute")
def upload_start(request: HttpRequest, access: Access) -> HttpResponse:
    data = posted(request)
    form = UploadForm(data, request.FILES if data is not None else None,
                      indicators=changeable_indicators(access))
    if data is not None and form.is_valid():
        file = form.cleaned_data["file"]
        upload = start_upload(Actor.from_request(request), access, filename=file.name,
                              content=file.read(), mapping=form.mapping())
        return redirect("upload_preview", access.partnership.short_name, upload.pk)
    return render(request, "measures/upload.html", {
        "form": form,
        "uploads": visible_uploads(access, request.user).select_related("uploaded_by")[:10],
        "lock": locks.active_lock(access.partnership),
    })


@partnership_view("contribute")
def upload_preview(request: HttpRequest, access: Access, upload_id: int) -> HttpResponse:
    upload = get_upload(access, request.user, upload_id)
    if request.method == "POST":
        return _confirm(request, access, upload)
    if upload.imported_at is not None:
        return _render_preview(request, access, upload, None)
    return _render_preview(request, access, upload,
                           stored_check(Actor.from_request(request), access, upload))


def _confirm(request: HttpRequest, access: Access, upload: Upload) -> HttpResponse:
    """Import the checked file once. The confirm button can be pressed twice, or the form
    sent again, while the first import runs: only the request that claims the upload
    imports it, the others say it has already been imported."""
    preview = redirect("upload_preview", access.partnership.short_name, upload.pk)
    if upload.imported_at is not None:
        messages.info(request, ALREADY_IMPORTED)
        return preview
    actor = Actor.from_request(request)
    checked = stored_check(actor, access, upload)
    if not checked.ok:
        return _render_preview(request, access, upload, checked)
    try:
        imported = import_upload(actor, access, upload, checked)
    except ObservationRefused as refused:
        checked.problems += refusal_problems(checked, refused)
        return _render_preview(request, access, upload, checked)
    if not imported:
        messages.info(request, ALREADY_IMPORTED)
        return preview
    messages.success(request, f"Imported {upload.filename}: {upload.summary}.")
    return preview


def _render_preview(request, access, upload, checked) -> HttpResponse:
    problems = checked.problems if checked else []
    # None when not known: the page then says nothing rather than "no value would change".
    changes = value_changes(access, checked) if checked and not problems else None
    return render(request, "measures/upload_preview.html", {
        "value_changes": (changes or [])[:CHANGES_SHOWN],
        "changes_hidden": max(0, len(changes or []) - CHANGES_SHOWN),
        "changes_known": bool(checked and checked.changes) and changes is not None,
        "upload": upload,
        "checked": checked, "problems": problems[:PROBLEMS_SHOWN],
        "problems_hidden": max(0, checked.problem_count - PROBLEMS_SHOWN) if checked else 0,
        "warnings": checked.warnings[:PROBLEMS_SHOWN] if checked and not problems else [],
        "sample": checked.rows[:SAMPLE_ROWS] if checked else [],
        "scorecard_url": reverse("scorecard", args=[access.partnership.short_name]),
    })
