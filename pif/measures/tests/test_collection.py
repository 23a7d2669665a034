"""When each period's figure is due, what is overdue, and what is outstanding."""

from datetime import date
from types import SimpleNamespace

from pif.lib.periods import Period
from pif.measures.collection import (
    DORMANT_AFTER,
    figures_to_submit,
    is_overdue,
    next_due,
    outstanding,
)
from pif.measures.models.status import NO_STATUS


def monthly(due_days=30):
    return SimpleNamespace(frequency="monthly", due_days=due_days)


def series(code, submitted_period, due_days=30):
    """An indicator as figures_to_submit reads it: a code and its stored status."""
    status = SimpleNamespace(submitted_period=submitted_period) if submitted_period else NO_STATUS
    return SimpleNamespace(code=code, due_days=due_days, current_status=status)


def test_the_next_period_is_due_its_due_days_after_it_ends():
    item = next_due(monthly(), "M2024-04")
    assert item.period == Period.month(2024, 5)
    assert item.due == date(2024, 6, 30)


def test_due_days_are_the_indicators_own():
    assert next_due(monthly(due_days=10), "M2024-04").due == date(2024, 6, 10)


def test_a_financial_year_is_due_after_it_ends():
    year = next_due(monthly(), Period.financial_year(2023).key)
    assert year.period == Period.financial_year(2024)
    assert year.due == date(2025, 4, 30)


def test_a_span_of_years_rolls_on_by_a_year():
    span = next_due(monthly(), Period.multi_year(2016, 2019).key)
    assert span.period == Period.multi_year(2017, 2020)
    assert span.due == date(2021, 1, 30)
    later = outstanding(monthly(), Period.multi_year(2016, 2019).key, today=date(2022, 6, 1))
    assert [item.period.key for item in later] == ["MY2017-2020", "MY2018-2021"]


def test_nothing_is_due_without_any_data():
    assert next_due(monthly(), "") is None
    assert is_overdue(monthly(), "") is False
    assert outstanding(monthly(), "") == []


def test_overdue_only_after_the_due_date():
    assert is_overdue(monthly(), "M2024-04", today=date(2024, 6, 30)) is False
    assert is_overdue(monthly(), "M2024-04", today=date(2024, 7, 1)) is True


def test_outstanding_lists_every_period_due_by_today_oldest_first():
    items = outstanding(monthly(), "M2024-04", today=date(2024, 8, 30))
    assert [item.period.key for item in items] == ["M2024-05", "M2024-06", "M2024-07"]
    assert [item.due for item in items] == [date(2024, 6, 30), date(2024, 7, 30),
                                             date(2024, 8, 30)]


def test_a_period_is_outstanding_once_it_has_ended_before_its_figure_is_due():
    assert outstanding(monthly(), "M2024-04", today=date(2024, 5, 31)) == []
    items = outstanding(monthly(), "M2024-04", today=date(2024, 6, 1))
    assert [item.period.key for item in items] == ["M2024-05"]
    assert items[0].due == date(2024, 6, 30)


def test_outstanding_has_no_cap():
    items = outstanding(monthly(), "M2015-01", today=date(2024, 1, 1))
    assert len(items) == 107  # February 2015 to December 2023
    assert items[0].period == Period.month(2015, 2)
    assert items[-1].period == Period.month(2023, 12)


def test_an_item_long_past_its_due_date_is_overdue():
    items = outstanding(monthly(), "M2024-04", today=date(2024, 7, 1))
    assert items[0].overdue is True


TODAY = date(2026, 12, 5)


def test_figures_not_yet_past_their_due_date_are_due_now():
    # November 2026 has ended; its figure is due 30 December.
    found = figures_to_submit([series("A", "M2026-10")], today=TODAY)
    assert [(i.indicator.code, i.period.key, i.due) for i in found.due_now] == [
        ("A", "M2026-11", date(2026, 12, 30))]
    assert found.overdue == [] and found.dormant == []


