"""Which values count is worked out in one place (pif.measures.counting), so an indicator's
stored status and its chart always agree, whatever mix of approved values, values awaiting
approval, revisions and rejections lies behind them."""

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pif.actors import Actor
from pif.lib.periods import Period
from pif.measures import counting
from pif.measures.charts import build_chart
from pif.measures.targets import TargetSchedule
from pif.measures.testing import make_indicator
from pif.measures.writing import ObservationInput, approve, reject, write_observations

FIRST = Period.month(2024, 1)
codes = itertools.count()

entries = st.tuples(st.sampled_from(["editor", "contributor"]),
                    st.integers(min_value=0, max_value=5),  # months after January 2024
                    st.integers(min_value=0, max_value=100))
steps = st.one_of(entries, st.just(("approve",)), st.just(("reject",)))


def period(months_on: int) -> Period:
    chosen = FIRST
    for _ in range(months_on):
        chosen = chosen.next()
    return chosen


def take(world, indicator, step) -> None:
    waiting = list(indicator.observations.filter(approved_at__isnull=True))
    if step[0] == "approve" and waiting:
        approve(Actor(user=world.editor), waiting, partnership=world.partnership)
    elif step[0] == "reject" and waiting:
        reject(Actor(user=world.editor), waiting, partnership=world.partnership, reason="Not right")
    elif step[0] in ("editor", "contributor"):
        who, months_on, value = step
        row = ObservationInput(indicator=indicator, period=period(months_on), value=value)
        write_observations(Actor(user=getattr(world, who)), [row], approve=who == "editor",
                           partnership=world.partnership)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(steps, max_size=12))
def test_the_stored_status_and_the_chart_count_the_same_values(world, history):
    indicator = make_indicator(world.partnership, owner=world.health_board,
                               code=f"MIX{next(codes)}", values=[50])
    for step in history:
        take(world, indicator, step)
    indicator.refresh_from_db()
    stored = indicator.status
    observations = indicator.observations.order_by("period_start")
    chart = build_chart(indicator, observations, [], TargetSchedule.empty())
    counted = chart.observed_rows
    assert stored.points == len(counted)
    assert stored.latest_period == counted[-1].period
    assert stored.latest_value == counted[-1].value
    assert stored.sparkline == [row.value for row in counted]
    assert stored.awaiting_approval == len(chart.waiting_rows)


def test_a_first_value_awaiting_approval_does_not_count(world):
    indicator = make_indicator(world.partnership, owner=world.health_board, code="W1",
                               values=[50])
    take(world, indicator, ("contributor", 1, 60))
    counted, waiting = counting.split_waiting(indicator.observations.order_by("period_start"))
    assert [o.value for o in counted] == [50]
    assert [o.value for o in waiting] == [60]


def test_a_revision_awaiting_approval_counts_as_the_version_last_approved(world):
    indicator = make_indicator(world.partnership, owner=world.health_board, code="W2",
                               values=[50])
    take(world, indicator, ("editor", 1, 60))
    take(world, indicator, ("contributor", 1, 70))
    counted, waiting = counting.split_waiting(indicator.observations.order_by("period_start"))
    assert [o.value for o in counted] == [50, 60]
    assert [o.value for o in waiting] == [70]


@pytest.mark.parametrize(("numerator", "denominator", "usable"), [
    (1, 10, True), (0, 10, True), (None, 10, False), (1, None, False), (1, 0, False),
    (1, -10, False), (float("inf"), 10, False), (1, float("nan"), False),
])
def test_a_ratio_needs_a_finite_numerator_and_a_denominator_above_zero(
        numerator, denominator, usable):
    assert counting.has_ratio(numerator, denominator) is usable


@pytest.mark.parametrize(("stored", "counted"), [
    (None, None), (1, 1.0), (-2.5, -2.5), (1e300, 1e300),
    (float("inf"), None), (float("-inf"), None), (float("nan"), None),
])
def test_a_stored_number_that_is_not_finite_counts_as_missing(stored, counted):
    assert counting.finite(stored) == counted

