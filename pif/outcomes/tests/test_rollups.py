"""An outcome's roll-up counts its own indicators and those of every outcome under it."""

import pytest
from django.urls import reverse

from pif.measures.testing import make_indicator
from pif.outcomes import queries
from pif.outcomes.testing import make_outcome
from pif.outcomes.tests.helpers import queries_for
from pif.spc.vocabulary import Rag, Signal

pytestmark = pytest.mark.django_db


def with_rag(indicator, rag: Rag):
    status = indicator.status
    status.rag = rag
    status.save()
    return indicator


@pytest.fixture
def family(world):
    """Top <- Middle <- (Left, Right); one indicator on Left and Right alike."""
    p, council = world.partnership, world.council
    top = make_outcome(p, "Top", level=2)
    middle = make_outcome(p, "Middle", level=3, parent=top)
    left = make_outcome(p, "Left", level=4, parent=middle)
    right = make_outcome(p, "Right", level=4, parent=middle)
    shared = with_rag(make_indicator(p, owner=council, code="SHARED", values=[1, 2, 3]),
                      Rag.RED)
    own = with_rag(make_indicator(p, owner=council, code="OWN", values=[4, 5, 6]), Rag.GREEN)
    left.indicators.add(shared)
    right.indicators.add(shared)
    top.indicators.add(own)
    return top, middle, left, right


def test_the_tree_rolls_up_descendants_counting_a_shared_indicator_once(world, family):
    top, middle, left, _ = family
    rows = {row.outcome.pk: row.rollup
            for row in queries.tree(list(queries.outcomes_for(world.partnership)))}
    assert rows[top.pk].total == 2
    assert rows[middle.pk].total == 1
    assert rows[left.pk].total == 1
    assert rows[top.pk].rags[Rag.RED] == 1 and rows[top.pk].rags[Rag.GREEN] == 1
    assert rows[middle.pk].rags[Rag.GREEN] == 0


def test_the_roll_up_says_variation_and_rag_counts():
    rollup = queries.Rollup()
    rollup.counts[Signal.IMPROVING] = 2
    rollup.counts[Signal.CONCERN] = 1
    rollup.rags[Rag.RED] = 1
    rollup.rags[Rag.GREEN] = 2
    rollup.total = 3
    assert str(rollup) == "2 improving, 1 concern; 1 red, 2 green"
    assert rollup.signal_text == "2 improving, 1 concern"
    assert rollup.headline is Signal.CONCERN


def test_the_headline_is_the_most_pressing_signal():
    rollup = queries.Rollup()
    assert rollup.headline is Signal.NO_DATA
    rollup.counts[Signal.NO_SIGNAL] = 1
    assert rollup.headline is Signal.NO_SIGNAL
    rollup.counts[Signal.IMPROVING] = 1
    assert rollup.headline is Signal.IMPROVING


def test_the_outcome_page_counts_the_indicators_of_outcomes_under_it(client, world, family):
    top, *_ = family
    client.force_login(world.viewer)
    page = client.get(reverse("outcome", args=["alpha", top.pk])).content.decode()
    assert "1 red, 1 green" in page
    assert "2 indicators show progress on this outcome and the outcomes contributing" in page


def test_the_outcome_page_costs_the_same_queries_however_deep_the_tree(client, world, family):
    top, middle, left, right = family
    client.force_login(world.viewer)
    url = reverse("outcome", args=["alpha", top.pk])
    few, _ = queries_for(client, url)
    parent = left
    for i in range(6):
        parent = make_outcome(world.partnership, f"Deeper {i}", level=4, parent=parent)
        parent.indicators.add(make_indicator(world.partnership, owner=world.council,
                                             code=f"D-{i}", values=[1, 2]))
    many, response = queries_for(client, url)
    assert few == many
    assert response.context["rollup"].total == 8
