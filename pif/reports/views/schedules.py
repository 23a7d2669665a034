"""The scheduled reports pages: the list (each schedule's next date, how often, how many it is
emailed to, its last run, any problem (`last_error`, counted as failing: PIF stopped it, or
tries again) or note (`last_note`, from a run that worked), and the reports it produced),
setting one up, changing it and deleting it. Every change goes through
pif.reports.services.schedules; `pif worker` produces the reports (pif/reports/schedules.py)."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from pif.actors import Actor
from pif.confirming import confirm_removal
from pif.form_pages import form_page, posted
from pif.lib.periods import format_long_date
from pif.lib.text import parse_id
from pif.partnerships.access import Access, partnership_view
from pif.reports.forms.schedules import ScheduleForm
from pif.reports.models import Report, ReportSchedule
from pif.reports.schedules import recipient_lines
from pif.reports.services import schedules as services

T = "reports/"
RECENT_REPORTS = 5  # the reports shown under each schedule, newest first


def url(name: str, access: Access, *args) -> str:
    return reverse(name, args=[access.partnership.short_name, *args])


def get_schedule(access: Access, schedule_id: int) -> ReportSchedule:
    return get_object_or_404(ReportSchedule.objects.select_related("partnership"),
                             pk=schedule_id, partnership=access.partnership)


@partnership_view("read")
def report_schedules(request: HttpRequest, access: Access) -> HttpResponse:
    recent = Report.objects.only("pk", "partnership_id", "schedule_id", "title", "as_of",
                                 "emailed_to").order_by("-as_of", "-pk")[:RECENT_REPORTS]
    rows = list(ReportSchedule.objects.filter(partnership=access.partnership)
                .order_by("-active", "next_run_on", "pk")  # stopped ones last
                .prefetch_related(Prefetch("reports", queryset=recent, to_attr="recent")))
    for schedule in rows:
        schedule.recipient_count = len(recipient_lines(schedule.recipients))
        for report in schedule.recent:
            report.emailed_count = len(recipient_lines(report.emailed_to))
    failing = sum(1 for schedule in rows if schedule.last_error)
    stopped = sum(1 for schedule in rows if schedule.last_error and not schedule.active)
    return render(request, T + "schedules.html", {
        "rows": rows, "failing": failing, "stopped": stopped,
        "count_words": f"{len(rows)} schedule{'s' if len(rows) != 1 else ''}"})


def _schedule_form(request: HttpRequest, access: Access, schedule: ReportSchedule
                   ) -> HttpResponse:
    adding = schedule.pk is None
    copied = _copy_report(request, access, schedule) if adding else None
    if adding:
        schedule.next_run_on = first_of_next_month()
    form = ScheduleForm(access.partnership, posted(request), instance=schedule)

    def save(form):
        actor = Actor.from_request(request)
        data = {name: form.cleaned_data[name] for name in
                ("kind", "title", "frequency", "next_run_on", "format", "recipients")}
        data["options"] = form.options
        if adding:
            return services.create_schedule(actor, access.partnership, **data)
        return services.update_schedule(actor, form.instance,
                                        loaded_version=form.loaded_version,
                                        active=form.cleaned_data["active"], **data)

    back = url("report_schedules", access)
    return form_page(
        request, form, save,
        success=(lambda saved: f"Schedule set up. “{saved}” is first produced on "
                 f"{format_long_date(saved.next_run_on)}.") if adding
        else "Schedule saved.",
        next_url=back, what="this schedule", template=T + "schedule_form.html",
        context={"title": "Schedule a report" if adding else f"Change “{schedule}”",
                 "intro": "PIF makes the report on each date, keeps it with the partnership's "
                          "reports and emails it to the members you list." +
                          (f" The choices of “{copied}” are filled in." if copied else ""),
                 "back_url": back, "back_label": "the scheduled reports"})


def first_of_next_month():
    """The date a new schedule offers: the 1st of next month, for the month just ended."""
    today = timezone.localdate()
    return (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def _copy_report(request: HttpRequest, access: Access, schedule: ReportSchedule):
    """`?report=ID`: start from a report's kind, title and choices ("Schedule this report").
    An id that is not one of this partnership's reports is ignored."""
    report_id = parse_id(request.GET.get("report"))
    report = (Report.objects.filter(pk=report_id, partnership=access.partnership).first()
              if report_id else None)
    if report is not None:
        schedule.kind, schedule.title, schedule.options = (report.kind, report.title,
                                                           dict(report.options))
    return report


@partnership_view("edit")
def report_schedule_add(request: HttpRequest, access: Access) -> HttpResponse:
    return _schedule_form(request, access, ReportSchedule(partnership=access.partnership))


@partnership_view("edit")
def report_schedule_edit(request: HttpRequest, access: Access, schedule_id: int
                         ) -> HttpResponse:
    return _schedule_form(request, access, get_schedule(access, schedule_id))


@partnership_view("edit")
def report_schedule_delete(request: HttpRequest, access: Access, schedule_id: int
                           ) -> HttpResponse:
    schedule = get_schedule(access, schedule_id)
    back = url("report_schedules", access)
    return confirm_removal(
        request, remove=lambda: services.delete_schedule(Actor.from_request(request), schedule),
        done=f"Schedule “{schedule}” deleted. The reports it made are kept.", next_url=back,
        template=T + "schedule_delete.html",
        context={"schedule": schedule, "cancel_url": back,
                 "report_count": schedule.reports.count()})
