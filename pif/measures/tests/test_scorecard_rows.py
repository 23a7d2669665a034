"""The scorecard's rows: stored status, filtering, sorting and grouping, without a request."""

from pif.lib.periods import Period
from pif.measures import scorecard as card
from pif.measures.models import Indicator, IndicatorStatus, Tag
from pif.measures.testing import make_indicator


def rows_for(world):
    return card.load_rows(world.partnership)


def codes(rows):
    return [row.indicator.code for row in rows]


def test_an_indicator_never_computed_has_an_empty_status(world):
    make_indicator(world.partnership, owner=world.council, code="RAW")
    IndicatorStatus.objects.all().delete()
    row = rows_for(world)[0]
    assert row.status.latest_period == "" and row.status.rag == ""
    assert row.overdue is False and row.latest_label == "" and row.latest_start == ""


def test_rows_carry_the_latest_period_label_and_overdue_flag(world):
    world.sample_indicator()
    row = rows_for(world)[0]
    assert row.latest_label == "April 2024"
    assert row.latest_start == "2024-04-01"
    assert row.overdue is True


def test_only_the_partnerships_indicators_are_read(world):
    world.sample_indicator()
    make_indicator(world.other_partnership, owner=world.other_council, code="BETA")
    assert codes(rows_for(world)) == ["AE-4HR"]


def test_perspective_tags_win_over_other_tags_and_untagged_fall_back_to_the_first(world):
    national = Tag.objects.create(partnership=world.partnership, name="National", group="NPF")
    customer = Tag.objects.create(partnership=world.partnership, name="Customer",
                                  group="Perspective")
    both = make_indicator(world.partnership, owner=world.council, code="BOTH")
    both.tags.add(national, customer)
    only_national = make_indicator(world.partnership, owner=world.council, code="NAT")
    only_national.tags.add(national)
    make_indicator(world.partnership, owner=world.council, code="NONE")
    groups = {r.indicator.code: r.groups for r in rows_for(world)}
    assert groups == {"BOTH": ["Customer"], "NAT": ["National"], "NONE": []}
    grouped = card.group_rows(rows_for(world), "tag")
    assert [(g.name, codes(g.rows)) for g in grouped] == [
        ("Customer", ["BOTH"]), ("National", ["NAT"]), ("Other indicators", ["NONE"])]


def test_an_indicator_in_two_perspectives_appears_in_both_groups(world):
    one = Tag.objects.create(partnership=world.partnership, name="Financial",
                             group="Perspective")
    two = Tag.objects.create(partnership=world.partnership, name="Customer",
                             group="Perspective")
    indicator = make_indicator(world.partnership, owner=world.council, code="TWO")
    indicator.tags.add(one, two)
    grouped = card.group_rows(rows_for(world), "tag")
    assert [(g.name, codes(g.rows)) for g in grouped] == [("Customer", ["TWO"]),
                                                           ("Financial", ["TWO"])]


def test_filters_combine(world):
    make_indicator(world.partnership, owner=world.council, code="C-M", values=[1, 2])
    make_indicator(world.partnership, owner=world.council, code="C-Q", values=[1, 2],
                   frequency=Indicator.Frequency.QUARTERLY)
    make_indicator(world.partnership, owner=world.health_board, code="H-M", values=[1, 2])
    rows = rows_for(world)
    assert codes(card.filter_rows(rows, owner=str(world.council.pk))) == ["C-M", "C-Q"]
    assert codes(card.filter_rows(rows, owner=str(world.council.pk),
                                  frequency="monthly")) == ["C-M"]
    assert codes(card.filter_rows(rows, status="unknown")) == ["C-M", "C-Q", "H-M"]


def test_oldest_data_first_puts_indicators_without_data_first(world):
    make_indicator(world.partnership, owner=world.council, code="A-NEW", values=[1],
                   first_period=Period.month(2025, 1))
    make_indicator(world.partnership, owner=world.council, code="B-OLD", values=[1],
                   first_period=Period.month(2023, 1))
    make_indicator(world.partnership, owner=world.council, code="C-NONE")
    assert codes(card.sort_rows(rows_for(world), "latest")) == ["C-NONE", "B-OLD", "A-NEW"]


def test_concern_first_sorting(world):
    steady = [50, 51, 49, 50, 52, 48, 50, 51, 49, 50, 50, 51, 49, 50]
    make_indicator(world.partnership, owner=world.council, code="A-OK", values=steady)
    make_indicator(world.partnership, owner=world.council, code="Z-BAD", values=[*steady, 10])
    assert codes(card.sort_rows(rows_for(world), "variation")) == ["Z-BAD", "A-OK"]


def test_sorting_by_title_ignores_case(world):
    make_indicator(world.partnership, owner=world.council, code="A", title="zebra crossings")
    make_indicator(world.partnership, owner=world.council, code="B", title="Apples eaten")
    assert codes(card.sort_rows(rows_for(world), "title")) == ["B", "A"]
