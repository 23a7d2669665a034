"""Comparing areas: rank by the direction of improvement, median, family group average."""

import pytest
from django.urls import reverse
from django.utils import timezone

from pif.lib.periods import Period
from pif.measures import breakdowns
from pif.measures.models import Breakdown, Indicator, Observation
from pif.measures.testing import make_indicator

AREAS = [("Arden", "Urban", 30), ("Bray", "Urban", 20), ("Carse", "Rural", 20),
         ("Dunmore", "Rural", 10)]


def add_values(indicator, period, values, partnership=None, approved=True):
    partnership = partnership or indicator.partnership
    for name, family, value in values:
        area, _ = Breakdown.objects.get_or_create(partnership=partnership, name=name,
                                                  defaults={"family_group": family})
        observation = Observation(indicator=indicator, breakdown=area, value=value,
                                  status="final" if approved else "provisional",
                                  approved_at=timezone.now() if approved else None)
        observation.set_period(period)
        observation.save()


@pytest.fixture
def higher(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="HIGH",
                               values=[21], first_period=Period.month(2024, 3))
    add_values(indicator, Period.month(2024, 3), AREAS)
    return indicator


@pytest.fixture
def lower(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="LOW",
                               improvement=Indicator.Improvement.LOWER)
    add_values(indicator, Period.month(2024, 3), AREAS)
    return indicator


def ranks(comparison):
    return [(row.name, row.rank) for row in comparison.rows]


def test_higher_is_better_ranks_the_largest_first_and_ties_share_a_rank(higher):
    comparison = breakdowns.compare(higher)
    assert ranks(comparison) == [("Arden", 1), ("Bray", 2), ("Carse", 2), ("Dunmore", 4)]
    assert comparison.ranked == 4


def test_lower_is_better_ranks_the_smallest_first(lower):
    comparison = breakdowns.compare(lower)
    assert ranks(comparison) == [("Dunmore", 1), ("Bray", 2), ("Carse", 2), ("Arden", 4)]


def test_the_median_and_the_comparison_with_it(higher, lower):
    comparison = breakdowns.compare(higher)
    assert comparison.median == 20
    versus = {row.name: row.versus_median for row in comparison.rows}
    assert versus == {"Arden": "Better than the median", "Bray": "At the median",
                      "Carse": "At the median", "Dunmore": "Worse than the median"}
    versus_low = {row.name: row.versus_median for row in breakdowns.compare(lower).rows}
    assert versus_low["Arden"] == "Worse than the median"
    assert versus_low["Dunmore"] == "Better than the median"


def test_the_overall_total_is_the_observation_without_a_breakdown(higher, lower):
    assert breakdowns.compare(higher).total == 21
    assert breakdowns.compare(lower).total is None


def test_a_family_group_keeps_its_areas_and_gives_their_average(higher):
    comparison = breakdowns.compare(higher, family_group="Rural")
    assert comparison.family_groups == ["Rural", "Urban"]
    assert comparison.family_group == "Rural"
    assert ranks(comparison) == [("Carse", 1), ("Dunmore", 2)]
    assert comparison.median == 15
    assert comparison.family_average == 15
    assert breakdowns.compare(higher).family_average is None


def test_an_unknown_family_group_shows_all_areas(higher):
    comparison = breakdowns.compare(higher, family_group="Coastal")
    assert comparison.family_group == ""
    assert len(comparison.rows) == 4


def test_the_latest_period_is_chosen_unless_another_is_asked_for(higher):
    add_values(higher, Period.month(2024, 4), [("Arden", "Urban", 5), ("Bray", "Urban", 50)])
    latest = breakdowns.compare(higher)
    assert latest.period == Period.month(2024, 4)
    assert [p.key for p in latest.periods] == ["M2024-04", "M2024-03"]
    assert ranks(latest) == [("Bray", 1), ("Arden", 2)]
    earlier = breakdowns.compare(higher, "M2024-03")
    assert earlier.period == Period.month(2024, 3)
    assert len(earlier.rows) == 4
    assert breakdowns.compare(higher, "M1999-01").period == Period.month(2024, 4)


def test_a_missing_value_is_listed_unranked_after_the_others(higher):
    area = Breakdown.objects.create(partnership=higher.partnership, name="Aird")
    observation = Observation(indicator=higher, breakdown=area, value=None, missing_code="c",
                              approved_at=timezone.now())
    observation.set_period(Period.month(2024, 3))
    observation.save()
    comparison = breakdowns.compare(higher)
    assert comparison.rows[-1].name == "Aird"
    assert comparison.rows[-1].rank is None and comparison.rows[-1].missing_code == "c"
    assert comparison.median == 20 and comparison.ranked == 4


