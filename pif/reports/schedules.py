"""Scheduled reports: when a schedule next runs, which schedules are due, and producing one.

`pif worker` (pif/reports/management/commands/worker.py) enqueues a background task
(pif/reports/tasks.py) for each schedule due today; the task calls `run_schedule`, which, in
one transaction:

1. locks the schedule's row and skips it unless it is still due (so a task run twice, or two
   workers, produce one report for the day). On PostgreSQL the lock decides; on any database
   the constraint "one_scheduled_report_a_day" (a schedule's one report for each `as_of`)
   does too: a run that finds the day's report made by another meanwhile does nothing more;
2. builds the report as the partnership stood at the end of the day before, and keeps it as a
   `Report` of the schedule (pif/reports/services/schedules.py);
3. notes who it is emailed to and signs it off (final: the kept copy stays what was sent),
   and moves `next_run_on` on by the schedule's frequency until it is after today: after the
   worker was down for weeks a schedule runs once, not once for each date missed. Recipients
   no longer members of the partnership are skipped (never emailed) and named in the
   schedule's `last_note`, so an editor can mend the list: the run still worked;
4. last of all, emails it, as an attachment in the schedule's format, to the recipients who
   are members. Any failure before (or of) the sending rolls everything back, so an email is
   never sent for a report that is not kept, and a retry never sends one twice.

A schedule that fails keeps nothing, and the other schedules run as usual. A passing fault
(the mail server not answering, say) is recorded in `last_error`; the schedule stays due and
is tried again (`RETRY_AFTER` later). A rule's refusal (ValidationError: every indicator it
chose was deleted, say) would fail the same way each time, so the schedule is stopped
(`active` off), with why and what to do in `last_error` and a "report_schedule_failed" event.

Dates: weekly is 7 days on; monthly the same day of the next month, clamped to the month's
end; quarterly three months on and yearly twelve, clamped the same way. Decided: a date is
worked out from the date before it, with no stored "anchor" day, so a monthly schedule set for
31 January runs on 28 (or 29) February and then on the 28th (29th) of each month after. The
form says so: choose the 28th or earlier to keep a monthly report on one day of the month.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import slugify

from pif.lib.periods import format_long_date
from pif.lib.text import one_line
from pif.reports.kinds.base import add_months
from pif.reports.models import Frequency, Report, ReportFormat, ReportSchedule

logger = logging.getLogger(__name__)

# How long after a failed attempt the worker tries a schedule again.
RETRY_AFTER = datetime.timedelta(hours=1)
MONTHS = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.YEARLY: 12}
MIME_TYPES = {
    ReportFormat.PDF: "application/pdf",
    ReportFormat.HTML: "text/html",
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

FORMAT_WORDS = {ReportFormat.PDF: "a PDF file", ReportFormat.HTML: "a web page (an HTML file)",
                ReportFormat.XLSX: "an Excel spreadsheet"}

# What `run_schedule` did, as the task returns it.
PRODUCED, NOT_DUE, FAILED, STOPPED, GONE = "produced", "not due", "failed", "stopped", "gone"


def today() -> datetime.date:
    """The local day the worker produces reports for (tests replace it)."""
    return timezone.localdate()


def next_date(frequency: str, after: datetime.date) -> datetime.date:
    """The date a schedule of `frequency` runs next after running on `after`."""
    if frequency == Frequency.WEEKLY:
        return after + datetime.timedelta(days=7)
    try:
        return add_months(after, MONTHS[Frequency(frequency)])
    except (KeyError, ValueError):
        raise ValueError(f"Unknown frequency {frequency!r}") from None


def date_after(frequency: str, start: datetime.date, day: datetime.date) -> datetime.date:
    """The first of `start`'s dates (`start`, then each `next_date`) after `day`: one run
    after the worker was down, then the schedule's own next date."""
    moved = start
    while moved <= day:
        moved = next_date(frequency, moved)
    return moved


def due_schedules(day: datetime.date):
    """The active schedules due on or before `day`, soonest first."""
    return (ReportSchedule.objects.filter(active=True, next_run_on__lte=day)
            .select_related("partnership", "created_by").order_by("next_run_on", "pk"))


def recently_failed(schedule: ReportSchedule, now: datetime.datetime | None = None) -> bool:
    """Whether a due schedule failed less than RETRY_AFTER ago, so is not tried yet."""
    now = now or timezone.now()
    return bool(schedule.last_error and schedule.last_run_at
                and now - schedule.last_run_at < RETRY_AFTER)


# Recipients -----------------------------------------------------------------------------

