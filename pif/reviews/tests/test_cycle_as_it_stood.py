"""Review findings on cycles: the snapshot stands at the cycle's end (not the closing day),
starting cycles is safe against two requests at once, roll-over sets targets through the
measures service, and the closed cycle's page names statuses and people as PIF does."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse

from pif.actors import Actor
from pif.improvement.models import Action, ActionStatus
from pif.improvement.testing import make_action
from pif.lib.periods import Period
from pif.measures.models import Indicator, Target
from pif.measures.testing import make_indicator
from pif.partnerships.models import Event, Partnership
from pif.partnerships.names import known_names
from pif.reviews.models import Cycle
from pif.reviews.services import cycles as services
from pif.reviews.testing import make_cycle
from pif.spc.vocabulary import Rag

REVIEW = {"what_worked": "Daily huddles", "lessons": "Start data early",
          "performance_summary": "A steady year"}
ENDS_ON = datetime.date(2026, 3, 31)  # cycle 2025/26, closed months later


def editor(world):
    return Actor(world.users["editor"])


def close(world, cycle):
    return services.close_cycle(editor(world), cycle, loaded_version=cycle.version, **REVIEW)


def _on(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


def _action(world, reference, created, **fields) -> Action:
    action = make_action(world.partnership, world.council, reference=reference, **fields)
    Action.objects.filter(pk=action.pk).update(created=_on(created))
    action.history.all().update(history_date=_on(created))
    action.refresh_from_db()
    return action


def test_the_snapshot_reads_values_as_they_stood_at_the_cycles_end(world):
    # Monthly values October 2025 to May 2026: March 2026 is 60, May 2026 is 95.
    indicator = make_indicator(world.partnership, owner=world.council, code="A1",
                               values=[50, 52, 51, 49, 50, 60, 90, 95],
                               first_period=Period.month(2025, 10))
    Target.objects.create(indicator=indicator, value=70.0, valid_from="M2025-04",
                          valid_to="M2026-06", valid_from_start=datetime.date(2025, 4, 1),
                          valid_to_end=datetime.date(2026, 6, 30))
    cycle = make_cycle(world.partnership, first_year=2025)
    close(world, cycle)
    row = cycle.snapshot["indicators"][0]
    assert (row["latest_period"], row["value"], row["target"]) == (
        "March 2026", "60.0%", "70.0%")
    assert row["rag"] == Rag.RED
    assert cycle.snapshot["as_of"] == "2026-03-31"
    assert cycle.snapshot["counts"]["missing_target"] == 1


def test_the_snapshot_lists_the_actions_open_at_the_cycles_end(world):
    owner = world.users["contributor"]
    open_then = _action(world, "A01", datetime.date(2025, 6, 1), owner=owner,
                        status=ActionStatus.ON_TRACK, percent_complete=40)
    open_then.status, open_then.percent_complete = ActionStatus.COMPLETE, 100
    open_then.completed_on = datetime.date(2026, 4, 10)
    open_then.save()  # its history now says complete, today: after the cycle's end
    _action(world, "A02", datetime.date(2026, 4, 15))  # opened after the end
    _action(world, "A03", datetime.date(2025, 5, 1), status=ActionStatus.COMPLETE,
            completed_on=datetime.date(2025, 9, 1))  # closed during the cycle
    _action(world, "A04", datetime.date(2024, 5, 1), status=ActionStatus.COMPLETE,
            completed_on=datetime.date(2025, 3, 1))  # closed before it
    cycle = make_cycle(world.partnership, first_year=2025)
    close(world, cycle)
    rows = {row["reference"]: row for row in cycle.snapshot["actions"]}
    assert sorted(rows) == ["A01", "A03"]
    first = rows["A01"]
    assert first["is_open"] and first["status"] == ActionStatus.ON_TRACK
    assert first["percent_complete"] == 40
    assert not rows["A03"]["is_open"]
    counts = cycle.snapshot["counts"]
    assert (counts["actions_open"], counts["actions_complete"]) == (1, 1)
    # The owner is named as the partnership knows them, with their id kept.
    assert first["owner_id"] == owner.pk
    assert first["owner"] == known_names(world.partnership).of(owner)


def test_the_closed_cycle_page_says_when_it_stood_in_the_status_words(client, world):
    indicator = make_indicator(world.partnership, owner=world.council, code="A1",
                               values=[50, 60], first_period=Period.month(2026, 2))
    Target.objects.create(indicator=indicator, value=70.0, valid_from="M2025-04",
                          valid_to="M2026-03", valid_from_start=datetime.date(2025, 4, 1),
                          valid_to_end=ENDS_ON)
    cycle = make_cycle(world.partnership, first_year=2025)
    close(world, cycle)
    client.force_login(world.users["viewer"])
    page = client.get(reverse("cycle", args=["alpha", cycle.pk])).content.decode()
    assert "as it stood on 31 March 2026" in page
    assert "1 red (missing their target)" in page
    assert "of concern" not in page


# Starting cycles, two requests at once --------------------------------------------------

@pytest.fixture
def locked(monkeypatch):
    """The models each select_for_update() was asked of."""
    seen = []
    original = QuerySet.select_for_update

    def spy(self, *args, **kwargs):
        seen.append(self.model)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "select_for_update", spy)
    return seen


def test_starting_a_cycle_locks_the_partnership(world, locked):
    services.start_cycle(editor(world), world.partnership, first_year=2026)
    assert Partnership in locked


def test_starting_the_next_cycle_locks_the_partnership_first(world, locked):
    cycle = make_cycle(world.partnership, state=Cycle.State.CLOSED)
    services.start_next_cycle(editor(world), cycle)
    assert locked and locked[0] is Partnership


def test_a_year_taken_meanwhile_is_refused_not_a_500(world, monkeypatch):
    make_cycle(world.partnership, first_year=2026, state=Cycle.State.CLOSED)
    # As if another request took the year between the check and the save.
    monkeypatch.setattr(services, "_year_taken", lambda partnership, first_year: False)
    with pytest.raises(ValidationError) as error:
        services.start_cycle(editor(world), world.partnership, first_year=2026)
    assert {e.code for errors in error.value.error_dict.values() for e in errors} == {
        "cycle_year_unique"}


# Roll-over through the measures target service ------------------------------------------

def test_roll_over_sets_targets_through_the_measures_service(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="A1")
    Target.objects.create(indicator=indicator, value=80.0, valid_from="M2026-04",
                          valid_to="M2027-03", valid_from_start=datetime.date(2026, 4, 1),
                          valid_to_end=datetime.date(2027, 3, 31), tolerance=5)
    cycle = make_cycle(world.partnership, state=Cycle.State.CLOSED)
    services.start_next_cycle(editor(world), cycle)
    copy = Target.objects.get(indicator=indicator, valid_from="M2027-04")
    assert copy.history.latest().history_user == world.users["editor"]
    assert Event.objects.filter(verb="target_set", partnership=world.partnership).count() == 1


def test_a_weekly_target_ending_just_after_the_year_is_rolled(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="W1",
                               frequency=Indicator.Frequency.WEEKLY)
    first = Period.week_ending(datetime.date(2026, 4, 5))
    last = Period.week_ending(datetime.date(2027, 4, 4))  # ends 4 days after 31 March
    Target.objects.create(indicator=indicator, value=10.0, valid_from=first.key,
                          valid_to=last.key, valid_from_start=first.start,
                          valid_to_end=last.end)
    cycle = make_cycle(world.partnership, state=Cycle.State.CLOSED)
    result = services.start_next_cycle(editor(world), cycle)
    assert result.targets.rolled == ["W1 standard target"]
    copy = Target.objects.exclude(valid_to=last.key).get(indicator=indicator)
    assert copy.valid_from == last.next().key


def test_a_copy_the_target_rules_refuse_is_named_and_the_rest_roll(world):
    good = make_indicator(world.partnership, owner=world.council, code="A1")
    bad = make_indicator(world.partnership, owner=world.council, code="A2")
    for indicator, tolerance in ((good, 5), (bad, -1)):  # stored before the rule held
        Target.objects.create(indicator=indicator, value=80.0, valid_from="M2026-04",
                              valid_to="M2027-03", valid_from_start=datetime.date(2026, 4, 1),
                              valid_to_end=datetime.date(2027, 3, 31), tolerance=tolerance)
    cycle = make_cycle(world.partnership, state=Cycle.State.CLOSED)
    result = services.start_next_cycle(editor(world), cycle)
    assert result.targets.rolled == ["A1 standard target"]
    assert result.targets.refused == ["A2 standard target"]
    assert result.targets.sentence("2027/28") == (
        "1 target rolled forward, 1 target to set by hand")
    assert not Target.objects.filter(indicator=bad, valid_from="M2027-04").exists()