def test_an_indicator_without_breakdowns_has_nothing_to_compare(world):
    indicator = world.sample_indicator()
    comparison = breakdowns.compare(indicator)
    assert comparison.period is None and comparison.rows == []


URL = reverse("indicator_breakdown", args=["alpha", "HIGH"])


def test_the_page_shows_areas_ranked_with_the_median(client, world, higher):
    client.force_login(world.viewer)
    response = client.get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Median of 4 areas" in text and "20.0%" in text
    assert "Headline value" in text and "21.0%" in text
    assert text.index(">Arden<") < text.index(">Bray<") < text.index(">Dunmore<")
    indicator_page = client.get(reverse("indicator", args=["alpha", "HIGH"])).content.decode()
    assert "Compare areas" in indicator_page


def test_the_page_filters_by_family_group_and_period(client, world, higher):
    add_values(higher, Period.month(2024, 4), [("Arden", "Urban", 5)])
    client.force_login(world.viewer)
    response = client.get(URL, {"period": "M2024-03", "family": "Urban"})
    comparison = response.context["comparison"]
    assert comparison.period == Period.month(2024, 3)
    assert [row.name for row in comparison.rows] == ["Arden", "Bray"]
    assert "Urban average" in response.content.decode()


def test_the_page_without_breakdowns_says_so(client, world):
    world.sample_indicator()
    client.force_login(world.viewer)
    response = client.get(reverse("indicator_breakdown", args=["alpha", "AE-4HR"]))
    assert "no values broken down by area" in response.content.decode()


def test_an_outsider_gets_404(client, world, higher):
    client.force_login(world.outsider)
    assert client.get(URL).status_code == 404


# Values awaiting approval are shown apart, never ranked or counted in the median


def test_a_first_area_value_awaiting_approval_is_not_ranked_or_in_the_median(higher):
    add_values(higher, Period.month(2024, 3), [("Eskbank", "Urban", 99)], approved=False)
    comparison = breakdowns.compare(higher)
    assert ranks(comparison) == [("Arden", 1), ("Bray", 2), ("Carse", 2), ("Dunmore", 4)]
    assert comparison.median == 20 and comparison.ranked == 4
    assert [(row.name, row.value) for row in comparison.waiting] == [("Eskbank", 99)]
    assert comparison.waiting[0].rank is None


def test_a_revision_awaiting_approval_leaves_the_approved_area_value_ranked(world, higher):
    arden = Observation.objects.get(indicator=higher, breakdown__name="Arden")
    arden.value, arden.approved_at, arden.status = 5, None, "revised"
    arden.save()
    comparison = breakdowns.compare(higher)
    assert ranks(comparison) == [("Arden", 1), ("Bray", 2), ("Carse", 2), ("Dunmore", 4)]
    assert comparison.rows[0].value == 30 and comparison.median == 20
    assert [(row.name, row.value) for row in comparison.waiting] == [("Arden", 5)]


def test_family_group_average_leaves_out_values_awaiting_approval(higher):
    add_values(higher, Period.month(2024, 3), [("Eskbank", "Rural", 99)], approved=False)
    comparison = breakdowns.compare(higher, family_group="Rural")
    assert comparison.family_average == 15 and comparison.median == 15
    assert [row.name for row in comparison.waiting] == ["Eskbank"]
    assert breakdowns.compare(higher, family_group="Urban").waiting == []


def test_an_overall_value_awaiting_approval_leaves_the_approved_one_shown(world, higher):
    total = Observation.objects.get(indicator=higher, breakdown=None)
    total.value, total.approved_at = 77, None
    total.save()
    assert breakdowns.compare(higher).total == 21


def test_a_period_with_only_values_awaiting_approval_can_be_seen(higher):
    add_values(higher, Period.month(2024, 4), [("Arden", "Urban", 40)], approved=False)
    comparison = breakdowns.compare(higher, "M2024-04")
    assert comparison.rows == [] and comparison.median is None
    assert [(row.name, row.value) for row in comparison.waiting] == [("Arden", 40)]


def test_the_page_shows_values_awaiting_approval_apart(client, world, higher):
    add_values(higher, Period.month(2024, 3), [("Eskbank", "Urban", 99)], approved=False)
    client.force_login(world.viewer)
    text = client.get(URL).content.decode()
    assert "Median of 4 areas" in text
    ranked_table, waiting_table = text.split("Awaiting approval", 1)
    assert ">Eskbank<" not in ranked_table
    assert ">Eskbank<" in waiting_table and "99.0%" in waiting_table


