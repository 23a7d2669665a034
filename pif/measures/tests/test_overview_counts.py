"""The home page's counts read in a few rows (kinds of indicator, not indicators) say what
the lists they summarise say: the figures to submit, the scorecard's filters, the values
awaiting approval."""

from datetime import date

import pytest

from pif.actors import Actor
from pif.lib.periods import Period
from pif.measures import registrations, scorecard
from pif.measures.collection import (
    count_figures_to_submit,
    figures_to_submit,
    figures_to_submit_in,
)
from pif.measures.models import Breakdown, Indicator, IndicatorStatus, Observation
from pif.measures.scorecard_groups import NO_GROUPING
from pif.measures.testing import make_indicator
from pif.measures.writing import ObservationInput, write_observations
from pif.partnerships.access import get_access


def months_ago(months: int) -> Period:
    return Period.month(date.today().year, date.today().month).shift(-months)


@pytest.fixture
def indicators(world):
    """Indicators of every kind the lists tell apart, two of them alike."""
    board, council = world.health_board, world.council
    for code, owner, first, due_days in [
        ("DUE", board, 2, 60), ("DUE-TOO", board, 2, 60),  # alike: owe the same
        ("LATE", board, 4, 0), ("HOMES", council, 3, 0), ("FRESH", board, 1, 30),
        ("OLD", council, 30, 30),  # dormant: nothing for more than a year
    ]:
        make_indicator(world.partnership, owner=owner, code=code, values=[5],
                       first_period=months_ago(first), due_days=due_days)
    make_indicator(world.partnership, owner=board, code="EMPTY")
    return Indicator.objects.filter(partnership=world.partnership)


def test_the_counts_are_those_of_the_lists(indicators):
    listed = figures_to_submit(indicators.select_related("status"))
    counted = count_figures_to_submit(indicators)
    assert counted == listed.counts
    assert (counted.due_now, counted.overdue, counted.dormant_series) == (2, 5, 1)
    assert counted.summary == listed.summary


def test_the_lists_read_as_plain_values_are_the_lists_of_the_indicators(indicators):
    def shown(figures):
        return ([(i.indicator.code, i.period, i.due) for i in figures.due_now],
                [(i.indicator.code, i.period, i.due) for i in figures.overdue],
                [(s.indicator.code, s.last_period, s.first.period, s.first.due, s.count)
                 for s in figures.dormant],
                [i.code for i in figures.no_data])

    assert shown(figures_to_submit_in(indicators)) == shown(
        figures_to_submit(indicators.select_related("status")))


def test_the_overview_counts_what_the_scorecard_filters_open(world, indicators):
    IndicatorStatus.objects.filter(indicator__code__in=["DUE", "LATE"]).update(rag="red")
    IndicatorStatus.objects.filter(indicator__code="HOMES").update(rag="green")
    rows = scorecard.load_rows(world.partnership, group_by=NO_GROUPING)
    panels = registrations.indicator_panels(get_access(world.editor, "alpha", "read"))
    shown = {item.url.rsplit("=", 1)[1]: item.count for panel in panels for item in panel.counts}
    assert shown == {status: len(scorecard.filter_rows(rows, status=status))
                     for status in ("red", "amber", "green", "overdue")}
    assert shown["red"] == 2 and shown["overdue"] == 3


def test_values_awaiting_approval_count_breakdowns_and_only_this_partnership(world):
    indicator = world.sample_indicator()
    area = Breakdown.objects.create(partnership=world.partnership, name="Aird")
    period = Period.month(2024, 5)
    write_observations(Actor(world.contributor), [
        ObservationInput(indicator, period, 20.0),
        ObservationInput(indicator, period, 30.0, breakdown=area),
    ], approve=False, partnership=world.partnership)
    elsewhere = make_indicator(world.other_partnership, owner=world.other_council, code="ELSE")
    other = Observation(indicator=elsewhere, value=1.0, status=Observation.Status.PROVISIONAL)
    other.set_period(period)
    other.save()
    facts = {fact.label: fact.count for fact in registrations.progress_facts(world.partnership)}
    waiting = Observation.objects.filter(indicator__partnership=world.partnership,
                                         approved_at__isnull=True)
    assert facts["Values awaiting approval"] == waiting.count() == 2
    assert facts["Indicators"] == 1
