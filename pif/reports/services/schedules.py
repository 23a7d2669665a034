"""Every change to report schedules, actor first: setting one up, changing it, deleting it,
and what the worker records when it runs one (pif/reports/schedules.py): the report kept, who
it was emailed to (the report is then signed off: final, as emailed), the next date, a
passing failure (tried again later) and a schedule stopped because a rule refuses it. Each
checks the rules in pif/reports/rules/schedules.py (and, for the report's choices, those of
reports: `kinds.validate_options`, `check_has_indicators`), keeps history (`actor.stamp`,
pif.history_writes), claims the schedule's version (pif.editing) and writes an event a board
member would want to read.

Only editors and admins set up, change and delete schedules (as they make reports). A
scheduled report is made by the person who set the schedule up while they are still an
editor or admin of the partnership; otherwise by the worker as the installation's operator.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from pif import history_writes
from pif.actors import COMMAND_LINE, Actor
from pif.editing import PROGRAM_CHANGE, LoadedVersion, claim_version
from pif.lib.periods import format_long_date
from pif.reports.models import Audience, Report, ReportSchedule
from pif.reports.rules import reports as report_rules
from pif.reports.rules import schedules as rules
from pif.reports.services import reports as report_services
from pif.rules import refuse

FIELDS = ("kind", "title", "options", "frequency", "next_run_on", "recipients", "format",
          "active")


def _kinds():
    from pif.reports import kinds

    return kinds


def _check(schedule: ReportSchedule, *, date_changed: bool) -> None:
    """Every rule about a schedule, as it is about to be saved, whatever the path (the form
    offers only what holds, but the command line and the demo call here too). Sets the
    schedule's options to the cleaned ones `kinds.validate_options` returns: ids as sorted
    whole numbers, and only what the kind asks for."""
    from pif.reports.schedules import member_emails

    partnership = schedule.partnership
    kinds = _kinds()
    refuse(rules.check_kind(schedule.kind, kinds.TEMPLATES))
    needs = set(kinds.TEMPLATES[schedule.kind].needs)
    refuse(rules.check_kind_schedulable(needs))
    refuse(rules.check_next_run_on(schedule.next_run_on, timezone.localdate(),
                                   changed=date_changed)
           + rules.check_recipients((schedule.recipients or "").splitlines(),
                                    set(member_emails(partnership))))
    schedule.options = _cleaned_options(partnership, schedule.kind, schedule.options or {})
    if needs & set(report_services.INDICATOR_OPTIONS):
        # The same rule as a report made by hand: the choices must take in an indicator.
        refuse(report_rules.check_has_indicators(
            report_services.selected_indicator_count(partnership, schedule.options)))
    schedule.full_clean(exclude=["partnership", "created_by", "options"])


def _cleaned_options(partnership, kind: str, options: dict) -> dict:
    """`kinds.validate_options`'s cleaned options; a refusal is put on the option's field
    (as for a report made by hand), or above the form where it has none."""
    try:
        return _kinds().validate_options(partnership, kind, options)
    except ValidationError as error:
        if (hasattr(error, "error_dict")
                or getattr(error, "code", None) not in report_services.NEEDS):
            raise
        raise ValidationError({error.code: error.messages}) from None


@transaction.atomic
def create_schedule(actor: Actor, partnership, *, kind: str, title: str,
                    next_run_on: datetime.date, frequency: str = ReportSchedule.Frequency.MONTHLY,
                    recipients: str = "", format: str = "pdf", options: dict | None = None,
                    active: bool = True) -> ReportSchedule:
    """Set up a schedule: a report of `kind` produced on `next_run_on` and then every
    `frequency`, emailed to `recipients` (members' addresses, one a line)."""
    report_services.require_editor(actor, partnership)
    schedule = ReportSchedule(partnership=partnership, kind=kind, title=(title or "").strip(),
                              options=dict(options or {}), frequency=frequency,
                              next_run_on=next_run_on, recipients=recipients or "",
                              format=format, active=active, created_by=actor.user)
    _check(schedule, date_changed=True)
    schedule.recipients = _tidy(schedule.recipients)
    actor.stamp(schedule)
    schedule.save()
    actor.event(partnership, "report_schedule_changed",
                f"Report schedule “{schedule}” set up: first produced on "
                f"{format_long_date(schedule.next_run_on)}", schedule)
    return schedule


@transaction.atomic
def update_schedule(actor: Actor, schedule: ReportSchedule, *, loaded_version: LoadedVersion,
                    **changes) -> ReportSchedule:
    """Change a schedule's fields (any of FIELDS). A date already past may stay as it was (a
    schedule that failed stays due), but a new date must not be in the past. Its last error
    is cleared, so a schedule that failed is tried again at the worker's next look (one PIF
    stopped once it is started again), and its last note too when the list changes."""
    report_services.require_editor(actor, schedule.partnership)
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise TypeError(f"Not fields of a schedule: {', '.join(sorted(unknown))}")
    saved = ReportSchedule.objects.get(pk=schedule.pk)
    for name, value in changes.items():
        setattr(schedule, name, value)
    schedule.title = (schedule.title or "").strip()
    _check(schedule, date_changed=schedule.next_run_on != saved.next_run_on)
    schedule.recipients = _tidy(schedule.recipients)
    # Saved to mend a problem: the worker tries a due schedule again at once, not after the
    # hour it waits after a failure, and says afresh whatever is still wrong.
    schedule.last_error = ""
    if schedule.recipients != saved.recipients:
        schedule.last_note = ""  # about the list as it was: said afresh at the next run
    claim_version(schedule, loaded_version)
    actor.stamp(schedule)
    schedule.save()
    actor.event(schedule.partnership, "report_schedule_changed",
                f"Report schedule “{schedule}” changed", schedule)
    return schedule


@transaction.atomic
def delete_schedule(actor: Actor, schedule: ReportSchedule) -> None:
    """Delete a schedule. The reports it produced are kept, no longer linked to it."""
    partnership = schedule.partnership
    report_services.require_editor(actor, partnership)
    title = str(schedule)
    history_writes.delete(actor, schedule)
    actor.event(partnership, "report_schedule_changed", f"Report schedule “{title}” deleted")


def _tidy(recipients: str) -> str:
    from pif.reports.schedules import recipient_lines

    return "\n".join(recipient_lines(recipients))


# What the worker records ----------------------------------------------------------------

def schedule_actor(schedule: ReportSchedule) -> Actor:
    """Who makes a scheduled report: the person who set the schedule up, while they may
    still make reports in the partnership; otherwise the operator who runs `pif worker`."""
    creator = schedule.created_by
    actor = Actor(user=creator, via=COMMAND_LINE.via)
    if creator is not None and report_services.may_change(actor, schedule.partnership):
        return actor
    return COMMAND_LINE


def keep_report(actor: Actor, schedule: ReportSchedule, *, as_of: datetime.date) -> Report:
    """Build the schedule's report as the partnership stood at the end of `as_of`, and keep
    it as a draft of the schedule, for members only."""
    return report_services.create_report(
        actor, schedule.partnership, kind=schedule.kind, as_of=as_of, title=schedule.title,
        audience=Audience.INTERNAL, options=dict(schedule.options or {}), schedule=schedule)


def record_emailed(actor: Actor, report: Report, recipients: list[str]) -> None:
    """Note who `report` was emailed to, with an event, and sign it off: once emailed it is
    final, so it is never rebuilt, changed or deleted and the kept copy stays what was sent
    (`rules.reports.check_draft`). Nothing to note, and a draft kept, for nobody. Call in the
    transaction that sends the email, before sending it (pif/reports/schedules.py)."""
    if not recipients:
        return
    report.emailed_to = "\n".join(recipients)
    actor.stamp(report, "Emailed")
    report.save(update_fields=["emailed_to"])
    count = len(recipients)
    actor.event(report.partnership, "report_emailed",
                f"Report “{report}” emailed to {count} member{'s' if count != 1 else ''}",
                report)
    report_services.sign_off(actor, report, loaded_version=PROGRAM_CHANGE)


def record_run(actor: Actor, schedule: ReportSchedule, day: datetime.date, *,
               note: str = "") -> None:
    """After the schedule ran on `day`: its next date after `day`, when it ran, and `note`
    (the recipients skipped: not an error) as its last note; any earlier error is cleared.
    Call with the row locked."""
    from pif.reports.schedules import date_after

    claim_version(schedule, PROGRAM_CHANGE)  # an edit form opened before is told
    schedule.next_run_on = date_after(schedule.frequency, schedule.next_run_on, day)
    schedule.last_run_at = timezone.now()
    schedule.last_error, schedule.last_note = "", note
    actor.stamp(schedule, f"Produced for {format_long_date(day)}")
    schedule.save(update_fields=["next_run_on", "last_run_at", "last_error", "last_note",
                                 "version"])


@transaction.atomic
def record_failure(schedule: ReportSchedule, day: datetime.date, error: str) -> None:
    """Record that `schedule` could not be produced on `day` for a passing fault (the mail
    server not answering, say): it stays due, and is tried again later. Its version stays,
    so nobody editing it is interrupted."""
    locked = ReportSchedule.objects.select_for_update().filter(pk=schedule.pk).first()
    if locked is None:
        return
    locked.last_run_at = timezone.now()
    locked.last_error = (f"Not produced on {format_long_date(day)}: {error.rstrip('.')}. "
                         "PIF tries again within the hour.")
    COMMAND_LINE.stamp(locked, "Not produced")
    locked.save(update_fields=["last_run_at", "last_error"])


@transaction.atomic
def record_stopped(schedule: ReportSchedule, day: datetime.date, error: str) -> None:
    """Stop `schedule` (no longer active) because a rule refuses its report on `day` (every
    indicator it chose deleted, say): trying again would fail the same way. Says why and
    what to do in its last error, with an event, as the worker (the operator)."""
    locked = (ReportSchedule.objects.select_for_update().select_related("partnership")
              .filter(pk=schedule.pk).first())
    if locked is None:
        return
    claim_version(locked, PROGRAM_CHANGE)  # it is stopped: an edit form opened before is told
    locked.active = False
    locked.last_run_at = timezone.now()
    reason = error.rstrip(".")
    locked.last_error = (f"Stopped on {format_long_date(day)}: {reason}. Change the "
                         "schedule to mend this, and tick “Produce this report on its dates” "
                         "to start it again.")
    COMMAND_LINE.stamp(locked, "Stopped: not produced")
    locked.save(update_fields=["active", "last_run_at", "last_error", "version"])
    COMMAND_LINE.event(locked.partnership, "report_schedule_failed",
                       f"Report schedule “{locked}” stopped: {reason}"[:500], locked)
