"""The action plan in and out: download it as CSV or Excel, import it from a spreadsheet
(check, preview, confirm: all or nothing), and see it as a timeline with its table."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from pif.actors import Actor
from pif.form_pages import posted
from pif.forms import FilterForm, GovukForm
from pif.improvement import exporting, importing, timeline
from pif.improvement.forms.actions import ActionFilterForm
from pif.improvement.services import actions as actions_service
from pif.improvement.views import actions as list_views
from pif.measures.views.upload import MAX_UPLOAD_BYTES
from pif.partnerships.access import Access, partnership_view
from pif.tables import table_response

PROBLEMS_SHOWN = 1000
# A form's fields may hold this much (Django refuses a larger request); keep room for the rest.
TOKEN_ROOM = (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 10**9) - 10_000


def filtered_actions(access: Access, query):
    """The partnership's actions, filtered as the list page filters them: its filter form,
    read from the same query string, and its filtering."""
    settings = actions_service.settings_for(access.partnership)
    filters = ActionFilterForm(query, partnership=access.partnership,
                               stale_after_days=settings.stale_after_days)
    return list_views._filtered(access.partnership, filters.values, settings,
                                timezone.localdate())


# Export --------------------------------------------------------------------------------

@partnership_view("read")
def actions_export(request: HttpRequest, access: Access, fmt: str) -> HttpResponse:
    rows = exporting.export_rows(filtered_actions(access, request.GET), access.partnership,
                                 timezone.localdate())
    return table_response(f"{access.partnership.short_name}-actions", fmt, exporting.HEADERS,
                          rows, sheet_title="Actions")


# Import --------------------------------------------------------------------------------

class ActionImportForm(GovukForm):
    file = forms.FileField(
        label="Upload a file", help_text="A CSV or Excel (.xlsx) file, up to 10 MB.",
        error_messages={"required": "Select a CSV or Excel file",
                        "empty": "The selected file is empty"})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 10 MB")
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx", ".xlsm")):
            raise forms.ValidationError("The selected file must be a CSV or Excel (.xlsx) file")
        return upload


@partnership_view("edit")
def actions_import(request: HttpRequest, access: Access) -> HttpResponse:
    """Choose a file (GET), see every problem or a preview (POST with a file), import it
    (POST with the preview's token)."""
    data = posted(request)
    if data is not None and "token" in data:
        return _confirm(request, access, data.get("token", ""))
    form = ActionImportForm(data, request.FILES if data is not None else None)
    if data is not None and form.is_valid():
        file = form.cleaned_data["file"]
        checked = importing.check_file(file.read(), file.name, access.partnership)
        return _preview(request, access, checked)
    return render(request, "improvement/action_import.html", {
        "form": form,
        "optional_columns": [header for name, (header, _) in importing.COLUMNS.items()
                             if name not in importing.REQUIRED],
        "export_url": reverse("actions_export", args=[access.partnership.short_name, "xlsx"]),
    })


def _preview(request, access, checked) -> HttpResponse:
    token = checked.token() if checked.ok else ""
    if len(token) > TOKEN_ROOM:  # the confirm button could not send it back
        token = ""
        checked.problems.append(importing.Problem(
            None, None, f"{checked.filename} holds too much text to import from this page: "
            "import it with pif import_actions, or split it into smaller files"))
    return render(request, "improvement/action_import_preview.html", {
        "checked": checked, "problems": checked.problems[:PROBLEMS_SHOWN],
        "problems_hidden": max(0, len(checked.problems) - PROBLEMS_SHOWN),
        "token": token,
        "import_url": reverse("actions_import", args=[access.partnership.short_name]),
    })


def _confirm(request, access, token: str) -> HttpResponse:
    checked = importing.check_token(token, access.partnership)
    import_url = reverse("actions_import", args=[access.partnership.short_name])
    if checked is None:
        messages.error(request, "That preview has expired or was changed: upload the file "
                                "again")
        return redirect(import_url)
    try:
        result = importing.import_checked(Actor.from_request(request), checked)
    except importing.ImportRefused as refused:
        checked.problems = refused.problems
        return _preview(request, access, checked)
    messages.success(request, f"Imported {checked.filename}: {result.describe()}.")
    return redirect("actions", access.partnership.short_name)


# Timeline ------------------------------------------------------------------------------

class TimelineForm(FilterForm):
    by = forms.ChoiceField(label="Group by", choices=list(timeline.GROUPINGS.items()),
                           initial="outcome")


@partnership_view("read")
def actions_timeline(request: HttpRequest, access: Access) -> HttpResponse:
    form = TimelineForm(request.GET)
    chart = timeline.build(access.partnership, timezone.localdate(), by=form.values["by"])
    return render(request, "improvement/action_timeline.html", {
        "form": form, "timeline": chart,
        "actions_url": reverse("actions", args=[access.partnership.short_name]),
    })
