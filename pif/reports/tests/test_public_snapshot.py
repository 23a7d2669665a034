"""The public pages' snapshot: published indicators with approved values only, nothing
unpublished even as a code, public commentary and published actions, in a fixed number of
queries."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pif.actors import Actor
from pif.improvement.models import Action
from pif.lib.periods import Period
from pif.measures import status
from pif.measures.models import Breakdown, Commentary, Indicator, Observation, Target
from pif.measures.testing import make_indicator
from pif.outcomes.models import Outcome, Vision
from pif.reports import public_snapshot
from pif.reports.services import publishing as services

pytestmark = pytest.mark.django_db


def observation(indicator, period, value, *, approved=True, breakdown=None, **fields):
    row = Observation(indicator=indicator, value=value, breakdown=breakdown,
                      status=fields.pop("status", Observation.Status.FINAL),
                      approved_at=timezone.now() if approved else None, **fields)
    row.set_period(period)
    row.save()
    return row


@pytest.fixture
def plan(world):
    """An outcome with a published and an unpublished indicator, an action of each kind,
    and commentary of each kind."""
    shown = make_indicator(world.partnership, owner=world.council, code="SAFE-1",
                           title="Adults who feel safe", values=[71.0, 72.5, 74.0],
                           published=True)
    hidden = make_indicator(world.partnership, owner=world.council, code="SECRET-9",
                            title="Confidential waiting list", values=[12.0, 14.0],
                            published=False)
    outcome = Outcome.objects.create(partnership=world.partnership, level=2, code="LO1",
                                     title="People are safe")
    outcome.indicators.set([shown, hidden])
    Vision.objects.create(partnership=world.partnership, first_year=2026, last_year=2030,
                          statement="A fairer Alpha", purpose="Working together")
    public = Action.objects.create(partnership=world.partnership, reference="A01",
                                   title="Street lighting", owner_organisation=world.council,
                                   percent_complete=40, status="on_track", published=True)
    public.outcomes.set([outcome])
    public.indicators.set([shown, hidden])
    Action.objects.create(partnership=world.partnership, reference="A02",
                          title="Internal restructure", owner_organisation=world.council,
                          published=False)
    for indicator, text, is_public in ((shown, "Public words on safety", True),
                                       (shown, "Private words on safety", False),
                                       (hidden, "Words on the secret list", True)):
        Commentary.objects.create(indicator=indicator, period=Period.month(2024, 2).key if is_public
                                  else Period.month(2024, 1).key,
                                  period_start=Period.month(2024, 2).start,
                                  what_it_shows=text, is_public=is_public)
    return shown, hidden


def test_an_unpublished_indicator_appears_nowhere_not_even_as_a_code(world, plan):
    snapshot = public_snapshot.build(world.partnership)
    text = json.dumps(snapshot)
    assert "SAFE-1" in text and "Adults who feel safe" in text
    assert "SECRET-9" not in text and "Confidential waiting list" not in text
    assert "Words on the secret list" not in text
    assert snapshot["outcomes"][0]["indicator_codes"] == ["SAFE-1"]
    assert snapshot["actions"][0]["indicator_codes"] == ["SAFE-1"]
    assert snapshot["counts"]["published"] == 1 and snapshot["counts"]["in_plan"] == 2


def test_only_public_commentary_and_published_actions(world, plan):
    snapshot = public_snapshot.build(world.partnership)
    text = json.dumps(snapshot)
    assert "Public words on safety" in text and "Private words on safety" not in text
    assert [a["reference"] for a in snapshot["actions"]] == ["A01"]
    action = snapshot["actions"][0]
    assert action["percent_complete"] == 40 and action["status_label"] == "On track"
    assert action["outcomes"] == ["People are safe"]
    assert "Internal restructure" not in text


def test_the_vision_outcomes_and_the_shape(world, plan):
    snapshot = public_snapshot.build(world.partnership)
    assert snapshot["format"] == public_snapshot.FORMAT
    assert snapshot["vision"] == {"statement": "A fairer Alpha", "purpose": "Working together",
                                  "years": "2026/27 to 2030/31"}
    assert snapshot["partnership"] == {"name": "Alpha Partnership", "short_name": "alpha"}
    assert snapshot["licence"]["id"] == "OGL-UK-3.0"
    assert snapshot["licence"]["uri"].startswith("https://www.nationalarchives.gov.uk/")
    indicator = snapshot["indicators"][0]
    for key in ("code", "title", "definition", "unit_label", "improvement_label",
                "frequency_label", "data_source", "quality_note", "outcomes",
                "latest_period", "value", "target", "status", "trend", "variation_label",
                "assurance_label", "rag", "rag_label", "direction_label", "first_published",
                "suppressed", "chart", "chart_withheld", "observations", "comparison",
                "commentary", "status_details"):
        assert key in indicator, key
    # What no page reads is not kept.
    assert "modified" not in indicator
    assert all("description" not in action for action in snapshot["actions"])
    assert indicator["outcomes"] == ["People are safe"]
    assert indicator["latest_period"] == "March 2024" and indicator["value"] == "74.0%"
    assert indicator["status"].startswith("The latest figure is 74.0%, for March 2024.")
    assert indicator["trend"].startswith(
        "From January 2024 to March 2024 it went up from 71.0% to 74.0% (higher is better, "
        "so better)")
    assert indicator["chart"]["alt"].startswith("XmR chart of SAFE-1")
    assert indicator["chart"]["spec"]["$schema"].startswith("https://vega.github.io/")
    row = indicator["observations"][0]
    assert set(row) >= {"period", "period_label", "period_start", "period_end", "breakdown",
                        "category", "value", "numerator", "denominator", "formatted",
                        "flags"}
    assert (row["period"], row["value"], row["formatted"], row["flags"]) == (
        "M2024-01", 71.0, "71.0%", [])


def test_a_value_awaiting_approval_never_appears(world, plan):
    shown, _ = plan
    observation(shown, Period.month(2024, 4), 55.5, approved=False)
    # A revision awaiting approval: the value an editor approved shows instead.
    revised = shown.observations.get(period=Period.month(2024, 3).key)
    revised.value, revised.approved_at = 66.6, None
    revised.save()
    status.refresh([shown])
    text = json.dumps(public_snapshot.build(world.partnership))
    assert "55.5" not in text and "66.6" not in text
    assert "74.0%" in text and "April 2024" not in text


def test_a_value_entered_after_publishing_does_not_change_what_was_published(world, plan):
    shown, _ = plan
    publication = services.publish(Actor(user=world.editor), world.partnership)
    observation(shown, Period.month(2024, 4), 80.25)
    status.refresh([shown])
    publication.refresh_from_db()
    assert "80.25" not in json.dumps(publication.content)
    assert publication.content["indicators"][0]["value"] == "74.0%"
    assert "80.25" in json.dumps(public_snapshot.build(world.partnership))


def test_observation_flags_provisional_and_missing(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="F-1",
                               published=True)
    observation(indicator, Period.month(2024, 1), 50.0, status=Observation.Status.PROVISIONAL)
    observation(indicator, Period.month(2024, 2), None, missing_code="..")
    rows = public_snapshot.build(world.partnership)["indicators"][0]["observations"]
    assert rows[0]["flags"] == ["provisional"]
    assert rows[1]["flags"] == ["missing"] and rows[1]["formatted"] == ".."


def test_first_published_is_kept_from_the_earlier_publication(world, plan):
    first = services.publish(Actor(user=world.editor), world.partnership,
                             now=timezone.now() - timezone.timedelta(days=40))
    later = public_snapshot.build(world.partnership)
    assert (later["indicators"][0]["first_published"]
            == first.content["indicators"][0]["first_published"]
            != later["published_at"][:10])


def test_comparison_with_the_family_group_of_the_partnerships_own_area(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="LGBF-1",
                               title="Street cleanliness", unit=Indicator.Unit.SCORE,
                               published=True, values=[80.0],
                               frequency=Indicator.Frequency.MONTHLY)
    areas = {name: Breakdown.objects.create(partnership=world.partnership, name=name,
                                            kind=Breakdown.Kind.AREA, family_group=group)
             for name, group in (("Alpha", "Family group 3"), ("Gamma", "Family group 3"),
                                 ("Delta", "Family group 3"), ("Omega", "Family group 1"))}
    for name, value in (("Alpha", 80.0), ("Gamma", 90.0), ("Delta", 70.0), ("Omega", 99.0)):
        observation(indicator, Period.month(2024, 1), value, breakdown=areas[name])
    comparison = public_snapshot.build(world.partnership)["indicators"][0]["comparison"]
    assert comparison["family_group"] == "Family group 3"
    assert comparison["period_label"] == "January 2024"
    assert [(r["area"], r["rank"], r["is_own"]) for r in comparison["rows"]] == [
        ("Gamma", 1, False), ("Alpha", 2, True), ("Delta", 3, False)]


def test_no_comparison_without_areas(world, plan):
    assert public_snapshot.build(world.partnership)["indicators"][0]["comparison"] is None


def test_red_against_its_target_in_plain_words(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="R-1",
                               values=[40.0, 41.0, 42.0], published=True)
    Target.objects.create(indicator=indicator, value=60.0)
    status.refresh([indicator])
    row = public_snapshot.build(world.partnership)["indicators"][0]
    assert row["rag"] == "red" and row["target"] == "60.0%"
    assert "Not meeting its target of 60.0%." in row["status"]
    assert "Common cause" not in row["status"]  # the statistics' words are apart
    assert row["status_details"].startswith("Common cause variation.")


def _indicators(world, count):
    for number in range(count):
        indicator = make_indicator(world.partnership, owner=world.council,
                                   code=f"Q-{number}", values=[10.0, 11.0, 12.0],
                                   published=True)
        Target.objects.create(indicator=indicator, value=11.0)
        Commentary.objects.create(indicator=indicator, period=Period.month(2024, 1).key,
                                  period_start=Period.month(2024, 1).start,
                                  what_it_shows="Words", is_public=True)
        outcome = Outcome.objects.create(partnership=world.partnership, level=2,
                                         title=f"Outcome {number}")
        outcome.indicators.set([indicator])
        action = Action.objects.create(partnership=world.partnership,
                                       reference=f"Q{number}", title="Do",
                                       owner_organisation=world.council, published=True)
        action.indicators.set([indicator])
        action.outcomes.set([outcome])
        waiting = Observation(indicator=indicator, value=1.0)
        waiting.set_period(Period.month(2024, 4))
        waiting.save()


def test_the_number_of_queries_does_not_grow_with_the_indicators(world):
    _indicators(world, 3)
    with CaptureQueriesContext(connection) as few:
        public_snapshot.build(world.partnership)
    _indicators_more = 27
    for number in range(3, 3 + _indicators_more):
        indicator = make_indicator(world.partnership, owner=world.council,
                                   code=f"Q-{number}", values=[10.0, 11.0],
                                   published=True)
        Target.objects.create(indicator=indicator, value=11.0)
    _indicators(world, 0)
    with CaptureQueriesContext(connection) as many:
        snapshot = public_snapshot.build(world.partnership)
    assert len(snapshot["indicators"]) == 30
    assert len(many) == len(few), [q["sql"][:80] for q in many.captured_queries]