def recipient_lines(text: str) -> list[str]:
    """The addresses a schedule lists, one a line, as typed (blank lines left out)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def member_emails(partnership) -> dict[str, str]:
    """The email address of each member of `partnership`, by its lower-case form."""
    from pif.partnerships.models import Membership

    emails = (Membership.objects.filter(partnership=partnership)
              .exclude(user__email="").values_list("user__email", flat=True))
    return {email.lower(): email for email in emails}


def split_recipients(schedule: ReportSchedule) -> tuple[list[str], list[str]]:
    """(the members to email, the addresses skipped as not members), each once."""
    members = member_emails(schedule.partnership)
    send, skipped = [], []
    for line in recipient_lines(schedule.recipients):
        email = members.get(line.lower())
        if email is None:
            if line not in skipped:
                skipped.append(line)
        elif email not in send:
            send.append(email)
    return send, skipped


def skipped_note(skipped: list[str]) -> str:
    if not skipped:
        return ""
    names = ", ".join(skipped)
    return (f"Not emailed to {names}: not a member of the partnership. Remove "
            f"{'it' if len(skipped) == 1 else 'them'} from the list, or add "
            f"{'the person' if len(skipped) == 1 else 'them'} as a member.")


# The email --------------------------------------------------------------------------------

def _link(name: str, *args) -> str:
    try:
        return settings.SITE_URL.rstrip("/") + reverse(name, args=args)
    except NoReverseMatch:
        return ""


def attachment_name(report: Report, fmt: str) -> str:
    return f"{slugify(report.title) or 'report'}-{report.as_of:%Y-%m-%d}.{fmt}"


def report_email(schedule: ReportSchedule, report: Report, data: bytes,
                 recipients: list[str]) -> EmailMessage:
    partnership = schedule.partnership
    context = {"schedule": schedule, "report": report, "partnership": partnership,
               "as_of": format_long_date(report.as_of),
               "format": FORMAT_WORDS[ReportFormat(schedule.format)],
               "report_link": _link("report", partnership.short_name, report.pk),
               "schedules_link": _link("report_schedules", partnership.short_name)}
    message = EmailMessage(
        subject=one_line(f"{report.title}: {partnership.name}, {format_long_date(report.as_of)}"),
        body=render_to_string("reports/schedule_email.txt", context), to=recipients)
    message.attach(attachment_name(report, schedule.format), data,
                   MIME_TYPES[ReportFormat(schedule.format)])
    return message


# Running a schedule ------------------------------------------------------------------------

def run_schedule(schedule: ReportSchedule, day: datetime.date) -> str:
    """Produce `schedule`'s report for `day` if it is still due (see the module's docstring).
    Returns PRODUCED, NOT_DUE (already made for the day, or stopped), GONE (deleted), FAILED
    (a passing fault: tried again later) or STOPPED (a rule refused it); never raises for a
    failure of the schedule's own, so the others still run."""
    from pif.reports.services import schedules as services

    try:
        with transaction.atomic():
            locked = (ReportSchedule.objects.select_for_update()
                      .filter(pk=schedule.pk).first())
            if locked is None:
                return GONE
            if not locked.active or locked.next_run_on > day:
                return NOT_DUE  # already run for the day, or stopped since it was enqueued
            locked = (ReportSchedule.objects.select_related("partnership", "created_by")
                      .get(pk=locked.pk))
            produced = _produce(services, locked, day)
            if produced is ALREADY_MADE:
                return NOT_DUE
            if produced is not None:
                # The transaction's last step: whatever failed before kept nothing and sent
                # nothing; if sending fails, nothing is kept either.
                produced.send()
    except ValidationError as error:  # a rule refuses it: it would fail the same each time
        logger.warning("Scheduled report %s stopped on %s: %s", schedule.pk, day, error)
        services.record_stopped(schedule, day, _error_words(error))
        return STOPPED
    except Exception as error:  # one schedule's failure never stops the others
        logger.exception("Scheduled report %s not produced for %s", schedule.pk, day)
        services.record_failure(schedule, day, _error_words(error))
        return FAILED
    return PRODUCED


# `_produce` found the day's report made meanwhile by another run of the same schedule.
ALREADY_MADE = object()


def _produce(services, schedule: ReportSchedule, day: datetime.date):
    """Keep the day's report and record the run; returns the email to send (None when there
    is nobody to email, or the report was kept already), or ALREADY_MADE."""
    from pif.reports import render

    actor = services.schedule_actor(schedule)
    as_of = day - datetime.timedelta(days=1)
    recipients, skipped = split_recipients(schedule)
    message = None
    # Kept already (the date was moved back since): not built, nor emailed, twice.
    if not kept_already(schedule, as_of):
        try:
            with transaction.atomic():  # a savepoint, so the transaction goes on after
                report = services.keep_report(actor, schedule, as_of=as_of)
        except (IntegrityError, ValidationError):
            # "one_scheduled_report_a_day": another run made it since we looked.
            if kept_already(schedule, as_of):
                return ALREADY_MADE
            raise
        if recipients and not actor.is_demo:
            data = render.render(report.content, schedule.format)
            message = report_email(schedule, report, data, recipients)
            services.record_emailed(actor, report, recipients)  # and signs it off
    services.record_run(actor, schedule, day, note=skipped_note(skipped))
    return message


def kept_already(schedule: ReportSchedule, as_of: datetime.date) -> bool:
    """Whether the schedule's report as of `as_of` is kept."""
    return Report.objects.filter(schedule=schedule, as_of=as_of).exists()


def _error_words(error: Exception) -> str:
    if isinstance(error, ValidationError):
        said = " ".join(error.messages)
    else:
        said = f"{type(error).__name__}: {error}".rstrip(": ")
    return said[:1000]


def run_due(day: datetime.date) -> dict[int, str]:
    """Run every schedule due on `day` here and now (no queue), each on its own: what each
    did, by schedule id."""
    return {schedule.pk: run_schedule(schedule, day) for schedule in due_schedules(day)}
