"""The background tasks of reports (django-tasks, on its database backend: the queue is a table
in PIF's own database, so no Redis or other server is needed). `pif worker` enqueues and runs
them (pif/reports/management/commands/worker.py).

`produce_scheduled_report(schedule_id, day)` runs one schedule for one day
(`pif.reports.schedules.run_schedule`): it locks the schedule's row and does nothing unless
the schedule is still due, and a schedule has one report for a day (a constraint), so a task
run twice (or by two workers) produces one report. It never raises for the schedule's own
failure, which is recorded on the schedule instead.

`enqueue_due` adds no task for a schedule that has one waiting or running already.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import TaskResultStatus, task

from pif.reports import schedules
from pif.reports.models import ReportSchedule


@task()
def produce_scheduled_report(schedule_id: int, day: str) -> str:
    """Produce schedule `schedule_id`'s report for `day` (an ISO date) if it is still due;
    returns what was done ("produced", "not due", "failed", "stopped" or "gone")."""
    schedule = ReportSchedule.objects.filter(pk=schedule_id).first()
    if schedule is None:
        return schedules.GONE
    return schedules.run_schedule(schedule, datetime.date.fromisoformat(day))


# A task still running after this long is taken for dead (its worker was killed: a report
# takes seconds), so its schedule is enqueued again; the schedule's row lock and its one
# report a day still keep a second report from being made.
RUNNING_AT_MOST = datetime.timedelta(hours=1)


def waiting_schedule_ids() -> set[int]:
    """The schedules with a task waiting in the queue, or running (started within
    RUNNING_AT_MOST)."""
    from django.db.models import Q
    from django_tasks_db.models import DBTaskResult

    found = set()
    running = Q(status=TaskResultStatus.RUNNING,
                started_at__gte=timezone.now() - RUNNING_AT_MOST)
    for args_kwargs in DBTaskResult.objects.filter(
            Q(status=TaskResultStatus.READY) | running,
            task_path=produce_scheduled_report.module_path).values_list("args_kwargs",
                                                                        flat=True):
        args, kwargs = args_kwargs.get("args") or [], args_kwargs.get("kwargs") or {}
        schedule_id = args[0] if args else kwargs.get("schedule_id")
        if isinstance(schedule_id, int):
            found.add(schedule_id)
    return found


def enqueue_due(day: datetime.date) -> list[tuple[ReportSchedule, object]]:
    """Enqueue one task for each schedule due on `day`, but not for one that already has a
    task waiting or running, nor one that failed less than an hour ago (it is tried again
    after).
    Returns each schedule enqueued with its task's result (django_tasks.TaskResult)."""
    waiting = waiting_schedule_ids()
    return [(schedule, produce_scheduled_report.enqueue(schedule.pk, day.isoformat()))
            for schedule in schedules.due_schedules(day)
            if schedule.pk not in waiting and not schedules.recently_failed(schedule)]
