"""Factories for report and public page tests, and URL samples for the test that walks every
URL."""

import datetime

from pif.reports import models as m


def make_report(partnership, kind=m.ReportKind.BOARD, title="Board report", **fields
                ) -> m.Report:
    fields.setdefault("as_of", datetime.date(2026, 10, 31))
    return m.Report.objects.create(partnership=partnership, kind=kind, title=title, **fields)


def make_schedule(partnership, kind=m.ReportKind.SCORECARD, title="Monthly scorecard",
                  **fields) -> m.ReportSchedule:
    fields.setdefault("next_run_on", datetime.date(2026, 12, 1))
    return m.ReportSchedule.objects.create(partnership=partnership, kind=kind, title=title,
                                           **fields)


URL_KWARG_SAMPLES: dict = {}
URL_STATUS_OVERRIDES: dict = {}
