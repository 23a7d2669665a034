"""Small numbers: counts from 1 to the threshold less one, found in what would be published
and suppressed in the snapshot when the editor asks."""

import json

import pytest
from django.utils import timezone

from pif.lib.periods import Period
from pif.measures.models import Breakdown, Indicator, Observation
from pif.measures.testing import make_indicator
from pif.reports import public_snapshot, small_numbers
from pif.reports.models import PublicSettings
from pif.reports.testing import make_suppression

pytestmark = pytest.mark.django_db


def add(indicator, month, value=None, *, numerator=None, denominator=None, breakdown=None,
        approved=True):
    row = Observation(indicator=indicator, value=value, numerator=numerator,
                      denominator=denominator, breakdown=breakdown,
                      status=Observation.Status.FINAL,
                      approved_at=timezone.now() if approved else None)
    row.set_period(Period.month(2025, month))
    row.save()
    return row


@pytest.mark.parametrize(("number", "small"), [(None, False), (0, False), (0.0, False),
                                                (1, True), (9, True), (9.5, True),
                                                (10, False), (250, False)])
def test_small_is_from_1_to_one_below_the_threshold(number, small):
    assert small_numbers.is_small(number, 10) is small


def test_a_threshold_of_0_flags_nothing():
    assert not small_numbers.is_small(3, 0)


@pytest.fixture
def counts(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="FALLS",
                               title="Falls in care homes", unit=Indicator.Unit.COUNT,
                               decimals=0, published=True)
    group = Breakdown.objects.create(partnership=world.partnership, name="Aged 75 and over",
                                     kind=Breakdown.Kind.GROUP)
    add(indicator, 1, 120)
    add(indicator, 1, 4, breakdown=group)
    add(indicator, 2, 130)
    add(indicator, 2, 0, breakdown=group)
    add(indicator, 3, 3, approved=False)  # awaiting approval: not what would be published
    return indicator


def test_counts_of_a_count_indicator_are_listed_per_indicator(world, counts):
    rows = small_numbers.flagged(world.partnership, 10)
    assert [row.indicator.code for row in rows] == ["FALLS"]
    assert [n.words for n in rows[0].numbers] == ["4 in January 2025 (Aged 75 and over)"]
    assert rows[0].values == 1 and not rows[0].suppressed


def test_numerators_and_denominators_of_a_percentage_are_checked(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="PCT",
                               published=True)
    add(indicator, 1, 50.0, numerator=3, denominator=6)
    add(indicator, 2, 50.0, numerator=30, denominator=60)
    add(indicator, 3, 50.0)  # a value alone says nothing of how many people
    rows = small_numbers.flagged(world.partnership, 10)
    assert [(n.field, n.number) for n in rows[0].numbers] == [("numerator", 3.0),
                                                              ("denominator", 6.0)]
    assert rows[0].values == 1


def test_unpublished_indicators_and_other_units_are_not_listed(world):
    make_indicator(world.partnership, owner=world.council, code="HIDDEN",
                   unit=Indicator.Unit.COUNT, values=[3], published=False)
    make_indicator(world.partnership, owner=world.council, code="DAYS",
                   unit=Indicator.Unit.DAYS, values=[3], published=True)
    assert small_numbers.flagged(world.partnership, 10) == []


def test_suppression_replaces_the_small_values_and_flags_them(world, counts):
    make_suppression(counts, decided_by=world.editor)
    row = public_snapshot.build(world.partnership)["indicators"][0]
    assert row["suppressed"] is True
    by_key = {(o["period_label"], o["category"]): o for o in row["observations"]}
    small = by_key[("January 2025", "Aged 75 and over")]
    assert (small["value"], small["numerator"], small["denominator"]) == (None, None, None)
    assert small["flags"] == ["suppressed"] and small["formatted"] == "Not shown: small number"
    assert by_key[("January 2025", "")]["value"] == 120.0  # not small: shown
    assert by_key[("February 2025", "Aged 75 and over")]["value"] == 0.0  # zero: shown


def test_without_suppression_small_values_are_published_as_they_are(world, counts):
    row = public_snapshot.build(world.partnership)["indicators"][0]
    assert row["suppressed"] is False
    assert any(o["value"] == 4.0 for o in row["observations"])


def test_a_suppressed_latest_total_hides_the_headline_and_the_chart_point(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="RARE",
                               unit=Indicator.Unit.COUNT, decimals=0, published=True,
                               values=[40, 45, 7])
    make_suppression(indicator)
    row = public_snapshot.build(world.partnership)["indicators"][0]
    assert row["value"] == ""
    assert row["status"] == "The latest figure is a small number and is not published."
    # No chart: its mean, limits and summary would be worked from the withheld value, or
    # biased by leaving it out. The table still shows the others.
    assert row["chart"] is None and row["chart_withheld"] is True
    assert "7" not in json.dumps(row)
    assert [o["formatted"] for o in row["observations"]] == ["40", "45",
                                                             "Not shown: small number"]


def test_the_partnerships_threshold_is_used(world, counts):
    PublicSettings.objects.create(partnership=world.partnership, small_number_threshold=5)
    make_suppression(counts)
    row = public_snapshot.build(world.partnership)["indicators"][0]
    assert row["observations"][1]["flags"] == ["suppressed"]  # 4 < 5
    PublicSettings.objects.filter(partnership=world.partnership).delete()
    PublicSettings.objects.create(partnership=world.partnership, small_number_threshold=4)
    row = public_snapshot.build(world.partnership)["indicators"][0]
    assert row["suppressed"] is False  # 4 is not below 4


def test_a_value_its_source_marked_as_suppressed_is_never_shown(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="SRC",
                               published=True)
    row = add(indicator, 1, 42.5)
    row.status = Observation.Status.SUPPRESSED
    row.save()
    published = public_snapshot.build(world.partnership)["indicators"][0]
    assert published["observations"][0]["value"] is None
    assert published["observations"][0]["flags"] == ["suppressed"]
    assert "42.5" not in json.dumps(published)
