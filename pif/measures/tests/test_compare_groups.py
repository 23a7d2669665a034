"""Compare areas ranks areas only: a group breakdown such as Scotland (the councils together)
is shown beside the median, never ranked among the areas."""

from django.urls import reverse
from django.utils import timezone

from pif.lib.periods import Period
from pif.measures import breakdowns
from pif.measures.models import Breakdown, Observation
from pif.measures.testing import make_indicator

MARCH = Period.month(2024, 3)


def add_value(indicator, name, kind, value) -> None:
    breakdown, _ = Breakdown.objects.get_or_create(partnership=indicator.partnership,
                                                   name=name, defaults={"kind": kind})
    observation = Observation(indicator=indicator, breakdown=breakdown, value=value,
                              status="final", approved_at=timezone.now())
    observation.set_period(MARCH)
    observation.save()


def scotland_and_two_councils(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="LGBF",
                               values=[40], first_period=MARCH)
    add_value(indicator, "Fife", Breakdown.Kind.AREA, 40)
    add_value(indicator, "Moray", Breakdown.Kind.AREA, 20)
    add_value(indicator, "Scotland", Breakdown.Kind.GROUP, 90)
    return indicator


def test_a_group_is_not_ranked_or_counted_in_the_median(world):
    comparison = breakdowns.compare(scotland_and_two_councils(world))
    assert [(row.name, row.rank) for row in comparison.rows] == [("Fife", 1), ("Moray", 2)]
    assert comparison.median == 30
    assert comparison.others == [("Scotland", 90)]


def test_the_page_shows_the_group_beside_the_median(client, world):
    indicator = scotland_and_two_councils(world)
    client.force_login(world.viewer)
    page = client.get(reverse("indicator_breakdown", args=["alpha", indicator.code]))
    text = page.content.decode()
    assert "Median of 2 areas" in text
    assert '<dt class="govuk-summary-list__key">Scotland</dt>' in text
    assert '<dt class="govuk-summary-list__key">Headline value</dt>' in text


def test_an_indicator_split_only_into_groups_offers_no_comparison_of_areas(client, world):
    ages = make_indicator(world.partnership, owner=world.council, code="AGES", values=[40],
                          first_period=MARCH)
    add_value(ages, "Aged 75 and over", Breakdown.Kind.GROUP, 25)
    client.force_login(world.viewer)
    page = client.get(reverse("indicator", args=["alpha", "AGES"])).content.decode()
    assert "Compare areas" not in page
    councils = scotland_and_two_councils(world)
    page = client.get(reverse("indicator", args=["alpha", councils.code])).content.decode()
    assert "Compare areas" in page
