"""The history page shows values as people write them: periods by their label, times in UK
time, related rows and people by name (deleted ones too)."""

from datetime import UTC, datetime

import pytest

from pif.measures.models import Breakdown, Observation
from pif.measures.testing import make_indicator
from pif.partnerships import history
from pif.partnerships.models import Organisation

URL = "/p/alpha/history/"


def newest(world, kind):
    return history.changes_page(world.partnership, kind=kind, limit=1).rows[0]


def diff(change):
    return [(item.field, item.old, item.new) for item in change.fields]


@pytest.mark.django_db
def test_a_period_is_shown_by_its_label(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="AE1")
    indicator.baseline_period = "FQ2026-2"
    indicator.save()
    indicator.baseline_period = "FY2026"
    indicator.save()
    assert diff(newest(world, "measures.indicator")) == [
        ("Baseline period", "Q2 2026/27", "2026/27")]


@pytest.mark.django_db
def test_a_value_is_named_by_its_indicator_period_and_breakdown(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="AE1",
                               values=[90.5])
    townhead = Breakdown.objects.create(partnership=world.partnership, name="Townhead")
    observation = indicator.observations.get()
    observation.breakdown = townhead
    observation.save()
    assert newest(world, "measures.observation").label == "AE1, January 2024, Townhead"


@pytest.mark.django_db
def test_a_time_is_shown_in_uk_time(world):
    indicator = make_indicator(world.partnership, owner=world.council, values=[90.5])
    observation = indicator.observations.get()
    observation.approved_at = datetime(2026, 7, 1, 5, 23, tzinfo=UTC)
    observation.save()
    change = newest(world, "measures.observation")
    approved = [item for item in change.fields if item.field == "Approved at"]
    assert approved[0].new == "1 July 2026, 06:23"


@pytest.mark.django_db
def test_the_time_of_a_change_is_shown_in_uk_time(client, world):
    record = Organisation.history.filter(id=world.council.pk).get()
    record.history_date = datetime(2026, 12, 5, 6, 23, tzinfo=UTC)
    record.save()
    record = Organisation.history.filter(id=world.health_board.pk).get()
    record.history_date = datetime(2026, 6, 5, 6, 23, tzinfo=UTC)
    record.save()
    client.force_login(world.viewer)
    page = client.get(URL, {"kind": "partnerships.organisation"}).content.decode()
    assert ">5 December 2026, 06:23<" in page
    assert ">5 June 2026, 07:23<" in page


@pytest.mark.django_db
def test_a_breakdown_is_named_even_after_it_was_deleted(world):
    indicator = make_indicator(world.partnership, owner=world.council, values=[90.5])
    townhead, northfield = (Breakdown.objects.create(partnership=world.partnership, name=name)
                            for name in ("Townhead", "Northfield"))
    observation = indicator.observations.get()
    observation.breakdown = townhead
    observation.save()
    observation.breakdown = northfield
    observation.save()
    townhead.delete()
    assert ("Breakdown", "Townhead (since deleted)", "Northfield") in diff(
        newest(world, "measures.observation"))


@pytest.mark.django_db
def test_a_person_is_named_as_the_partnership_knows_them(world):
    indicator = make_indicator(world.partnership, owner=world.council, values=[90.5])
    observation = indicator.observations.get()
    observation.entered_by = world.contributor
    observation.save()
    change = newest(world, "measures.observation")
    assert ("Entered by", "(blank)", "Contributor") in diff(change)
    assert Observation.history.filter(entered_by=world.contributor).exists()
