"""The balance line ("42 of 58 plan indicators published") and the warning when what is
published looks rosier than the whole plan."""

import pytest

from pif.measures import status
from pif.measures.models import Target
from pif.measures.testing import make_indicator
from pif.outcomes.models import Outcome
from pif.reports import balance
from pif.spc.vocabulary import Signal


def row(number, *, rag="", published=False, in_plan=True, signal=Signal.NO_SIGNAL):
    return balance.PlanIndicator(number, f"I-{number}", f"Indicator {number}", published,
                                 in_plan, rag, signal)


def plan(rows, linked=True):
    return balance.Plan(rows, linked)


def test_the_line_counts_published_plan_indicators():
    weighed = balance.weigh(plan([row(1, published=True), row(2), row(3, published=True),
                                  row(4, published=True, in_plan=False)]))
    assert weighed.line == "2 of 3 plan indicators published"
    assert weighed.outside_plan == 1
    assert "1 published indicator linked to no outcome is shown as well" in weighed.plan_words


def test_a_rosy_selection_is_warned_about_in_plain_words():
    # 6 red of 12; only 1 red among 6 published.
    rows = [row(n, rag="red", published=n == 1) for n in range(1, 7)]
    rows += [row(n, rag="green", published=True) for n in range(7, 12)] + [row(12)]
    weighed = balance.weigh(plan(rows))
    assert len(weighed.warnings) == 1
    warning = weighed.warnings[0]
    assert warning.startswith("You are publishing 1 of the 6 red indicators in the plan. "
                              "Red indicators make up 17% of the plan indicators you "
                              "publish but 50% of the whole plan")
    assert "I-2 Indicator 2" in warning and "I-1 Indicator 1" not in warning
    assert [r.code for r in weighed.unpublished_red] == ["I-2", "I-3", "I-4", "I-5", "I-6"]


def test_a_fair_selection_is_not_warned_about():
    # 4 red of 10; 2 red among 5 published: the same share.
    rows = [row(n, rag="red", published=n <= 2) for n in range(1, 5)]
    rows += [row(n, rag="green", published=n <= 7) for n in range(5, 11)]
    weighed = balance.weigh(plan(rows))
    assert weighed.warnings == []
    assert weighed.published_by_rag["red"] == 2 and weighed.plan_by_rag["red"] == 4


def test_most_red_left_out_with_a_lower_share_is_warned_about():
    # 10 red of 58 (17%); 4 red among 42 published (10%): above half the share, but 6 of the
    # 10 red are left out.
    rows = [row(n, rag="red", published=n < 4) for n in range(10)]
    rows += [row(n, rag="green", published=n < 48) for n in range(10, 58)]
    weighed = balance.weigh(plan(rows))
    assert weighed.line == "42 of 58 plan indicators published"
    assert weighed.warnings and weighed.warnings[0].startswith(
        "You are publishing 4 of the 10 red indicators")


def test_concern_is_weighed_as_well():
    rows = [row(n, signal=Signal.CONCERN, published=False) for n in range(3)]
    rows += [row(n, published=True) for n in range(3, 6)]
    weighed = balance.weigh(plan(rows))
    assert len(weighed.warnings) == 1
    assert weighed.warnings[0].startswith(
        "You are publishing none of the 3 indicators showing concern in the plan. "
        "Indicators showing concern make up 0%")


def test_nothing_published_or_no_red_is_never_warned_about():
    assert balance.weigh(plan([row(1, rag="red"), row(2)])).warnings == []
    assert balance.weigh(plan([row(1, published=True), row(2)])).warnings == []


@pytest.mark.django_db
def test_plan_indicators_are_those_linked_to_an_outcome_or_all_when_none_are(world):
    linked = make_indicator(world.partnership, owner=world.council, code="L-1",
                            values=[40.0, 41.0, 42.0], published=True)
    make_indicator(world.partnership, owner=world.council, code="L-2", published=True)
    red = make_indicator(world.partnership, owner=world.council, code="L-3",
                         values=[40.0, 41.0, 42.0])
    Target.objects.create(indicator=red, value=60.0)
    status.refresh([red])
    found = balance.plan_indicators(world.partnership)
    assert not found.linked and all(r.in_plan for r in found.indicators)
    assert "every indicator counts" in balance.weigh(found).plan_words
    outcome = Outcome.objects.create(partnership=world.partnership, level=2, title="Safe")
    outcome.indicators.set([linked, red])
    found = balance.plan_indicators(world.partnership)
    weighed = balance.weigh(found)
    assert found.linked and weighed.line == "1 of 2 plan indicators published"
    assert weighed.plan_by_rag["red"] == 1 and weighed.outside_plan == 1
    # One red indicator: in the singular.
    assert weighed.warnings[0].startswith(
        "You are not publishing the 1 red indicator in the plan. Red indicators make up 0%")
