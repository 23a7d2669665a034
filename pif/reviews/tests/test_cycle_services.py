"""Cycles: starting, closing with a review (final, with a frozen snapshot), correcting the
review, and starting the next cycle (targets rolled forward, open actions carried over)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pif.actors import Actor
from pif.improvement.models import ActionStatus, ProgressUpdate
from pif.improvement.testing import make_action
from pif.lib.periods import Period
from pif.measures.models import Target, TargetPoint
from pif.measures.testing import make_indicator
from pif.outcomes.testing import make_outcome
from pif.partnerships.models import Event
from pif.reviews import snapshot
from pif.reviews.models import Cycle
from pif.reviews.services import cycles as services
from pif.reviews.testing import make_assessment, make_cycle, make_finding

REVIEW = {"what_worked": "Daily huddles", "lessons": "Start data early",
          "performance_summary": "A steady year"}


def editor(world):
    return Actor(world.users["editor"])


def rules_of(error: ValidationError) -> set[str]:
    return {e.code for errors in error.error_dict.values() for e in errors}


def test_start_defaults_to_the_year_holding_today(world):
    cycle = services.start_cycle(editor(world), world.partnership,
                                 today=datetime.date(2027, 2, 1))
    assert (cycle.first_year, cycle.starts_on, cycle.ends_on, cycle.label) == (
        2026, datetime.date(2026, 4, 1), datetime.date(2027, 3, 31), "2026/27")
    assert Cycle.history.latest().history_user == world.users["editor"]
    assert Event.objects.filter(verb="cycle_started").exists()


def test_start_follows_the_partnerships_year_start(world):
    world.partnership.reporting_year_start_month = 1
    cycle = services.start_cycle(editor(world), world.partnership,
                                 today=datetime.date(2027, 2, 1))
    assert (cycle.starts_on, cycle.ends_on) == (datetime.date(2027, 1, 1),
                                                datetime.date(2027, 12, 31))


def test_one_open_cycle_and_only_editors(world):
    services.start_cycle(editor(world), world.partnership, first_year=2026)
    with pytest.raises(ValidationError) as error:
        services.start_cycle(editor(world), world.partnership, first_year=2027)
    assert rules_of(error.value) == {"cycle_one_open"}
    with pytest.raises(ValidationError) as error:
        services.start_cycle(Actor(world.users["contributor"]), world.other_partnership,
                             first_year=2027)
    assert rules_of(error.value) == {"cycle_editors"}


def close(world, cycle, **review):
    return services.close_cycle(editor(world), cycle, loaded_version=cycle.version,
                                **{**REVIEW, **review})


def test_closing_needs_the_review_and_is_final(world):
    cycle = make_cycle(world.partnership)
    with pytest.raises(ValidationError) as error:
        close(world, cycle, lessons=" ")
    assert rules_of(error.value) == {"cycle_review_needed"}
    close(world, cycle)
    assert cycle.is_closed and cycle.closed_by == world.users["editor"]
    with pytest.raises(ValidationError) as error:
        close(world, cycle)
    assert rules_of(error.value) == {"cycle_closed_final"}


def test_closing_refuses_another_partnerships_assessment(world):
    cycle = make_cycle(world.partnership)
    with pytest.raises(ValidationError) as error:
        close(world, cycle, assessment=make_assessment(world.other_partnership))
    assert rules_of(error.value) == {"cycle_assessment_scope"}


def test_the_snapshot_keeps_how_things_stood(world):
    owner = world.council
    indicator = make_indicator(world.partnership, owner=owner, code="A1",
                               values=[50, 52, 51, 49, 50])
    action = make_action(world.partnership, world.council, status=ActionStatus.ON_TRACK,
                         percent_complete=40)
    make_outcome(world.partnership, title="Healthier lives")
    assessment = make_assessment(world.partnership)
    make_finding(assessment)
    cycle = make_cycle(world.partnership)
    close(world, cycle, assessment=assessment)
    # Later changes do not reach the closed cycle.
    indicator.title = "Renamed"
    indicator.save()
    action.title = "Renamed"
    action.save()
    cycle.refresh_from_db()
    kept = cycle.snapshot
    assert [row["title"] for row in kept["indicators"]] == ["Indicator A1"]
    assert kept["indicators"][0]["value"] == "50.0%"
    assert [(row["title"], row["percent_complete"]) for row in kept["actions"]] == [
        ("Open a falls prevention clinic", 40)]
    assert [row["title"] for row in kept["outcomes"]] == ["Healthier lives"]
    assert kept["assessment"]["areas"] == 1
    assert kept["follow_ups"] == {"open": 0, "done": 0, "dropped": 0, "escalated": 0}


def _fill(world, first, count):
    owner = world.council
    for number in range(first, first + count):
        make_indicator(world.partnership, owner=owner, code=f"I{number:02}", values=[1, 2])
        make_action(world.partnership, world.council, reference=f"A{number:02}")
        make_outcome(world.partnership, title=f"Outcome {number}")


def _queries(world) -> int:
    cycle = make_cycle(world.partnership, first_year=2026 + Cycle.objects.count())
    with CaptureQueriesContext(connection) as queries:
        snapshot.build(cycle)
    return len(queries)


def test_the_snapshot_reads_a_fixed_number_of_queries(world):
    _fill(world, 0, 3)
    few = _queries(world)
    _fill(world, 3, 27)
    assert _queries(world) == few


def test_the_draft_summary_uses_the_status_words(world):
    text = snapshot.draft_summary("2026/27", {
        "indicators": 10, "improving": 2, "concern": 1, "meeting_target": 5,
        "missing_target": 3, "no_data": 1, "actions_open": 4, "actions_complete": 1})
    assert text.startswith("In 2026/27 the partnership tracked 10 indicators. 2 were "
                           "improving and 1 was a concern")
    assert "1 action was completed during the year and 4 remain open." in text


def test_correcting_the_review_keeps_the_snapshot(world):
    cycle = make_cycle(world.partnership)
    with pytest.raises(ValidationError) as error:
        services.correct_review(editor(world), cycle, loaded_version=cycle.version, **REVIEW)
    assert rules_of(error.value) == {"cycle_correct_closed"}
    close(world, cycle)
    indicators_before = cycle.snapshot["indicators"]
    make_indicator(world.partnership, owner=world.council, code="NEW")
    services.correct_review(editor(world), cycle, loaded_version=cycle.version,
                            **{**REVIEW, "lessons": "Start data even earlier"})
    cycle.refresh_from_db()
    assert cycle.lessons == "Start data even earlier"
    assert cycle.snapshot["indicators"] == indicators_before
    assert Cycle.history.latest().history_change_reason.endswith("Review corrected")


# Starting the next cycle --------------------------------------------------------------------

def _target(indicator, value=80.0, first="M2026-04", last="M2027-03", **fields):
    first_period, last_period = Period.from_key(first), Period.from_key(last)
    return Target.objects.create(
        indicator=indicator, value=value, valid_from=first, valid_to=last,
        valid_from_start=first_period.start, valid_to_end=last_period.end, **fields)


def test_next_needs_a_closed_cycle(world):
    cycle = make_cycle(world.partnership)
    with pytest.raises(ValidationError) as error:
        services.start_next_cycle(editor(world), cycle)
    assert rules_of(error.value) == {"cycle_next_after_close"}


def test_next_cycle_rolls_targets_and_carries_actions_once(world):
    owner = world.council
    one = make_indicator(world.partnership, owner=owner, code="A1")
    two = make_indicator(world.partnership, owner=owner, code="A2")
    three = make_indicator(world.partnership, owner=owner, code="A3")
    rolled = _target(one, tolerance=5)
    _target(two)
    _target(two, value=90.0, first="M2027-04", last="M2028-03")  # already set
    trajectory = _target(three, value=None)
    TargetPoint.objects.create(target=trajectory, period="M2027-05",
                               period_start=datetime.date(2027, 5, 1), value=70)
    _target(one, level="stretch", first="M2025-04", last="M2026-03")  # ended earlier
    action = make_action(world.partnership, world.council, status=ActionStatus.AT_RISK,
                         percent_complete=30)
    make_action(world.partnership, world.council, reference="A02",
                status=ActionStatus.COMPLETE, completed_on=datetime.date(2026, 9, 1))
    cycle = make_cycle(world.partnership)
    close(world, cycle)

    result = services.start_next_cycle(editor(world), cycle)

    assert result.created and result.cycle.label == "2027/28" and not result.cycle.is_closed
    assert result.sentence == ("2 targets rolled forward, 1 already set for 2027/28; "
                               "1 open action carried over.")
    copy = Target.objects.get(indicator=one, valid_from="M2027-04")
    assert (copy.value, copy.tolerance, copy.valid_to, copy.valid_to_end) == (
        80.0, 5, "M2028-03", datetime.date(2028, 3, 31))
    assert rolled.pk != copy.pk
    copied_trajectory = Target.objects.get(indicator=three, valid_from="M2027-04")
    assert [p.value for p in copied_trajectory.points.all()] == [70]
    update = ProgressUpdate.objects.get(action=action)
    assert (update.text, update.percent_complete, update.status) == (
        "Carried into 2027/28", 30, ActionStatus.AT_RISK)
    assert update.history.latest().history_user == world.users["editor"]
    assert Event.objects.filter(verb="cycle_rolled_over").count() == 1

    again = services.start_next_cycle(editor(world), cycle)
    assert not again.created and again.cycle == result.cycle
    assert (again.targets.rolled, again.actions_carried) == ([], 0)
    assert Target.objects.count() == 7
    assert Event.objects.filter(verb="cycle_rolled_over").count() == 1


def test_a_trajectory_without_next_points_is_named(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="T1")
    _target(indicator, value=None)
    cycle = make_cycle(world.partnership)
    close(world, cycle)
    result = services.start_next_cycle(editor(world), cycle)
    assert result.targets.sentence("2027/28") == (
        "0 targets rolled forward, 1 trajectory with no values for 2027/28 to set by hand")
