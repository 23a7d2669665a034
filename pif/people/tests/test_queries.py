"""Learning "this year" is the financial year (April to March) holding the day, as
pif.lib.periods gives it."""

import datetime

import pytest

from pif.lib.periods import Period
from pif.people import queries
from pif.people.testing import make_activity

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("today", "first_year"), [
    (datetime.date(2026, 4, 1), 2026), (datetime.date(2027, 3, 31), 2026),
    (datetime.date(2026, 3, 31), 2025), (datetime.date(2026, 12, 5), 2026)])
def test_this_year_is_the_financial_year_holding_the_day(today, first_year):
    assert Period.financial_year_containing(today) == Period.financial_year(first_year)


def test_learning_this_year_counts_activities_from_april_to_march(world):
    for day, participants in [((2026, 3, 31), 100), ((2026, 4, 1), 7), ((2027, 3, 31), 5),
                              ((2027, 4, 1), 1000)]:
        make_activity(world.partnership, start_date=datetime.date(*day),
                      participants=participants)
    year = queries.learning_this_year(world.partnership, datetime.date(2026, 12, 5))
    assert (year["activities"], year["participants"], year["year"]) == (2, 12, "2026/27")
    assert year["period"] == Period.financial_year(2026)
