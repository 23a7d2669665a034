"""When each period's figure is due, what is overdue, and what is outstanding."""

from datetime import date
from types import SimpleNamespace

from pif.lib.periods import Period
from pif.measures.collection import is_overdue, next_due, outstanding


def monthly(due_days=30):
    return SimpleNamespace(frequency="monthly", due_days=due_days)


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


def test_nothing_is_outstanding_before_the_first_due_date():
    assert outstanding(monthly(), "M2024-04", today=date(2024, 6, 29)) == []


def test_outstanding_stops_at_24_periods():
    items = outstanding(monthly(), "M2015-01", today=date(2024, 1, 1))
    assert len(items) == 24
    assert items[0].period == Period.month(2015, 2)


def test_an_item_long_past_its_due_date_is_overdue():
    items = outstanding(monthly(), "M2024-04", today=date(2024, 7, 1))
    assert items[0].overdue is True
