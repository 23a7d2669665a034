"""The Loch Arden demo's stage 4: illustrative, and said to be."""

import pytest

from pif.measures.models import Indicator, Observation
from pif.partnerships import demo
from pif.people import models as m
from pif.people import queries

pytestmark = pytest.mark.django_db


def test_the_demo_develops_people_and_says_it_is_invented():
    partnership = demo.load()
    activities = m.LearningActivity.objects.filter(partnership=partnership)
    assert activities.count() == 10
    assert all("Illustrative" in activity.description for activity in activities)
    assert activities.filter(outcomes__isnull=False).distinct().count() >= 5
    dates = set(m.CapabilityCount.objects.filter(partnership=partnership)
                .values_list("counted_on", flat=True))
    assert len(dates) == 2
    summary = queries.capability_summary(partnership)
    assert all(row.counted_on and row.previous_on for row in summary.rows)
    assert any(total.change for total in summary.totals)
    assert "Illustrative" in m.PeopleSettings.objects.get(
        partnership=partnership).capability_note
    assert not m.TrainingRecord.objects.filter(partnership=partnership).exists()
    engagement = Indicator.objects.filter(partnership=partnership,
                                          tags__name="Staff engagement")
    assert engagement.count() == 3
    assert all("Illustrative" in indicator.quality_note for indicator in engagement)
    assert Observation.objects.filter(indicator__in=engagement).count() == 15
    assert all(indicator.current_status.points == 5 for indicator in engagement)