def test_figures_past_their_due_date_are_overdue_and_listed_after_those_due_now():
    found = figures_to_submit([series("A", "M2026-07"), series("B", "M2026-09")],
                              today=TODAY)
    assert [(i.indicator.code, i.period.key) for i in found.due_now] == [
        ("A", "M2026-11"), ("B", "M2026-11")]
    # Oldest due date first, then by code.
    assert [(i.indicator.code, i.period.key) for i in found.overdue] == [
        ("A", "M2026-08"), ("A", "M2026-09"), ("A", "M2026-10"), ("B", "M2026-10")]
    assert found.count == 6


def test_due_today_is_due_now_not_overdue():
    found = figures_to_submit([series("A", "M2026-10", due_days=5)], today=TODAY)
    assert [i.due for i in found.due_now] == [TODAY]
    assert found.overdue == []


def test_a_series_whose_oldest_missing_figure_is_over_a_year_overdue_is_dormant():
    assert DORMANT_AFTER.days == 365
    # October 2025's figure was due 30 November 2025: more than a year ago.
    dormant = figures_to_submit([series("OLD", "M2025-09")], today=TODAY)
    assert dormant.due_now == [] and dormant.overdue == []
    [old] = dormant.dormant
    assert old.indicator.code == "OLD"
    assert old.last_period == Period.month(2025, 9)
    assert old.first.period == Period.month(2025, 10)
    assert old.count == 14  # October 2025 to November 2026, every one of them counted
    assert dormant.count == 14
    # One month later it would still be a year or less: overdue, not dormant.
    recent = figures_to_submit([series("NEW", "M2025-10")], today=TODAY)
    assert recent.dormant == []
    assert recent.overdue[0].period == Period.month(2025, 11)


def test_dormant_series_are_listed_longest_silent_first():
    found = figures_to_submit([series("B", "M2025-01"), series("A", "M2024-01")],
                              today=TODAY)
    assert [d.indicator.code for d in found.dormant] == ["A", "B"]


def test_indicators_without_data_and_up_to_date_ones_owe_nothing():
    found = figures_to_submit([series("EMPTY", ""), series("FRESH", "M2026-11")],
                              today=TODAY)
    assert [i.code for i in found.no_data] == ["EMPTY"]
    assert found.count == 0 and not found


def test_the_summary_counts_each_group_in_words():
    assert figures_to_submit([series("FRESH", "M2026-11")], today=TODAY).summary == (
        "nothing is due")
    one = figures_to_submit([series("A", "M2026-10")], today=TODAY)
    assert one.summary == "1 figure to submit: 1 due now"
    many = figures_to_submit([series("A", "M2026-09"), series("OLD", "M2025-09"),
                              series("OLDER", "M2025-08")], today=TODAY)
    assert many.summary == ("31 figures to submit: 1 due now, 1 overdue and 29 in series "
                            "not updated for more than a year")
    single = figures_to_submit([series("OLD", "M2025-09")], today=TODAY)
    assert single.summary == ("14 figures to submit: 14 in a series not updated for more "
                              "than a year")
    overdue = figures_to_submit([series("A", "M2026-08", due_days=4)], today=TODAY)
    assert overdue.summary == "3 figures to submit: 3 overdue"
    late = figures_to_submit([series("A", "M2026-08"), series("OLD", "M2025-09")],
                             today=TODAY)
    assert late.summary == ("17 figures to submit: 1 due now, 2 overdue and 14 in a series "
                            "not updated for more than a year")


def test_a_series_silent_for_decades_is_counted_without_listing_every_period(monkeypatch):
    steps = []
    shift = Period.shift

    def counted_shift(period, count):
        steps.append(count)
        return shift(period, count)

    monkeypatch.setattr(Period, "shift", counted_shift)
    found = figures_to_submit([series("DAILY", "D1900-01-01", due_days=0)],
                              today=date(2026, 12, 5))
    [old] = found.dormant
    assert old.first.period == Period.day(date(1900, 1, 2))
    # 2 January 1900 to 4 December 2026, each day ended before today.
    assert old.count == found.count == (date(2026, 12, 4) - date(1900, 1, 2)).days + 1
    assert len(steps) < 100


def test_the_dormant_count_is_every_period_ended_by_today():
    for today in (date(2026, 12, 1), date(2026, 12, 30), date(2026, 12, 31)):
        [old] = figures_to_submit([series("OLD", "M2025-09")], today=today).dormant
        assert old.count == len(outstanding(monthly(), "M2025-09", today=today))
