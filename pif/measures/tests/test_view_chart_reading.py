"""The indicator page explains the chart of its own type and lists the runs verdicts."""

from django.urls import reverse

from pif.lib.periods import Period
from pif.measures.testing import make_indicator

LONG_RUN_THEN_A_LOW_POINT = [14] * 12 + [14, 6] * 6


def page(client, world, indicator):
    client.force_login(world.viewer)
    return client.get(reverse("indicator", args=["alpha", indicator.code])).content.decode()


def test_a_c_chart_page_names_the_long_run_and_explains_c_charts(client, world):
    indicator = make_indicator(world.partnership, owner=world.council, code="C-1", unit="count",
                               decimals=0, chart_type="c", values=LONG_RUN_THEN_A_LOW_POINT,
                               first_period=Period.month(2022, 1))
    text = page(client, world, indicator)
    assert "Runs analysis" in text
    assert ("An unusually long run: 13 points in a row above the centre line, more than the "
            "8 expected at most for 24 points.") in text
    assert "The solid line is the centre line, the mean count" in text
    assert "as a whole, not point by point" in text
    assert "Unusually long run on one side" not in text  # no point is labelled a run
    assert "rising or falling" not in text


def test_an_xmr_chart_page_explains_the_four_rules_and_has_no_runs_list(client, world):
    indicator = make_indicator(world.partnership, owner=world.council, code="X-1", unit="count",
                               decimals=0, values=[1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1])
    text = page(client, world, indicator)
    assert "Runs analysis" not in text
    assert "in a run of 7 rising or falling" in text
    assert "The solid line is the mean" in text
