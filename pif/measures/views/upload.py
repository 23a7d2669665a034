"""Uploading indicator values from CSV or Excel: choose a file, preview it, then import it.

The file is read and checked once, when it is uploaded, and the result kept on the upload;
the preview shows every problem and warning from it, and nothing is imported until the file
is clean and the person confirms. An upload is seen only by the person who made it and by the
partnership's editors; anyone else gets 404.
"""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from pif.forms import GovukForm
from pif.measures.access import changeable_indicators
from pif.measures.importing import Checked, ImportOptions, Problem, check_file, import_checked
from pif.measures.importing.run import JSON_VERSION, refusal_problems
from pif.measures.models import Upload
from pif.measures.rules import ObservationRefused
from pif.partnerships.access import Access, partnership_view

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAPPED_FIELDS = ("indicator", "period", "value", "numerator", "denominator", "breakdown",
                 "status", "note")
PROBLEMS_SHOWN = 1000
SAMPLE_ROWS = 10
# Saying exactly what would change means writing and rolling back; beyond this many values
# the preview gives the counts from the file alone, to keep the page quick.
PREVIEW_DRY_RUN_LIMIT = 5000
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


def check_upload(access: Access, upload: Upload) -> None:
    """Read and check the file as this person would import it, and keep the result with it:
    this is the only time the file is read. A new upload is saved only now, file and check
    together: saving the check afterwards would have the database copy the file again."""
    options = ImportOptions(mapping=upload.mapping.get("map", {}),
                            indicator=upload.mapping.get("indicator", ""))
    changeable = None if access.can_edit else changeable_indicators(access)
    organisation = access.membership.organisation
    checked = check_file(_content(upload), upload.filename, partnership=access.partnership,
                         options=options, changeable=changeable,
                         organisation_name=organisation.name if organisation else "")
    checked.changes = _what_would_change(access, checked)
    upload.checked = checked.to_json()
    del checked  # its rows are now packed in upload.checked: let go of them before saving
    upload.save(update_fields=None if upload._state.adding else ["checked"])


def _content(upload: Upload) -> bytes:
    """The file: the one just received, or read from the database for an older upload (pages
    leave it out of the upload they load, as it is rarely needed)."""
    if "content" not in upload.get_deferred_fields():
        return bytes(upload.content)
    return bytes(Upload.objects.filter(pk=upload.pk).values_list("content", flat=True).get())


def _what_would_change(access: Access, checked: Checked) -> str:
    """Saying exactly what would change means writing and rolling back, so it is done once,
    when the file is checked, and only for files small enough to do it quickly."""
    if not checked.ok or len(checked.rows) > PREVIEW_DRY_RUN_LIMIT:
        return ""
    try:
        result = import_checked(checked, partnership=access.partnership, user=None,
                                approve=access.can_edit, dry_run=True)
    except ObservationRefused as refused:
        checked.problems += refusal_problems(checked, refused)
        return ""
    return result.describe()


def stored_check(access: Access, upload: Upload) -> Checked:
    """The check kept when the file was uploaded (made now for uploads from before checks
    were kept, or kept in an older form), with what has changed in the partnership since."""
    if upload.checked is None or upload.checked.get("version") != JSON_VERSION:
        check_upload(access, upload)
    checked = Checked.from_json(upload.checked, partnership=access.partnership)
    if not access.can_edit:
        mine = set(changeable_indicators(access).values_list("code", flat=True))
        checked.problems += [
            Problem(None, None, f"You can no longer upload data for {code}: upload a file "
                    "without it") for code in checked.indicator_codes
            if code not in mine and code not in checked.new_indicators]
    return checked


@partnership_view("contribute")
def upload_start(request: HttpRequest, access: Access) -> HttpResponse:
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None,
                      indicators=changeable_indicators(access))
    if posted and form.is_valid():
        file = form.cleaned_data["file"]
        upload = Upload(partnership=access.partnership, uploaded_by=request.user,
                        filename=file.name[:255], content=file.read(), mapping=form.mapping())
        check_upload(access, upload)
        return redirect("upload_preview", access.partnership.short_name, upload.pk)
    return render(request, "measures/upload.html", {
        "access": access, "partnership": access.partnership, "form": form,
        "uploads": visible_uploads(access, request.user).select_related("uploaded_by")[:10],
    })


@partnership_view("contribute")
def upload_preview(request: HttpRequest, access: Access, upload_id: int) -> HttpResponse:
    upload = get_upload(access, request.user, upload_id)
    if request.method == "POST":
        return _confirm(request, access, upload)
    if upload.imported_at is not None:
        return _render_preview(request, access, upload, None)
    return _render_preview(request, access, upload, stored_check(access, upload))


def _confirm(request: HttpRequest, access: Access, upload: Upload) -> HttpResponse:
    """Import the checked file once. The confirm button can be pressed twice, or the form
    sent again, while the first import runs: only the request that claims the upload
    imports it, the others say it has already been imported."""
    preview = redirect("upload_preview", access.partnership.short_name, upload.pk)
    if upload.imported_at is not None:
        messages.info(request, ALREADY_IMPORTED)
        return preview
    checked = stored_check(access, upload)
    if not checked.ok:
        return _render_preview(request, access, upload, checked)
    try:
        with transaction.atomic():
            if not _claim(upload):
                messages.info(request, ALREADY_IMPORTED)
                return preview
            result = import_checked(checked, partnership=access.partnership,
                                    user=request.user, approve=access.can_edit)
            upload.mark_imported(result.describe())
    except ObservationRefused as refused:
        checked.problems += refusal_problems(checked, refused)
        return _render_preview(request, access, upload, checked)
    messages.success(request, f"Imported {upload.filename}: {upload.summary}.")
    return preview


def _claim(upload: Upload) -> bool:
    """Mark the upload imported unless another request already has. The update waits for
    any other request's import to commit, then finds nothing left to claim."""
    return bool(Upload.objects.filter(pk=upload.pk, imported_at__isnull=True)
                .update(imported_at=timezone.now()))


def _render_preview(request, access, upload, checked) -> HttpResponse:
    problems = checked.problems if checked else []
    return render(request, "measures/upload_preview.html", {
        "access": access, "partnership": access.partnership, "upload": upload,
        "checked": checked, "problems": problems[:PROBLEMS_SHOWN],
        "problems_hidden": max(0, checked.problem_count - PROBLEMS_SHOWN) if checked else 0,
        "warnings": checked.warnings[:PROBLEMS_SHOWN] if checked and not problems else [],
        "sample": checked.rows[:SAMPLE_ROWS] if checked else [],
        "scorecard_url": reverse("scorecard", args=[access.partnership.short_name]),
    })