def test_the_page_for_a_period_with_only_values_awaiting_approval_says_so(
        client, world, higher):
    add_values(higher, Period.month(2024, 4), [("Arden", "Urban", 40)], approved=False)
    client.force_login(world.viewer)
    response = client.get(URL, {"period": "M2024-04"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "No area has an approved value for April 2024 yet" in text
    assert "Median of" not in text
    assert ">Arden<" in text.split("Awaiting approval", 1)[1]


# Ties and the median compare the values as stored, not as rounded for showing


def test_values_equal_but_for_floating_point_noise_share_a_rank(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="NOISE")
    # 0.1 + 0.2 is 0.30000000000000004: the same figure reached by a sum
    add_values(indicator, Period.month(2024, 3), [("Arden", "Urban", 0.5),
                                                  ("Bray", "Urban", 0.1 + 0.2),
                                                  ("Carse", "Rural", 0.3),
                                                  ("Dunmore", "Rural", 0.1)])
    comparison = breakdowns.compare(indicator)
    assert ranks(comparison) == [("Arden", 1), ("Bray", 2), ("Carse", 2), ("Dunmore", 4)]


def test_a_value_shown_rounded_to_the_median_is_still_better_or_worse(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="ROUND")
    add_values(indicator, Period.month(2024, 3), [("Arden", "Urban", 20.04),
                                                  ("Bray", "Urban", 20.0),
                                                  ("Carse", "Rural", 19.96)])
    comparison = breakdowns.compare(indicator)
    assert comparison.median == 20.0
    versus = {row.name: row.versus_median for row in comparison.rows}
    assert versus == {"Arden": "Better than the median", "Bray": "At the median",
                      "Carse": "Worse than the median"}


def test_a_value_equal_to_the_median_but_for_floating_point_noise_is_at_the_median(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="MID")
    add_values(indicator, Period.month(2024, 3), [("Arden", "Urban", 0.5),
                                                  ("Bray", "Urban", 0.1 + 0.2),
                                                  ("Carse", "Rural", 0.3),
                                                  ("Dunmore", "Rural", 0.1)])
    versus = {row.name: row.versus_median for row in breakdowns.compare(indicator).rows}
    assert versus["Bray"] == versus["Carse"] == "At the median"


# The bar chart beside the table


def test_bars_run_from_zero_in_proportion_to_the_largest_value(higher):
    comparison = breakdowns.compare(higher)
    bars = {bar.row.name: (bar.start, bar.length) for bar in comparison.bars}
    assert bars == {"Arden": (0, 100), "Bray": (0, 66.667), "Carse": (0, 66.667),
                    "Dunmore": (0, 33.333)}
    assert comparison.median_at == 66.667


def test_negative_values_run_left_of_zero(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="NEG",
                               improvement=Indicator.Improvement.NEITHER)
    add_values(indicator, Period.month(2024, 3), [("Arden", "Urban", 30),
                                                  ("Bray", "Urban", -10)])
    bars = {bar.row.name: (bar.start, bar.length) for bar in breakdowns.compare(indicator).bars}
    assert bars == {"Arden": (25, 75), "Bray": (0, 25)}


def test_missing_values_have_no_bar_and_all_zero_values_have_empty_bars(higher, world):
    area = Breakdown.objects.create(partnership=higher.partnership, name="Aird")
    observation = Observation(indicator=higher, breakdown=area, value=None, missing_code="c",
                              approved_at=timezone.now())
    observation.set_period(Period.month(2024, 3))
    observation.save()
    assert "Aird" not in [bar.row.name for bar in breakdowns.compare(higher).bars]
    zeros = make_indicator(world.partnership, owner=world.council, code="ZERO")
    add_values(zeros, Period.month(2024, 3), [("Arden", "Urban", 0), ("Bray", "Urban", 0)])
    comparison = breakdowns.compare(zeros)
    assert [(bar.start, bar.length) for bar in comparison.bars] == [(0, 0), (0, 0)]
    assert comparison.median_at == 0


def test_the_page_draws_a_bar_chart_beside_the_table(client, world, higher):
    client.force_login(world.viewer)
    text = client.get(URL).content.decode()
    chart = text.split('class="pif-bar-chart"', 1)[1].split("</figure>", 1)[0]
    assert "Arden" in chart and "30.0%" in chart
    assert 'width="66.667"' in chart  # Bray's bar
    assert "median, 20.0%" in chart
    assert text.index('<table class="govuk-table">') < text.index('class="pif-bar-chart"')
