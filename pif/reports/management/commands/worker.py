"""`pif worker`: the background worker. It enqueues a task for each report schedule that is
due (pif/reports/tasks.py) and runs the queue with django-tasks-db's own worker; then, every
`--interval` seconds (a minute unless told), it looks for schedules that have come due again.
Run it as a service (systemd, say): the queue is a table in PIF's database, so nothing else
(no Redis) is needed. `--once` enqueues what is due, runs the queue until it is empty and
exits, for cron and for tests; it exits non-zero, naming them, if any schedule failed or was
stopped (a rule refused its report: it waits for an editor to mend it).
"""

import logging
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker, valid_interval

from pif.lib.periods import format_long_date
from pif.reports import schedules, tasks

# How often the worker looks at the queue for other tasks between two looks for schedules.
POLL_SECONDS = 1.0


class Command(BaseCommand):
    help = ("Run the background worker: produce the scheduled reports that are due, keep "
            "them and email them, then look again every --interval seconds. --once: run "
            "what is due now, then exit.")

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true",
                            help="Enqueue the schedules due now, run the queue until it is "
                                 "empty, then exit (for cron).")
        parser.add_argument("--interval", type=valid_interval, default=60.0,
                            help="Seconds between two looks for schedules that have come due "
                                 "(default 60).")

    def handle(self, *args, once=False, interval=60.0, verbosity=1, **options):
        logging.getLogger("django_tasks_db").setLevel(
            logging.DEBUG if verbosity > 1 else logging.WARNING)
        worker = Worker(queue_names=["*"], interval=0, batch=True,
                        backend_name=DEFAULT_TASK_BACKEND_ALIAS, startup_delay=False,
                        max_tasks=None, worker_id=get_random_string(32),
                        excluded_queue_names=[])
        if once:
            self._once(worker)
            return
        worker.configure_signals()  # stop between tasks on SIGTERM or Ctrl+C
        self.stdout.write(f"Worker started: looking for scheduled reports every "
                          f"{interval:g} seconds. Press Ctrl+C to stop.")
        last_look = None
        while worker.running:
            if last_look is None or time.monotonic() - last_look >= interval:
                self._enqueue()
                last_look = time.monotonic()
            worker.run()
            if worker.running:
                time.sleep(POLL_SECONDS)

    def _enqueue(self) -> list:
        day = schedules.today()
        results = tasks.enqueue_due(day)
        if results:
            count = len(results)
            self.stdout.write(f"{count} scheduled report{'s' if count != 1 else ''} due on "
                              f"{format_long_date(day)}.")
        return results

    def _once(self, worker) -> None:
        results = self._enqueue()
        worker.run()
        failed, stopped = [], []
        for schedule, result in results:
            result.refresh()
            outcome = (result.return_value if result.status == TaskResultStatus.SUCCESSFUL
                       else schedules.FAILED)
            self.stdout.write(f"“{schedule.title}”: {outcome}.")
            if outcome == schedules.FAILED:
                failed.append(f"“{schedule.title}”")
            elif outcome == schedules.STOPPED:
                stopped.append(f"“{schedule.title}”")
        if not results:
            self.stdout.write("No scheduled reports are due.")
        said = []
        if failed:
            said.append(f"Not produced: {', '.join(failed)}. The error is on the "
                        "partnership's scheduled reports page; PIF tries again within the "
                        "hour.")
        if stopped:
            said.append(f"Stopped: {', '.join(stopped)}. Why is on the partnership's "
                        "scheduled reports page; an editor mends the schedule and starts it "
                        "again.")
        if said:
            raise CommandError(" ".join(said))
