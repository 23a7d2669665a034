"""The status engine stores variation, assurance, RAG and direction for each indicator."""

import pytest
from django.utils import timezone

from pif.lib.periods import Period
from pif.measures import status
from pif.measures.models import Annotation, IndicatorStatus, Target
from pif.measures.testing import make_indicator

DEVIATIONS = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]


@pytest.fixture
def indicator(world):
    return make_indicator(world.partnership, owner=world.health_board, code="DEV",
                          values=DEVIATIONS, unit="count", decimals=0)


def test_it_stores_the_latest_value_and_the_previous_one(indicator):
    stored = IndicatorStatus.objects.get(indicator=indicator)
    assert stored.latest_value == 1
    assert stored.previous_value == 2
    assert stored.points == len(DEVIATIONS)
    assert stored.latest_period == Period.month(2025, 6).key


def test_it_stores_the_screened_xmr_limits_of_the_reference_example(indicator):
    stored = indicator.status
    assert stored.mean == pytest.approx(35 / 18)
    assert stored.upper_limit == pytest.approx(4.604, abs=1e-3)
    assert stored.lower_limit == pytest.approx(-0.716, abs=1e-3)
    assert stored.variation == "common_cause"


def test_a_target_above_the_upper_limit_is_a_consistent_fail_for_higher_is_better(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="T1",
                               values=DEVIATIONS, unit="count")
    Target.objects.create(indicator=indicator, value=50)
    status.refresh([indicator])
    indicator.refresh_from_db()
    assert indicator.status.assurance == "consistent_fail"
    assert indicator.status.rag == "red"
    assert indicator.status.target_value == 50


def test_amber_when_within_the_relative_tolerance(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="T2",
                               values=[90, 91, 92, 93])
    Target.objects.create(indicator=indicator, value=95, tolerance=5, tolerance_kind="relative")
    status.refresh([indicator])
    indicator.refresh_from_db()
    assert indicator.status.rag == "amber"


def test_lower_is_better_turns_a_fall_into_improvement(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="LOW",
                               values=[30, 31, 29, 30, 30, 31, 29, 30, 30, 29, 31, 30, 10],
                               improvement="lower")
    assert indicator.status.variation == "improvement_low"
    assert indicator.status.direction == "improving"


def test_a_rebase_annotation_starts_new_limits(world):
    values = [10, 11, 9, 10, 11, 9, 10, 11, 9, 10, 30, 31, 29, 30, 31, 29, 30]
    indicator = make_indicator(world.partnership, owner=world.council, code="RB",
                               values=values, unit="count")
    before = indicator.status.mean
    period = Period.month(2024, 1)
    for _ in range(10):
        period = period.next()
    Annotation.objects.create(indicator=indicator, period=period.key, period_start=period.start,
                              text="New service", is_rebase=True)
    status.refresh([indicator])
    indicator.refresh_from_db()
    assert before == pytest.approx(sum(values) / len(values))
    assert indicator.status.mean == pytest.approx(30)


def test_an_indicator_without_data_gets_an_empty_status(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="EMPTY")
    assert indicator.status.points == 0
    assert indicator.status.latest_period == ""
    assert indicator.status.variation == ""


def test_p_chart_indicators_use_numerators_and_denominators(world):
    from pif.measures.models import Observation

    indicator = make_indicator(world.partnership, owner=world.council, code="PC",
                               chart_type="p")
    period = Period.month(2024, 1)
    for numerator in [80, 82, 79, 81, 80, 83, 78, 80, 81, 82, 79, 80, 60]:
        observation = Observation(indicator=indicator, value=numerator, numerator=numerator,
                                  denominator=100, approved_at=timezone.now())
        observation.set_period(period)
        observation.save()
        period = period.next()
    status.refresh([indicator])
    indicator.refresh_from_db()
    assert indicator.status.mean == pytest.approx(100 * sum(
        [80, 82, 79, 81, 80, 83, 78, 80, 81, 82, 79, 80, 60]) / 1300)
    assert indicator.status.variation == "concern_low"


def test_refreshing_many_indicators_takes_a_fixed_number_of_queries(world,
                                                                   django_assert_num_queries):
    few = [make_indicator(world.partnership, owner=world.council, code=f"A{i}",
                          values=[1, 2, 3, 4]) for i in range(3)]
    many = [make_indicator(world.partnership, owner=world.council, code=f"B{i}",
                           values=[1, 2, 3, 4]) for i in range(20)]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        status.refresh(few)
    with CaptureQueriesContext(connection) as large:
        status.refresh(many)
    assert len(large.captured_queries) == len(small.captured_queries)
