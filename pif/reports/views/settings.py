"""The partnership's reporting settings page: which statutory reports it makes, so the
reporting calendar shows only those. Saved through pif.reports.services.settings."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from pif.actors import Actor
from pif.form_pages import form_page, posted
from pif.partnerships.access import Access, partnership_view
from pif.reports.forms.reports import ReportSettingsForm
from pif.reports.services import settings as services


@partnership_view("admin")
def report_settings(request: HttpRequest, access: Access) -> HttpResponse:
    settings = services.reporting_settings(access.partnership)
    saved = not settings._state.adding
    form = ReportSettingsForm(
        posted(request), record=settings if saved else None,
        templates=services.statutory_templates(),
        initial={"statutory_reports": list(settings.statutory_reports or ())})
    back = reverse("report_calendar", args=[access.partnership.short_name])
    return form_page(
        request, form, lambda form: services.set_statutory_reports(
            Actor.from_request(request), access.partnership,
            statutory_reports=form.cleaned_data["statutory_reports"],
            loaded_version=form.loaded_version),
        success="Saved. The reporting calendar shows the statutory reports the partnership "
                "makes.",
        next_url=back, what="the reporting settings", template="reports/settings.html",
        context={"title": "Statutory reports the partnership makes", "back_url": back,
                 "back_label": "the reporting calendar"})
