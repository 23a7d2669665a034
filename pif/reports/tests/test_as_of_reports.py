"""A report shows the partnership as recorded by the end of its day: a value corrected after
the day, or a period ending after it, does not change it; built twice for the same day it is
the same document; and it reads a fixed number of queries whatever the indicators."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pif.improvement.models import Action
from pif.improvement.testing import make_action
from pif.lib.periods import Period
from pif.measures.models import Commentary, Observation
from pif.measures.testing import make_indicator
from pif.outcomes.testing import make_outcome
from pif.reports import as_of, kinds

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 15)
BEFORE = timezone.make_aware(datetime.datetime(2026, 11, 10, 12, 0))
VALUES = [30, 31, 30, 29, 31, 30, 30, 29, 31, 30, 20, 19]  # November 2025 to October 2026


def backdate(*models) -> None:
    """Everything recorded so far, recorded on 10 November 2026 instead (before DAY)."""
    for model in models:
        model.history.all().update(history_date=BEFORE)


def add_value(indicator, period, value) -> Observation:
    observation = Observation(indicator=indicator, value=value, status="final",
                              approved_at=timezone.now())
    observation.set_period(period)
    observation.save()
    return observation


@pytest.fixture
def indicator(world):
    made = make_indicator(world.partnership, owner=world.council, code="POV-1",
                          values=VALUES, first_period=Period.month(2025, 11))
    Commentary.objects.create(indicator=made, period=Period.month(2026, 10).key,
                              period_start=datetime.date(2026, 10, 1),
                              what_it_shows="A sharp fall")
    action = make_action(world.partnership, world.council, "A01", status="on_track",
                         percent_complete=40)
    action.indicators.add(made)
    backdate(Observation, Commentary, Action)
    return made


def scorecard_row(world):
    document = kinds.build(world.partnership, "scorecard", as_of=DAY, options={},
                           narrative={})
    return document["sections"][0]["rows"][0]


def test_a_value_corrected_after_the_day_is_reported_as_it_was(world, indicator):
    assert scorecard_row(world)["value"] == "19.0%"
    october = Observation.objects.get(indicator=indicator, period=Period.month(2026, 10).key)
    october.value = 45
    october.save()  # corrected today, after DAY
    assert scorecard_row(world)["value"] == "19.0%"
    today = kinds.build(world.partnership, "scorecard", as_of=timezone.localdate(),
                        options={}, narrative={})
    assert today["sections"][0]["rows"][0]["value"] == "45.0%"


def test_a_period_ending_after_the_day_is_left_out(world, indicator):
    add_value(indicator, Period.month(2026, 11), 60)
    backdate(Observation)  # sent in before DAY, but November ends after it
    row = scorecard_row(world)
    assert (row["latest_period"], row["value"]) == ("October 2026", "19.0%")
    state = as_of.indicators([indicator], DAY)[0]
    assert state.chart.rows[-1].label == "October 2026"
    assert state.current_status.latest_value == 19


def test_a_value_not_yet_approved_on_the_day_does_not_count(world, indicator):
    october = Observation.objects.get(indicator=indicator, period=Period.month(2026, 10).key)
    october.value, october.approved_at = 45, None
    october.save()
    later = BEFORE + datetime.timedelta(hours=1)  # still before the end of DAY
    Observation.history.filter(id=october.pk, value=45).update(history_date=later)
    assert Observation.history.as_of(as_of.end_of(DAY)).get(pk=october.pk).value == 45
    state = as_of.indicators([indicator], DAY)[0]
    assert state.current_status.latest_value == 19  # the version approved before it
    assert state.current_status.submitted_period == Period.month(2026, 10).key


def test_commentary_and_actions_as_their_history_held_them(world, indicator):
    Commentary.objects.filter(indicator=indicator).get().delete()
    action = Action.objects.get(reference="A01")
    action.status, action.percent_complete = "complete", 100
    action.save()
    document = kinds.build(world.partnership, "board", as_of=DAY, options={}, narrative={})
    block = document["sections"][0]["indicators"][0]
    assert block["commentary"]["what_it_shows"] == "A sharp fall"
    assert (block["actions"][0]["status_label"], block["actions"][0]["percent_complete"]) == (
        "On track", 40)


def test_the_same_day_gives_the_same_document(world, indicator):
    make_outcome(world.partnership, "Fewer children live in poverty").indicators.add(indicator)
    first = kinds.build(world.partnership, "board", as_of=DAY, options={}, narrative={})
    add_value(indicator, Period.month(2026, 11), 60)  # recorded after DAY
    second = kinds.build(world.partnership, "board", as_of=DAY, options={}, narrative={})
    assert first.pop("built_at") and second.pop("built_at")
    assert first == second


def _indicators(world, count, start=0):
    made = []
    for number in range(start, start + count):
        made.append(make_indicator(world.partnership, owner=world.council,
                                   code=f"IND-{number:02d}", values=[5, 6, 7, 6, 5],
                                   first_period=Period.month(2026, 4)))
    return made


def _queries(function) -> int:
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


@pytest.mark.parametrize("kind", ["board", "exception", "scorecard", "ijb-performance"])
def test_3_or_30_indicators_take_the_same_number_of_queries(world, kind):
    outcome = make_outcome(world.partnership, "Fewer children live in poverty")
    outcome.indicators.add(*_indicators(world, 3))
    action = make_action(world.partnership, world.council, "A01")
    today = timezone.localdate()

    def build():
        return kinds.build(world.partnership, kind, as_of=today, options={}, narrative={})

    build()  # caches warmed (content types, chart renderers)
    few = _queries(build)
    more = _indicators(world, 27, start=3)
    outcome.indicators.add(*more)
    action.indicators.add(*more)
    assert len(build()["summary"]) and _queries(build) == few


def test_as_of_indicators_takes_the_same_number_of_queries(world):
    few = _indicators(world, 3)
    today = timezone.localdate()
    count = _queries(lambda: as_of.indicators(few, today))
    many = [*few, *_indicators(world, 27, start=3)]
    assert _queries(lambda: as_of.indicators(many, today)) == count


def test_the_exception_report_finds_concerns_as_they_stood_on_the_day(world):
    steady = make_indicator(world.partnership, owner=world.council, code="STEADY",
                            values=[30, 31, 30, 29, 31, 30, 30, 29, 31, 30],
                            first_period=Period.month(2026, 1))
    backdate(Observation)
    october = Observation.objects.get(indicator=steady, period=Period.month(2026, 10).key)
    october.value = 5  # a fall far outside the limits, recorded after DAY
    october.save()

    def flagged(day):
        document = kinds.build(world.partnership, "exception", as_of=day, options={},
                               narrative={})
        return {section["key"]: [b["code"] for b in section["indicators"]]
                for section in document["sections"] if section["type"] == "indicators"}

    assert "STEADY" not in flagged(DAY).get("special_cause_concern", [])
    assert flagged(timezone.localdate())["special_cause_concern"] == ["STEADY"]
