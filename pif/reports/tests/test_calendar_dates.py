"""Due dates, one rule per statutory report, following the partnership's reporting year;
and the reporting calendar built from them, the schedules and the stat meetings."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pif.reports import calendar, kinds
from pif.reports.models import ReportState
from pif.reports.testing import make_report, make_schedule
from pif.reviews.testing import make_meeting, make_series

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 5)


def due(world, kind, year):
    return kinds.TEMPLATES[kind].due(world.partnership, year)


def test_ijb_report_is_due_on_31_july_after_an_april_year(world):
    assert due(world, "ijb-performance", 2025) == datetime.date(2026, 7, 31)


def test_loip_and_locality_reports_are_due_on_30_september_by_guidance(world):
    assert due(world, "loip-progress", 2025) == datetime.date(2026, 9, 30)
    assert due(world, "locality-progress", 2025) == datetime.date(2026, 9, 30)
    assert "guidance, not statute" in kinds.TEMPLATES["loip-progress"].due_note


def test_a_year_starting_in_january_moves_every_due_date(world):
    world.partnership.reporting_year_start_month = 1
    assert due(world, "ijb-performance", 2025) == datetime.date(2026, 4, 30)
    assert due(world, "loip-progress", 2025) == datetime.date(2026, 6, 30)
    assert kinds.year_label(world.partnership, 2025) == "2025"
    assert kinds.year_dates(world.partnership, 2025) == (datetime.date(2025, 1, 1),
                                                         datetime.date(2025, 12, 31))


def test_kinds_without_a_due_date_have_none(world):
    assert due(world, "board", 2025) is None


def test_a_report_says_its_due_date_and_reporting_year(world):
    document = kinds.build(world.partnership, "ijb-performance", as_of=TODAY,
                           options={}, narrative={})
    assert (document["reporting_year"], document["due_label"]) == ("2025/26", "31 July 2026")


def test_the_calendar_lists_statutory_scheduled_and_meeting_dates_in_order(world):
    make_report(world.partnership, kind="loip-progress", title="LOIP 2025/26",
                as_of=datetime.date(2026, 8, 1), options={"reporting_year": 2025},
                state=ReportState.SIGNED_OFF)
    make_report(world.partnership, kind="ijb-performance", title="IJB draft",
                as_of=datetime.date(2026, 7, 1))  # on 2025/26, the year ended by then
    make_schedule(world.partnership, next_run_on=datetime.date(2027, 1, 1))
    series = make_series(world.partnership, world.editor, follow_up_days=2)
    make_meeting(series, starts_at=timezone.make_aware(datetime.datetime(2026, 12, 10, 10)))
    entries = calendar.entries(world.partnership, TODAY)
    assert [e.date for e in entries] == sorted(e.date for e in entries)
    by_title = {entry.title: entry for entry in entries}
    loip = by_title["Annual LOIP progress report, 2025/26"]
    assert (loip.date_label, loip.report_state, loip.is_overdue) == (
        "30 September 2026", "signed-off", False)
    ijb = by_title["Integration joint board annual performance report, 2025/26"]
    assert (ijb.report_state_label, ijb.is_overdue) == ("Draft", True)
    assert by_title["Integration joint board annual performance report, 2026/27"].date == (
        datetime.date(2027, 7, 31))
    assert by_title["Monthly scorecard (every month)"].date == datetime.date(2027, 1, 1)
    memo = by_title["Follow-up memo for the PartnershipStat meeting of 10 December 2026"]
    assert memo.date == datetime.date(2026, 12, 12)
    assert by_title["Briefing memo for the PartnershipStat meeting of 10 December "
                    "2026"].date == datetime.date(2026, 12, 8)


def test_another_partnerships_reports_are_not_on_the_calendar(world):
    make_report(world.other_partnership, kind="loip-progress", title="Theirs",
                options={"reporting_year": 2025}, state=ReportState.PUBLISHED)
    entries = calendar.entries(world.partnership, TODAY)
    assert not any(entry.report_id for entry in entries)


def _queries(world) -> int:
    with CaptureQueriesContext(connection) as captured:
        calendar.entries(world.partnership, TODAY)
    return len(captured)


def test_the_calendar_takes_the_same_number_of_queries_for_3_or_30_rows(world):
    series = make_series(world.partnership, world.editor)

    def add(count, start):
        for number in range(start, start + count):
            make_report(world.partnership, kind="spi", title=f"SPI {number}")
            make_schedule(world.partnership, title=f"Schedule {number}")
            make_meeting(series, starts_at=timezone.make_aware(
                datetime.datetime(2026, 12, 1, 10) + datetime.timedelta(days=number)))

    add(3, 0)
    few = _queries(world)
    add(27, 3)
    assert _queries(world) == few
