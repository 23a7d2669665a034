"""The partnership overview's "needs attention" block: RAG counts, overdue data and overdue
risk reviews, each with a link the person's role may open, in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pif.measures.testing import make_indicator
from pif.outcomes.testing import make_risk
from pif.outcomes.tests.helpers import queries_for
from pif.spc.vocabulary import Rag

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("partnership", args=["alpha"])


def rated(world, code, rag, owner=None):
    indicator = make_indicator(world.partnership, owner=owner or world.council, code=code,
                               values=[1, 2, 3])  # from January 2024: long overdue
    status = indicator.status
    status.rag = rag
    status.save()
    return indicator


@pytest.fixture
def attention(world):
    rated(world, "R1", Rag.RED)
    rated(world, "R2", Rag.RED, owner=world.health_board)
    rated(world, "G1", Rag.GREEN)
    make_risk(world.partnership, world.council, reference="R01",
              review_date=datetime.date(2020, 1, 1))
    make_risk(world.partnership, world.council, reference="R02",
              review_date=datetime.date(2099, 1, 1))


def block(client, user) -> str:
    client.force_login(user)
    page = client.get(OVERVIEW).content.decode()
    start = page.index('class="pif-attention"')
    return page[start:page.index("</section>", start)]


def test_everyone_sees_rag_counts_linked_to_the_filtered_scorecard(client, world, attention):
    text = words(block(client, world.viewer))
    scorecard = reverse("scorecard", args=["alpha"])
    assert f'href="{scorecard}?status=red">2 red<' in text
    assert f'href="{scorecard}?status=green">1 green<' in text
    assert "0 amber" in text and f"{scorecard}?status=amber" not in text  # nothing to open


def words(text: str) -> str:
    return " ".join(text.replace("</span>", "").replace(
        '<span class="pif-attention__count">', "").split())


def test_overdue_data_and_reviews_link_to_their_lists(client, world, attention):
    text = words(block(client, world.viewer))
    assert (f'href="{reverse("scorecard", args=["alpha"])}?status=overdue">'
            "3 indicators with data overdue<") in text
    assert (f'href="{reverse("risks", args=["alpha"])}#overdue-reviews">'
            "1 risk review overdue<") in text


def test_the_overdue_reviews_link_opens_the_list_of_overdue_reviews(client, world, attention):
    client.force_login(world.viewer)
    page = client.get(reverse("risks", args=["alpha"])).content.decode()
    start = page.index('id="overdue-reviews"')
    assert "1 risk review overdue: R01." in words(page[start:page.index("</div>", start)])


def test_the_overview_counts_overdue_reviews_once(client, world, attention):
    """The conditions stage card and the Risks panel show the same count: one query."""
    client.force_login(world.viewer)
    with CaptureQueriesContext(connection) as context:
        client.get(OVERVIEW)
    risk_queries = [q["sql"] for q in context.captured_queries if '"outcomes_risk"' in q["sql"]]
    assert len(risk_queries) == 1, risk_queries


def test_a_contributors_own_data_stays_in_for_you_to_do(client, world, attention):
    """The block counts the whole partnership; a contributor's own figures are listed once,
    under "For you to do", linked to the data they need to submit."""
    text = words(block(client, world.contributor))
    assert reverse("my_data", args=["alpha"]) not in text
    assert "3 indicators with data overdue" in text


def test_nothing_to_show_says_so(client, world):
    text = words(block(client, world.viewer))
    assert "No indicator has a RAG rating yet" in text
    assert "0 risk reviews overdue" in text


def test_the_block_costs_the_same_queries_for_few_and_many(client, world, attention):
    client.force_login(world.contributor)
    few, _ = queries_for(client, OVERVIEW)
    for i in range(12):
        rated(world, f"M{i}", Rag.AMBER, owner=world.health_board)
        make_risk(world.partnership, world.council, reference=f"X{i}",
                  review_date=datetime.date(2020, 1, 1))
    many, response = queries_for(client, OVERVIEW)
    assert few == many
    assert "15 indicators with data overdue" in words(response.content.decode())
